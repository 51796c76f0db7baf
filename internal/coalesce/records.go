package coalesce

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// recordRead is one caller's read: a record and the properties it asks for.
type recordRead struct {
	id    string
	props []string
}

// GetObject serves a read from the run's listing of the type's records when there is one (see
// listing.go), and otherwise shares batch reads with the reads of records of the same type
// that arrive together.
func (c *Client) GetObject(ctx context.Context, objectType, id string, properties []string) (*hubspot.Object, error) {
	if l := c.listings.of(c, objectType); l != nil {
		o, ok, err := l.read(ctx, id, properties)
		if err != nil || ok {
			return o, err
		}
	}
	return c.recordReads(objectType).do(ctx, recordRead{id: id, props: properties})
}

// CreateObject shares batch creates with the creates of records of the same type that arrive
// together; each caller gets its own record or its own error.
func (c *Client) CreateObject(ctx context.Context, objectType string, in hubspot.ObjectInput) (*hubspot.Object, error) {
	o, err := c.recordCreates(objectType).do(ctx, in)
	if errors.Is(err, errLeftInFlight) {
		return nil, &hubspot.UncertainCreateError{Kind: "record", ObjectType: objectType, Properties: in.Properties, Err: err}
	}
	return o, err
}

// UpdateObject shares batch updates; a record appears at most once in a batch.
func (c *Client) UpdateObject(ctx context.Context, objectType, id string, properties map[string]string) (*hubspot.Object, error) {
	if properties == nil {
		properties = map[string]string{}
	}
	return c.recordUpdates(objectType).do(ctx, hubspot.ObjectUpdate{ID: id, Properties: properties})
}

// ArchiveObject shares batch archives.
func (c *Client) ArchiveObject(ctx context.Context, objectType, id string) error {
	_, err := c.recordArchives(objectType).do(ctx, id)
	return err
}

// alwaysReturned are the properties HubSpot includes in every record it returns.
var alwaysReturned = []string{"hs_object_id", "createdate", "hs_lastmodifieddate", "lastmodifieddate"}

// selectProperties copies a record read with more properties than a caller asked for, keeping
// what HubSpot would have returned to that caller alone.
func selectProperties(o *hubspot.Object, properties []string) *hubspot.Object {
	out := *o
	out.Properties = map[string]string{}
	keep := func(names []string) {
		for _, k := range names {
			if v, ok := o.Properties[k]; ok {
				out.Properties[k] = v
			}
		}
	}
	if len(properties) == 0 {
		keep(slices.Sorted(maps.Keys(o.Properties)))
		return &out
	}
	keep(properties)
	keep(alwaysReturned)
	return &out
}

// readRecords answers a batch of reads with one batch read of the union of their properties.
// Reads of HubSpot's default properties and reads that name theirs do not mix: the first go
// without a properties list. Ids HubSpot reports missing get a not-found *Error; when HubSpot
// refuses the whole batch (one malformed id can do that), or leaves an id unanswered, those
// ids are read one by one, so that each caller gets HubSpot's own answer for its id.
func (c *Client) readRecords(ctx context.Context, objectType string, in []recordRead) ([]*hubspot.Object, []error) {
	var named, plain []int
	for i, r := range in {
		if len(r.props) == 0 {
			plain = append(plain, i)
		} else {
			named = append(named, i)
		}
	}
	res, errs := make([]*hubspot.Object, len(in)), make([]error, len(in))
	for _, group := range [][]int{named, plain} {
		if len(group) == 0 {
			continue
		}
		var ids []string
		props := map[string]bool{}
		seen := map[string]bool{}
		for _, i := range group {
			if !seen[in[i].id] {
				seen[in[i].id] = true
				ids = append(ids, in[i].id)
			}
			for _, p := range in[i].props {
				props[p] = true
			}
		}
		found, failed := c.readByID(ctx, objectType, ids, slices.Sorted(maps.Keys(props)))
		for _, i := range group {
			if o := found[in[i].id]; o != nil {
				res[i] = selectProperties(o, in[i].props)
			} else {
				errs[i] = failed[in[i].id]
			}
		}
	}
	return res, errs
}

// readByID reads records in one batch request, falling back to single reads; every id gets a
// record or an error.
func (c *Client) readByID(ctx context.Context, objectType string, ids, props []string) (map[string]*hubspot.Object, map[string]error) {
	found, err := c.api.BatchReadObjects(ctx, objectType, ids, props)
	got := make(map[string]*hubspot.Object, len(found))
	for i := range found {
		got[found[i].ID] = &found[i]
	}
	return batchThenEach(ids, got, err, missingRecords, func(id string) (*hubspot.Object, error) {
		return c.api.GetObject(ctx, objectType, id, props)
	})
}

// missingRecords are the not-found errors of a batch read, by id.
func missingRecords(partial *hubspot.PartialError) map[string]error {
	errs := map[string]error{}
	for _, be := range partial.Errors {
		if be.Category != "OBJECT_NOT_FOUND" {
			continue
		}
		for _, id := range be.Context["ids"] {
			errs[id] = be.ItemError(partial.Method, partial.Path, id)
		}
	}
	return errs
}

// updateRecords sends one batch update and answers each input: its record, a not-found *Error
// for a record HubSpot does not have, or the error HubSpot reported for it. HubSpot refusing
// the whole batch (one invalid value is enough) updated nothing: each input is then sent on
// its own, as is an input the answer leaves out, so that each caller gets HubSpot's own
// answer for its record.
func (c *Client) updateRecords(ctx context.Context, objectType string, in []hubspot.ObjectUpdate) ([]*hubspot.Object, []error) {
	res, errs := make([]*hubspot.Object, len(in)), make([]error, len(in))
	ch := &change{what: recordsChanged, objectType: objectType}
	for _, u := range in {
		ch.records = append(ch.records, u.ID)
	}
	single := func(i int) {
		res[i], errs[i] = c.api.UpdateObject(ctx, objectType, in[i].ID, in[i].Properties)
	}
	_ = c.write(ctx, ch, func(ctx context.Context) error {
		if len(in) == 1 {
			single(0)
			return errs[0]
		}
		out, err := c.api.BatchUpdateObjects(ctx, objectType, in)
		var partial *hubspot.PartialError
		switch {
		case err == nil || errors.As(err, &partial):
			matchUpdates(in, out, partial, res, errs)
		case hubspot.RefusedAsWhole(err):
		default:
			copy(errs, sameErr(len(in), err))
			return err
		}
		var open []int
		for i := range in {
			if res[i] == nil && errs[i] == nil {
				open = append(open, i)
			}
		}
		eachOnItsOwn(len(open), func(k int) { single(open[k]) })
		return nil
	})
	return res, errs
}

// matchUpdates gives each update its record or its error from a batch answer.
func matchUpdates(in []hubspot.ObjectUpdate, out []hubspot.Object, partial *hubspot.PartialError, res []*hubspot.Object, errs []error) {
	at := make(map[string]int, len(in))
	for i, u := range in {
		at[u.ID] = i
	}
	for k := range out {
		if j, ok := at[out[k].ID]; ok {
			res[j] = &out[k]
		}
	}
	if partial == nil {
		return
	}
	for _, be := range partial.Errors {
		for _, id := range be.IDs() {
			if j, ok := at[id]; ok && res[j] == nil {
				errs[j] = be.ItemError(partial.Method, partial.Path, id)
			}
		}
	}
}

// archiveRecords sends one batch archive of records.
func (c *Client) archiveRecords(ctx context.Context, objectType string, ids []string) ([]struct{}, []error) {
	ch := &change{what: recordsChanged, objectType: objectType, records: ids, archived: true}
	return c.archiveEach(ctx, ch, len(ids),
		func(ctx context.Context, i int) error { return c.api.ArchiveObject(ctx, objectType, ids[i]) },
		func(ctx context.Context) error { return c.api.BatchArchiveObjects(ctx, objectType, ids) })
}

// archiveEach sends one batch archive of n objects, or a single archive for one. HubSpot
// refusing the batch as a whole archived none of it (one HubSpot-defined property is enough):
// each object is then archived on its own, so that each caller gets HubSpot's answer about
// its own object.
func (c *Client) archiveEach(ctx context.Context, ch *change, n int, single func(context.Context, int) error, batch func(context.Context) error) ([]struct{}, []error) {
	errs := make([]error, n)
	_ = c.write(ctx, ch, func(ctx context.Context) error {
		one := func(i int) { errs[i] = single(ctx, i) }
		if n == 1 {
			one(0)
			return errs[0]
		}
		err := batch(ctx)
		switch {
		case err == nil:
		case hubspot.RefusedAsWhole(err):
			eachOnItsOwn(n, one)
		default:
			copy(errs, sameErr(n, err))
		}
		return err
	})
	return make([]struct{}, n), errs
}
