package coalesce

import (
	"context"
	"sync"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// audience counts the callers waiting for a request made on their behalf, and ends the
// request's context once every one of them has stopped waiting (after grace), so that no
// request outlives the callers it serves by more than grace. Reads have no grace: an answer
// nobody waits for is worth nothing. Writes have some: a write HubSpot may already have
// applied is better finished, so that its answer can still land in the caller's state.
type audience struct {
	ctx    context.Context
	cancel context.CancelFunc
	grace  time.Duration

	mu    sync.Mutex
	n     int
	ended bool
}

// newAudience starts an audience whose context carries parent's values (the logger) but not
// its cancellation, nor the gate of a write context: the request serves other callers too.
func newAudience(parent context.Context, grace time.Duration) *audience {
	ctx, cancel := context.WithCancel(hubspot.Ungated(context.WithoutCancel(parent)))
	return &audience{ctx: ctx, cancel: cancel, grace: grace}
}

// join adds a caller; false when the request has already been given up.
func (a *audience) join() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ended {
		return false
	}
	a.n++
	return true
}

// leave removes a caller; the last one to leave ends the request after the grace period,
// unless another caller joined meanwhile.
func (a *audience) leave() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n--
	if a.n > 0 || a.ended {
		return
	}
	if a.grace <= 0 {
		a.endLocked()
		return
	}
	time.AfterFunc(a.grace, func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.n == 0 {
			a.endLocked()
		}
	})
}

// end releases the request's context once it is answered.
func (a *audience) end() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.endLocked()
}

func (a *audience) endLocked() {
	a.ended = true
	a.cancel()
}

// flight is one request whose single answer every caller waiting for it shares.
type flight[T any] struct {
	who  *audience
	done chan struct{}
	val  T
	err  error
}

// fly starts fetch in its own goroutine on behalf of the callers who join the flight.
func fly[T any](parent context.Context, fetch func(context.Context) (T, error), landed func(*flight[T])) *flight[T] {
	f := &flight[T]{who: newAudience(parent, 0), done: make(chan struct{})}
	go func() {
		f.val, f.err = fetch(f.who.ctx)
		if landed != nil {
			landed(f)
		}
		f.who.end()
		close(f.done)
	}()
	return f
}

// wait waits for the answer, as a caller that has joined; a caller that stops waiting leaves.
func (f *flight[T]) wait(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		f.who.leave()
		var zero T
		return zero, ctx.Err()
	}
}
