package hubspot

import (
	"context"
	"sync"
)

// listCache holds the result of one list request (all pipelines, all properties, ...) so that
// every resource read in a Terraform run is served by a single request. Concurrent callers
// share one in-flight request. Writes call invalidate, and a fetch that started before a write
// is never stored, so a read after a write always sees it.
//
// Values handed out are shared: callers copy before modifying.
type listCache[T any] struct {
	disabled bool

	mu       sync.Mutex
	gen      uint64
	val      T
	ok       bool
	inflight *listCall[T]
}

type listCall[T any] struct {
	gen  uint64
	done chan struct{}
	val  T
	err  error
}

func (l *listCache[T]) get(ctx context.Context, fetch func(context.Context) (T, error)) (T, error) {
	if l.disabled {
		return fetch(ctx)
	}
	l.mu.Lock()
	if l.ok {
		v := l.val
		l.mu.Unlock()
		return v, nil
	}
	call := l.inflight
	if call == nil || call.gen != l.gen {
		call = &listCall[T]{gen: l.gen, done: make(chan struct{})}
		l.inflight = call
		l.mu.Unlock()
		call.val, call.err = fetch(ctx)
		l.mu.Lock()
		if call.err == nil && call.gen == l.gen {
			l.val, l.ok = call.val, true
		}
		if l.inflight == call {
			l.inflight = nil
		}
		close(call.done)
		l.mu.Unlock()
		return call.val, call.err
	}
	l.mu.Unlock()
	select {
	case <-call.done:
		return call.val, call.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// cachedList returns the client's cache for the list named key, creating it on first use.
func cachedList[T any](c *Client, key string) *listCache[T] {
	return loadOrStore(&c.lists, key, func() *listCache[T] { return &listCache[T]{disabled: c.noCoalescing} })
}

// loadOrStore returns the value stored under key in m, storing what newValue returns on first use. The
// client's per-run caches and batchers are kept this way, one per object type.
func loadOrStore[T any](m *sync.Map, key string, newValue func() T) T {
	v, ok := m.Load(key)
	if !ok {
		v, _ = m.LoadOrStore(key, newValue())
	}
	t, ok := v.(T)
	if !ok {
		// Two kinds of value under one key is a programming error.
		panic("hubspot: " + key + " holds another type")
	}
	return t
}

// update applies a write's known effect to the cached list, when one is cached, so that the
// next read needs no request; f must return a new value rather than modify the shared one. A
// fetch in flight is still discarded, since it may predate the write.
func (l *listCache[T]) update(f func(T) T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	if l.ok {
		l.val = f(l.val)
	}
}

// invalidate drops the cached list after a write whose effect is not known.
func (l *listCache[T]) invalidate() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	var zero T
	l.val, l.ok = zero, false
}
