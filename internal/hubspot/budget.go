package hubspot

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// budget keeps a client's requests within what HubSpot's rolling window has left for the app.
//
// The client's own limiter paces its requests so that they alone never fill a window, but the
// window is the app's, not the process's: the plan that ran a few seconds before an apply,
// another Terraform run in parallel, or any other program using the same token count in it
// too. Every answer says how many requests the window has left (X-HubSpot-RateLimit-Remaining),
// so the budget works out how many of the window's requests are not ours, and holds a request
// back while sending it would go over the limit. What it cannot know it assumes the worst of:
// the others' requests are taken to leave the window only a full interval after the answer
// that counted them, ours an interval after their answers came back, and a request still in
// flight is counted as ours but not subtracted from the others. While others are sending, a
// burst's room is left them, since what they send between two of our answers is unseen.
//
// Until the first answer, one request at a time goes, for up to probeWait: HubSpot has not
// yet said how full the window is, and a slow first answer must not stall the rest. An app
// whose answers never carry the headers is paced by the limiter alone.
type budget struct {
	now func() time.Time
	// after makes the timer a wait uses; tests replace it to control time.
	after func(time.Duration) <-chan time.Time

	mu        sync.Mutex
	answered  bool
	firstSent time.Time
	inFlight  int
	// ours are the requests of ours that HubSpot may still count, oldest answer first.
	ours []spent
	// What the latest answer that carried the headers said.
	observed bool
	max      int
	interval time.Duration
	others   int
	// sharing is whether the others' part is more than our requests in flight could explain:
	// someone else is sending in this window.
	sharing bool
	seen    time.Time
	// changed is closed, and replaced, whenever the budget changes.
	changed chan struct{}
}

// spent is one request of ours that HubSpot counted, or may have.
type spent struct {
	sent, answered time.Time
	// counted is whether HubSpot surely counted it (an answer other than 429 came back).
	counted bool
}

// probeWait bounds how long requests wait for the first answer.
const probeWait = time.Second

func newBudget() *budget {
	return &budget{now: time.Now, after: time.After, changed: make(chan struct{})}
}

// budgets holds a client's budgets, one per rate-limit window: HubSpot may count association
// calls in a window of their own (NOTES §5.3). Keeping them apart is safe either way: when it
// counts them in one window, each budget sees the other's requests among the others'.
type budgets struct {
	general, associations *budget
}

func newBudgets() budgets {
	return budgets{general: newBudget(), associations: newBudget()}
}

func (b budgets) of(path string) *budget {
	if strings.Contains(path, "/associations") {
		return b.associations
	}
	return b.general
}

// spend waits until a request may be sent, and counts it as in flight; the returned func
// records its answer's headers (nil when none came back) and whether HubSpot refused it
// with a 429, which it does not count.
func (b *budget) spend(ctx context.Context) (func(h http.Header, refused bool), error) {
	for {
		b.mu.Lock()
		wait, changed := b.waitLocked()
		if wait == 0 {
			b.inFlight++
			sent := b.now()
			if b.firstSent.IsZero() {
				b.firstSent = sent
			}
			b.mu.Unlock()
			return func(h http.Header, refused bool) { b.answer(sent, h, refused) }, nil
		}
		b.mu.Unlock()
		var timer <-chan time.Time
		if wait > 0 {
			timer = b.after(wait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-changed:
		case <-timer:
		}
	}
}

// waitLocked says how long a request must wait before it may go: 0 for now, a negative
// duration for until the budget changes.
func (b *budget) waitLocked() (time.Duration, chan struct{}) {
	if !b.answered {
		if b.inFlight > 0 {
			if wait := b.firstSent.Add(probeWait).Sub(b.now()); wait > 0 {
				return wait, b.changed
			}
		}
		return 0, b.changed
	}
	if !b.observed {
		return 0, b.changed
	}
	now := b.now()
	b.pruneLocked(now)
	others, limit := b.others, b.max
	if now.Sub(b.seen) >= b.interval {
		others = 0
	} else if b.sharing {
		// What the others send between two of our answers is unseen: leave them a burst's
		// room, as the limiter's burst is ours.
		limit -= max(b.max/10, 1)
	}
	if others+len(b.ours)+b.inFlight < limit {
		return 0, b.changed
	}
	// The window frees up when the oldest of our requests or the others' leave it; until then
	// only a newer answer can say it has.
	wait := time.Duration(-1)
	if len(b.ours) > 0 {
		wait = b.ours[0].answered.Add(b.interval).Sub(now)
	}
	if others > 0 {
		if w := b.seen.Add(b.interval).Sub(now); wait < 0 || w < wait {
			wait = w
		}
	}
	if wait == 0 {
		wait = time.Millisecond
	}
	return wait, b.changed
}

// pruneLocked forgets our requests that have left the window.
func (b *budget) pruneLocked(now time.Time) {
	cut := 0
	for cut < len(b.ours) && now.Sub(b.ours[cut].answered) >= b.interval {
		cut++
	}
	b.ours = b.ours[cut:]
}

func (b *budget) answer(sent time.Time, h http.Header, refused bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.inFlight--
	b.answered = true
	if !refused {
		// A request without an answer may have been counted; one refused with 429 was not.
		b.ours = append(b.ours, spent{sent: sent, answered: now, counted: h != nil})
	}
	if m, rem, interval, ok := windowHeaders(h); ok {
		b.observed, b.max, b.interval, b.seen = true, m, interval, now
		b.pruneLocked(now)
		// HubSpot's count surely holds this request and ours answered before it was sent;
		// ours answered since may have reached HubSpot after it, so they are left to the
		// others' part, which errs on the side of waiting.
		mine, before := 0, b.ours
		if !refused {
			mine, before = 1, b.ours[:len(b.ours)-1]
		}
		for _, s := range before {
			if s.counted && now.Sub(s.sent) < interval && !s.answered.After(sent) {
				mine++
			}
		}
		b.others = max(m-rem-mine, 0)
		b.sharing = b.others > b.inFlight
	} else if !b.observed {
		// Nothing to count against yet, and nothing would prune the list.
		b.ours = nil
	}
	close(b.changed)
	b.changed = make(chan struct{})
}

// delay is how long a request made now would wait, as far as the budget knows now, at most
// upTo; a request that waits for an answer in flight may wait that long.
func (b *budget) delay(upTo time.Duration) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	wait, _ := b.waitLocked()
	if wait < 0 {
		return upTo
	}
	return min(wait, upTo)
}

// windowHeaders reads the window's limit, what it has left, and its length.
func windowHeaders(h http.Header) (limit, remaining int, interval time.Duration, ok bool) {
	if h == nil {
		return 0, 0, 0, false
	}
	limit, interval, ok = windowLimit(h)
	remaining, err := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Remaining"))
	if !ok || err != nil || remaining < 0 {
		return 0, 0, 0, false
	}
	return limit, remaining, interval, true
}
