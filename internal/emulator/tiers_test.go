package emulator

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func pipelineBody(label string) string {
	return fmt.Sprintf(`{"label":%q,"displayOrder":1,"stages":[{"label":"Open","displayOrder":0,"metadata":{}}]}`, label)
}

func TestTicketPipelineCapPerTier(t *testing.T) {
	for tier, limit := range map[Tier]int{TierFree: 1, TierStarter: 2, TierProfessional: 15, TierEnterprise: 100} {
		e := newTestEmulator(t, Options{Tier: tier, RateLimit: RateLimit{Disabled: true}})
		for i := 1; i < limit; i++ {
			expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", pipelineBody(fmt.Sprint("P", i))), 201, nil)
		}
		body := expectError(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", pipelineBody("One too many")), 400, catAPILimit,
			fmt.Sprintf("You have reached your limit of %d ticket pipelines.", limit))
		if ctx := fmt.Sprint(body["context"]); ctx != fmt.Sprintf("map[maximum pipelines:[%d]]", limit) {
			t.Fatalf("%s: context %s", tier, ctx)
		}
	}
}

func TestRestoringAPipelineCountsAgainstTheCap(t *testing.T) {
	e := newTestEmulator(t, Options{Tier: TierStarter})
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", pipelineBody("Escalations")), 201, &p)
	expectOK(t, send(t, e, "DELETE", "/crm/v3/pipelines/tickets/"+p.ID, ""), 204, nil)
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", pipelineBody("Billing")), 201, nil)
	expectError(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/"+p.ID, `{"archived":false}`), 400, catAPILimit, "limit of 2 ticket pipelines")
}

func TestTheDefaultTierHasNoPipelineCap(t *testing.T) {
	e := newTestEmulator(t, Options{RateLimit: RateLimit{Disabled: true}})
	for i := range 120 {
		expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", pipelineBody(fmt.Sprint("P", i))), 201, nil)
	}
}

func TestRateLimitsPerTier(t *testing.T) {
	cases := []struct {
		tier                         Tier
		burst, associations, daily   string
		calculationPropertyAvailable bool
	}{
		{"", "100", "100", "250000", true},
		{TierFree, "100", "100", "250000", false},
		{TierStarter, "100", "100", "250000", false},
		{TierProfessional, "190", "150", "625000", true},
		{TierEnterprise, "190", "150", "1000000", true},
	}
	for _, c := range cases {
		e := newTestEmulator(t, Options{Tier: c.tier})
		h := call(t, e, "GET", "/test/general", testToken).Header()
		if h.Get("X-HubSpot-RateLimit-Max") != c.burst || h.Get("X-HubSpot-RateLimit-Daily") != c.daily {
			t.Errorf("tier %q: general headers %v", c.tier, h)
		}
		if got := call(t, e, "GET", "/test/associations", testToken).Header().Get("X-HubSpot-RateLimit-Max"); got != c.associations {
			t.Errorf("tier %q: associations window %s, want %s", c.tier, got, c.associations)
		}
		rec := send(t, e, "POST", propsV3, `{"name":"score","label":"Score","type":"number","fieldType":"calculation_equation","groupName":"ticketinformation","calculationFormula":"1 + 2"}`)
		if c.calculationPropertyAvailable {
			expectOK(t, rec, 201, nil)
		} else {
			expectError(t, rec, 400, catAPILimit, "You have reached your limit of 0 calculated properties.")
		}
	}
}

func TestRateLimitOverridesTheTier(t *testing.T) {
	e := newTestEmulator(t, Options{Tier: TierEnterprise, RateLimit: RateLimit{Max: 2000, Daily: 5}})
	h := call(t, e, "GET", "/test/general", testToken).Header()
	if h.Get("X-HubSpot-RateLimit-Max") != "2000" || h.Get("X-HubSpot-RateLimit-Daily") != "5" {
		t.Fatalf("headers %v", h)
	}
	// Max alone sets the associations window too, as it did before tiers existed.
	if got := call(t, e, "GET", "/test/associations", testToken).Header().Get("X-HubSpot-RateLimit-Max"); got != "2000" {
		t.Fatalf("associations window %s", got)
	}
	e = newTestEmulator(t, Options{RateLimit: RateLimit{Max: 2000, AssociationsMax: 7}})
	if got := call(t, e, "GET", "/test/associations", testToken).Header().Get("X-HubSpot-RateLimit-Max"); got != "7" {
		t.Fatalf("associations window %s, want 7", got)
	}
}

func TestUnknownTierIsRefused(t *testing.T) {
	_, err := New(Options{Token: testToken, Tier: "platinum"})
	if err == nil || !strings.Contains(err.Error(), `unknown tier "platinum"`) {
		t.Fatalf("New with tier platinum: %v", err)
	}
}

func TestHeadersReportTheRealCountersOn429(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, RateLimit: RateLimit{Max: 2}})
	var rec *httptest.ResponseRecorder
	for i := range 3 {
		rec = call(t, e, "GET", "/test/general", testToken)
		if want := map[bool]int{true: 429, false: 200}[i == 2]; rec.Code != want {
			t.Fatalf("request %d: %d, want %d", i+1, rec.Code, want)
		}
	}
	// The daily budget is untouched by the refusal: 2 of 250,000 spent.
	h := rec.Header()
	if h.Get("X-HubSpot-RateLimit-Remaining") != "0" || h.Get("X-HubSpot-RateLimit-Daily-Remaining") != "249998" || h.Get("X-HubSpot-RateLimit-Max") != "2" {
		t.Fatalf("429 headers %v", h)
	}
	// The associations window is separate, and its answer says the day has 249,997 left.
	h = call(t, e, "GET", "/test/associations", testToken).Header()
	if h.Get("X-HubSpot-RateLimit-Remaining") != "1" || h.Get("X-HubSpot-RateLimit-Daily-Remaining") != "249997" {
		t.Fatalf("associations headers %v", h)
	}
}

func TestDailyLimitIsSharedByTheAccountsApps(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, RateLimit: RateLimit{Daily: 3, Max: 2},
		OAuth: &OAuthApp{ClientID: "cid", ClientSecret: "sec", RefreshToken: "rt"}})
	form := "grant_type=refresh_token&client_id=cid&client_secret=sec&refresh_token=rt"
	req := newFormRequest("/oauth/v1/token", form)
	rec := serveRequest(e, req)
	token, _ := decode(t, rec)["access_token"].(string)
	if rec.Code != 200 || token == "" || rec.Header().Get("X-HubSpot-RateLimit-Daily") != "" {
		t.Fatalf("token grant: %d %v", rec.Code, rec.Header())
	}
	// Each app has its own burst window (2), but the day's 3 requests are the account's.
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
	expectOK(t, call(t, e, "GET", "/test/general", token), 200, nil)
	body := expectError429(t, call(t, e, "GET", "/test/general", token))
	if body["policyName"] != policyDaily {
		t.Fatalf("the OAuth app's 2nd request: %v", body)
	}
}

func TestDefaultPipelineIsFirstInDisplayOrder(t *testing.T) {
	e, _ := recordsEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"Alpha","displayOrder":-5,"stages":[{"label":"Open","displayOrder":0,"metadata":{}}]}`), 201, &p)
	m := mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets", map[string]any{"properties": map[string]string{"subject": "x", "hs_pipeline_stage": p.Stages[0].ID}})
	if props(m)["hs_pipeline"] != p.ID {
		t.Fatalf("a ticket without hs_pipeline went to %v, want the first pipeline in display order %s", props(m)["hs_pipeline"], p.ID)
	}
}
