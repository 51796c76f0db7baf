package hubspot

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

// fakeTime is a clock the test moves, and timers that fire when it passes their end.
type fakeTime struct {
	mu     sync.Mutex
	t      time.Time
	timers []fakeTimer
	// waits reports the length of every timer made.
	waits chan time.Duration
}

type fakeTimer struct {
	end time.Time
	ch  chan time.Time
}

func newFakeTime() *fakeTime {
	return &fakeTime{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), waits: make(chan time.Duration, 100)}
}

func (f *fakeTime) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeTime) after(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan time.Time, 1)
	f.timers = append(f.timers, fakeTimer{end: f.t.Add(d), ch: ch})
	f.waits <- d
	return ch
}

func (f *fakeTime) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
	kept := f.timers[:0]
	for _, tm := range f.timers {
		if !tm.end.After(f.t) {
			tm.ch <- f.t
			continue
		}
		kept = append(kept, tm)
	}
	f.timers = kept
}

func windowHeader(limit, remaining int, interval time.Duration) http.Header {
	h := http.Header{}
	h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(limit))
	h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.FormatInt(interval.Milliseconds(), 10))
	return h
}

func fakeBudget() (*budget, *fakeTime) {
	ft := newFakeTime()
	b := newBudget()
	b.now, b.after = ft.now, ft.after
	return b, ft
}

func TestBudgetSendsOneRequestUntilHubSpotHasAnswered(t *testing.T) {
	b, ft := fakeBudget()
	answer, err := b.spend(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() { _, err := b.spend(context.Background()); second <- err }()
	if d := <-ft.waits; d != probeWait {
		t.Fatalf("before the first answer a second request waits %v, want %v", d, probeWait)
	}
	answer(windowHeader(100, 99, 10*time.Second), false)
	if err := <-second; err != nil {
		t.Fatal(err)
	}
}

func TestBudgetDoesNotWaitLongForTheFirstAnswer(t *testing.T) {
	b, ft := fakeBudget()
	if _, err := b.spend(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() { _, err := b.spend(context.Background()); second <- err }()
	<-ft.waits
	ft.advance(probeWait)
	if err := <-second; err != nil {
		t.Fatal(err)
	}
}

func TestBudgetHoldsRequestsTheOthersLeftNoRoomFor(t *testing.T) {
	b, ft := fakeBudget()
	ctx := context.Background()
	answer, _ := b.spend(ctx)
	// Another program used 7 of the window's 10; this answer counts ours as the eighth. The
	// others may send more before our next answer shows it: a burst's room (1) is left them.
	answer(windowHeader(10, 2, 10*time.Second), false)
	inFlight, err := b.spend(ctx)
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan error, 1)
	go func() { _, err := b.spend(ctx); held <- err }()
	if d := <-ft.waits; d != 10*time.Second {
		t.Fatalf("the request that would leave the others no room waits %v, want the 10 s until their requests have left the window", d)
	}
	// An answer that says nothing new does not let it go; the window's end does.
	inFlight(windowHeader(10, 1, 10*time.Second), false)
	if d := <-ft.waits; d != 10*time.Second {
		t.Fatalf("after an answer the held request waits %v, want 10 s", d)
	}
	ft.advance(10 * time.Second)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
}

func TestBudgetUsesTheWholeWindowWhenNobodyElseDoes(t *testing.T) {
	b, _ := fakeBudget()
	ctx := context.Background()
	answer, _ := b.spend(ctx)
	answer(windowHeader(10, 9, 10*time.Second), false)
	for i := range 9 {
		b.mu.Lock()
		wait, _ := b.waitLocked()
		b.mu.Unlock()
		if wait != 0 {
			t.Fatalf("request %d of the window waits %v, want none", i+2, wait)
		}
		if _, err := b.spend(ctx); err != nil {
			t.Fatal(err)
		}
	}
	b.mu.Lock()
	wait, _ := b.waitLocked()
	b.mu.Unlock()
	if wait <= 0 {
		t.Fatalf("the eleventh request waits %v, want it held", wait)
	}
}

func TestBudgetCountsAnswersThatOvertakeEachOther(t *testing.T) {
	b, ft := fakeBudget()
	ctx := context.Background()
	probe, _ := b.spend(ctx)
	// Others sent 40 of the window's 100; HubSpot counted the probe as the 41st.
	probe(windowHeader(100, 59, 10*time.Second), false)
	var answers []func(http.Header, bool)
	for range 30 {
		ft.advance(time.Millisecond)
		a, err := b.spend(ctx)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, a)
	}
	ft.advance(time.Millisecond)
	// HubSpot took the 30 in the order they were sent and answered them in reverse: the
	// first one's answer, last to come, counts none of the other 29.
	for i := 29; i >= 0; i-- {
		answers[i](windowHeader(100, 59-(i+1), 10*time.Second), false)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.others < 40 {
		t.Fatalf("the others' part of the window is taken as %d, want at least the 40 they sent", b.others)
	}
}

func TestBudgetDoesNotCountRefusedRequests(t *testing.T) {
	b, _ := fakeBudget()
	answer, _ := b.spend(context.Background())
	answer(windowHeader(10, 0, 10*time.Second), true)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.ours) != 0 || b.others != 10 {
		t.Fatalf("after a 429 with nothing left: ours %d, others %d; want 0 and 10", len(b.ours), b.others)
	}
}

func TestBudgetGivesUpWithTheContext(t *testing.T) {
	b, ft := fakeBudget()
	answer, _ := b.spend(context.Background())
	answer(windowHeader(1, 0, 10*time.Second), false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := b.spend(ctx); done <- err }()
	<-ft.waits
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestAClientSharesTheWindowWithOthers runs a client against the emulator right after another
// program with the same token has used most of the window: the client sends nothing HubSpot
// refuses.
func TestAClientSharesTheWindowWithOthers(t *testing.T) {
	em, err := emulator.New(emulator.Options{Token: "pat-na1-shared", RateLimit: emulator.RateLimit{Max: 10, Interval: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	for range 8 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/crm/v3/pipelines/tickets", nil)
		req.Header.Set("Authorization", "Bearer pat-na1-shared")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the other program's request: status %d", resp.StatusCode)
		}
	}
	c := newTestClient(t, srv, Config{AccessToken: "pat-na1-shared", RequestsPerInterval: 10, Interval: time.Second})
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			if _, err := c.ListPipelines(context.Background(), "tickets"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := em.Stats()["429"]; n != 0 {
		t.Fatalf("HubSpot refused %d of the client's requests, want none", n)
	}
}
