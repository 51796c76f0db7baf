package hubspot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newTestClient returns a client for srv with backoffs short enough not to slow the tests.
func newTestClient(t *testing.T, srv *httptest.Server, cfg Config) *Client {
	t.Helper()
	cfg.BaseURL = srv.URL
	if cfg.AccessToken == "" && cfg.OAuth == nil {
		cfg.AccessToken = "pat-secret-token"
	}
	if cfg.RequestsPerInterval == 0 {
		cfg.RequestsPerInterval = 10000
	}
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff, cfg.MaxBackoff = time.Millisecond, time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func TestDoSendsAuthAndUserAgent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer pat-secret-token" {
			t.Errorf("Authorization = %q", got)
		}
		if got := r.Header.Get("User-Agent"); got != "terraform-provider-hubspot/1.2.3" {
			t.Errorf("User-Agent = %q", got)
		}
		if r.URL.Path != "/crm/v3/x" || r.URL.Query().Get("a") != "b" {
			t.Errorf("request = %s", r.URL)
		}
		writeJSON(w, 200, `{"value":"ok"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{UserAgent: "terraform-provider-hubspot/1.2.3"})
	var out struct{ Value string }
	if err := c.get(context.Background(), "/crm/v3/x", map[string][]string{"a": {"b"}}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Value != "ok" {
		t.Fatalf("decoded %q", out.Value)
	}
}

func TestDoSendsEscapedPathSegmentsOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.EscapedPath() != "/crm/v3/properties/tickets/a%2Fb%20c" {
			t.Errorf("escaped path = %q", r.URL.EscapedPath())
		}
		writeJSON(w, 200, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	if _, err := c.GetProperty(context.Background(), "tickets", "a/b c", PropertyQuery{}); err != nil {
		t.Fatal(err)
	}
}

func TestDoRetriesServerErrorsOfEveryRequestButCreates(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 502, `{"status":"error","message":"Bad gateway","correlationId":"c4","category":"INTERNAL_ERROR"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{MaxRetries: 3})
	ctx := context.Background()

	_, err := c.CreateObject(ctx, TicketObjectType, ObjectInput{Properties: map[string]string{"subject": "s"}})
	var uncertain *UncertainCreateError
	if !errors.As(err, &uncertain) {
		t.Fatalf("err = %T %v, want *UncertainCreateError", err, err)
	}
	if calls.Load() != 1 {
		t.Fatalf("create sent %d times; its outcome is unknown after a 502, so it must be sent once", calls.Load())
	}
	// Reads, updates (PATCH, batch update, label PUT) and deletes are safe to repeat.
	for name, call := range map[string]func() error{
		"read": func() error { _, err := c.GetObject(ctx, TicketObjectType, "1", nil); return err },
		"patch": func() error {
			_, err := c.UpdateObject(ctx, TicketObjectType, "1", map[string]string{"a": "b"})
			return err
		},
		"batch update": func() error {
			_, err := c.BatchUpdateObjects(ctx, TicketObjectType, []ObjectUpdate{{ID: "1"}})
			return err
		},
		"stage patch": func() error {
			_, err := c.UpdatePipelineStage(ctx, TicketObjectType, "0", "1", PipelineStagePatch{})
			return err
		},
		"label put": func() error { return c.UpdateAssociationLabel(ctx, "tickets", "contacts", 1, "a", "") },
		"delete":    func() error { return c.ArchivePropertyGroup(ctx, TicketObjectType, "g") },
	} {
		calls.Store(0)
		if err := call(); err == nil || errors.As(err, &uncertain) {
			t.Errorf("%s: err = %v, want the 502", name, err)
		}
		if calls.Load() != 4 {
			t.Errorf("%s sent %d times, want 1 + 3 retries", name, calls.Load())
		}
	}
}

func TestDoTransportErrorMakesCreatesUncertain(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close() // the request reached the server, then the connection died
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{MaxRetries: 3})
	_, err := c.CreateProperty(context.Background(), TicketObjectType, PropertyCreate{Name: "tier", Label: "Tier"})
	var uncertain *UncertainCreateError
	if !errors.As(err, &uncertain) || uncertain.Kind != "property" || uncertain.Key != "tier" || uncertain.ObjectType != TicketObjectType {
		t.Fatalf("err = %#v", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("create sent %d times after a broken connection, want 1", calls.Load())
	}
	for _, want := range []string{`property "tier"`, "may or may not", "not sent again", "import it"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	calls.Store(0)
	if _, err := c.GetPipeline(context.Background(), TicketObjectType, "0"); err == nil {
		t.Fatal("want error")
	}
	if calls.Load() != 4 {
		t.Fatalf("read sent %d times after broken connections, want 1 + 3 retries", calls.Load())
	}
}

func TestUncertainCreatesCarryWhatWasSent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 504, `<html>gateway timeout</html>`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	ctx := context.Background()
	cases := []struct {
		create func() error
		want   UncertainCreateError
		text   string
	}{
		{func() error { _, err := c.CreatePipeline(ctx, "tickets", PipelineInput{Label: "Support"}); return err },
			UncertainCreateError{Kind: "pipeline", ObjectType: "tickets", Key: "Support"}, `pipeline "Support"`},
		{func() error {
			_, err := c.CreatePipelineStage(ctx, "tickets", "7", PipelineStageInput{Label: "Review"})
			return err
		}, UncertainCreateError{Kind: "pipeline stage", ObjectType: "tickets", Parent: "7", Key: "Review"}, `pipeline stage "Review" in pipeline 7`},
		{func() error {
			_, err := c.CreatePropertyGroup(ctx, "tickets", PropertyGroupCreate{Name: "g1"})
			return err
		}, UncertainCreateError{Kind: "property group", ObjectType: "tickets", Key: "g1"}, `property group "g1"`},
		{func() error {
			_, err := c.CreateAssociationLabel(ctx, "tickets", "contacts", AssociationLabelInput{Name: "billing"})
			return err
		}, UncertainCreateError{Kind: "association label", ObjectType: "tickets", Parent: "contacts", Key: "billing"}, `association label "billing" from tickets to contacts`},
		{func() error {
			_, err := c.CreateObject(ctx, "tickets", ObjectInput{Properties: map[string]string{"subject": "Printer"}})
			return err
		}, UncertainCreateError{Kind: "record", ObjectType: "tickets"}, `search by subject "Printer"`},
	}
	for _, tc := range cases {
		err := tc.create()
		var got *UncertainCreateError
		if !errors.As(err, &got) {
			t.Errorf("%s: err = %v", tc.want.Kind, err)
			continue
		}
		if got.Kind != tc.want.Kind || got.ObjectType != tc.want.ObjectType || got.Parent != tc.want.Parent || got.Key != tc.want.Key {
			t.Errorf("got %+v, want %+v", got, tc.want)
		}
		if !strings.Contains(err.Error(), tc.text) || !strings.Contains(err.Error(), "gateway timeout") {
			t.Errorf("message %q lacks %q or HubSpot's answer", err, tc.text)
		}
	}
}

func TestDoCancelledCreateIsUncertain(t *testing.T) {
	arrived := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c := newTestClient(t, srv, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	_, err := c.CreateObject(ctx, TicketObjectType, ObjectInput{Properties: map[string]string{"subject": "x"}})
	var uncertain *UncertainCreateError
	if !errors.As(err, &uncertain) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want an uncertain create caused by the cancellation", err)
	}
}

func TestErrorCarriesHubSpotFieldsAndNeverTheToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-Correlation-Id", "aeb5f871-7f07-4993-9211-075dc63e7cbf")
		writeJSON(w, 400, `{"status":"error","message":"Can't delete or purge a group with active properties","correlationId":"aeb5f871-7f07-4993-9211-075dc63e7cbf","category":"VALIDATION_ERROR","subCategory":"PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES","context":{"groupName":["g"]}}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	err := c.ArchivePropertyGroup(context.Background(), "tickets", "g")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v", err, err)
	}
	if e.StatusCode != 400 || e.Category != "VALIDATION_ERROR" || !IsGroupWithActiveProperties(err) ||
		e.CorrelationID != "aeb5f871-7f07-4993-9211-075dc63e7cbf" || e.Context["groupName"][0] != "g" {
		t.Fatalf("parsed %+v", e)
	}
	if !IsValidation(err) || IsNotFound(err) || IsConflict(err) || !RefusedAsWhole(err) {
		t.Fatal("helpers disagree with the status")
	}
	msg := err.Error()
	for _, want := range []string{"DELETE /crm/v3/properties/tickets/groups/g", "400", "active properties", "aeb5f871"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "pat-secret-token") {
		t.Error("error message contains the token")
	}
}

func TestErrorFromNonJSONBodyIsCutShort(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		fmt.Fprint(w, "<html>not here</html>"+strings.Repeat("x", 5000))
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	err := c.get(context.Background(), "/nope", nil, nil)
	if !IsNotFound(err) || !strings.Contains(err.Error(), "not here") || len(err.Error()) > 600 {
		t.Fatalf("err = %v", err)
	}
}

func TestResponseBodiesAreReadWithALimit(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(200)
		chunk := []byte(`{"results":[` + strings.Repeat(" ", 1<<20))
		for range maxResponseBytes>>20 + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			chunk = []byte(strings.Repeat(" ", 1<<20))
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	_, err := c.ListPipelines(context.Background(), "tickets")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("an oversized answer was asked for %d times; it would be as large again", calls.Load())
	}
}

func TestNewRejectsBadConfigs(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no credentials":   {},
		"both credentials": {AccessToken: "t", OAuth: &OAuth{ClientID: "a", ClientSecret: "b", RefreshToken: "c"}},
		"partial oauth":    {OAuth: &OAuth{ClientID: "a"}},
		"relative url":     {AccessToken: "t", BaseURL: "api.hubapi.com"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The burst limiter must keep every rolling window within HubSpot's limit, however the
// requests arrive: HubSpot counts a rolling window, not fixed buckets.
func TestLimiterKeepsRollingWindowWithinLimit(t *testing.T) {
	c, err := New(Config{AccessToken: "t", RequestsPerInterval: 100, Interval: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Unix(1_700_000_000, 0)
	var admitted []time.Time
	for ms := 0; ms < 60_000; ms += 5 {
		at := start.Add(time.Duration(ms) * time.Millisecond)
		if c.limiter.AllowN(at, 1) {
			admitted = append(admitted, at)
		}
	}
	worst := 0
	for i := range admitted {
		j := i
		for j < len(admitted) && admitted[j].Sub(admitted[i]) < 10*time.Second {
			j++
		}
		worst = max(worst, j-i)
	}
	if worst > 100 {
		t.Fatalf("a 10 s window held %d requests, limit 100", worst)
	}
	if worst < 90 {
		t.Fatalf("a 10 s window held only %d requests; the limiter wastes the allowance", worst)
	}
}

func TestLimiterAdaptsToHubSpotHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-RateLimit-Max", "190")
		w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
		writeJSON(w, 200, `{}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.get(context.Background(), "/x", nil, nil); err != nil {
		t.Fatal(err)
	}
	if c.limitMax != 190 || c.limiter.Burst() != 19 {
		t.Fatalf("limit = %d burst = %d, want 190 and 19", c.limitMax, c.limiter.Burst())
	}
}

func TestOAuthRefreshesOnceForConcurrentCalls(t *testing.T) {
	var tokenCalls atomic.Int32
	expiresIn := atomic.Int32{}
	expiresIn.Store(1800)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/v1/token" {
			_ = r.ParseForm()
			if r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("client_id") != "cid" ||
				r.PostForm.Get("client_secret") != "csecret" || r.PostForm.Get("refresh_token") != "rtoken" {
				t.Errorf("token form = %v", r.PostForm)
			}
			if ua := r.Header.Get("User-Agent"); ua != "terraform-provider-hubspot/9" {
				t.Errorf("token request User-Agent = %q", ua)
			}
			n := tokenCalls.Add(1)
			writeJSON(w, 200, fmt.Sprintf(`{"access_token":"at-%d","refresh_token":"rtoken","expires_in":%d,"token_type":"bearer","token_use":"access_token"}`, n, expiresIn.Load()))
			return
		}
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer at-") {
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		}
		writeJSON(w, 200, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{UserAgent: "terraform-provider-hubspot/9", OAuth: &OAuth{ClientID: "cid", ClientSecret: "csecret", RefreshToken: "rtoken"}})

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.get(context.Background(), "/crm/v3/owners", nil, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if tokenCalls.Load() != 1 {
		t.Fatalf("token endpoint called %d times for 20 concurrent calls, want 1", tokenCalls.Load())
	}
	// A token HubSpot says expires within the refresh margin is replaced before it is used again.
	c.tokens.invalidate("at-1")
	expiresIn.Store(30)
	for range 2 {
		if err := c.get(context.Background(), "/crm/v3/owners", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if tokenCalls.Load() != 3 {
		t.Fatalf("token endpoint called %d times, want a refresh for each call once tokens expire within the margin", tokenCalls.Load())
	}
}

func TestOAuthExpiredTokenIsRefreshedOnce(t *testing.T) {
	var tokenCalls, apiCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/v1/token" {
			n := tokenCalls.Add(1)
			writeJSON(w, 200, fmt.Sprintf(`{"access_token":"at-%d","refresh_token":"r","expires_in":1800,"token_type":"bearer","token_use":"access_token"}`, n))
			return
		}
		apiCalls.Add(1)
		if r.Header.Get("Authorization") == "Bearer at-1" {
			writeJSON(w, 401, `{"status":"error","message":"The OAuth token used to make this call expired 75 second(s) ago.","correlationId":"c","category":"EXPIRED_AUTHENTICATION"}`)
			return
		}
		writeJSON(w, 200, `{}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{OAuth: &OAuth{ClientID: "cid", ClientSecret: "s", RefreshToken: "r"}})
	if err := c.get(context.Background(), "/crm/v3/owners", nil, nil); err != nil {
		t.Fatal(err)
	}
	if tokenCalls.Load() != 2 || apiCalls.Load() != 2 {
		t.Fatalf("token calls %d api calls %d, want 2 and 2", tokenCalls.Load(), apiCalls.Load())
	}
}

func TestOAuthBadRefreshTokenIsExplained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","error":"invalid_grant"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{OAuth: &OAuth{ClientID: "cid", ClientSecret: "csecret", RefreshToken: "rtoken-secret"}})
	err := c.get(context.Background(), "/crm/v3/owners", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "BAD_REFRESH_TOKEN") || !strings.Contains(err.Error(), "check the client id") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "rtoken-secret") || strings.Contains(err.Error(), "csecret") {
		t.Fatal("error echoes a secret")
	}
}

// A 403 names the scopes it lacks only in its details' context (NOTES 6), so the message must
// carry them for the user to know which scope to add.
func TestMissingScopesErrorNamesTheScope(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","correlationId":"c757f599-0000-4000-8000-000000000000","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.schemas.tickets.write"]}}],"category":"MISSING_SCOPES"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	err := c.ArchivePropertyGroup(context.Background(), "tickets", "g")
	if err == nil || !strings.Contains(err.Error(), "requiredGranularScopes=crm.schemas.tickets.write") || !strings.Contains(err.Error(), "MISSING_SCOPES") {
		t.Fatalf("err = %v", err)
	}
}
