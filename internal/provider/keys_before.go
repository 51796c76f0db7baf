package provider

import (
	"context"
	"sync"
)

// keysBefore remembers, for one run, the keys HubSpot held before the run's first create of
// each kind of keyed object (property names, group names, pipeline labels, stage labels of
// one pipeline). A create whose answer is lost adopts the object found under its key only
// when that key was free before the create; reading the keys once per run instead of once per
// create keeps an apply of 200 properties at a handful of list requests, not 600 GETs.
//
// A snapshot taken before the run's first create of a kind holds for every later create of
// that kind in the run: the run's own creates use distinct keys (the plan refuses
// duplicates), so a key not in the snapshot and found after a lost answer can only have been
// made by this create, or by someone else in HubSpot during the run, which nothing but a
// lookup at the very moment of the create could rule out either. A key the run itself frees
// (destroying an object to create another under its key) stays in the snapshot: such a
// create, if its answer is lost, is not adopted but reported with the advice to import the
// object, which errs on the side of never taking someone else's object for ours.
type keysBefore struct {
	mu    sync.Mutex
	kinds map[string]*keySet
}

// keySet is one kind's snapshot. Its mutex makes concurrent creates wait for the one load; a
// failed load is not kept, so the next create tries again.
type keySet struct {
	mu   sync.Mutex
	keys map[string]bool // nil until loaded
}

func newKeysBefore() *keysBefore { return &keysBefore{kinds: map[string]*keySet{}} }

// taken reports whether key was taken before the run's first create of kind, loading the
// kind's keys with load on first use.
func (k *keysBefore) taken(ctx context.Context, kind, key string, load func(context.Context) ([]string, error)) (bool, error) {
	keys, err := k.snapshot(ctx, kind, load)
	return keys[key], err
}

// snapshot returns the keys HubSpot held before the run's first create of kind, loading them
// with load on first use. Without a snapshot (a resource the provider did not configure) it
// loads the keys every time.
func (k *keysBefore) snapshot(ctx context.Context, kind string, load func(context.Context) ([]string, error)) (map[string]bool, error) {
	if k == nil {
		return loadKeys(ctx, load)
	}
	k.mu.Lock()
	set := k.kinds[kind]
	if set == nil {
		set = &keySet{}
		k.kinds[kind] = set
	}
	k.mu.Unlock()

	set.mu.Lock()
	defer set.mu.Unlock()
	if set.keys == nil {
		keys, err := loadKeys(ctx, load)
		if err != nil {
			return nil, err
		}
		set.keys = keys
	}
	return set.keys, nil
}

func loadKeys(ctx context.Context, load func(context.Context) ([]string, error)) (map[string]bool, error) {
	list, err := load(ctx)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]bool, len(list))
	for _, k := range list {
		keys[k] = true
	}
	return keys, nil
}
