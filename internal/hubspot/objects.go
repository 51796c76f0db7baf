package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
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
}

// ObjectInput is a record to create: its property values and the records to associate it
// with as it is created.
type ObjectInput struct {
	Properties   map[string]string
	Associations []AssociationInput
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

// wireObject is the record as it travels: property values may be null.
type wireObject struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
	CreatedAt  time.Time          `json:"createdAt"`
	UpdatedAt  time.Time          `json:"updatedAt"`
	Archived   bool               `json:"archived"`
}

func (w *wireObject) object() *Object {
	o := &Object{ID: w.ID, Properties: make(map[string]string, len(w.Properties)), CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Archived: w.Archived}
	for k, v := range w.Properties {
		if v != nil {
			o.Properties[k] = *v
		}
	}
	return o
}

// clone copies o so that callers never share a Properties map.
func (o *Object) clone() *Object {
	c := *o
	c.Properties = make(map[string]string, len(o.Properties))
	for k, v := range o.Properties {
		c.Properties[k] = v
	}
	return &c
}

type wireAssociationInput struct {
	To    wireID            `json:"to"`
	Types []AssociationSpec `json:"types"`
}

type wireID struct {
	ID string `json:"id"`
}

type wireCreateInput struct {
	Properties   map[string]string      `json:"properties"`
	Associations []wireAssociationInput `json:"associations"`
}

func (in ObjectInput) wire() wireCreateInput {
	w := wireCreateInput{Properties: in.Properties, Associations: []wireAssociationInput{}}
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

func objectsPath(objectType string) string { return "/crm/v3/objects/" + pathEscape(objectType) }

func objectPath(objectType, id string) string {
	return objectsPath(objectType) + "/" + pathEscape(id)
}

func propertiesQuery(properties []string) url.Values {
	q := url.Values{}
	if len(properties) > 0 {
		q.Set("properties", strings.Join(properties, ","))
	}
	return q
}

// CreateObject creates a record of objectType (a name such as "contacts" or an id such as "0-1").
func (c *Client) CreateObject(ctx context.Context, objectType string, in ObjectInput) (*Object, error) {
	var out wireObject
	if err := c.do(ctx, request{method: http.MethodPost, path: objectsPath(objectType), body: in.wire(), out: &out}); err != nil {
		return nil, err
	}
	return out.object(), nil
}

// GetObject reads one record with the given properties (HubSpot's default set for the object
// type when properties is empty). A record that does not exist or is archived is a not-found
// *Error. Concurrent reads of records of one type are coalesced into batch reads unless the
// client was configured with NoCoalescing.
func (c *Client) GetObject(ctx context.Context, objectType, id string, properties []string) (*Object, error) {
	if c.noCoalescing {
		return c.getObjectDirect(ctx, objectType, id, properties)
	}
	return c.objectReader(objectType).get(ctx, id, properties)
}

func (c *Client) getObjectDirect(ctx context.Context, objectType, id string, properties []string) (*Object, error) {
	var out wireObject
	if err := c.get(ctx, objectPath(objectType, id), propertiesQuery(properties), &out); err != nil {
		return nil, err
	}
	return out.object(), nil
}

// UpdateObject sets property values on a record; an empty string clears a value.
func (c *Client) UpdateObject(ctx context.Context, objectType, id string, properties map[string]string) (*Object, error) {
	if properties == nil {
		properties = map[string]string{}
	}
	var out wireObject
	body := map[string]any{"properties": properties}
	if err := c.do(ctx, request{method: http.MethodPatch, path: objectPath(objectType, id), body: body, out: &out}); err != nil {
		return nil, err
	}
	return out.object(), nil
}

// ArchiveObject moves a record to the recycle bin.
func (c *Client) ArchiveObject(ctx context.Context, objectType, id string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: objectPath(objectType, id), safe: true})
}

// ListOptions selects what a list returns.
type ListOptions struct {
	// Properties to return; HubSpot's default set when empty.
	Properties []string
	// Archived lists the archived records instead of the active ones.
	Archived bool
	// PageSize is the records asked for per request, up to MaxListPageSize (the default).
	PageSize int
}

// ListObjects returns every record of objectType, following HubSpot's paging.
func (c *Client) ListObjects(ctx context.Context, objectType string, opts ListOptions) ([]Object, error) {
	size := opts.PageSize
	if size <= 0 || size > MaxListPageSize {
		size = MaxListPageSize
	}
	var all []Object
	after := ""
	for {
		q := propertiesQuery(opts.Properties)
		q.Set("limit", strconv.Itoa(size))
		if opts.Archived {
			q.Set("archived", "true")
		}
		if after != "" {
			q.Set("after", after)
		}
		var page struct {
			Results []wireObject `json:"results"`
			Paging  *wirePaging  `json:"paging"`
		}
		if err := c.get(ctx, objectsPath(objectType), q, &page); err != nil {
			return nil, err
		}
		for i := range page.Results {
			all = append(all, *page.Results[i].object())
		}
		next := page.Paging.nextAfter()
		if next == "" || len(page.Results) == 0 {
			return all, nil
		}
		after = next
	}
}

type wirePaging struct {
	Next *struct {
		After string `json:"after"`
	} `json:"next"`
}

func (p *wirePaging) nextAfter() string {
	if p == nil || p.Next == nil {
		return ""
	}
	return p.Next.After
}

// BatchError is one failed part of a batch request HubSpot answered in part (207): HubSpot's
// StandardError.
type BatchError struct {
	Status      string              `json:"status"`
	Category    string              `json:"category"`
	SubCategory string              `json:"-"`
	Message     string              `json:"message"`
	Context     map[string][]string `json:"context"`
	Errors      []ErrorDetail       `json:"errors"`
	ID          string              `json:"id"`
}

// UnmarshalJSON accepts subCategory as a string or, as the spec types it, any JSON value.
func (b *BatchError) UnmarshalJSON(data []byte) error {
	type plain BatchError
	var w struct {
		plain
		SubCategory json.RawMessage `json:"subCategory"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = BatchError(w.plain)
	if len(w.SubCategory) > 0 && string(w.SubCategory) != "null" {
		var s string
		if json.Unmarshal(w.SubCategory, &s) == nil {
			b.SubCategory = s
		} else {
			b.SubCategory = string(w.SubCategory)
		}
	}
	return nil
}

// PartialError is returned, together with the results HubSpot did produce, when a batch
// request succeeded only in part.
type PartialError struct {
	Method string
	Path   string
	Errors []BatchError
}

func (e *PartialError) Error() string {
	msgs := make([]string, 0, len(e.Errors))
	for _, be := range e.Errors {
		m := be.Category + ": " + be.Message
		if ids := be.Context["ids"]; len(ids) > 0 {
			m += " (ids " + strings.Join(ids, ", ") + ")"
		}
		msgs = append(msgs, m)
	}
	return fmt.Sprintf("HubSpot API %s %s: %d of the batch failed: %s", e.Method, e.Path, len(e.Errors), strings.Join(msgs, "; "))
}

// MissingIDs lists the ids HubSpot reported as not found.
func (e *PartialError) MissingIDs() []string {
	var ids []string
	for _, be := range e.Errors {
		if be.Category == "OBJECT_NOT_FOUND" {
			ids = append(ids, be.Context["ids"]...)
		}
	}
	return ids
}

type wireBatchObjects struct {
	Status  string       `json:"status"`
	Results []wireObject `json:"results"`
	Errors  []BatchError `json:"errors"`
}

// chunks splits n inputs into ranges of at most size.
func chunks(n, size int) [][2]int {
	var out [][2]int
	for lo := 0; lo < n; lo += size {
		out = append(out, [2]int{lo, min(lo+size, n)})
	}
	return out
}

// batchObjects sends inputs to a batch endpoint in chunks of MaxBatchInputs and gathers the
// records and the per-item errors of all chunks.
func (c *Client) batchObjects(ctx context.Context, path string, n int, body func(lo, hi int) any, safe bool) ([]Object, error) {
	var all []Object
	var partial *PartialError
	for _, ch := range chunks(n, MaxBatchInputs) {
		var out wireBatchObjects
		if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body(ch[0], ch[1]), out: &out, safe: safe}); err != nil {
			return all, err
		}
		for i := range out.Results {
			all = append(all, *out.Results[i].object())
		}
		if len(out.Errors) > 0 {
			if partial == nil {
				partial = &PartialError{Method: http.MethodPost, Path: path}
			}
			partial.Errors = append(partial.Errors, out.Errors...)
		}
	}
	if partial != nil {
		return all, partial
	}
	return all, nil
}

// BatchReadObjects reads records by id, 100 per request. Ids HubSpot does not find are
// reported by a *PartialError returned with the records that were found.
func (c *Client) BatchReadObjects(ctx context.Context, objectType string, ids, properties []string) ([]Object, error) {
	if properties == nil {
		properties = []string{}
	}
	path := objectsPath(objectType) + "/batch/read"
	return c.batchObjects(ctx, path, len(ids), func(lo, hi int) any {
		inputs := make([]wireID, 0, hi-lo)
		for _, id := range ids[lo:hi] {
			inputs = append(inputs, wireID{ID: id})
		}
		return map[string]any{"inputs": inputs, "properties": properties, "propertiesWithHistory": []string{}}
	}, true)
}

// BatchCreateObjects creates records, 100 per request. The records come back in HubSpot's
// order, which need not be the inputs' order.
func (c *Client) BatchCreateObjects(ctx context.Context, objectType string, in []ObjectInput) ([]Object, error) {
	path := objectsPath(objectType) + "/batch/create"
	return c.batchObjects(ctx, path, len(in), func(lo, hi int) any {
		inputs := make([]wireCreateInput, 0, hi-lo)
		for _, o := range in[lo:hi] {
			inputs = append(inputs, o.wire())
		}
		return map[string]any{"inputs": inputs}
	}, false)
}

// ObjectUpdate is one record's new property values in a batch update.
type ObjectUpdate struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

// BatchUpdateObjects updates records, 100 per request.
func (c *Client) BatchUpdateObjects(ctx context.Context, objectType string, in []ObjectUpdate) ([]Object, error) {
	path := objectsPath(objectType) + "/batch/update"
	return c.batchObjects(ctx, path, len(in), func(lo, hi int) any {
		return map[string]any{"inputs": in[lo:hi]}
	}, false)
}

// BatchArchiveObjects archives records by id, 100 per request.
func (c *Client) BatchArchiveObjects(ctx context.Context, objectType string, ids []string) error {
	path := objectsPath(objectType) + "/batch/archive"
	_, err := c.batchObjects(ctx, path, len(ids), func(lo, hi int) any {
		inputs := make([]wireID, 0, hi-lo)
		for _, id := range ids[lo:hi] {
			inputs = append(inputs, wireID{ID: id})
		}
		return map[string]any{"inputs": inputs}
	}, true)
	return err
}

// Search operators.
const (
	OpEQ               = "EQ"
	OpNEQ              = "NEQ"
	OpLT               = "LT"
	OpLTE              = "LTE"
	OpGT               = "GT"
	OpGTE              = "GTE"
	OpBetween          = "BETWEEN"
	OpIn               = "IN"
	OpNotIn            = "NOT_IN"
	OpHasProperty      = "HAS_PROPERTY"
	OpNotHasProperty   = "NOT_HAS_PROPERTY"
	OpContainsToken    = "CONTAINS_TOKEN"
	OpNotContainsToken = "NOT_CONTAINS_TOKEN"
)

// SearchOperators are the filter operators HubSpot's search accepts.
var SearchOperators = []string{OpEQ, OpNEQ, OpLT, OpLTE, OpGT, OpGTE, OpBetween, OpIn, OpNotIn, OpHasProperty, OpNotHasProperty, OpContainsToken, OpNotContainsToken}

// HubSpot's search guide limits on filters.
const (
	MaxFilterGroups     = 5
	MaxFiltersPerGroup  = 6
	MaxFiltersTotal     = 18
	MaxSearchQueryChars = 3000
)

// Filter is one search condition. Value is used by the comparison operators, Values by IN and
// NOT_IN, Value and HighValue by BETWEEN; HAS_PROPERTY and NOT_HAS_PROPERTY use neither.
type Filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        string   `json:"value,omitempty"`
	Values       []string `json:"values,omitempty"`
	HighValue    string   `json:"highValue,omitempty"`
}

// FilterGroup is a set of filters that must all match; a record matches a search when any of
// its groups does.
type FilterGroup struct {
	Filters []Filter `json:"filters"`
}

// Sort orders search results by one property. HubSpot honours a single sort.
type Sort struct {
	PropertyName string
	Descending   bool
}

// SearchRequest is a search over one object type.
type SearchRequest struct {
	FilterGroups []FilterGroup
	Query        string
	Sort         *Sort
	// Properties to return; HubSpot's default set when empty.
	Properties []string
	// Limit caps the records returned, at most MaxSearchResults; 0 means as many as HubSpot
	// will page through (MaxSearchResults).
	Limit int
}

// SearchResult is what a search found: Total is HubSpot's count of all matches, which can
// exceed the records returned.
type SearchResult struct {
	Total   int
	Objects []Object
}

// Validate checks a search request against HubSpot's documented limits, so that a bad request
// is refused before it uses up the search rate limit.
func (r SearchRequest) Validate() error {
	if len(r.FilterGroups) > MaxFilterGroups {
		return fmt.Errorf("a search takes at most %d filter groups, got %d", MaxFilterGroups, len(r.FilterGroups))
	}
	total := 0
	for i, g := range r.FilterGroups {
		if len(g.Filters) > MaxFiltersPerGroup {
			return fmt.Errorf("filter group %d has %d filters; a group takes at most %d", i, len(g.Filters), MaxFiltersPerGroup)
		}
		total += len(g.Filters)
	}
	if total > MaxFiltersTotal {
		return fmt.Errorf("a search takes at most %d filters in all, got %d", MaxFiltersTotal, total)
	}
	if len(r.Query) > MaxSearchQueryChars {
		return fmt.Errorf("the search query has %d characters; HubSpot takes at most %d", len(r.Query), MaxSearchQueryChars)
	}
	if r.Limit < 0 || r.Limit > MaxSearchResults {
		return fmt.Errorf("a search returns at most %d records; limit %d is out of range", MaxSearchResults, r.Limit)
	}
	return nil
}

// SearchObjects runs a search and pages through its results, up to r.Limit records. Searches
// wait on the client's search rate limiter, HubSpot's separate per-second limit.
func (c *Client) SearchObjects(ctx context.Context, objectType string, r SearchRequest) (*SearchResult, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	want := r.Limit
	if want == 0 {
		want = MaxSearchResults
	}
	groups := r.FilterGroups
	if groups == nil {
		groups = []FilterGroup{}
	}
	sorts := []string{}
	if r.Sort != nil {
		s := r.Sort.PropertyName
		if r.Sort.Descending {
			s = "-" + s
		}
		sorts = append(sorts, s)
	}
	props := r.Properties
	if props == nil {
		props = []string{}
	}
	res := &SearchResult{}
	offset := 0
	after := ""
	for {
		page := min(MaxSearchPageSize, want-len(res.Objects), MaxSearchResults-offset)
		body := map[string]any{"filterGroups": groups, "sorts": sorts, "properties": props, "limit": page}
		if r.Query != "" {
			body["query"] = r.Query
		}
		if after != "" {
			body["after"] = after
		}
		var out struct {
			Total   int          `json:"total"`
			Results []wireObject `json:"results"`
			Paging  *wirePaging  `json:"paging"`
		}
		if err := c.do(ctx, request{method: http.MethodPost, path: objectsPath(objectType) + "/search", body: body, out: &out, search: true, safe: true}); err != nil {
			return nil, err
		}
		res.Total = out.Total
		for i := range out.Results {
			res.Objects = append(res.Objects, *out.Results[i].object())
		}
		offset += len(out.Results)
		after = out.Paging.nextAfter()
		if after == "" || len(out.Results) == 0 || len(res.Objects) >= want || offset >= MaxSearchResults {
			return res, nil
		}
	}
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// defaultCoalesceWindow is how long a read waits for others to join its batch. It is short
// next to a request's round trip, and long enough for the reads Terraform starts together (one
// per resource, all at once) to land in one batch.
const defaultCoalesceWindow = 10 * time.Millisecond

func (c *Client) window() time.Duration {
	if c.coalesceWindow > 0 {
		return c.coalesceWindow
	}
	return defaultCoalesceWindow
}

// batchCall is one batch being gathered or in flight.
type batchCall[R any] struct {
	ctx   context.Context
	ids   []string
	seen  map[string]bool
	props map[string]bool
	once  sync.Once
	done  chan struct{}
	res   map[string]R
	errs  map[string]error
	err   error
}

// coalescer serves concurrent single-id reads with batch requests: the first read opens a
// batch, reads arriving within the window join it (up to max ids), and one request answers
// them all. Each caller gets its own result or its own error. A read only ever joins a batch
// whose request has not been sent yet, so it always sees every write that finished before it
// started.
type coalescer[R any] struct {
	window time.Duration
	max    int
	run    func(ctx context.Context, ids, props []string) (map[string]R, map[string]error, error)

	mu   sync.Mutex
	open *batchCall[R]
}

func (co *coalescer[R]) do(ctx context.Context, id string, props []string) (R, error) {
	co.mu.Lock()
	b := co.open
	if b == nil {
		// The batch outlives the caller that opened it: others depend on its request.
		b = &batchCall[R]{ctx: context.WithoutCancel(ctx), seen: map[string]bool{}, props: map[string]bool{}, done: make(chan struct{})}
		co.open = b
		time.AfterFunc(co.window, func() { co.flush(b) })
	}
	if !b.seen[id] {
		b.seen[id] = true
		b.ids = append(b.ids, id)
	}
	for _, p := range props {
		b.props[p] = true
	}
	if len(b.ids) >= co.max {
		co.open = nil
		go co.flush(b)
	}
	co.mu.Unlock()

	var zero R
	select {
	case <-b.done:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	if b.err != nil {
		return zero, b.err
	}
	if err := b.errs[id]; err != nil {
		return zero, err
	}
	r, ok := b.res[id]
	if !ok {
		return zero, fmt.Errorf("HubSpot's batch response has no result for %s", id)
	}
	return r, nil
}

func (co *coalescer[R]) flush(b *batchCall[R]) {
	b.once.Do(func() {
		co.mu.Lock()
		if co.open == b {
			co.open = nil
		}
		co.mu.Unlock()
		b.res, b.errs, b.err = co.run(b.ctx, b.ids, sortedKeys(b.props))
		close(b.done)
	})
}

// objectReader coalesces GetObject calls for one object type. Reads that ask for HubSpot's
// default properties and reads that name their properties go to separate batches; the latter
// ask for the union of the names and each caller gets back only what it asked for.
type objectReader struct {
	defaults *coalescer[*Object]
	named    *coalescer[*Object]
}

func (c *Client) objectReader(objectType string) *objectReader {
	if r, ok := c.coalescers.Load("objects:" + objectType); ok {
		return r.(*objectReader)
	}
	run := func(ctx context.Context, ids, props []string) (map[string]*Object, map[string]error, error) {
		return c.batchReadForCallers(ctx, objectType, ids, props)
	}
	r, _ := c.coalescers.LoadOrStore("objects:"+objectType, &objectReader{
		defaults: &coalescer[*Object]{window: c.window(), max: MaxBatchInputs, run: run},
		named:    &coalescer[*Object]{window: c.window(), max: MaxBatchInputs, run: run},
	})
	return r.(*objectReader)
}

// alwaysReturned are the properties HubSpot includes in every record it returns.
var alwaysReturned = []string{"hs_object_id", "createdate", "hs_lastmodifieddate", "lastmodifieddate"}

func (r *objectReader) get(ctx context.Context, id string, properties []string) (*Object, error) {
	if len(properties) == 0 {
		o, err := r.defaults.do(ctx, id, nil)
		if err != nil {
			return nil, err
		}
		return o.clone(), nil
	}
	o, err := r.named.do(ctx, id, properties)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(properties)+len(alwaysReturned))
	for _, p := range append(append([]string{}, properties...), alwaysReturned...) {
		keep[p] = true
	}
	out := *o
	out.Properties = map[string]string{}
	for k, v := range o.Properties {
		if keep[k] {
			out.Properties[k] = v
		}
	}
	return &out, nil
}

// batchReadForCallers answers a coalesced batch: each id gets its record or its own error. Ids
// HubSpot reports missing get a not-found *Error. When HubSpot refuses the whole batch as
// invalid (one malformed id can do that), or leaves an id unanswered, those ids are read one
// by one so that each caller gets HubSpot's own answer for its id.
func (c *Client) batchReadForCallers(ctx context.Context, objectType string, ids, props []string) (map[string]*Object, map[string]error, error) {
	path := objectsPath(objectType) + "/batch/read"
	found, err := c.BatchReadObjects(ctx, objectType, ids, props)
	res := make(map[string]*Object, len(ids))
	errs := map[string]error{}
	var partial *PartialError
	switch {
	case err == nil:
	case errors.As(err, &partial):
		for _, be := range partial.Errors {
			if be.Category != "OBJECT_NOT_FOUND" {
				continue
			}
			for _, id := range be.Context["ids"] {
				errs[id] = &Error{StatusCode: http.StatusNotFound, Method: http.MethodPost, Path: path, Category: be.Category,
					SubCategory: be.SubCategory, Message: be.Message, Context: map[string][]string{"ids": {id}}}
			}
		}
	case IsValidation(err):
		found = nil
	default:
		return nil, nil, err
	}
	for i := range found {
		res[found[i].ID] = &found[i]
	}
	var unanswered []string
	for _, id := range ids {
		if res[id] == nil && errs[id] == nil {
			unanswered = append(unanswered, id)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, id := range unanswered {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := c.getObjectDirect(ctx, objectType, id, props)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[id] = err
				return
			}
			res[id] = o
		}()
	}
	wg.Wait()
	return res, errs, nil
}
