package provider

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestKeysBefore(t *testing.T) {
	k := newKeysBefore()
	var loads atomic.Int32
	load := func(keys ...string) func(context.Context) ([]string, error) {
		return func(context.Context) ([]string, error) {
			loads.Add(1)
			return keys, nil
		}
	}

	// Concurrent creates of one kind share one load.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			taken, err := k.taken(t.Context(), "property", "tier", load("tier", "region"))
			if err != nil || !taken {
				t.Errorf("taken(tier) = %v, %v; want true", taken, err)
			}
		})
	}
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Fatalf("%d loads for one kind, want 1", n)
	}

	// The snapshot outlives the run's own creates: a key made after it is still free in it.
	if taken, _ := k.taken(t.Context(), "property", "new_one", load("new_one")); taken {
		t.Error("a key absent from the first load is reported taken")
	}
	if n := loads.Load(); n != 1 {
		t.Fatalf("%d loads, want 1", n)
	}

	// Each kind has its own snapshot.
	if taken, _ := k.taken(t.Context(), "stage:812", "tier", load()); taken {
		t.Error("a key of another kind is reported taken")
	}

	// A failed load is not kept.
	boom := errors.New("boom")
	if _, err := k.taken(t.Context(), "group", "a", func(context.Context) ([]string, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the load's", err)
	}
	if taken, err := k.taken(t.Context(), "group", "a", load("a")); err != nil || !taken {
		t.Fatalf("after a failed load: %v, %v; want true, nil", taken, err)
	}
}
