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

// newTestClient returns a client for srv whose backoff sleeps are recorded, not slept.
func newTestClient(t *testing.T, srv *httptest.Server, cfg Config) (*Client, *[]time.Duration) {
	t.Helper()
	cfg.BaseURL = srv.URL
	if cfg.AccessToken == "" && cfg.OAuth == nil {
		cfg.AccessToken = "pat-secret-token"
	}
	if cfg.RequestsPerInterval == 0 {
		cfg.RequestsPerInterval = 10000
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var sleeps []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		sleeps = append(sleeps, d)
		return ctx.Err()
	}
	return c, &sleeps
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
	c, _ := newTestClient(t, srv, Config{UserAgent: "terraform-provider-hubspot/1.2.3"})
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
	c, _ := newTestClient(t, srv, Config{})
	if err := c.get(context.Background(), "/crm/v3/properties/tickets/"+pathEscape("a/b c"), nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestDoRetriesTenSecondly429WithRetryAfter(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "3")
			writeJSON(w, 429, `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c1","policyName":"TEN_SECONDLY_ROLLING"}`)
			return
		}
		writeJSON(w, 201, `{"id":"1"}`)
	}))
	defer srv.Close()
	c, sleeps := newTestClient(t, srv, Config{})
	// A create is retried after a 429: HubSpot did not process it.
	err := c.do(context.Background(), request{method: http.MethodPost, path: "/crm/v3/objects/tickets", body: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 {
		t.Fatalf("calls = %d, want 3", calls.Load())
	}
	if len(*sleeps) != 2 || (*sleeps)[0] != 3*time.Second {
		t.Fatalf("sleeps = %v, want two of 3s (Retry-After)", *sleeps)
	}
}

func TestDoGivesUpAfterMaxRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 429, `{"status":"error","message":"You have reached your secondly limit.","correlationId":"c2","category":"RATE_LIMITS"}`)
	}))
	defer srv.Close()
	c, sleeps := newTestClient(t, srv, Config{MaxRetries: 2})
	err := c.do(context.Background(), request{method: http.MethodPost, path: "/crm/v3/objects/tickets/search", search: true, safe: true})
	if !IsRateLimited(err) {
		t.Fatalf("err = %v, want rate limited", err)
	}
	if calls.Load() != 3 || len(*sleeps) != 2 {
		t.Fatalf("calls = %d sleeps = %v, want 3 calls and 2 waits", calls.Load(), *sleeps)
	}
	for i, d := range *sleeps {
		if d <= 0 || d > 30*time.Second {
			t.Errorf("sleep %d = %v, want within (0, MaxBackoff]", i, d)
		}
	}
}

func TestDoDailyLimitFailsAtOnce(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 429, `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c3","policyName":"DAILY","requestId":"r"}`)
	}))
	defer srv.Close()
	c, sleeps := newTestClient(t, srv, Config{})
	err := c.get(context.Background(), "/crm/v3/pipelines/tickets", nil, nil)
	if calls.Load() != 1 || len(*sleeps) != 0 {
		t.Fatalf("calls = %d sleeps = %v, want one call and no retry", calls.Load(), *sleeps)
	}
	if err == nil || !strings.Contains(err.Error(), "daily API request limit is spent") {
		t.Fatalf("err = %v", err)
	}
}

func TestDoRetries5xxOnlyWhenSafe(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 502, `{"status":"error","message":"Bad gateway","correlationId":"c4","category":"INTERNAL_ERROR"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{MaxRetries: 3})

	if err := c.do(context.Background(), request{method: http.MethodPost, path: "/crm/v3/objects/tickets"}); err == nil {
		t.Fatal("want error")
	}
	if calls.Load() != 1 {
		t.Fatalf("unsafe create sent %d times; its outcome is unknown after a 502, so it must be sent once", calls.Load())
	}
	calls.Store(0)
	if err := c.get(context.Background(), "/crm/v3/objects/tickets/1", nil, nil); err == nil {
		t.Fatal("want error")
	}
	if calls.Load() != 4 {
		t.Fatalf("safe read sent %d times, want 1 + 3 retries", calls.Load())
	}
}

func TestDoTransportErrorNotRetriedForCreate(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close() // the request reached the server, then the connection died
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{MaxRetries: 3})
	if err := c.do(context.Background(), request{method: http.MethodPost, path: "/crm/v3/objects/tickets", body: map[string]string{}}); err == nil {
		t.Fatal("want error")
	}
	if calls.Load() != 1 {
		t.Fatalf("create sent %d times after a broken connection, want 1", calls.Load())
	}
}

func TestDoHonoursContextCancellationWhileBackingOff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 429, `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","correlationId":"c","policyName":"TEN_SECONDLY_ROLLING"}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "t", MinBackoff: time.Hour, MaxBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if err := c.get(ctx, "/x", nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestErrorCarriesHubSpotFieldsAndNeverTheToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-Correlation-Id", "aeb5f871-7f07-4993-9211-075dc63e7cbf")
		writeJSON(w, 400, `{"status":"error","message":"Can't delete or purge a group with active properties","correlationId":"aeb5f871-7f07-4993-9211-075dc63e7cbf","category":"VALIDATION_ERROR","subCategory":"PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES","context":{"groupName":["g"]}}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	err := c.do(context.Background(), request{method: http.MethodDelete, path: "/crm/v3/properties/tickets/groups/g", safe: true})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v", err, err)
	}
	if e.StatusCode != 400 || e.Category != "VALIDATION_ERROR" || e.SubCategory != "PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES" ||
		e.CorrelationID != "aeb5f871-7f07-4993-9211-075dc63e7cbf" || e.Context["groupName"][0] != "g" {
		t.Fatalf("parsed %+v", e)
	}
	if !IsValidation(err) || IsNotFound(err) || IsConflict(err) || !HasSubCategory(err, "PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES") {
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

func TestErrorFromNonJSONBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		fmt.Fprint(w, "<html>not here</html>")
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	err := c.get(context.Background(), "/nope", nil, nil)
	if !IsNotFound(err) || !strings.Contains(err.Error(), "not here") {
		t.Fatalf("err = %v", err)
	}
}

func TestOAuthRefreshesOnceForConcurrentCallsAndBeforeExpiry(t *testing.T) {
	var tokenCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/v1/token" {
			_ = r.ParseForm()
			if r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("client_id") != "cid" ||
				r.PostForm.Get("client_secret") != "csecret" || r.PostForm.Get("refresh_token") != "rtoken" {
				t.Errorf("token form = %v", r.PostForm)
			}
			n := tokenCalls.Add(1)
			writeJSON(w, 200, fmt.Sprintf(`{"access_token":"at-%d","refresh_token":"rtoken","expires_in":1800,"token_type":"bearer","token_use":"access_token"}`, n))
			return
		}
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer at-") {
			t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
		}
		writeJSON(w, 200, `{}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{OAuth: &OAuth{ClientID: "cid", ClientSecret: "csecret", RefreshToken: "rtoken"}})
	src := c.tokens.(*oauthSource)
	now := time.Now()
	src.now = func() time.Time { return now }

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
	// 29.5 minutes later the token is within the refresh margin of its expiry.
	now = now.Add(1770 * time.Second)
	if err := c.get(context.Background(), "/crm/v3/owners", nil, nil); err != nil {
		t.Fatal(err)
	}
	if tokenCalls.Load() != 2 {
		t.Fatalf("token endpoint called %d times, want a refresh before expiry", tokenCalls.Load())
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
	c, _ := newTestClient(t, srv, Config{OAuth: &OAuth{ClientID: "cid", ClientSecret: "s", RefreshToken: "r"}})
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
	c, _ := newTestClient(t, srv, Config{OAuth: &OAuth{ClientID: "cid", ClientSecret: "csecret", RefreshToken: "rtoken-secret"}})
	err := c.get(context.Background(), "/crm/v3/owners", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "BAD_REFRESH_TOKEN") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "rtoken-secret") || strings.Contains(err.Error(), "csecret") {
		t.Fatal("error echoes a secret")
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

func TestListCacheSharesOneFetchAndDropsStaleResults(t *testing.T) {
	var l listCache[int]
	var fetches atomic.Int32
	release := make(chan struct{})
	fetch := func(context.Context) (int, error) {
		n := fetches.Add(1)
		<-release
		return int(n), nil
	}
	var wg sync.WaitGroup
	results := make([]int, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := l.get(context.Background(), fetch)
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if fetches.Load() != 1 {
		t.Fatalf("%d fetches for 10 concurrent readers, want 1", fetches.Load())
	}
	for _, v := range results {
		if v != 1 {
			t.Fatalf("results = %v", results)
		}
	}

	// A write during a fetch: the fetch's (stale) result must not be kept.
	l.invalidate()
	block := make(chan struct{})
	started := make(chan struct{})
	go func() {
		_, _ = l.get(context.Background(), func(context.Context) (int, error) { close(started); <-block; return 100, nil })
	}()
	<-started
	l.invalidate()
	close(block)
	time.Sleep(20 * time.Millisecond)
	v, _ := l.get(context.Background(), func(context.Context) (int, error) { return 200, nil })
	if v != 200 {
		t.Fatalf("got %d after a write during a fetch, want a fresh fetch (200)", v)
	}
}

func TestListCacheUpdateKeepsTheListAndDropsFetchesInFlight(t *testing.T) {
	var l listCache[[]string]
	fetches := 0
	fetch := func(context.Context) ([]string, error) { fetches++; return []string{"a"}, nil }
	if _, err := l.get(context.Background(), fetch); err != nil {
		t.Fatal(err)
	}
	l.update(func(v []string) []string { return append(append([]string{}, v...), "b") })
	v, _ := l.get(context.Background(), fetch)
	if fetches != 1 || strings.Join(v, ",") != "a,b" {
		t.Fatalf("after update: %v with %d fetches, want a,b from the cache", v, fetches)
	}

	// An update while a fetch is in flight: the fetch may predate the write, so it is not kept.
	var m listCache[[]string]
	started, block := make(chan struct{}), make(chan struct{})
	go func() {
		_, _ = m.get(context.Background(), func(context.Context) ([]string, error) { close(started); <-block; return []string{"stale"}, nil })
	}()
	<-started
	m.update(func(v []string) []string { return append(v, "ignored: nothing cached") })
	close(block)
	time.Sleep(20 * time.Millisecond)
	v, _ = m.get(context.Background(), func(context.Context) ([]string, error) { return []string{"fresh"}, nil })
	if strings.Join(v, ",") != "fresh" {
		t.Fatalf("got %v, want a fresh fetch", v)
	}
}

func TestListCacheDisabledFetchesEveryTime(t *testing.T) {
	l := listCache[int]{disabled: true}
	n := 0
	for range 3 {
		_, _ = l.get(context.Background(), func(context.Context) (int, error) { n++; return n, nil })
	}
	if n != 3 {
		t.Fatalf("%d fetches, want 3", n)
	}
}
