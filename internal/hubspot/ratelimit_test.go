package hubspot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	tenSecondly429 = `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c1","policyName":"TEN_SECONDLY_ROLLING"}`
	secondly429    = `{"status":"error","message":"You have reached your secondly limit.","correlationId":"c2","category":"RATE_LIMITS"}`
	daily429       = `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c3","policyName":"DAILY","requestId":"r"}`
)

// controlledPause makes c's pauses wait on fire instead of a timer, and reports each wait's
// length on waits.
func controlledPause(c *Client) (waits chan time.Duration, fire chan time.Time) {
	waits, fire = make(chan time.Duration, 10), make(chan time.Time)
	c.pause.after = func(d time.Duration) <-chan time.Time {
		waits <- d
		return fire
	}
	return waits, fire
}

// limitedOnce serves a client whose first request gets a ten-secondly 429 (with Retry-After,
// when given) and every other an empty list, with pauses under the test's control.
func limitedOnce(t *testing.T, retryAfter string) (c *Client, calls *atomic.Int32, waits chan time.Duration, fire chan time.Time) {
	t.Helper()
	calls = &atomic.Int32{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			writeJSON(w, 429, tenSecondly429)
			return
		}
		writeJSON(w, 200, `{"results":[]}`)
	}))
	t.Cleanup(srv.Close)
	c = newTestClient(t, srv, Config{})
	waits, fire = controlledPause(c)
	return c, calls, waits, fire
}

func TestA429PausesEveryRequestOfTheClient(t *testing.T) {
	c, calls, waits, fire := limitedOnce(t, "")

	first := make(chan error, 1)
	go func() { _, err := c.ListPipelines(context.Background(), "tickets"); first <- err }()
	d := <-waits // the rate-limited request waits for the window to empty
	if d <= 0 || d > 10*time.Second {
		t.Fatalf("pause = %v, want the rest of HubSpot's ten-second window", d)
	}
	second := make(chan error, 1)
	go func() { _, err := c.ListPropertyGroups(context.Background(), "tickets"); second <- err }()
	<-waits // another request waits for the same pause rather than being sent
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d requests reached HubSpot during the pause, want only the rate-limited one", n)
	}
	close(fire)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 3 {
		t.Fatalf("%d requests, want the retried one and the paused one after the 429", n)
	}
}

func TestRateLimitedRequestsGetMorePatienceThanServerErrors(t *testing.T) {
	var calls atomic.Int32
	status := atomic.Int32{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if status.Load() == 429 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, secondly429)
			return
		}
		writeJSON(w, 503, `{"status":"error","message":"unavailable","correlationId":"c","category":"INTERNAL_ERROR"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{MaxRetries: 2})

	status.Store(503)
	if _, err := c.ListPipelines(context.Background(), "tickets"); err == nil {
		t.Fatal("want error")
	}
	if calls.Load() != 3 {
		t.Fatalf("a 503 was sent %d times, want 1 + MaxRetries", calls.Load())
	}
	calls.Store(0)
	status.Store(429)
	// A create too: HubSpot did not process a rate-limited request.
	_, err := c.CreatePipeline(context.Background(), "tickets", PipelineInput{Label: "x"})
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 429 {
		t.Fatalf("err = %v, want the last 429", err)
	}
	if want := int32(1 + c.max429Retries()); calls.Load() != want || want <= 3 {
		t.Fatalf("a 429 was sent %d times, want %d", calls.Load(), want)
	}
}

func TestTheFirstDailyLimitStopsEveryRequest(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 429, daily429)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	_, first := c.ListPipelines(context.Background(), "tickets")
	if first == nil || !strings.Contains(first.Error(), "daily API request limit is spent") || !strings.Contains(first.Error(), "no more requests are sent") {
		t.Fatalf("err = %v", first)
	}
	for range 3 {
		_, err := c.CreateObject(context.Background(), TicketObjectType, ObjectInput{})
		if err != first {
			t.Fatalf("later call failed with %v, want the first daily-limit error itself", err)
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("%d requests sent, want none after the first daily-limit answer", calls.Load())
	}
}

func TestRetryAfterSetsTheSharedPause(t *testing.T) {
	c, _, waits, fire := limitedOnce(t, "3")
	done := make(chan error, 1)
	go func() { _, err := c.ListOwners(context.Background(), ListOwnersOptions{}); done <- err }()
	if d := <-waits; d <= 2*time.Second || d > 3*time.Second {
		t.Fatalf("pause = %v, want Retry-After's 3 s", d)
	}
	close(fire)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCancellationDuringThePause(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 429, tenSecondly429)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	waits, _ := controlledPause(c)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.ListPipelines(ctx, "tickets"); done <- err }()
	<-waits
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
