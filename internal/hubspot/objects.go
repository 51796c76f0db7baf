package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Object is a CRM record (HubSpot's SimplePublicObject): a ticket, contact, company, deal or
// any other object type. Properties holds the values HubSpot returned; properties without a
// value (HubSpot sends them as null) are left out, so a property is set exactly when it is in
// the map.
type Object struct {
	ID         string
	Properties map[string]string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Archived   bool
	// ObjectWriteTraceID echoes the trace id of the batch create input the record came from.
	ObjectWriteTraceID string
}

// ObjectInput is a record to create: its property values and the records to associate it
// with as it is created.
type ObjectInput struct {
	Properties   map[string]string
	Associations []AssociationInput
	// ObjectWriteTraceID, in a batch create, tells the inputs apart in HubSpot's answer.
	ObjectWriteTraceID string
}

// AssociationInput links a record being created to an existing record, ToID, with one or more
// association types. The target's object type follows from the type ids.
type AssociationInput struct {
	ToID  string
	Types []AssociationSpec
}

// AssociationSpec is one association type as HubSpot names it in requests: its category
// (HUBSPOT_DEFINED, USER_DEFINED, INTEGRATOR_DEFINED or WORK) and numeric type id.
type AssociationSpec struct {
	Category string `json:"associationCategory"`
	TypeID   int    `json:"associationTypeId"`
}

// ObjectUpdate is one record's new property values in a batch update.
type ObjectUpdate struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

// ListOptions selects what a list returns.
type ListOptions struct {
	// Properties to return; HubSpot's default set when empty.
	Properties []string
	// Archived lists the archived records instead of the active ones.
	Archived bool
}

// HubSpot's documented batch limits.
const (
	// MaxBatchInputs is the most inputs one batch read, create, update or archive of records takes.
	MaxBatchInputs = 100
	// MaxListPageSize is the largest page the list endpoints return.
	MaxListPageSize = 100
	// MaxSearchPageSize is the largest page a search returns.
	MaxSearchPageSize = 200
	// MaxSearchResults is how far a search can page: HubSpot refuses to go past 10,000 results.
	MaxSearchResults = 10000
)

// wireObject is the record as it travels.
type wireObject struct {
	ID                 string     `json:"id"`
	Properties         wireValues `json:"properties"`
	CreatedAt          time.Time  `json:"createdAt"`
	UpdatedAt          time.Time  `json:"updatedAt"`
	Archived           bool       `json:"archived"`
	ObjectWriteTraceID string     `json:"objectWriteTraceId,omitempty"`
}

// object turns a single record's answer into an *Object.
func object(w *wireObject, err error) (*Object, error) {
	if err != nil {
		return nil, err
	}
	return w.object(), nil
}

func (w *wireObject) object() *Object {
	props := w.Properties
	if props == nil {
		props = wireValues{}
	}
	return &Object{ID: w.ID, Properties: props, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Archived: w.Archived,
		ObjectWriteTraceID: w.ObjectWriteTraceID}
}

// wireValues are a record's property values. HubSpot sends every property asked for, null when
// the record has no value; those are left out as they are read, since a listing that asks for
// every custom property gets mostly nulls.
type wireValues map[string]string

func (v *wireValues) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	t, err := dec.Token()
	switch {
	case err != nil:
		return err
	case t == nil:
		// null: no values.
		return nil
	case t != json.Delim('{'):
		return fmt.Errorf("properties must be an object, got %v", t)
	}
	out := wireValues{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		val, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := k.(string)
		switch x := val.(type) {
		case nil:
		case string:
			out[key] = x
		case json.Number:
			out[key] = x.String()
		case bool:
			out[key] = strconv.FormatBool(x)
		default:
			return fmt.Errorf("property %q: a value must be a string or null", key)
		}
	}
	*v = out
	return nil
}

type wireID struct {
	ID string `json:"id"`
}

type wireAssociationInput struct {
	To    wireID            `json:"to"`
	Types []AssociationSpec `json:"types"`
}

type wireCreateInput struct {
	Properties         map[string]string      `json:"properties"`
	Associations       []wireAssociationInput `json:"associations"`
	ObjectWriteTraceID string                 `json:"objectWriteTraceId,omitempty"`
}

func (in ObjectInput) wire() wireCreateInput {
	w := wireCreateInput{Properties: in.Properties, Associations: []wireAssociationInput{}, ObjectWriteTraceID: in.ObjectWriteTraceID}
	if w.Properties == nil {
		w.Properties = map[string]string{}
	}
	for _, a := range in.Associations {
		types := a.Types
		if types == nil {
			types = []AssociationSpec{}
		}
		w.Associations = append(w.Associations, wireAssociationInput{To: wireID{ID: a.ToID}, Types: types})
	}
	return w
}

func objectsPath(objectType string, segments ...string) string {
	return path("/crm/v3/objects/"+pathEscape(objectType), segments...)
}

func propertiesQuery(properties []string) url.Values {
	q := url.Values{}
	if len(properties) > 0 {
		q.Set("properties", strings.Join(properties, ","))
	}
	return q
}

// CreateObject creates a record of objectType (a name such as "contacts" or an id such as
// "0-1"). When HubSpot's answer is lost or is a server error, the create is not sent again and
// the error is an *UncertainCreateError with the values sent.
func (c *Client) CreateObject(ctx context.Context, objectType string, in ObjectInput) (*Object, error) {
	return object(call[wireObject](ctx, c, request{method: http.MethodPost, path: objectsPath(objectType), body: in.wire(),
		create: &UncertainCreateError{Kind: "record", ObjectType: objectType, Properties: in.Properties}}))
}

// GetObject reads one record with the given properties (HubSpot's default set for the object
// type when properties is empty). A record that does not exist or is archived is a not-found
// *Error.
func (c *Client) GetObject(ctx context.Context, objectType, id string, properties []string) (*Object, error) {
	return object(call[wireObject](ctx, c, request{method: http.MethodGet, path: objectsPath(objectType, id), query: propertiesQuery(properties)}))
}

// UpdateObject sets property values on a record; an empty string clears a value.
func (c *Client) UpdateObject(ctx context.Context, objectType, id string, properties map[string]string) (*Object, error) {
	if properties == nil {
		properties = map[string]string{}
	}
	body := map[string]any{"properties": properties}
	return object(call[wireObject](ctx, c, request{method: http.MethodPatch, path: objectsPath(objectType, id), body: body}))
}

// ArchiveObject moves a record to the recycle bin.
func (c *Client) ArchiveObject(ctx context.Context, objectType, id string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: objectsPath(objectType, id)})
}

// ListObjects returns every record of objectType, following HubSpot's paging, 100 a page.
func (c *Client) ListObjects(ctx context.Context, objectType string, opts ListOptions) ([]Object, error) {
	q := propertiesQuery(opts.Properties)
	q.Set("limit", strconv.Itoa(MaxListPageSize))
	if opts.Archived {
		q.Set("archived", "true")
	}
	recs, err := allPages[wireObject](ctx, c, objectsPath(objectType), q)
	if err != nil {
		return nil, err
	}
	all := make([]Object, len(recs))
	for i := range recs {
		all[i] = *recs[i].object()
	}
	return all, nil
}

type wireBatchObjects struct {
	Results []wireObject `json:"results"`
	Errors  []BatchError `json:"errors"`
}

// batchObjects sends a batch request per chunk of MaxBatchInputs inputs and gathers the
// records and the per-item errors of all chunks; per-item errors come back as a *PartialError
// with the records.
func (c *Client) batchObjects(ctx context.Context, r request, n int, body func(lo, hi int) any) ([]Object, error) {
	var all []Object
	errs := batchErrors{method: r.method, path: r.path}
	for _, ch := range chunks(n, MaxBatchInputs) {
		var out wireBatchObjects
		r.body, r.out = body(ch[0], ch[1]), &out
		if err := c.do(ctx, r); err != nil {
			return all, err
		}
		for i := range out.Results {
			all = append(all, *out.Results[i].object())
		}
		errs.add(out.Errors...)
	}
	return all, errs.err()
}

func wireIDs(ids []string) []wireID {
	out := make([]wireID, len(ids))
	for i, id := range ids {
		out[i] = wireID{ID: id}
	}
	return out
}

// BatchReadObjects reads records by id, 100 per request. Ids HubSpot does not find are
// reported by a *PartialError returned with the records that were found.
func (c *Client) BatchReadObjects(ctx context.Context, objectType string, ids, properties []string) ([]Object, error) {
	if properties == nil {
		properties = []string{}
	}
	r := request{method: http.MethodPost, path: objectsPath(objectType, "batch", "read")}
	return c.batchObjects(ctx, r, len(ids), func(lo, hi int) any {
		return map[string]any{"inputs": wireIDs(ids[lo:hi]), "properties": properties, "propertiesWithHistory": []string{}}
	})
}

// BatchCreateObjects creates records, 100 per request. The records come back in HubSpot's
// order, which need not be the inputs' order: give each input an ObjectWriteTraceID to match
// them. A batch whose outcome is unknown is not sent again; its error is an
// *UncertainCreateError.
func (c *Client) BatchCreateObjects(ctx context.Context, objectType string, in []ObjectInput) ([]Object, error) {
	r := request{method: http.MethodPost, path: objectsPath(objectType, "batch", "create"),
		create: &UncertainCreateError{Kind: "record", ObjectType: objectType}}
	return c.batchObjects(ctx, r, len(in), func(lo, hi int) any {
		inputs := make([]wireCreateInput, 0, hi-lo)
		for _, o := range in[lo:hi] {
			inputs = append(inputs, o.wire())
		}
		return map[string]any{"inputs": inputs}
	})
}

// BatchUpdateObjects updates records, 100 per request.
func (c *Client) BatchUpdateObjects(ctx context.Context, objectType string, in []ObjectUpdate) ([]Object, error) {
	r := request{method: http.MethodPost, path: objectsPath(objectType, "batch", "update")}
	return c.batchObjects(ctx, r, len(in), func(lo, hi int) any {
		return map[string]any{"inputs": in[lo:hi]}
	})
}

// BatchArchiveObjects archives records by id, 100 per request.
func (c *Client) BatchArchiveObjects(ctx context.Context, objectType string, ids []string) error {
	r := request{method: http.MethodPost, path: objectsPath(objectType, "batch", "archive")}
	_, err := c.batchObjects(ctx, r, len(ids), func(lo, hi int) any {
		return map[string]any{"inputs": wireIDs(ids[lo:hi])}
	})
	return err
}
