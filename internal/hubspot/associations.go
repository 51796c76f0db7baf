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
	path := associationBatchPath(fromType, toType, "read")
	var partial *PartialError
	type input struct {
		ID    string `json:"id"`
		After string `json:"after,omitempty"`
	}
	var pending []input
	for _, id := range ids {
		pending = append(pending, input{ID: id})
	}
	for len(pending) > 0 {
		var next []input
		for _, ch := range chunks(len(pending), MaxAssociationBatchRead) {
			var res struct {
				Results []struct {
					From   wireID           `json:"from"`
					To     []wireAssociated `json:"to"`
					Paging *wirePaging      `json:"paging"`
				} `json:"results"`
				Errors []BatchError `json:"errors"`
			}
			body := map[string]any{"inputs": pending[ch[0]:ch[1]]}
			if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body, out: &res}); err != nil {
				return out, err
			}
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
					next = append(next, input{ID: r.From.ID, After: after})
				}
			}
			for _, be := range res.Errors {
				if be.SubCategory == noAssociations {
					for _, id := range be.IDs() {
						if out[id] == nil {
							out[id] = []AssociatedRecord{}
						}
					}
					continue
				}
				if partial == nil {
					partial = &PartialError{Method: http.MethodPost, Path: path}
				}
				partial.Errors = append(partial.Errors, be)
			}
		}
		pending = next
	}
	if partial != nil {
		return out, partial
	}
	return out, nil
}

// CreateRecordAssociation associates two records with the given types (added to any already
// there) and returns the labels now between them.
func (c *Client) CreateRecordAssociation(ctx context.Context, fromType, fromID, toType, toID string, types []AssociationSpec) ([]string, error) {
	if types == nil {
		types = []AssociationSpec{}
	}
	var out struct {
		Labels []string `json:"labels"`
	}
	path := recordAssociationsPath(fromType, fromID, toType) + "/" + pathEscape(toID)
	if err := c.do(ctx, request{method: http.MethodPut, path: path, body: types, out: &out}); err != nil {
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
	path := associationBatchPath(fromType, toType, "create")
	posts := associationPosts(in)
	var partial *PartialError
	for _, ch := range chunks(len(posts), MaxAssociationBatchWrite) {
		var out struct {
			Errors []BatchError `json:"errors"`
		}
		if err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": posts[ch[0]:ch[1]]}, out: &out}); err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			if partial == nil {
				partial = &PartialError{Method: http.MethodPost, Path: path}
			}
			partial.Errors = append(partial.Errors, out.Errors...)
		}
	}
	if partial != nil {
		return partial
	}
	return nil
}

// BatchArchiveRecordAssociationLabels removes the given types between pairs of records,
// 2,000 per request. Removing a pair's default (unlabeled) type removes all its types.
func (c *Client) BatchArchiveRecordAssociationLabels(ctx context.Context, fromType, toType string, in []RecordAssociationInput) error {
	path := associationBatchPath(fromType, toType, "labels/archive")
	posts := associationPosts(in)
	for _, ch := range chunks(len(posts), MaxAssociationBatchWrite) {
		if err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": posts[ch[0]:ch[1]]}}); err != nil {
			return err
		}
	}
	return nil
}
