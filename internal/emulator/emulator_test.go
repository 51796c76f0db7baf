package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestMissingOrWrongTokenIs401(t *testing.T) {
	e := newTestEmulator(t, Options{})
	for _, token := range []string{"", "pat-na1-wrong"} {
		rec := call(t, e, "GET", "/test/general", token)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("token %q: status %d", token, rec.Code)
		}
		body := decode(t, rec)
		if body["status"] != "error" || body["category"] != "INVALID_AUTHENTICATION" || body["message"] != authMissingMessage {
			t.Fatalf("body = %v", body)
		}
		id, _ := body["correlationId"].(string)
		if !uuidRE.MatchString(id) || rec.Header().Get("X-HubSpot-Correlation-Id") != id {
			t.Fatalf("correlation id %q, header %q", id, rec.Header().Get("X-HubSpot-Correlation-Id"))
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json;charset=utf-8" {
			t.Fatalf("Content-Type = %q", ct)
		}
	}
}

func TestTenSecondlyWindowHeadersAnd429(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, RateLimit: RateLimit{Max: 3, Interval: 10 * time.Second}})
	for i := 1; i <= 3; i++ {
		rec := call(t, e, "GET", "/test/general", testToken)
		if rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
		h := rec.Header()
		if h.Get("X-HubSpot-RateLimit-Max") != "3" || h.Get("X-HubSpot-RateLimit-Remaining") != itoa(3-i) ||
			h.Get("X-HubSpot-RateLimit-Interval-Milliseconds") != "10000" || h.Get("X-HubSpot-RateLimit-Daily") != "250000" ||
			h.Get("X-HubSpot-RateLimit-Daily-Remaining") != itoa(250000-i) {
			t.Fatalf("request %d headers: %v", i, h)
		}
		clk.advance(time.Second)
	}
	rec := call(t, e, "GET", "/test/general", testToken)
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("4th request in the window: %d", rec.Code)
	}
	body := decode(t, rec)
	if body["policyName"] != "TEN_SECONDLY_ROLLING" || body["errorType"] != "RATE_LIMIT" || body["status"] != "error" ||
		body["message"] != "You have reached your ten_secondly_rolling limit." {
		t.Fatalf("429 body = %v", body)
	}
	if g, _ := body["groupName"].(string); !strings.HasPrefix(g, "publicapi:private_app-api-calls-ten-secondly:") || strings.Contains(g, testToken) {
		t.Fatalf("groupName = %q", g)
	}
	// The window rolls: 10 s after the first request, one slot is free again.
	clk.advance(7 * time.Second)
	if rec := call(t, e, "GET", "/test/general", testToken); rec.Code != 200 {
		t.Fatalf("after the window rolled: %d", rec.Code)
	}
	if e.Stats()["429"] != 1 {
		t.Fatalf("stats = %v", e.Stats())
	}
}

func TestSearchHasItsOwnWindowAndOnlyDailyHeaders(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, RateLimit: RateLimit{Max: 2, SearchPerSecond: 5}})
	for i := 0; i < 5; i++ {
		rec := call(t, e, "POST", "/test/search", testToken)
		if rec.Code != 200 {
			t.Fatalf("search %d: %d", i, rec.Code)
		}
		if rec.Header().Get("X-HubSpot-RateLimit-Max") != "" || rec.Header().Get("X-HubSpot-RateLimit-Daily") == "" {
			t.Fatalf("search headers: %v", rec.Header())
		}
	}
	rec := call(t, e, "POST", "/test/search", testToken)
	body := decode(t, rec)
	if rec.Code != 429 || body["message"] != "You have reached your secondly limit." || body["category"] != "RATE_LIMITS" || body["policyName"] != nil {
		t.Fatalf("6th search in a second: %d %v", rec.Code, body)
	}
	// Search is exempt from the ten-second window, and associations count in a window of their own.
	for i := 0; i < 2; i++ {
		if rec := call(t, e, "GET", "/test/general", testToken); rec.Code != 200 {
			t.Fatalf("general %d: %d", i, rec.Code)
		}
		if rec := call(t, e, "GET", "/test/associations", testToken); rec.Code != 200 {
			t.Fatalf("associations %d: %d", i, rec.Code)
		}
	}
	if rec := call(t, e, "GET", "/test/general", testToken); rec.Code != 429 {
		t.Fatalf("3rd general: %d", rec.Code)
	}
	clk.advance(time.Second)
	if rec := call(t, e, "POST", "/test/search", testToken); rec.Code != 200 {
		t.Fatalf("search a second later: %d", rec.Code)
	}
}

func TestDailyLimit(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 23, 59, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, RateLimit: RateLimit{Daily: 2}})
	call(t, e, "GET", "/test/general", testToken)
	call(t, e, "GET", "/test/general", testToken)
	rec := call(t, e, "GET", "/test/general", testToken)
	body := decode(t, rec)
	if rec.Code != 429 || body["policyName"] != "DAILY" || body["message"] != "You have reached your daily limit." || body["requestId"] == nil {
		t.Fatalf("over the daily limit: %d %v", rec.Code, body)
	}
	clk.advance(2 * time.Minute) // past midnight
	if rec := call(t, e, "GET", "/test/general", testToken); rec.Code != 200 {
		t.Fatalf("next day: %d", rec.Code)
	}
}

func TestRateLimitDisabledStillSendsHeaders(t *testing.T) {
	e := newTestEmulator(t, Options{RateLimit: RateLimit{Disabled: true, Max: 1}})
	for i := 0; i < 5; i++ {
		rec := call(t, e, "GET", "/test/general", testToken)
		if rec.Code != 200 || rec.Header().Get("X-HubSpot-RateLimit-Max") != "1" {
			t.Fatalf("request %d: %d %v", i, rec.Code, rec.Header())
		}
	}
}

func TestOAuthTokenGrantUseAndExpiry(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, OAuth: &OAuthApp{ClientID: "cid", ClientSecret: "sec", RefreshToken: "rt", AccessTokenTTL: time.Minute}})
	grant := func(form url.Values) *httptest.ResponseRecorder {
		return serveRequest(e, newFormRequest("/oauth/v1/token", form.Encode()))
	}
	good := url.Values{"grant_type": {"refresh_token"}, "client_id": {"cid"}, "client_secret": {"sec"}, "refresh_token": {"rt"}}

	bad := url.Values{"grant_type": {"refresh_token"}, "client_id": {"cid"}, "client_secret": {"sec"}, "refresh_token": {"nope"}}
	rec := grant(bad)
	if body := decode(t, rec); rec.Code != 400 || body["status"] != "BAD_REFRESH_TOKEN" || body["error"] != "invalid_grant" {
		t.Fatalf("bad refresh token: %d %v", rec.Code, body)
	}
	rec = grant(good)
	body := decode(t, rec)
	if rec.Code != 200 || body["token_type"] != "bearer" || body["token_use"] != "access_token" || body["expires_in"] != float64(60) {
		t.Fatalf("grant: %d %v", rec.Code, body)
	}
	token := body["access_token"].(string)
	rec = call(t, e, "GET", "/test/general", token)
	if rec.Code != 200 {
		t.Fatalf("call with OAuth token: %d", rec.Code)
	}
	if rec.Header().Get("X-HubSpot-RateLimit-Daily") != "" || rec.Header().Get("X-HubSpot-RateLimit-Max") == "" {
		t.Fatalf("OAuth calls carry no daily headers but do carry the burst ones: %v", rec.Header())
	}
	clk.advance(75 * time.Second)
	rec = call(t, e, "GET", "/test/general", token)
	body = decode(t, rec)
	if rec.Code != 401 || body["category"] != "EXPIRED_AUTHENTICATION" || body["message"] != "The OAuth token used to make this call expired 15 second(s) ago." {
		t.Fatalf("expired token: %d %v", rec.Code, body)
	}
}

func TestUnknownPathIs404(t *testing.T) {
	e := newTestEmulator(t, Options{})
	rec := call(t, e, "GET", "/crm/v3/nothing-here", testToken)
	body := decode(t, rec)
	if rec.Code != 404 || body["category"] != "OBJECT_NOT_FOUND" || body["status"] != "error" {
		t.Fatalf("%d %v", rec.Code, body)
	}
}

func TestStatePersistsAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.json")
	e := newTestEmulator(t, Options{StatePath: path})
	e.handle("POST", []string{"/test"}, "/rename", rateGeneral, func(*http.Request) (int, any, error) {
		e.p.Pipelines["0"].Label = "Renamed"
		return http.StatusOK, map[string]string{}, nil
	})
	if rec := call(t, e, "POST", "/test/rename", testToken); rec.Code != 200 {
		t.Fatalf("rename: %d", rec.Code)
	}
	again := newTestEmulator(t, Options{StatePath: path})
	if got := again.p.Pipelines["0"].Label; got != "Renamed" {
		t.Fatalf("after restart the default pipeline is %q", got)
	}
	fresh := newTestEmulator(t, Options{})
	if got := fresh.p.Pipelines["0"].Label; got != "Support Pipeline" {
		t.Fatalf("a fresh portal's default pipeline is %q", got)
	}
}

func TestSeededDefaults(t *testing.T) {
	e := newTestEmulator(t, Options{})
	pl := e.p.Pipelines["0"]
	if pl == nil || pl.Label != "Support Pipeline" || len(pl.Stages) != 4 || !pl.CreatedAt.Equal(time.Unix(0, 0)) {
		t.Fatalf("default pipeline = %+v", pl)
	}
	wantStages := []string{"1:New:OPEN", "2:Waiting on contact:OPEN", "3:Waiting on us:OPEN", "4:Closed:CLOSED"}
	for i, s := range pl.Stages {
		if got := s.ID + ":" + s.Label + ":" + s.Metadata["ticketState"]; got != wantStages[i] {
			t.Errorf("stage %d = %s, want %s", i, got, wantStages[i])
		}
	}
	find := func(key string, id int) *AssociationType {
		for _, at := range e.p.AssociationTypes[key] {
			if at.TypeID == id {
				return at
			}
		}
		return nil
	}
	if at := find("0-5/0-1", 16); at == nil || at.Label != nil || at.InverseTypeID != 15 {
		t.Fatalf("ticket->contact 16 = %+v", at)
	}
	if at := find("0-5/0-2", 26); at == nil || at.Label == nil || *at.Label != "Primary" {
		t.Fatalf("ticket->company 26 = %+v", at)
	}
	if at := find("0-5/0-2", 339); at == nil || at.Label != nil {
		t.Fatalf("ticket->company 339 = %+v", at)
	}
	if len(e.p.Owners) == 0 {
		t.Fatal("no owners seeded")
	}
}

func TestNewNeedsCredentials(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("an emulator without a token or OAuth app was created")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
