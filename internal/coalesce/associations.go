package coalesce

import (
	"context"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func (c *Client) labelList(ctx context.Context, fromObjectType, toObjectType string) ([]hubspot.AssociationType, error) {
	key := hubspot.CanonicalObjectType(fromObjectType) + "/" + hubspot.CanonicalObjectType(toObjectType)
	return c.labels.of(key).get(ctx, func(ctx context.Context) ([]hubspot.AssociationType, error) {
		return c.api.ListAssociationTypes(ctx, fromObjectType, toObjectType)
	})
}

// ListAssociationTypes serves each pair's list from one request per run until a label write.
func (c *Client) ListAssociationTypes(ctx context.Context, fromObjectType, toObjectType string) ([]hubspot.AssociationType, error) {
	list, err := c.labelList(ctx, fromObjectType, toObjectType)
	if err != nil {
		return nil, err
	}
	return hubspot.CloneAssociationTypes(list), nil
}

func (c *Client) labelChange(from, to string) *change {
	return &change{what: labelsChanged, objectType: from, toType: to}
}

// CreateAssociationLabel is a single create.
func (c *Client) CreateAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, in hubspot.AssociationLabelInput) (hubspot.AssociationLabelIDs, error) {
	return writeOne(c, ctx, c.labelChange(fromObjectType, toObjectType), func(ctx context.Context) (hubspot.AssociationLabelIDs, error) {
		return c.api.CreateAssociationLabel(ctx, fromObjectType, toObjectType, in)
	})
}

// UpdateAssociationLabel is a single PUT.
func (c *Client) UpdateAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, typeID int, label, inverseLabel string) error {
	return c.write(ctx, c.labelChange(fromObjectType, toObjectType), func(ctx context.Context) error {
		return c.api.UpdateAssociationLabel(ctx, fromObjectType, toObjectType, typeID, label, inverseLabel)
	})
}

// DeleteAssociationLabel is a single DELETE.
func (c *Client) DeleteAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, typeID int) error {
	return c.write(ctx, c.labelChange(fromObjectType, toObjectType), func(ctx context.Context) error {
		return c.api.DeleteAssociationLabel(ctx, fromObjectType, toObjectType, typeID)
	})
}

// ListRecordAssociations serves a read from the run's listing when it holds the record's
// associations (see listing.go), and otherwise shares v4 batch reads with the reads of records
// of the same type that arrive together.
func (c *Client) ListRecordAssociations(ctx context.Context, fromType, fromID, toType string) ([]hubspot.AssociatedRecord, error) {
	if l := c.listings.of(c, fromType); l != nil {
		recs, ok, err := l.links(ctx, fromID, toType)
		if err != nil || ok {
			return recs, err
		}
	}
	recs, err := c.linkReads(fromType, toType).do(ctx, fromID)
	return cloneLinks(recs), err
}

func cloneLinks(in []hubspot.AssociatedRecord) []hubspot.AssociatedRecord {
	if in == nil {
		return nil
	}
	out := make([]hubspot.AssociatedRecord, len(in))
	for i, r := range in {
		out[i] = hubspot.AssociatedRecord{ToObjectID: r.ToObjectID, Types: hubspot.CloneAssociationTypes(r.Types)}
	}
	return out
}

// BatchCreateRecordAssociations is one request, whose records the listing forgets.
func (c *Client) BatchCreateRecordAssociations(ctx context.Context, fromType, toType string, in []hubspot.RecordAssociationInput) error {
	return c.write(ctx, linkChange(fromType, in), func(ctx context.Context) error {
		return c.api.BatchCreateRecordAssociations(ctx, fromType, toType, in)
	})
}

// BatchArchiveRecordAssociationLabels is one request, whose records the listing forgets.
func (c *Client) BatchArchiveRecordAssociationLabels(ctx context.Context, fromType, toType string, in []hubspot.RecordAssociationInput) error {
	return c.write(ctx, linkChange(fromType, in), func(ctx context.Context) error {
		return c.api.BatchArchiveRecordAssociationLabels(ctx, fromType, toType, in)
	})
}

func linkChange(fromType string, in []hubspot.RecordAssociationInput) *change {
	ch := &change{what: linksChanged, objectType: fromType}
	for _, a := range in {
		ch.records = append(ch.records, a.FromID, a.ToID)
	}
	return ch
}

// readLinks answers a batch of association reads: each record gets its list or its own
// error; a record the batch leaves unanswered is read on its own.
func (c *Client) readLinks(ctx context.Context, fromType, toType string, ids []string) ([][]hubspot.AssociatedRecord, []error) {
	unique := make([]string, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	got, err := c.api.BatchReadRecordAssociations(ctx, fromType, toType, unique)
	lists, failed := batchThenEach(unique, got, err, itemErrors, func(id string) ([]hubspot.AssociatedRecord, error) {
		return c.api.ListRecordAssociations(ctx, fromType, id, toType)
	})
	res, errs := make([][]hubspot.AssociatedRecord, len(ids)), make([]error, len(ids))
	for i, id := range ids {
		res[i], errs[i] = lists[id], failed[id]
	}
	return res, errs
}

// itemErrors are the errors of a batch answer, by the ids each names.
func itemErrors(partial *hubspot.PartialError) map[string]error {
	errs := map[string]error{}
	for _, be := range partial.Errors {
		for _, id := range be.IDs() {
			errs[id] = be.ItemError(partial.Method, partial.Path, "")
		}
	}
	return errs
}
