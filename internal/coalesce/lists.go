package coalesce

import (
	"context"
	"sync"
)

// cached holds the answer of one list request (all pipelines, all properties of a level, ...)
// so that every read of a run is served by a single request. Concurrent callers share one
// request in flight. Writes drop or patch the list (see Client.apply), and a request that
// started before a write is neither stored nor joined by callers that come after it, so a read
// after a write always sees the write.
//
// Values handed out are shared: callers copy before handing them on.
type cached[T any] struct {
	mu       sync.Mutex
	gen      uint64
	val      T
	ok       bool
	inflight *flight[T]
	flightOf uint64
}

func (l *cached[T]) get(ctx context.Context, fetch func(context.Context) (T, error)) (T, error) {
	l.mu.Lock()
	if l.ok {
		v := l.val
		l.mu.Unlock()
		return v, nil
	}
	f := l.inflight
	if f == nil || l.flightOf != l.gen || !f.who.join() {
		gen := l.gen
		f = fly(ctx, fetch, func(f *flight[T]) {
			l.mu.Lock()
			defer l.mu.Unlock()
			if f.err == nil && gen == l.gen {
				l.val, l.ok = f.val, true
			}
			if l.inflight == f {
				l.inflight = nil
			}
		})
		f.who.join()
		l.inflight, l.flightOf = f, gen
	}
	l.mu.Unlock()
	return f.wait(ctx)
}

// update applies a write's known effect to the list, when one is held, so that the next read
// needs no request; f returns a new value rather than modify the shared one. A request in
// flight is still left out, since it may predate the write.
func (l *cached[T]) update(f func(T) T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	if l.ok {
		l.val = f(l.val)
	}
}

// invalidate drops the list after a write whose effect is not known.
func (l *cached[T]) invalidate() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	var zero T
	l.val, l.ok = zero, false
}

// lists holds a run's cached lists, one per key (what it lists, and of which object type).
type lists[T any] struct {
	mu sync.Mutex
	m  map[string]*cached[T]
}

func (ls *lists[T]) of(key string) *cached[T] {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[string]*cached[T]{}
	}
	l := ls.m[key]
	if l == nil {
		l = &cached[T]{}
		ls.m[key] = l
	}
	return l
}
