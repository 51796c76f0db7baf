package coalesce

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// The one mechanism behind every batch: gather callers, send one request, answer each caller.
//
// Terraform calls the provider once per resource, at most -parallelism (10) at a time, and
// each call asks for one object. A gatherer holds the first call of a batch open for a short
// while so that the calls Terraform makes together ride on one batch request, and gives each
// caller its own answer or its own error.

// policy says when a batch stops gathering.
type policy struct {
	// window is the quiet time after which a batch stops waiting for more calls (see
	// gatherer.gather); short next to a request's round trip, long enough for the calls
	// Terraform makes together to land in one batch.
	window time.Duration
	// maxGather bounds how long a batch gathers.
	maxGather time.Duration
	// hold says how long the rate limiter would hold a request made now back: a batch done
	// gathering stays open that long, since its request would wait anyway, and calls arriving
	// meanwhile ride on it instead of queueing behind it in a request of their own.
	hold func(upTo time.Duration) time.Duration
	// batch, when set, is how many calls a batch waits for before it goes, whatever the time
	// (below the endpoint's own maximum); tests use it to know what a batch will carry.
	batch int
}

// maxHold bounds how long a batch stays open past its window for the rate limiter.
const maxHold = 10 * time.Second

// errLeftInFlight is the error of a caller that stopped waiting for a batch write already
// sent: HubSpot may still apply its input.
var errLeftInFlight = errors.New("stopped waiting for the batch request that carries this write, which HubSpot may still apply")

// entry is one caller's input in a batch, and the caller's answer.
type entry[I, R any] struct {
	key  string
	in   I
	res  R
	err  error
	left bool // the caller gave up before the batch was sent
}

// batch is one batch being gathered or in flight.
type batch[I, R any] struct {
	who          *audience
	opened, last time.Time
	entries      []*entry[I, R]
	live         int
	sent         bool
	done         chan struct{}
}

// gatherer serves single calls with batch requests of up to max inputs. An input with a key (a
// record id, a property name) that is in a batch not yet answered waits for that batch and
// goes in a later one, so that HubSpot sees writes to one object in the order they were made,
// never two in one request. A caller that gives up before its batch is sent leaves the batch;
// when every caller has left, nothing is sent. Once the batch is sent, a caller that gives up
// waits up to grace for the answer (a write HubSpot may already have applied is better
// known), and the request is cancelled when every caller has gone, after grace.
type gatherer[I, R any] struct {
	policy policy
	max    int
	grace  time.Duration
	key    func(I) string
	// send sends the inputs and answers each one, in order.
	send func(ctx context.Context, in []I) ([]R, []error)

	mu   sync.Mutex
	open *batch[I, R]
	keys map[string]*batch[I, R]
	// expect is how many calls a batch waits for (see gather).
	expect int
}

func (g *gatherer[I, R]) do(ctx context.Context, in I) (R, error) {
	var zero R
	key := ""
	if g.key != nil {
		key = g.key(in)
	}
	b, err := g.join(ctx, key)
	if err != nil {
		return zero, err
	}
	e := &entry[I, R]{key: key, in: in}
	b.entries = append(b.entries, e)
	b.live++
	if key != "" {
		g.keys[key] = b
	}
	if b.live >= g.max || b.live == g.policy.batch {
		g.open = nil
		go g.flush(b)
	}
	g.mu.Unlock()

	// A caller leaves when its gate ends (see hubspot.WriteContext): a write context keeps
	// its caller's cancellation there.
	gate := hubspot.Gate(ctx)
	select {
	case <-b.done:
		return e.res, e.err
	case <-gate.Done():
	}
	g.mu.Lock()
	if !b.sent {
		e.left = true
		b.live--
		if key != "" && g.keys[key] == b {
			delete(g.keys, key)
		}
		g.mu.Unlock()
		return zero, gate.Err()
	}
	g.mu.Unlock()
	return g.afterLeaving(ctx, b, e)
}

// join returns the open batch, opening one, with g.mu held.
func (g *gatherer[I, R]) join(ctx context.Context, key string) (*batch[I, R], error) {
	for {
		g.mu.Lock()
		b := g.keys[key]
		if key == "" || b == nil {
			break
		}
		g.mu.Unlock()
		select {
		case <-b.done:
		case <-hubspot.Gate(ctx).Done():
			return nil, hubspot.Gate(ctx).Err()
		}
	}
	if g.keys == nil {
		g.keys = map[string]*batch[I, R]{}
	}
	b := g.open
	if b == nil || !b.who.join() {
		b = &batch[I, R]{who: newAudience(ctx, g.grace), done: make(chan struct{}), opened: time.Now()}
		b.who.join()
		g.open = b
		g.schedule(b)
	}
	b.last = time.Now()
	return b, nil
}

// afterLeaving answers a caller who stopped waiting once its batch was sent: the answer if it
// comes within grace, else errLeftInFlight.
func (g *gatherer[I, R]) afterLeaving(ctx context.Context, b *batch[I, R], e *entry[I, R]) (R, error) {
	defer b.who.leave()
	if g.grace > 0 {
		t := time.NewTimer(g.grace)
		defer t.Stop()
		select {
		case <-b.done:
			return e.res, e.err
		case <-t.C:
		}
	}
	var zero R
	return zero, fmt.Errorf("%w: %w", errLeftInFlight, hubspot.Gate(ctx).Err())
}

// schedule flushes b once it is done gathering: gather, asked a window after the batch was
// opened, says how much longer it should keep gathering, and is asked again then. Once it is
// done, and while the rate limiter would hold the batch's request back anyway, the batch stays
// open until the limiter would not.
func (g *gatherer[I, R]) schedule(b *batch[I, R]) {
	var check func()
	check = func() {
		if d := g.gather(b); d > 0 {
			time.AfterFunc(d, check)
			return
		}
		if g.policy.hold != nil {
			if d := g.policy.hold(maxHold); d > 0 {
				time.AfterFunc(d, func() { g.flush(b) })
				return
			}
		}
		g.flush(b)
	}
	time.AfterFunc(g.policy.window, check)
}

// gather is how much longer a batch keeps gathering: until no call has joined for a window,
// and until it holds as many calls as the recent batches did, at most maxGather in all.
// Terraform starts its operations one after another, and as its state grows it takes longer
// between the end of one and the start of the next, so the calls of all its operations arrive
// over a span longer than any fixed window; a batch that waited only for a quiet moment would
// carry a few of them. Waiting for as many as the last batches carried costs nothing when
// Terraform is the slower side, since it has no other operation to start meanwhile. When fewer
// come (the last operations of a run), the batch goes after maxGather and the gatherer expects
// one fewer from then on.
func (g *gatherer[I, R]) gather(b *batch[I, R]) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	p := g.policy
	if b.sent || b.live == 0 {
		return 0
	}
	opened := time.Since(b.opened)
	if idle := time.Since(b.last); idle < p.window && opened < p.maxGather {
		return p.window - idle
	}
	if b.live >= g.expect || opened >= p.maxGather {
		return 0
	}
	return min(p.window, p.maxGather-opened)
}

func (g *gatherer[I, R]) flush(b *batch[I, R]) {
	g.mu.Lock()
	if b.sent {
		g.mu.Unlock()
		return
	}
	b.sent = true
	if b.live < g.expect && time.Since(b.opened) >= g.policy.maxGather {
		// Expect one fewer next time: a batch that came up short may mean the run is ending, or
		// only that Terraform was slow this once (a loaded machine), and dropping straight to
		// what came would make every later batch small.
		g.expect = max(b.live, g.expect-1)
	}
	g.expect = max(g.expect, b.live)
	if g.open == b {
		g.open = nil
	}
	var live []*entry[I, R]
	for _, e := range b.entries {
		if !e.left {
			live = append(live, e)
		}
	}
	g.mu.Unlock()

	if len(live) > 0 {
		in := make([]I, len(live))
		for i, e := range live {
			in[i] = e.in
		}
		res, errs := g.send(b.who.ctx, in)
		for i, e := range live {
			e.res, e.err = res[i], errs[i]
		}
	}

	g.mu.Lock()
	for _, e := range b.entries {
		if e.key != "" && g.keys[e.key] == b {
			delete(g.keys, e.key)
		}
	}
	g.mu.Unlock()
	b.who.end()
	close(b.done)
}
