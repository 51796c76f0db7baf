package coalesce

import (
	"context"
	"errors"
	"sync"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// batchers holds a run's gatherers, one per kind of call and object type.
type batchers struct {
	mu sync.Mutex
	m  map[string]any
}

// gathererFor returns the run's gatherer of kind for objectType, making it with the client's
// policy on first use. A write's gatherer gives writes already sent writeGrace; key, when set,
// says which inputs are the same object and cannot share a batch.
func gathererFor[I, R any](c *Client, kind, objectType string, most int, write bool, key func(I) string,
	send func(ctx context.Context, objectType string, in []I) ([]R, []error)) *gatherer[I, R] {
	name := kind + ":" + hubspot.CanonicalObjectType(objectType)
	b := &c.batchers
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]any{}
	}
	if g, ok := b.m[name].(*gatherer[I, R]); ok {
		return g
	}
	g := &gatherer[I, R]{policy: c.policy, max: most, key: key}
	g.send = func(ctx context.Context, in []I) ([]R, []error) { return send(ctx, objectType, in) }
	if write {
		g.grace = writeGrace
	}
	b.m[name] = g
	return g
}

// Whether a gatherer carries writes.
const (
	reads  = false
	writes = true
)

func itself(s string) string                          { return s }
func updatedID(u hubspot.ObjectUpdate) string         { return u.ID }
func createdProperty(p hubspot.PropertyCreate) string { return p.Name }

func (c *Client) recordReads(objectType string) *gatherer[recordRead, *hubspot.Object] {
	return gathererFor(c, "read", objectType, hubspot.MaxBatchInputs, reads, nil, c.readRecords)
}

func (c *Client) recordCreates(objectType string) *gatherer[hubspot.ObjectInput, *hubspot.Object] {
	return gathererFor(c, "create", objectType, hubspot.MaxBatchInputs, writes, nil, c.createRecords)
}

func (c *Client) recordUpdates(objectType string) *gatherer[hubspot.ObjectUpdate, *hubspot.Object] {
	return gathererFor(c, "update", objectType, hubspot.MaxBatchInputs, writes, updatedID, c.updateRecords)
}

func (c *Client) recordArchives(objectType string) *gatherer[string, struct{}] {
	return gathererFor(c, "archive", objectType, hubspot.MaxBatchInputs, writes, itself, c.archiveRecords)
}

func (c *Client) propertyCreates(objectType string) *gatherer[hubspot.PropertyCreate, *hubspot.Property] {
	return gathererFor(c, "propertyCreate", objectType, hubspot.MaxBatchInputs, writes, createdProperty, c.createProperties)
}

func (c *Client) propertyArchives(objectType string) *gatherer[string, struct{}] {
	return gathererFor(c, "propertyArchive", objectType, hubspot.MaxBatchInputs, writes, itself, c.archiveProperties)
}

// linkReads gathers the reads of associations from records of fromType to records of toType.
func (c *Client) linkReads(fromType, toType string) *gatherer[string, []hubspot.AssociatedRecord] {
	return gathererFor(c, "links:"+hubspot.CanonicalObjectType(fromType), toType, hubspot.MaxAssociationBatchRead, reads, nil,
		func(ctx context.Context, toType string, ids []string) ([][]hubspot.AssociatedRecord, []error) {
			return c.readLinks(ctx, fromType, toType, ids)
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

// batchThenEach answers ids from the outcome of one batch read, got and err, and reads on its
// own, all at once, each id the batch leaves open: one it neither returned nor reported, or
// every id when HubSpot refused the batch for its content (one malformed id can do that), so
// that each caller gets HubSpot's own answer for its id. itemErrs picks out of a 207 the
// errors that answer an id; any other error of the batch is every id's.
func batchThenEach[T any](ids []string, got map[string]T, err error, itemErrs func(*hubspot.PartialError) map[string]error,
	single func(id string) (T, error)) (map[string]T, map[string]error) {
	res, errs := map[string]T{}, map[string]error{}
	var partial *hubspot.PartialError
	switch {
	case err == nil:
	case errors.As(err, &partial):
		errs = itemErrs(partial)
	case hubspot.IsValidation(err):
		got = nil
	default:
		for _, id := range ids {
			errs[id] = err
		}
		return res, errs
	}
	var open []string
	queued := map[string]bool{}
	for _, id := range ids {
		if v, ok := got[id]; ok {
			res[id] = v
		} else if errs[id] == nil && !queued[id] {
			queued[id] = true
			open = append(open, id)
		}
	}
	var mu sync.Mutex
	eachOnItsOwn(len(open), func(i int) {
		v, err := single(open[i])
		mu.Lock()
		defer mu.Unlock()
		res[open[i]], errs[open[i]] = v, err
	})
	return res, errs
}
