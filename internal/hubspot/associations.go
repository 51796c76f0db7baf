package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// HubSpot's documented limits of the v4 record association batches.
const (
	MaxAssociationBatchRead  = 1000
	MaxAssociationBatchWrite = 2000
	// MaxAssociationPageSize is the most associations one list request returns.
	MaxAssociationPageSize = 500
)

// AssociatedRecord is a record another record is associated with, and the association types
// between them, read from the first record's side.
type AssociatedRecord struct {
	ToObjectID string
	Types      []AssociationType
}

// RecordAssociationInput names association types between two records for a batch create or
// a batch removal of labels.
type RecordAssociationInput struct {
	FromID string
	ToID   string
	Types  []AssociationSpec
}

// flexString is an id HubSpot sends as a string (as its spec types it) or a number (as its
// guides show it).
type flexString string

func (f *flexString) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("an id must be a string or a number, got %s", data)
	}
	*f = flexString(n.String())
	return nil
}

type wireAssociated struct {
	ToObjectID       flexString        `json:"toObjectId"`
	AssociationTypes []AssociationType `json:"associationTypes"`
}

func (w wireAssociated) record() AssociatedRecord {
	return AssociatedRecord{ToObjectID: string(w.ToObjectID), Types: w.AssociationTypes}
}

func recordAssociationsPath(fromType, fromID, toType string) string {
	return "/crm/v4/objects/" + pathEscape(CanonicalObjectType(fromType)) + "/" + pathEscape(fromID) + "/associations/" + pathEscape(CanonicalObjectType(toType))
}

func associationBatchPath(fromType, toType, op string) string {
	return "/crm/v4/associations/" + pathEscape(CanonicalObjectType(fromType)) + "/" + pathEscape(CanonicalObjectType(toType)) + "/batch/" + op
}

// ListRecordAssociations returns the records of toType that a record is associated with,
// following HubSpot's paging. A record that does not exist is a not-found *Error.
func (c *Client) ListRecordAssociations(ctx context.Context, fromType, fromID, toType string) ([]AssociatedRecord, error) {
	q := url.Values{"limit": {strconv.Itoa(MaxAssociationPageSize)}}
	recs, err := allPages[wireAssociated](ctx, c, recordAssociationsPath(fromType, fromID, toType), q)
	if err != nil {
		return nil, err
	}
	out := make([]AssociatedRecord, len(recs))
	for i, r := range recs {
		out[i] = r.record()
	}
	return out, nil
}

// noAssociations is the subCategory HubSpot reports for a record with no associations of the
// type asked for: an empty list, not a failure.
const noAssociations = "crm.associations.NO_ASSOCIATIONS_FOUND"

// BatchReadRecordAssociations returns, for each record id, the records of toType it is
// associated with, 1,000 ids per request, following each record's paging. A record with no
// associations gets an empty list; other per-record failures are reported by a *PartialError
// returned with the lists that were read.
func (c *Client) BatchReadRecordAssociations(ctx context.Context, fromType, toType string, ids []string) (map[string][]AssociatedRecord, error) {
	out := make(map[string][]AssociatedRecord, len(ids))
	errs := batchErrors{method: http.MethodPost, path: associationBatchPath(fromType, toType, "read")}
	pending := make([]associationPage, len(ids))
	for i, id := range ids {
		pending[i] = associationPage{ID: id}
	}
	for len(pending) > 0 {
		var next []associationPage
		for _, ch := range chunks(len(pending), MaxAssociationBatchRead) {
			more, err := c.readAssociationPages(ctx, &errs, pending[ch[0]:ch[1]], out)
			if err != nil {
				return out, err
			}
			next = append(next, more...)
		}
		pending = next
	}
	return out, errs.err()
}

// associationPage asks a batch association read for one record's page after After.
type associationPage struct {
	ID    string `json:"id"`
	After string `json:"after,omitempty"`
}

// readAssociationPages sends one batch association read, adds what it answers to out and its
// per-record failures to errs, and returns the pages still to read.
func (c *Client) readAssociationPages(ctx context.Context, errs *batchErrors, inputs []associationPage, out map[string][]AssociatedRecord) ([]associationPage, error) {
	res, err := call[struct {
		Results []struct {
			From   wireID           `json:"from"`
			To     []wireAssociated `json:"to"`
			Paging *wirePaging      `json:"paging"`
		} `json:"results"`
		Errors []BatchError `json:"errors"`
	}](ctx, c, request{method: http.MethodPost, path: errs.path, body: map[string]any{"inputs": inputs}})
	if err != nil {
		return nil, err
	}
	var next []associationPage
	for _, r := range res.Results {
		list := out[r.From.ID]
		if list == nil {
			list = []AssociatedRecord{}
		}
		for _, w := range r.To {
			list = append(list, w.record())
		}
		out[r.From.ID] = list
		if after := r.Paging.nextAfter(); after != "" && len(r.To) > 0 {
			next = append(next, associationPage{ID: r.From.ID, After: after})
		}
	}
	for _, be := range res.Errors {
		if be.SubCategory != noAssociations {
			errs.add(be)
			continue
		}
		for _, id := range be.IDs() {
			if out[id] == nil {
				out[id] = []AssociatedRecord{}
			}
		}
	}
	return next, nil
}

// CreateRecordAssociation associates two records with the given types (added to any already
// there) and returns the labels now between them.
func (c *Client) CreateRecordAssociation(ctx context.Context, fromType, fromID, toType, toID string, types []AssociationSpec) ([]string, error) {
	if types == nil {
		types = []AssociationSpec{}
	}
	path := recordAssociationsPath(fromType, fromID, toType) + "/" + pathEscape(toID)
	out, err := call[struct {
		Labels []string `json:"labels"`
	}](ctx, c, request{method: http.MethodPut, path: path, body: types})
	if err != nil {
		return nil, err
	}
	return out.Labels, nil
}

// DeleteRecordAssociations removes every association between two records.
func (c *Client) DeleteRecordAssociations(ctx context.Context, fromType, fromID, toType, toID string) error {
	path := recordAssociationsPath(fromType, fromID, toType) + "/" + pathEscape(toID)
	return c.do(ctx, request{method: http.MethodDelete, path: path})
}

type wireAssociationPost struct {
	From  wireID            `json:"from"`
	To    wireID            `json:"to"`
	Types []AssociationSpec `json:"types"`
}

func associationPosts(in []RecordAssociationInput) []wireAssociationPost {
	out := make([]wireAssociationPost, len(in))
	for i, a := range in {
		types := a.Types
		if types == nil {
			types = []AssociationSpec{}
		}
		out[i] = wireAssociationPost{From: wireID{ID: a.FromID}, To: wireID{ID: a.ToID}, Types: types}
	}
	return out
}

// BatchCreateRecordAssociations associates pairs of records, 2,000 per request. Inputs
// HubSpot refuses are reported by a *PartialError; the others are made.
func (c *Client) BatchCreateRecordAssociations(ctx context.Context, fromType, toType string, in []RecordAssociationInput) error {
	return postInputs(ctx, c, associationBatchPath(fromType, toType, "create"), associationPosts(in), MaxAssociationBatchWrite)
}

// BatchArchiveRecordAssociationLabels removes the given types between pairs of records,
// 2,000 per request. Removing a pair's default (unlabeled) type removes all its types.
func (c *Client) BatchArchiveRecordAssociationLabels(ctx context.Context, fromType, toType string, in []RecordAssociationInput) error {
	return postInputs(ctx, c, associationBatchPath(fromType, toType, "labels/archive"), associationPosts(in), MaxAssociationBatchWrite)
}
