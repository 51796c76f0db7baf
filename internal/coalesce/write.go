package coalesce

import (
	"context"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// target is what a write changes.
type target int

const (
	pipelinesChanged target = iota
	propertiesChanged
	groupsChanged
	labelsChanged
	recordsChanged
	// linksChanged is a change of the associations between records.
	linksChanged
)

// change describes one write, for apply. A write's send fills in what only the answer tells
// (the records created, the property made).
type change struct {
	what       target
	objectType string
	// toType is the other object type of a label.
	toType string
	// records are the records a record or association write touched.
	records []string
	// archived says the records were archived, which removes their associations too.
	archived bool
	// created is the property a property create made, when the answer said.
	created []hubspot.Property
}

// write sends one write and then makes what it changed stale in the caches and listings.
// Every write of the layer goes through it, so apply is the one place that knows what each
// kind of write invalidates.
func (c *Client) write(ctx context.Context, ch *change, send func(context.Context) error) error {
	err := send(ctx)
	c.apply(ch, err)
	return err
}

// writeOne sends one write whose answer is a value, through write.
func writeOne[R any](c *Client, ctx context.Context, ch *change, send func(context.Context) (R, error)) (R, error) {
	var out R
	err := c.write(ctx, ch, func(ctx context.Context) (err error) {
		out, err = send(ctx)
		return err
	})
	return out, err
}

// cloned copies a shared list, deeply, for a caller.
func cloned[T any](list []T, clone func(T) T) []T {
	out := make([]T, len(list))
	for i, v := range list {
		out[i] = clone(v)
	}
	return out
}

// apply drops from the caches and listings what a write may have changed; what the write is
// known to have done (a property created) is applied in place, so that the next read needs no
// request. A failed write is treated as one that may have happened.
func (c *Client) apply(ch *change, err error) {
	t := hubspot.CanonicalObjectType(ch.objectType)
	switch ch.what {
	case pipelinesChanged:
		c.pipelines.of(t).invalidate()
	case groupsChanged:
		c.groups.of(t).invalidate()
	case labelsChanged:
		// A label is one definition seen from both sides.
		to := hubspot.CanonicalObjectType(ch.toType)
		c.labels.of(t + "/" + to).invalidate()
		c.labels.of(to + "/" + t).invalidate()
	case propertiesChanged:
		if err == nil && len(ch.created) > 0 {
			c.addProperties(t, ch.created)
			return
		}
		for _, q := range propertyQueries {
			c.properties.of(propertyKey(t, q)).invalidate()
		}
	case recordsChanged, linksChanged:
		c.listings.forget(ch.archived, ch.records)
	}
}

// addProperties adds properties HubSpot has just created to the lists held of their levels,
// instead of dropping the lists: a run that creates many properties would otherwise list them
// all again after every create. The lists of archived properties do not change.
func (c *Client) addProperties(objectType string, created []hubspot.Property) {
	for _, q := range propertyQueries {
		if q.Archived {
			continue
		}
		var mine []hubspot.Property
		names := map[string]bool{}
		for _, p := range created {
			if p.Sensitivity() == q.Level() {
				mine = append(mine, p)
				names[p.Name] = true
			}
		}
		if len(mine) == 0 {
			continue
		}
		c.properties.of(propertyKey(objectType, q)).update(func(list []hubspot.Property) []hubspot.Property {
			out := make([]hubspot.Property, 0, len(list)+len(mine))
			for _, p := range list {
				if !names[p.Name] {
					out = append(out, p)
				}
			}
			return append(out, mine...)
		})
	}
}
