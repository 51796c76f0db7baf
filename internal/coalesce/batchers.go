package coalesce

import (
	"context"
	"sync"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// batchers holds a run's gatherers, one per kind of call and object type.
type batchers struct {
	mu sync.Mutex
	m  map[string]any
}

// batcher returns the gatherer stored under key, making it on first use.
func batcher[I, R any](b *batchers, key string, newOne func() *gatherer[I, R]) *gatherer[I, R] {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]any{}
	}
	if g, ok := b.m[key].(*gatherer[I, R]); ok {
		return g
	}
	g := newOne()
	b.m[key] = g
	return g
}

// newGatherer makes a gatherer with the client's policy.
func newGatherer[I, R any](c *Client, most int, grace bool, key func(I) string, send func(context.Context, []I) ([]R, []error)) *gatherer[I, R] {
	g := &gatherer[I, R]{policy: c.policy, max: most, key: key, send: send}
	if grace {
		g.grace = writeGrace
	}
	return g
}

func (b *batchers) recordReads(c *Client, objectType string) *gatherer[recordRead, *hubspot.Object] {
	return batcher(b, "read:"+hubspot.CanonicalObjectType(objectType), func() *gatherer[recordRead, *hubspot.Object] {
		return newGatherer(c, hubspot.MaxBatchInputs, false, nil, func(ctx context.Context, in []recordRead) ([]*hubspot.Object, []error) {
			return c.readRecords(ctx, objectType, in)
		})
	})
}

func (b *batchers) recordCreates(c *Client, objectType string) *gatherer[hubspot.ObjectInput, *hubspot.Object] {
	return batcher(b, "create:"+hubspot.CanonicalObjectType(objectType), func() *gatherer[hubspot.ObjectInput, *hubspot.Object] {
		return newGatherer(c, hubspot.MaxBatchInputs, true, nil, func(ctx context.Context, in []hubspot.ObjectInput) ([]*hubspot.Object, []error) {
			return c.createRecords(ctx, objectType, in)
		})
	})
}

func (b *batchers) recordUpdates(c *Client, objectType string) *gatherer[hubspot.ObjectUpdate, *hubspot.Object] {
	return batcher(b, "update:"+hubspot.CanonicalObjectType(objectType), func() *gatherer[hubspot.ObjectUpdate, *hubspot.Object] {
		key := func(u hubspot.ObjectUpdate) string { return u.ID }
		return newGatherer(c, hubspot.MaxBatchInputs, true, key, func(ctx context.Context, in []hubspot.ObjectUpdate) ([]*hubspot.Object, []error) {
			return c.updateRecords(ctx, objectType, in)
		})
	})
}

func (b *batchers) recordArchives(c *Client, objectType string) *gatherer[string, struct{}] {
	return batcher(b, "archive:"+hubspot.CanonicalObjectType(objectType), func() *gatherer[string, struct{}] {
		key := func(id string) string { return id }
		return newGatherer(c, hubspot.MaxBatchInputs, true, key, func(ctx context.Context, ids []string) ([]struct{}, []error) {
			return c.archiveRecords(ctx, objectType, ids)
		})
	})
}

func (b *batchers) propertyCreates(c *Client, objectType string) *gatherer[hubspot.PropertyCreate, *hubspot.Property] {
	return batcher(b, "propertyCreate:"+hubspot.CanonicalObjectType(objectType), func() *gatherer[hubspot.PropertyCreate, *hubspot.Property] {
		key := func(p hubspot.PropertyCreate) string { return p.Name }
		return newGatherer(c, hubspot.MaxBatchInputs, true, key, func(ctx context.Context, in []hubspot.PropertyCreate) ([]*hubspot.Property, []error) {
			return c.createProperties(ctx, objectType, in)
		})
	})
}

func (b *batchers) propertyArchives(c *Client, objectType string) *gatherer[string, struct{}] {
	return batcher(b, "propertyArchive:"+hubspot.CanonicalObjectType(objectType), func() *gatherer[string, struct{}] {
		key := func(name string) string { return name }
		return newGatherer(c, hubspot.MaxBatchInputs, true, key, func(ctx context.Context, names []string) ([]struct{}, []error) {
			return c.archiveProperties(ctx, objectType, names)
		})
	})
}

func (b *batchers) linkReads(c *Client, fromType, toType string) *gatherer[string, []hubspot.AssociatedRecord] {
	key := "links:" + hubspot.CanonicalObjectType(fromType) + "/" + hubspot.CanonicalObjectType(toType)
	return batcher(b, key, func() *gatherer[string, []hubspot.AssociatedRecord] {
		return newGatherer(c, hubspot.MaxAssociationBatchRead, false, nil, func(ctx context.Context, ids []string) ([]([]hubspot.AssociatedRecord), []error) {
			return c.readLinks(ctx, fromType, toType, ids)
		})
	})
}

// eachOnItsOwn runs send for every input at once and waits for all.
func eachOnItsOwn(n int, send func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send(i)
		}()
	}
	wg.Wait()
}

// sameErr answers every one of n callers with err.
func sameErr(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}
