package emulator

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

const ticketBody = `{"properties":{"subject":"Printer on fire","hs_pipeline_stage":"1"}}`

// liveTickets counts the portal's tickets that are not archived.
func liveTickets(e *Emulator) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.p.recordsInOrder(ticketTypeID, false))
}

func mustRule(t *testing.T, s string) FaultRule {
	t.Helper()
	r, err := ParseFaultRule(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParseFaultRuleRoundTrips(t *testing.T) {
	for _, s := range []string{
		"5xx,p=0.05",
		"5xx,p=1,status=503",
		"lost,p=0.25,method=POST,path=/crm/v3/objects/tickets/**",
		"lost,p=1,drop=true,skip=2,max=1",
		"reset,p=0.01,path=/crm/*/pipelines/*",
		"slow,p=0.5,delay=3s",
		"429,p=0.1,policy=DAILY",
		"429,p=1,policy=SECONDLY,burst=4",
	} {
		r := mustRule(t, s)
		if got := r.String(); got != s {
			t.Errorf("ParseFaultRule(%q).String() = %q", s, got)
		}
	}
	if r := mustRule(t, "reset"); r.Probability != 1 || r.Kind != FaultReset {
		t.Errorf("a rule without p= fires always: %+v", r)
	}
}

func TestParseFaultRuleRefusesWhatCannotApply(t *testing.T) {
	for s, want := range map[string]string{
		"crash,p=1":             "unknown kind",
		"5xx,p=0":               "probability",
		"5xx,p=1.5":             "probability",
		"5xx,p=nan":             "probability",
		"5xx,status=501":        "status must be 500, 502, 503 or 504",
		"lost,status=500":       "status must be 502 or 504",
		"slow,p=1":              "needs a delay",
		"429,policy=HOURLY":     "policy must be",
		"reset,skip=-1":         "cannot be negative",
		"reset,path=/crm/[":     "not a valid pattern",
		"reset,colour=red":      `unknown key "colour"`,
		"reset,p":               "is not key=value",
		"slow,p=1,delay=soon":   "delay=soon",
		"429,p=1,burst=several": "burst=several",
	} {
		_, err := ParseFaultRule(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFaultRule(%q) = %v, want an error containing %q", s, err, want)
		}
	}
	if _, err := New(Options{Token: testToken, Faults: Faults{Rules: []FaultRule{{Kind: FaultSlow, Probability: 1}}}}); err == nil {
		t.Error("New accepted a slow rule without a delay")
	}
}

func TestFaultPathPatterns(t *testing.T) {
	cases := []struct {
		pattern, path string
		match         bool
	}{
		{"", "/anything/at/all", true},
		{"/crm/v3/objects/tickets", "/crm/v3/objects/tickets", true},
		{"/crm/v3/objects/tickets", "/crm/v3/objects/tickets/1", false},
		{"/crm/v3/objects/*", "/crm/v3/objects/tickets", true},
		{"/crm/v3/objects/*", "/crm/v3/objects/tickets/batch", false},
		{"/crm/v3/objects/*/batch/*", "/crm/v3/objects/tickets/batch/create", true},
		{"/crm/**", "/crm/v3/pipelines/tickets/0/stages", true},
		{"/crm/**", "/crm", true},
		{"/**/batch/create", "/crm/v3/objects/tickets/batch/create", true},
		{"/**/batch/create", "/crm/v3/objects/tickets/batch/update", false},
		{"/crm/**/stages/*", "/crm/v3/pipelines/tickets/0/stages/4", true},
		{"/crm/**/stages/*", "/crm/v3/pipelines/tickets/0/stages", false},
		{"/crm/v3/pipelines/tickets/1?", "/crm/v3/pipelines/tickets/12", true},
	}
	for _, c := range cases {
		pp, err := compilePathPattern(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := pp.match(c.path); got != c.match {
			t.Errorf("%q matches %q = %v, want %v", c.pattern, c.path, got, c.match)
		}
	}
}

// faultSequence records which of n identical requests a probabilistic rule faults.
func faultSequence(t *testing.T, seed uint64, n int) []bool {
	t.Helper()
	e := newTestEmulator(t, Options{Faults: Faults{Seed: seed, Rules: []FaultRule{mustRule(t, "5xx,p=0.5,status=503")}}})
	var out []bool
	for range n {
		out = append(out, call(t, e, "GET", "/test/general", testToken).Code == http.StatusServiceUnavailable)
	}
	return out
}

func TestFaultsAreDeterministicPerSeed(t *testing.T) {
	a, b := faultSequence(t, 7, 64), faultSequence(t, 7, 64)
	if !slices.Equal(a, b) {
		t.Fatalf("seed 7 gave two different sequences:\n%v\n%v", a, b)
	}
	faulted := 0
	for _, f := range a {
		if f {
			faulted++
		}
	}
	// 64 draws at p=0.5: anything outside 16..48 means the draw is not a fair coin.
	if faulted < 16 || faulted > 48 {
		t.Fatalf("p=0.5 faulted %d of 64 requests", faulted)
	}
	if c := faultSequence(t, 8, 64); slices.Equal(a, c) {
		t.Fatal("seeds 7 and 8 gave the same sequence")
	}
}

func TestFaultDrawsDoNotDependOnOtherRoutes(t *testing.T) {
	// The same requests to one route are faulted alike whatever else is requested between them.
	rule := Faults{Seed: 3, Rules: []FaultRule{mustRule(t, "5xx,p=0.5,status=503,path=/test/general")}}
	plain := newTestEmulator(t, Options{Faults: rule})
	mixed := newTestEmulator(t, Options{Faults: rule})
	for i := range 40 {
		if i%3 == 0 {
			call(t, mixed, "GET", "/test/associations", testToken)
		}
		a := call(t, plain, "GET", "/test/general", testToken).Code
		b := call(t, mixed, "GET", "/test/general", testToken).Code
		if a != b {
			t.Fatalf("request %d: %d alone, %d with other routes between", i, a, b)
		}
	}
}

func TestServerErrorNeverReachesThePortal(t *testing.T) {
	e := newTestEmulator(t, Options{Faults: Faults{Rules: []FaultRule{mustRule(t, "5xx,p=1,method=POST,path=/crm/v3/objects/tickets")}}})
	for _, status := range []int{500, 502, 503, 504} {
		if err := e.SetFaults(Faults{Rules: []FaultRule{{Kind: FaultServerError, Probability: 1, Method: "POST", Status: status}}}); err != nil {
			t.Fatal(err)
		}
		rec := send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody)
		if rec.Code != status {
			t.Fatalf("status %d, want %d", rec.Code, status)
		}
		if status == 500 {
			expectError(t, rec, 500, catInternal, "internal error")
		} else if ct := rec.Header().Get("Content-Type"); ct != "text/html" || !strings.Contains(rec.Body.String(), fmt.Sprintf("<title>%d ", status)) {
			t.Fatalf("%d answer: %s %q", status, ct, rec.Body.String())
		}
	}
	if n := liveTickets(e); n != 0 {
		t.Fatalf("%d tickets created behind 5xx answers", n)
	}
	for _, r := range e.Requests() {
		if r.Served != 0 || r.Fault != FaultServerError || !r.Write {
			t.Fatalf("logged %+v", r)
		}
	}
}

func TestLostAnswerCommitsTheWrite(t *testing.T) {
	e := newTestEmulator(t, Options{Faults: Faults{Rules: []FaultRule{mustRule(t, "lost,p=1,status=504,method=POST,path=/crm/v3/objects/tickets/**")}}})
	rec := send(t, e, "POST", "/crm/v3/objects/tickets/batch/create", `{"inputs":[`+ticketBody+`,`+ticketBody+`]}`)
	if rec.Code != http.StatusGatewayTimeout || !strings.HasPrefix(rec.Body.String(), "<html>") {
		t.Fatalf("answer %d %q", rec.Code, rec.Body.String())
	}
	if n := liveTickets(e); n != 2 {
		t.Fatalf("%d tickets after the lost batch create, want 2", n)
	}
	// A read is not a POST: it is answered.
	expectOK(t, send(t, e, "GET", "/crm/v3/objects/tickets", ""), 200, nil)
	want := map[string]int{"lost POST /crm/v3/objects/tickets/batch/create": 1}
	if got := e.FaultCounts(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("fault counts %v, want %v", got, want)
	}
	log := e.InjectedFaults()
	if len(log) != 1 || log[0].Status != 504 || log[0].Served != 201 {
		t.Fatalf("fault log %+v", log)
	}
	reqs := e.Requests()
	if len(reqs) != 2 || reqs[0].Served != 201 || reqs[0].Status != 504 || reqs[1].Write || reqs[1].Fault != "" {
		t.Fatalf("request log %+v", reqs)
	}
}

// serve runs e on a loopback listener for the faults that act on the connection.
func serveOnLoopback(t *testing.T, e *Emulator) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, srv *httptest.Server, path, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

func TestDroppedConnections(t *testing.T) {
	e := newTestEmulator(t, Options{})
	srv := serveOnLoopback(t, e)

	// A reset happens before the portal sees the request, so nothing is written; a lost answer
	// closes the connection after the write.
	for _, c := range []struct {
		rule    string
		tickets int
	}{{"reset,method=POST,max=1", 0}, {"lost,drop=true,method=POST,max=1", 1}} {
		if err := e.SetFaults(Faults{Rules: []FaultRule{mustRule(t, c.rule)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := post(t, srv, "/crm/v3/objects/tickets", ticketBody); err == nil {
			t.Fatalf("%s: the client got an answer", c.rule)
		}
		if n := liveTickets(e); n != c.tickets {
			t.Fatalf("%s: %d tickets, want %d", c.rule, n, c.tickets)
		}
	}
	// Max=1: the next create is answered.
	if resp, err := post(t, srv, "/crm/v3/objects/tickets", ticketBody); err != nil || resp.StatusCode != 201 {
		t.Fatalf("after the fault: %v %v", resp, err)
	}
	counts := e.FaultCounts()
	if counts["reset POST /crm/v3/objects/tickets"] != 1 || counts["lost POST /crm/v3/objects/tickets"] != 1 {
		t.Fatalf("fault counts %v", counts)
	}
	for _, r := range e.InjectedFaults() {
		if r.Status != 0 {
			t.Fatalf("a closed connection logged status %d", r.Status)
		}
	}
}

func TestSlowAnswerWaitsAfterTheWrite(t *testing.T) {
	var waited []time.Duration
	leave := false
	sleep := func(ctx context.Context, d time.Duration) error {
		waited = append(waited, d)
		if leave {
			return context.Canceled
		}
		return nil
	}
	e := newTestEmulator(t, Options{Sleep: sleep, Faults: Faults{Rules: []FaultRule{mustRule(t, "slow,delay=30s,method=POST")}}})
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody), 201, nil)
	// A client that gives up during the wait gets nothing, but its ticket exists.
	leave = true
	rec := send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody)
	if rec.Body.Len() != 0 {
		t.Fatalf("an answer was written after the client left: %d %s", rec.Code, rec.Body.String())
	}
	if n := liveTickets(e); n != 2 || !slices.Equal(waited, []time.Duration{30 * time.Second, 30 * time.Second}) {
		t.Fatalf("%d tickets, waits %v", n, waited)
	}
	expectOK(t, send(t, e, "GET", "/crm/v3/objects/tickets", ""), 200, nil)
	if len(waited) != 2 {
		t.Fatalf("a GET waited: %v", waited)
	}
}

func TestSkipAndMax(t *testing.T) {
	e := newTestEmulator(t, Options{Faults: Faults{Rules: []FaultRule{mustRule(t, "5xx,status=503,skip=2,max=2")}}})
	var codes []int
	for range 6 {
		codes = append(codes, call(t, e, "GET", "/test/general", testToken).Code)
	}
	if want := []int{200, 200, 503, 503, 200, 200}; !slices.Equal(codes, want) {
		t.Fatalf("codes %v, want %v", codes, want)
	}
}

func TestInjectedTenSecondlyBurstReportsTheRealCounters(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, Faults: Faults{Rules: []FaultRule{mustRule(t, "429,burst=3,skip=1,max=1")}}})
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
	for i := range 3 {
		rec := call(t, e, "GET", "/test/general", testToken)
		body := expectError429(t, rec)
		if body["policyName"] != policyTenSecondly {
			t.Fatalf("burst %d: %v", i, body)
		}
		// The window holds one request: the headers say so, as a stricter hidden limit would.
		if h := rec.Header(); h.Get("X-HubSpot-RateLimit-Remaining") != "99" || h.Get("X-HubSpot-RateLimit-Daily-Remaining") != "249999" {
			t.Fatalf("burst %d headers %v", i, h)
		}
	}
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
	if got := e.Stats()["429"]; got != 3 {
		t.Fatalf("stats count %d 429s, want 3", got)
	}
}

func expectError429(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429: %s", rec.Code, rec.Body.String())
	}
	body := decode(t, rec)
	if body["status"] != "error" || body["correlationId"] != rec.Header().Get(correlationHeader) {
		t.Fatalf("429 body %v, correlation header %q", body, rec.Header().Get(correlationHeader))
	}
	return body
}

func TestInjectedDailyLimitSpendsTheDay(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 23, 0, 0, 0, time.UTC)}
	e := newTestEmulator(t, Options{Now: clk.now, Faults: Faults{Rules: []FaultRule{mustRule(t, "429,policy=DAILY,max=1,path=/test/associations")}}})
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
	body := expectError429(t, call(t, e, "GET", "/test/associations", testToken))
	if body["policyName"] != policyDaily || body["message"] != "You have reached your daily limit." {
		t.Fatalf("injected DAILY: %v", body)
	}
	// From now on the real limit refuses everything, and the headers say why.
	rec := call(t, e, "GET", "/test/general", testToken)
	if body := expectError429(t, rec); body["policyName"] != policyDaily || rec.Header().Get("X-HubSpot-RateLimit-Daily-Remaining") != "0" {
		t.Fatalf("after the injected DAILY: %v %v", body, rec.Header())
	}
	clk.advance(time.Hour)
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
}

func TestInjected429NeedsAPortalThatLimits(t *testing.T) {
	e := newTestEmulator(t, Options{OAuth: &OAuthApp{ClientID: "cid", ClientSecret: "sec", RefreshToken: "rt"},
		Faults: Faults{Rules: []FaultRule{mustRule(t, "429")}}})
	// A bad token is refused before any limit; the token endpoint has none.
	expectError(t, call(t, e, "GET", "/test/general", "pat-wrong"), 401, catInvalidAuth)
	form := "grant_type=refresh_token&client_id=cid&client_secret=sec&refresh_token=rt"
	if rec := serveRequest(e, newFormRequest("/oauth/v1/token", form)); rec.Code != 200 {
		t.Fatalf("token grant: %d", rec.Code)
	}
	if n := len(e.InjectedFaults()); n != 0 {
		t.Fatalf("%d faults logged that never happened: %+v", n, e.InjectedFaults())
	}
	expectError429(t, call(t, e, "GET", "/test/general", testToken))
	if n := len(e.InjectedFaults()); n != 1 {
		t.Fatalf("%d faults logged, want 1", n)
	}
}

func TestInjectedSecondlyOnSearch(t *testing.T) {
	e := newTestEmulator(t, Options{Faults: Faults{Rules: []FaultRule{mustRule(t, "429,policy=SECONDLY,path=/test/search")}}})
	rec := call(t, e, "POST", "/test/search", testToken)
	body := expectError429(t, rec)
	if body["message"] != "You have reached your secondly limit." || body["category"] != catRateLimits || body["policyName"] != nil {
		t.Fatalf("search 429: %v", body)
	}
	if rec.Header().Get("X-HubSpot-RateLimit-Max") != "" || rec.Header().Get("X-HubSpot-RateLimit-Daily") != "250000" {
		t.Fatalf("search 429 headers: %v", rec.Header())
	}
	expectOK(t, call(t, e, "GET", "/test/general", testToken), 200, nil)
}

func TestRequestLogTellsWritesFromReads(t *testing.T) {
	e := newTestEmulator(t, Options{})
	send(t, e, "GET", "/crm/v3/pipelines/tickets", "")
	send(t, e, "POST", "/crm/v3/objects/tickets/search", `{}`)
	send(t, e, "POST", "/crm/v3/objects/tickets/batch/read", `{"inputs":[],"properties":[],"propertiesWithHistory":[]}`)
	if n := countWrites(e.Requests()); n != 0 {
		t.Fatalf("%d writes logged for reads: %+v", n, e.Requests())
	}
	send(t, e, "PATCH", "/crm/v3/pipelines/tickets/0", `{"label":"Support"}`)
	call(t, e, "POST", "/test/write", "")
	reqs := e.Requests()
	if n := countWrites(reqs); n != 2 {
		t.Fatalf("%d writes logged, want 2: %+v", n, reqs)
	}
	if last := reqs[len(reqs)-1]; last.Status != 401 || last.Served != 401 || last.Route != "POST /test/write" {
		t.Fatalf("an unauthenticated write is logged as %+v", last)
	}
	e.ResetStats()
	if len(e.Requests()) != 0 {
		t.Fatal("ResetStats kept the request log")
	}
}

func countWrites(reqs []Request) int {
	n := 0
	for _, r := range reqs {
		if r.Write {
			n++
		}
	}
	return n
}

func TestFaultsOverHTTP(t *testing.T) {
	e := newTestEmulator(t, Options{})
	put := httptest.NewRequest("PUT", "/_emulator/faults", strings.NewReader(`{"seed":9,"rules":["5xx,p=1,status=502,method=GET,path=/test/*"]}`))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, put)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("PUT faults: %d %s", rec.Code, rec.Body.String())
	}
	if f := e.Faults(); f.Seed != 9 || len(f.Rules) != 1 || f.Rules[0].Status != 502 {
		t.Fatalf("faults in force: %+v", f)
	}
	call(t, e, "GET", "/test/general", testToken)
	var doc struct {
		Rules    []string
		Injected []InjectedFault
		Counts   map[string]int
	}
	expectOK(t, call(t, e, "GET", "/_emulator/faults", ""), 200, &doc)
	if len(doc.Rules) != 1 || len(doc.Injected) != 1 || doc.Counts["5xx GET /test/general"] != 1 {
		t.Fatalf("GET faults: %+v", doc)
	}
	var reqs struct{ Results []Request }
	expectOK(t, call(t, e, "GET", "/_emulator/requests", ""), 200, &reqs)
	if len(reqs.Results) != 1 || reqs.Results[0].Status != 502 {
		t.Fatalf("GET requests: %+v", reqs)
	}
	bad := httptest.NewRequest("PUT", "/_emulator/faults", strings.NewReader(`{"rules":["5xx,p=2"]}`))
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, bad)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "probability") {
		t.Fatalf("PUT bad faults: %d %s", rec.Code, rec.Body.String())
	}
	if f := e.Faults(); len(f.Rules) != 1 {
		t.Fatal("a refused PUT changed the faults")
	}
}

func TestSetFaultsRefusesInvalidRules(t *testing.T) {
	e := newTestEmulator(t, Options{})
	err := e.SetFaults(Faults{Rules: []FaultRule{{Kind: FaultLostAnswer, Probability: 1, Status: 500}}})
	if err == nil || !strings.Contains(err.Error(), "fault rule 1 (lost)") {
		t.Fatalf("SetFaults = %v", err)
	}
}

func TestLogsAgreeUnderConcurrentRequests(t *testing.T) {
	e := newTestEmulator(t, Options{RateLimit: RateLimit{Disabled: true}, Faults: Faults{Seed: 5, Rules: []FaultRule{mustRule(t, "5xx,p=0.3,status=503")}}})
	const workers, each = 8, 25
	answered := make(chan int, workers*each)
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range each {
				req := httptest.NewRequest("GET", fmt.Sprintf("/test/general?w=%d&i=%d", w, i), nil)
				req.Header.Set("Authorization", "Bearer "+testToken)
				answered <- serveRequest(e, req).Code
			}
		}()
	}
	for range workers {
		<-done
	}
	close(answered)
	faulted := 0
	for code := range answered {
		if code == http.StatusServiceUnavailable {
			faulted++
		}
	}
	logged := 0
	for _, r := range e.Requests() {
		if r.Fault == FaultServerError {
			logged++
		}
	}
	if n := len(e.Requests()); n != workers*each || logged != faulted || len(e.InjectedFaults()) != faulted || e.Stats()["GET /test/general"] != workers*each {
		t.Fatalf("%d requests logged, %d faults logged, %d injected, %d answered 503", n, logged, len(e.InjectedFaults()), faulted)
	}
	if faulted == 0 || faulted == workers*each {
		t.Fatalf("p=0.3 faulted %d of %d requests", faulted, workers*each)
	}
}
