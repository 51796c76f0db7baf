package coalesce

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// createRecords sends one batch create and answers each input. Inputs carry a unique
// objectWriteTraceId, which HubSpot echoes on the records it creates and which matches records
// and errors to inputs (HubSpot may answer in another order).
//
//   - HubSpot refusing the whole batch for its content (a 4xx) created nothing: each input is
//     then created on its own, so that each caller gets HubSpot's own answer for its record.
//   - An unknown outcome (a transport error or a 5xx) is never sent again: every caller gets
//     an *UncertainCreateError with its own values.
//   - A 207 gives each input its record or the error that names it. An input that is neither
//     created nor named gets an error saying what HubSpot reported, uncertain when HubSpot's
//     answer leaves open whether it was created.
func (c *Client) createRecords(ctx context.Context, objectType string, in []hubspot.ObjectInput) ([]*hubspot.Object, []error) {
	res, errs := make([]*hubspot.Object, len(in)), make([]error, len(in))
	ch := &change{what: recordsChanged, objectType: objectType}
	for _, o := range in {
		for _, a := range o.Associations {
			// The records a create associates with have new associations.
			ch.records = append(ch.records, a.ToID)
		}
	}
	_ = c.write(ctx, ch, func(ctx context.Context) error {
		if len(in) == 1 {
			res[0], errs[0] = c.api.CreateObject(ctx, objectType, in[0])
		} else {
			c.createBatch(ctx, objectType, in, res, errs)
		}
		for _, o := range res {
			if o != nil {
				ch.records = append(ch.records, o.ID)
			}
		}
		return errors.Join(errs...)
	})
	return res, errs
}

func (c *Client) createBatch(ctx context.Context, objectType string, in []hubspot.ObjectInput, res []*hubspot.Object, errs []error) {
	traces := make([]string, len(in))
	inputs := make([]hubspot.ObjectInput, len(in))
	for i := range in {
		traces[i] = newTraceID()
		inputs[i] = in[i]
		inputs[i].ObjectWriteTraceID = traces[i]
	}
	out, err := c.api.BatchCreateObjects(ctx, objectType, inputs)
	var partial *hubspot.PartialError
	var uncertain *hubspot.UncertainCreateError
	switch {
	case err == nil || errors.As(err, &partial):
	case hubspot.RefusedAsWhole(err):
		eachOnItsOwn(len(in), func(i int) { res[i], errs[i] = c.api.CreateObject(ctx, objectType, in[i]) })
		return
	case errors.As(err, &uncertain):
		for i := range in {
			errs[i] = &hubspot.UncertainCreateError{Kind: "record", ObjectType: objectType, Properties: in[i].Properties, Err: uncertain.Err}
		}
		return
	default:
		// Credentials, scopes or the daily limit: nothing was created, for any input.
		copy(errs, sameErr(len(in), err))
		return
	}
	matchCreates(objectType, in, traces, out, partial, res, errs)
}

// matchCreates gives each input of a batch create its record or its error.
func matchCreates(objectType string, in []hubspot.ObjectInput, traces []string, out []hubspot.Object, partial *hubspot.PartialError, res []*hubspot.Object, errs []error) {
	byTrace := make(map[string]int, len(in))
	for i, t := range traces {
		byTrace[t] = i
	}
	var unmatched []*hubspot.Object
	for k := range out {
		if j, ok := byTrace[out[k].ObjectWriteTraceID]; ok && res[j] == nil {
			res[j] = &out[k]
		} else {
			unmatched = append(unmatched, &out[k])
		}
	}
	var unnamed []hubspot.BatchError
	if partial != nil {
		for _, be := range partial.Errors {
			named := false
			for j, t := range traces {
				if res[j] == nil && errs[j] == nil && be.Mentions(t) {
					errs[j] = be.ItemError(partial.Method, partial.Path, "")
					named = true
				}
			}
			if !named {
				unnamed = append(unnamed, be)
			}
		}
	}
	var open []int
	for j := range in {
		if res[j] == nil && errs[j] == nil {
			open = append(open, j)
		}
	}
	noun := hubspot.RecordNoun(objectType)
	switch {
	case len(open) == 1 && len(unmatched) == 1:
		// One input left and one record left can only belong together.
		res[open[0]] = unmatched[0]
		return
	case len(open) == 1 && len(unmatched) == 0 && len(unnamed) == 1:
		errs[open[0]] = fmt.Errorf("HubSpot did not create this %s: %w", noun, unnamed[0].ItemError(partial.Method, partial.Path, ""))
		return
	}
	for _, j := range open {
		var why error
		switch {
		case len(unmatched) > 0:
			ids := make([]string, len(unmatched))
			for i, o := range unmatched {
				ids[i] = o.ID
			}
			why = fmt.Errorf("HubSpot's answer to the batch create holds %s without saying which input each came from; this one may be among them", strings.Join(ids, ", "))
		case len(unnamed) > 0:
			errs[j] = fmt.Errorf("HubSpot did not create this %s: %w", noun, &hubspot.PartialError{Method: partial.Method, Path: partial.Path, Errors: unnamed})
			continue
		default:
			why = errors.New("HubSpot's answer to the batch create has neither a record nor an error for it")
		}
		errs[j] = &hubspot.UncertainCreateError{Kind: "record", ObjectType: objectType, Properties: in[j].Properties, Err: why}
	}
}

// newTraceID returns a unique objectWriteTraceId.
func newTraceID() string {
	var b [12]byte
	// crypto/rand.Read does not fail on the platforms Go supports.
	_, _ = cryptorand.Read(b[:])
	return "tf-" + hex.EncodeToString(b[:])
}

// createProperties sends one batch create of properties and answers each input's property or
// error, matched by name. A refused input's error comes back as a *hubspot.Error, so that
// callers read it as they read a single create's. A batch HubSpot refuses as a whole falls
// back to single creates.
func (c *Client) createProperties(ctx context.Context, objectType string, in []hubspot.PropertyCreate) ([]*hubspot.Property, []error) {
	res, errs := make([]*hubspot.Property, len(in)), make([]error, len(in))
	ch := &change{what: propertiesChanged, objectType: objectType}
	_ = c.write(ctx, ch, func(ctx context.Context) error {
		single := func(i int) { res[i], errs[i] = c.api.CreateProperty(ctx, objectType, in[i]) }
		if len(in) == 1 {
			single(0)
		} else {
			out, err := c.api.BatchCreateProperties(ctx, objectType, in)
			var partial *hubspot.PartialError
			var uncertain *hubspot.UncertainCreateError
			switch {
			case err == nil || errors.As(err, &partial):
				matchProperties(objectType, in, out, partial, res, errs)
			case hubspot.RefusedAsWhole(err):
				eachOnItsOwn(len(in), single)
			case errors.As(err, &uncertain):
				for i := range in {
					errs[i] = &hubspot.UncertainCreateError{Kind: "property", ObjectType: objectType, Key: in[i].Name, Err: uncertain.Err}
				}
			default:
				copy(errs, sameErr(len(in), err))
			}
		}
		for i, p := range res {
			if p != nil {
				ch.created = append(ch.created, *p)
			} else if errs[i] == nil {
				errs[i] = fmt.Errorf("HubSpot's answer to the property create has neither a property nor an error for %q", in[i].Name)
			}
		}
		// A create that may have happened makes the lists stale; refused ones change nothing.
		for _, err := range errs {
			var uncertain *hubspot.UncertainCreateError
			if errors.As(err, &uncertain) {
				return err
			}
		}
		return nil
	})
	return res, errs
}

// matchProperties gives each input of a batch property create its property or its error.
func matchProperties(objectType string, in []hubspot.PropertyCreate, out []hubspot.Property, partial *hubspot.PartialError, res []*hubspot.Property, errs []error) {
	byName := map[string]int{}
	for i, p := range in {
		byName[p.Name] = i
	}
	for k := range out {
		if i, ok := byName[out[k].Name]; ok {
			res[i] = &out[k]
		}
	}
	var unnamed []hubspot.BatchError
	if partial != nil {
		for _, be := range partial.Errors {
			named := false
			for _, n := range be.IDs() {
				if i, ok := byName[n]; ok && res[i] == nil {
					errs[i] = be.ItemError(partial.Method, partial.Path, "")
					named = true
				}
			}
			if !named {
				unnamed = append(unnamed, be)
			}
		}
	}
	for i := range in {
		if res[i] != nil || errs[i] != nil {
			continue
		}
		why := errors.New("HubSpot's answer to the batch create has neither a result nor an error for it")
		if len(unnamed) > 0 {
			why = &hubspot.PartialError{Method: partial.Method, Path: partial.Path, Errors: unnamed}
		}
		errs[i] = &hubspot.UncertainCreateError{Kind: "property", ObjectType: objectType, Key: in[i].Name, Err: why}
	}
}

// archiveProperties sends one batch archive of properties.
func (c *Client) archiveProperties(ctx context.Context, objectType string, names []string) ([]struct{}, []error) {
	return c.archiveEach(ctx, &change{what: propertiesChanged, objectType: objectType}, len(names),
		func(ctx context.Context, i int) error { return c.api.ArchiveProperty(ctx, objectType, names[i]) },
		func(ctx context.Context) error { return c.api.BatchArchiveProperties(ctx, objectType, names) })
}
