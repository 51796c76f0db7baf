package hubspot

import (
	"context"
	"time"
)

// When Terraform is interrupted it cancels the context of every operation in progress and
// waits for them to return. A write HubSpot is already processing should then finish, so that
// its answer (the id of what it created) reaches the state; a write not yet sent should not
// be sent. One context cannot say both, so a write context carries two: the detached one the
// request travels on, and the caller's, its gate, which decides whether a request may still
// be sent.

// WriteGrace bounds how long a write context outlives its caller's context: the longest a
// request already sent (one attempt, at most the HTTP client's timeout) is waited for.
const WriteGrace = 60 * time.Second

type gateKey struct{}

// WriteContext returns a context for writes made on behalf of ctx. Once ctx ends, no request
// made with the returned context is sent any more (nor retried), while a request already sent
// goes on for up to WriteGrace. Call cancel when the writes are done.
func WriteContext(ctx context.Context) (context.Context, context.CancelFunc) {
	detached, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(WriteGrace, cancel) })
	return context.WithValue(detached, gateKey{}, ctx), func() { stop(); cancel() }
}

// Gate returns the context whose end stops requests made with ctx from being sent: the caller's
// context of a WriteContext, else ctx itself.
func Gate(ctx context.Context) context.Context {
	if g, ok := ctx.Value(gateKey{}).(context.Context); ok {
		return g
	}
	return ctx
}

// Ungated returns ctx with no gate of its own: requests made with it, or with a context
// derived from it, are sent until it ends. A request made for several callers uses it, since
// the caller whose context it was derived from is only one of them.
func Ungated(ctx context.Context) context.Context {
	return context.WithValue(ctx, gateKey{}, nil)
}
