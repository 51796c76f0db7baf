package hubspot

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
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
	// ObjectWriteTraceID echoes the trace id a batch write gave the input this record came from.
	ObjectWriteTraceID string `json:"objectWriteTraceId,omitempty"`
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
	// ObjectWriteTraceID tells the inputs of a batch create apart in HubSpot's answer.
	ObjectWriteTraceID string `json:"objectWriteTraceId,omitempty"`
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
//
// Concurrent creates of records of one type share batch create requests (see recordWriter)
// unless the client was configured with NoCoalescing; each caller still gets its own record or
// its own error. When HubSpot's answer to a create is lost (a transport error or a 5xx), the
// create is never sent again and the caller gets an *UncertainRecordCreateError.
func (c *Client) CreateObject(ctx context.Context, objectType string, in ObjectInput) (*Object, error) {
	if c.noCoalescing {
		return c.createObjectDirect(ctx, objectType, in)
	}
	o, err := c.recordCreator(objectType).do(ctx, "", in)
	if errors.Is(err, errLeftInFlight) {
		return nil, &UncertainRecordCreateError{ObjectType: objectType, Properties: in.Properties, Err: err}
	}
	return o, err
}

func (c *Client) createObjectDirect(ctx context.Context, objectType string, in ObjectInput) (*Object, error) {
	touched := in.associationTargets()
	defer func() { c.forgetRecords(false, touched...) }()
	var out wireObject
	err := c.do(ctx, request{method: http.MethodPost, path: objectsPath(objectType), body: in.wire(), out: &out})
	if err != nil {
		if e, ok := asError(err); !ok || e.StatusCode >= 500 {
			return nil, &UncertainRecordCreateError{ObjectType: objectType, Properties: in.Properties, Err: err}
		}
		return nil, err
	}
	touched = append(touched, out.ID)
	return out.object(), nil
}

// associationTargets are the records a create associates with: their association lists change.
func (in ObjectInput) associationTargets() []string {
	ids := make([]string, 0, len(in.Associations))
	for _, a := range in.Associations {
		ids = append(ids, a.ToID)
	}
	return ids
}

// GetObject reads one record with the given properties (HubSpot's default set for the object
// type when properties is empty). A record that does not exist or is archived is a not-found
// *Error. Unless the client was configured with NoCoalescing, a read is served from the run's
// prefetch of all records of the type when there is one (see recordPrefetcher), and
// concurrent reads of records of one type are otherwise coalesced into batch reads.
func (c *Client) GetObject(ctx context.Context, objectType, id string, properties []string) (*Object, error) {
	if c.noCoalescing {
		return c.getObjectDirect(ctx, objectType, id, properties)
	}
	if p := c.prefetcher(objectType); p != nil {
		o, ok, err := p.read(ctx, id, properties)
		if err != nil {
			return nil, err
		}
		if ok {
			return o, nil
		}
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

// UpdateObject sets property values on a record; an empty string clears a value. Concurrent
// updates of records of one type share batch update requests unless the client was configured
// with NoCoalescing; a record appears at most once in a batch.
func (c *Client) UpdateObject(ctx context.Context, objectType, id string, properties map[string]string) (*Object, error) {
	if properties == nil {
		properties = map[string]string{}
	}
	if c.noCoalescing {
		return c.updateObjectDirect(ctx, objectType, id, properties)
	}
	return c.recordUpdater(objectType).do(ctx, id, ObjectUpdate{ID: id, Properties: properties})
}

func (c *Client) updateObjectDirect(ctx context.Context, objectType, id string, properties map[string]string) (*Object, error) {
	defer c.forgetRecords(false, id)
	var out wireObject
	body := map[string]any{"properties": properties}
	if err := c.do(ctx, request{method: http.MethodPatch, path: objectPath(objectType, id), body: body, out: &out}); err != nil {
		return nil, err
	}
	return out.object(), nil
}

// ArchiveObject moves a record to the recycle bin. Concurrent archives of records of one type
// share batch archive requests unless the client was configured with NoCoalescing.
func (c *Client) ArchiveObject(ctx context.Context, objectType, id string) error {
	if c.noCoalescing {
		return c.archiveObjectDirect(ctx, objectType, id)
	}
	_, err := c.recordArchiver(objectType).do(ctx, id, id)
	return err
}

func (c *Client) archiveObjectDirect(ctx context.Context, objectType, id string) error {
	defer c.forgetRecords(true, id)
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
func (c *Client) BatchCreateObjects(ctx context.Context, objectType string, in []ObjectInput) (created []Object, err error) {
	path := objectsPath(objectType) + "/batch/create"
	defer func() {
		var touched []string
		for _, o := range in {
			touched = append(touched, o.associationTargets()...)
		}
		for _, o := range created {
			touched = append(touched, o.ID)
		}
		c.forgetRecords(false, touched...)
	}()
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

func updateIDs(in []ObjectUpdate) []string {
	ids := make([]string, len(in))
	for i, u := range in {
		ids[i] = u.ID
	}
	return ids
}

// BatchUpdateObjects updates records, 100 per request.
func (c *Client) BatchUpdateObjects(ctx context.Context, objectType string, in []ObjectUpdate) ([]Object, error) {
	path := objectsPath(objectType) + "/batch/update"
	defer c.forgetRecords(false, updateIDs(in)...)
	return c.batchObjects(ctx, path, len(in), func(lo, hi int) any {
		return map[string]any{"inputs": in[lo:hi]}
	}, false)
}

// BatchArchiveObjects archives records by id, 100 per request.
func (c *Client) BatchArchiveObjects(ctx context.Context, objectType string, ids []string) error {
	path := objectsPath(objectType) + "/batch/archive"
	defer c.forgetRecords(true, ids...)
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

// defaultCoalesceWindow is the quiet time after which a batch stops waiting for more calls to
// join it (see afterWindow). It is short next to a request's round trip, and long enough for
// the calls Terraform makes together (one per resource, all at once) to land in one batch.
const defaultCoalesceWindow = 10 * time.Millisecond

func (c *Client) window() time.Duration {
	if c.coalesceWindow > 0 {
		return c.coalesceWindow
	}
	return defaultCoalesceWindow
}

// maxBatchHold bounds how long a batch stays open past its window for the rate limiter.
const maxBatchHold = 10 * time.Second

// limiterDelay is how long a request made now would wait for the client's rate limiter.
func (c *Client) limiterDelay() time.Duration {
	tokens := c.limiter.Tokens()
	if tokens >= 1 {
		return 0
	}
	perSecond := float64(c.limiter.Limit())
	if perSecond <= 0 {
		return 0
	}
	return min(time.Duration((1-tokens)/perSecond*float64(time.Second)), maxBatchHold)
}

// maxGather bounds how long a batch keeps gathering calls.
const maxGather = time.Second

// afterWindow calls flush once the batch is done gathering: gather, asked a window after the
// batch was opened, says how much longer the batch should keep gathering, and is asked again
// then. Once it is done, and while the rate limiter would hold the batch's request back
// anyway, the batch stays open until the limiter would not: the calls arriving meanwhile ride
// on its request instead of queueing behind it in a request of their own.
func afterWindow(window time.Duration, hold func() time.Duration, gather func() time.Duration, flush func()) {
	var check func()
	check = func() {
		if d := gather(); d > 0 {
			time.AfterFunc(d, check)
			return
		}
		if hold != nil {
			if d := hold(); d > 0 {
				time.AfterFunc(d, flush)
				return
			}
		}
		flush()
	}
	time.AfterFunc(window, check)
}

// quietFor is how much longer a batch opened at opened, joined last at last, keeps gathering
// calls: until no call has joined for a window, and at most maxGather. Terraform starts its
// operations one after another rather than all at once; a fixed window would cut them into
// several batches.
func quietFor(window time.Duration, opened, last time.Time) time.Duration {
	idle := time.Since(last)
	if idle >= window || time.Since(opened) >= maxGather {
		return 0
	}
	return window - idle
}

// batchCall is one batch being gathered or in flight.
type batchCall[R any] struct {
	ctx context.Context
	// opened and last are when the batch was opened and when a read last joined it.
	opened, last time.Time
	ids          []string
	seen         map[string]bool
	props        map[string]bool
	once         sync.Once
	done         chan struct{}
	res          map[string]R
	errs         map[string]error
	err          error
}

// coalescer serves concurrent single-id reads with batch requests: the first read opens a
// batch, reads arriving while it gathers (see afterWindow and quietFor) join it (up to max
// ids), and one request answers them all. Each caller gets its own result or its own error.
// A read only ever joins a batch whose request has not been sent yet, so it always sees every
// write that finished before it started.
type coalescer[R any] struct {
	window time.Duration
	// hold, when set, says how much longer a batch may stay open once the window has passed
	// (see afterWindow).
	hold func() time.Duration
	max  int
	run  func(ctx context.Context, ids, props []string) (map[string]R, map[string]error, error)

	mu   sync.Mutex
	open *batchCall[R]
}

func (co *coalescer[R]) do(ctx context.Context, id string, props []string) (R, error) {
	co.mu.Lock()
	b := co.open
	if b == nil {
		// The batch outlives the caller that opened it: others depend on its request.
		b = &batchCall[R]{ctx: context.WithoutCancel(ctx), seen: map[string]bool{}, props: map[string]bool{}, done: make(chan struct{}), opened: time.Now()}
		co.open = b
		afterWindow(co.window, co.hold, func() time.Duration {
			co.mu.Lock()
			defer co.mu.Unlock()
			return quietFor(co.window, b.opened, b.last)
		}, func() { co.flush(b) })
	}
	b.last = time.Now()
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
	return loadOrStore(&c.coalescers, "objects:"+objectType, func() *objectReader {
		run := func(ctx context.Context, ids, props []string) (map[string]*Object, map[string]error, error) {
			return c.batchReadForCallers(ctx, objectType, ids, props)
		}
		return &objectReader{
			defaults: &coalescer[*Object]{window: c.window(), hold: c.limiterDelay, max: MaxBatchInputs, run: run},
			named:    &coalescer[*Object]{window: c.window(), hold: c.limiterDelay, max: MaxBatchInputs, run: run},
		}
	})
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
	return selectProperties(o, properties), nil
}

// selectProperties copies a record read with more properties than a caller asked for, keeping
// what HubSpot would have returned to that caller alone.
func selectProperties(o *Object, properties []string) *Object {
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
	return &out
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

// errLeftInFlight is the error of a caller that stopped waiting for a batch write already
// sent: HubSpot may still apply its input.
var errLeftInFlight = errors.New("stopped waiting for the batch request that carries this write, which HubSpot may still apply")

// recordEntry is one caller's input in a batch write, and the caller's answer.
type recordEntry[I, R any] struct {
	key  string
	in   I
	res  R
	err  error
	left bool // the caller gave up before the batch was sent
}

// recordBatch is one batch of record writes being gathered or in flight.
type recordBatch[I, R any] struct {
	ctx context.Context
	// opened and last are when the batch was opened and when a write last joined it.
	opened, last time.Time
	entries      []*recordEntry[I, R]
	live         int
	sent         bool
	done         chan struct{}
}

// recordWriter serves concurrent single-record writes of one object type with batch requests:
// the first write opens a batch, writes arriving while it gathers (see afterWindow) join it,
// up to max, and one request carries them all. Each caller gets its own answer. A write whose
// key (the record id) is in a batch not yet answered waits for that batch and goes in a later
// one, so that HubSpot sees writes to one record in the order they were made and never twice
// in one request. A batch of one is sent with the single-record endpoint, exactly as without
// coalescing. A caller that gives up before its batch is sent leaves the batch, so its write
// is not made; one that gives up later gets errLeftInFlight. Giving up never cancels the batch
// for the others.
type recordWriter[I, R any] struct {
	window time.Duration
	hold   func() time.Duration
	max    int
	single func(ctx context.Context, in I) (R, error)
	// batch sends two or more inputs and answers each one, in order.
	batch func(ctx context.Context, in []I) ([]R, []error)

	mu   sync.Mutex
	open *recordBatch[I, R]
	keys map[string]*recordBatch[I, R]
	// expect is how many writes a batch waits for (see gather).
	expect int
}

func (w *recordWriter[I, R]) do(ctx context.Context, key string, in I) (R, error) {
	var zero R
	var b *recordBatch[I, R]
	for {
		w.mu.Lock()
		b = w.keys[key]
		if key == "" || b == nil {
			break
		}
		w.mu.Unlock()
		select {
		case <-b.done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	b = w.open
	if b == nil {
		// The batch outlives the caller that opened it: others depend on its request.
		b = &recordBatch[I, R]{ctx: context.WithoutCancel(ctx), done: make(chan struct{}), opened: time.Now()}
		w.open = b
		afterWindow(w.window, w.hold, func() time.Duration { return w.gather(b) }, func() { w.flush(b) })
	}
	b.last = time.Now()
	e := &recordEntry[I, R]{key: key, in: in}
	b.entries = append(b.entries, e)
	b.live++
	if key != "" {
		if w.keys == nil {
			w.keys = map[string]*recordBatch[I, R]{}
		}
		w.keys[key] = b
	}
	if b.live >= w.max {
		w.open = nil
		go w.flush(b)
	}
	w.mu.Unlock()

	select {
	case <-b.done:
		return e.res, e.err
	case <-ctx.Done():
		w.mu.Lock()
		defer w.mu.Unlock()
		if !b.sent {
			e.left = true
			b.live--
			if key != "" && w.keys[key] == b {
				delete(w.keys, key)
			}
			return zero, ctx.Err()
		}
		return zero, fmt.Errorf("%w: %w", errLeftInFlight, ctx.Err())
	}
}

// gather is how much longer a batch keeps gathering writes: as long as quietFor says, and
// until it holds as many writes as the writer's recent batches did. Terraform runs a fixed
// number of operations at once (10 by default) and, as its state grows, takes longer and
// longer between the end of one and the start of the next; the writes of all its operations
// then arrive over a span longer than any fixed window, and a batch that waited only for a
// quiet moment would carry a few of them. Waiting for the writes of the operations the last
// batches carried costs no time when Terraform is the slower side, since it has no other
// operation to start meanwhile. When fewer writes come (the last operations of a run, or
// operations of other kinds taking Terraform's turns), the batch goes after maxGather and the
// writer expects fewer from then on.
func (w *recordWriter[I, R]) gather(b *recordBatch[I, R]) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	if d := quietFor(w.window, b.opened, b.last); d > 0 {
		return d
	}
	if b.live >= w.expect || time.Since(b.opened) >= maxGather {
		return 0
	}
	return min(w.window, maxGather-time.Since(b.opened))
}

func (w *recordWriter[I, R]) flush(b *recordBatch[I, R]) {
	w.mu.Lock()
	if b.sent {
		w.mu.Unlock()
		return
	}
	b.sent = true
	if b.live < w.expect && time.Since(b.opened) >= maxGather {
		w.expect = b.live
	}
	w.expect = max(w.expect, b.live)
	if w.open == b {
		w.open = nil
	}
	var live []*recordEntry[I, R]
	for _, e := range b.entries {
		if !e.left {
			live = append(live, e)
		}
	}
	w.mu.Unlock()

	switch len(live) {
	case 0:
	case 1:
		live[0].res, live[0].err = w.single(b.ctx, live[0].in)
	default:
		in := make([]I, len(live))
		for i, e := range live {
			in[i] = e.in
		}
		res, errs := w.batch(b.ctx, in)
		for i, e := range live {
			e.res, e.err = res[i], errs[i]
		}
	}

	w.mu.Lock()
	for _, e := range b.entries {
		if e.key != "" && w.keys[e.key] == b {
			delete(w.keys, e.key)
		}
	}
	w.mu.Unlock()
	close(b.done)
}

func recordWriterFor[I, R any](c *Client, key string, single func(context.Context, I) (R, error), batch func(context.Context, []I) ([]R, []error)) *recordWriter[I, R] {
	return loadOrStore(&c.coalescers, key, func() *recordWriter[I, R] {
		return &recordWriter[I, R]{window: c.window(), hold: c.limiterDelay, max: MaxBatchInputs, single: single, batch: batch}
	})
}

func (c *Client) recordCreator(objectType string) *recordWriter[ObjectInput, *Object] {
	return recordWriterFor(c, "creates:"+objectType,
		func(ctx context.Context, in ObjectInput) (*Object, error) {
			return c.createObjectDirect(ctx, objectType, in)
		},
		func(ctx context.Context, in []ObjectInput) ([]*Object, []error) {
			return c.createObjectsForCallers(ctx, objectType, in)
		})
}

func (c *Client) recordUpdater(objectType string) *recordWriter[ObjectUpdate, *Object] {
	return recordWriterFor(c, "updates:"+objectType,
		func(ctx context.Context, u ObjectUpdate) (*Object, error) {
			return c.updateObjectDirect(ctx, objectType, u.ID, u.Properties)
		},
		func(ctx context.Context, in []ObjectUpdate) ([]*Object, []error) {
			return c.updateObjectsForCallers(ctx, objectType, in)
		})
}

func (c *Client) recordArchiver(objectType string) *recordWriter[string, struct{}] {
	return recordWriterFor(c, "archives:"+objectType,
		func(ctx context.Context, id string) (struct{}, error) {
			return struct{}{}, c.archiveObjectDirect(ctx, objectType, id)
		},
		func(ctx context.Context, ids []string) ([]struct{}, []error) {
			return c.archiveObjectsForCallers(ctx, objectType, ids)
		})
}

// refusedAsWhole reports whether err is HubSpot refusing a whole batch for its content: it
// changed nothing, and single requests answer input by input. Credentials, scopes and rate
// limits are not about the content; single requests would be refused in the same way.
func refusedAsWhole(err error) bool {
	e, ok := asError(err)
	if !ok || e.StatusCode < 400 || e.StatusCode >= 500 {
		return false
	}
	switch e.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests:
		return false
	}
	return true
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

// recordItemError turns one failed input of a batch into the *Error its single request would
// have answered, the status following HubSpot's category. id, when set, narrows a not-found
// error to that record.
func recordItemError(method, path string, be BatchError, id string) *Error {
	status := http.StatusBadRequest
	switch be.Category {
	case "OBJECT_NOT_FOUND":
		status = http.StatusNotFound
	case "OBJECT_ALREADY_EXISTS", "CONFLICT":
		status = http.StatusConflict
	}
	ctx := be.Context
	if id != "" && status == http.StatusNotFound {
		ctx = map[string][]string{"ids": {id}}
	}
	return &Error{StatusCode: status, Method: method, Path: path, Category: be.Category, SubCategory: be.SubCategory,
		Message: be.Message, Context: ctx, Errors: be.Errors}
}

// mentions reports whether a batch error names s: as its id, or in its context or message.
func (be BatchError) mentions(s string) bool {
	if be.ID == s || strings.Contains(be.Message, s) {
		return true
	}
	for _, vs := range be.Context {
		for _, v := range vs {
			if v == s {
				return true
			}
		}
	}
	return false
}

// UncertainRecordCreateError says that a create may or may not have happened: its request was
// sent, but HubSpot's answer was lost (a transport error) or was a server error, or HubSpot's
// answer did not say what became of it. The create is never sent again, since that could make
// the record twice.
type UncertainRecordCreateError struct {
	ObjectType string
	// Properties are the values the create carried, to look the record up by.
	Properties map[string]string
	Err        error
}

func (e *UncertainRecordCreateError) Error() string {
	noun := recordNoun(e.ObjectType)
	how := ""
	for _, p := range identifyingProperties[objectTypeSegment(e.ObjectType)] {
		if v := e.Properties[p]; v != "" {
			how = fmt.Sprintf(" (search by %s %q)", p, v)
			break
		}
	}
	return fmt.Sprintf("the %s may or may not have been created: %v. The create was not sent again, so that nothing is created twice. "+
		"Look for it in HubSpot%s: if it exists, import it by its id instead of creating it again; if not, create it again", noun, e.Err, how)
}

func (e *UncertainRecordCreateError) Unwrap() error { return e.Err }

// identifyingProperties are the properties a person would look a record of a type up by.
var identifyingProperties = map[string][]string{
	"0-1": {"email", "lastname"},
	"0-2": {"domain", "name"},
	"0-3": {"dealname"},
	"0-5": {"subject"},
}

func recordNoun(objectType string) string {
	switch objectTypeSegment(objectType) {
	case "0-1":
		return "contact"
	case "0-2":
		return "company"
	case "0-3":
		return "deal"
	case "0-5":
		return "ticket"
	}
	return "record"
}

// createObjectsForCallers sends one batch create and answers each input. Inputs carry a unique
// objectWriteTraceId, which HubSpot echoes on the records it creates and which matches records
// and errors to inputs (HubSpot may answer in another order).
//
//   - HubSpot refusing the whole batch for its content (a 4xx) created nothing: each input is
//     then created on its own, so that each caller gets HubSpot's own answer for its record.
//   - A transport error or a 5xx leaves the outcome unknown: the batch is never sent again,
//     and every caller gets an *UncertainRecordCreateError.
//   - A 207 gives each input its record or the error that names it. An input that is neither
//     created nor named gets an error saying it was not created and what HubSpot reported.
func (c *Client) createObjectsForCallers(ctx context.Context, objectType string, in []ObjectInput) ([]*Object, []error) {
	path := objectsPath(objectType) + "/batch/create"
	res, errs := make([]*Object, len(in)), make([]error, len(in))
	traces := make([]string, len(in))
	byTrace := make(map[string]int, len(in))
	inputs := make([]wireCreateInput, len(in))
	var touched []string
	for i := range in {
		traces[i] = newTraceID()
		byTrace[traces[i]] = i
		inputs[i] = in[i].wire()
		inputs[i].ObjectWriteTraceID = traces[i]
		touched = append(touched, in[i].associationTargets()...)
	}
	var out wireBatchObjects
	err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": inputs}, out: &out})
	switch e, isAPI := asError(err); {
	case err == nil:
	case refusedAsWhole(err):
		c.forgetRecords(false, touched...)
		eachOnItsOwn(len(in), func(i int) { res[i], errs[i] = c.createObjectDirect(ctx, objectType, in[i]) })
		return res, errs
	case isAPI && e.StatusCode < 500:
		// Credentials, scopes or the daily limit: nothing was created, for any input.
		for i := range errs {
			errs[i] = err
		}
		return res, errs
	default:
		c.forgetRecords(false, touched...)
		for i := range errs {
			errs[i] = &UncertainRecordCreateError{ObjectType: objectType, Properties: in[i].Properties, Err: err}
		}
		return res, errs
	}

	var unmatched []*Object
	for i := range out.Results {
		o := out.Results[i].object()
		touched = append(touched, o.ID)
		if j, ok := byTrace[out.Results[i].ObjectWriteTraceID]; ok && res[j] == nil {
			res[j] = o
		} else {
			unmatched = append(unmatched, o)
		}
	}
	c.forgetRecords(false, touched...)
	var unnamed []BatchError
	for _, be := range out.Errors {
		named := false
		for j, t := range traces {
			if res[j] == nil && errs[j] == nil && be.mentions(t) {
				errs[j] = recordItemError(http.MethodPost, path, be, "")
				named = true
			}
		}
		if !named {
			unnamed = append(unnamed, be)
		}
	}
	var open []int
	for j := range in {
		if res[j] == nil && errs[j] == nil {
			open = append(open, j)
		}
	}
	// One input left and one record or one error left can only belong together.
	switch {
	case len(open) == 1 && len(unmatched) == 1:
		res[open[0]] = unmatched[0]
		return res, errs
	case len(open) == 1 && len(unmatched) == 0 && len(unnamed) == 1:
		errs[open[0]] = fmt.Errorf("HubSpot did not create this %s: %w", recordNoun(objectType), recordItemError(http.MethodPost, path, unnamed[0], ""))
		return res, errs
	}
	for _, j := range open {
		switch {
		case len(unmatched) > 0:
			ids := make([]string, len(unmatched))
			for i, o := range unmatched {
				ids[i] = o.ID
			}
			errs[j] = &UncertainRecordCreateError{ObjectType: objectType, Properties: in[j].Properties,
				Err: fmt.Errorf("HubSpot's answer to POST %s created %s without saying which input each came from; this one may be among them", path, strings.Join(ids, ", "))}
		case len(unnamed) > 0:
			errs[j] = fmt.Errorf("HubSpot did not create this %s: %w", recordNoun(objectType), notCreatedCause(path, unnamed))
		default:
			errs[j] = &UncertainRecordCreateError{ObjectType: objectType, Properties: in[j].Properties,
				Err: fmt.Errorf("HubSpot's answer to POST %s has neither a record nor an error for it", path)}
		}
	}
	return res, errs
}

// notCreatedCause is what HubSpot reported for a batch create whose errors name no input: the
// error itself, or all of them in one.
func notCreatedCause(path string, bes []BatchError) error {
	e := recordItemError(http.MethodPost, path, bes[0], "")
	if len(bes) > 1 {
		msgs := make([]string, len(bes))
		for i, be := range bes {
			msgs[i] = be.Category + ": " + be.Message
		}
		e.Message = fmt.Sprintf("it reported %d errors for the batch: %s", len(bes), strings.Join(msgs, "; "))
	}
	return e
}

// newTraceID returns a unique objectWriteTraceId.
func newTraceID() string {
	var b [12]byte
	if _, err := cryptorand.Read(b[:]); err != nil {
		// crypto/rand does not fail on the platforms Go supports.
		panic(err)
	}
	return "tf-" + hex.EncodeToString(b[:])
}

// updateObjectsForCallers sends one batch update and answers each input: its record, a
// not-found *Error for a record HubSpot does not have, or the error HubSpot reported for it.
// HubSpot refusing the whole batch (one invalid value is enough) updated nothing: each input is
// then sent on its own, as is an input the answer leaves out, so that each caller gets
// HubSpot's own answer for its record.
func (c *Client) updateObjectsForCallers(ctx context.Context, objectType string, in []ObjectUpdate) ([]*Object, []error) {
	path := objectsPath(objectType) + "/batch/update"
	defer c.forgetRecords(false, updateIDs(in)...)
	res, errs := make([]*Object, len(in)), make([]error, len(in))
	var out wireBatchObjects
	err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": in}, out: &out})
	switch {
	case err == nil:
	case refusedAsWhole(err):
		eachOnItsOwn(len(in), func(i int) { res[i], errs[i] = c.updateObjectDirect(ctx, objectType, in[i].ID, in[i].Properties) })
		return res, errs
	default:
		for i := range errs {
			errs[i] = err
		}
		return res, errs
	}
	at := make(map[string]int, len(in))
	for i, u := range in {
		at[u.ID] = i
	}
	for i := range out.Results {
		if j, ok := at[out.Results[i].ID]; ok {
			res[j] = out.Results[i].object()
		}
	}
	for _, be := range out.Errors {
		for _, id := range be.errorIDs() {
			if j, ok := at[id]; ok && res[j] == nil {
				errs[j] = recordItemError(http.MethodPost, path, be, id)
			}
		}
	}
	var unanswered []int
	for j := range in {
		if res[j] == nil && errs[j] == nil {
			unanswered = append(unanswered, j)
		}
	}
	eachOnItsOwn(len(unanswered), func(i int) {
		j := unanswered[i]
		res[j], errs[j] = c.updateObjectDirect(ctx, objectType, in[j].ID, in[j].Properties)
	})
	return res, errs
}

// archiveObjectsForCallers sends one batch archive. HubSpot refusing it as a whole archived
// nothing: each record is then archived on its own, so that each caller gets HubSpot's answer
// for its record.
func (c *Client) archiveObjectsForCallers(ctx context.Context, objectType string, ids []string) ([]struct{}, []error) {
	path := objectsPath(objectType) + "/batch/archive"
	defer c.forgetRecords(true, ids...)
	inputs := make([]wireID, len(ids))
	for i, id := range ids {
		inputs[i] = wireID{ID: id}
	}
	err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": inputs}, safe: true})
	return make([]struct{}, len(ids)), archivedEach(len(ids), err, func(i int) error { return c.archiveObjectDirect(ctx, objectType, ids[i]) })
}

// archivedEach answers each of a batch archive's n callers: nothing when the batch succeeded,
// its own single archive when HubSpot refused the batch as a whole (and so archived none of
// it), and the batch's error otherwise.
func archivedEach(n int, err error, single func(i int) error) []error {
	errs := make([]error, n)
	switch {
	case err == nil:
	case refusedAsWhole(err):
		eachOnItsOwn(n, func(i int) { errs[i] = single(i) })
	default:
		for i := range errs {
			errs[i] = err
		}
	}
	return errs
}
