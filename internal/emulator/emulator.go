// Package emulator is an in-memory HubSpot portal that speaks the subset of HubSpot's public
// REST API that the provider uses: ticket pipelines and stages, ticket properties and property
// groups, tickets and the records they associate with, v4 associations and labels, owners and
// the OAuth token endpoint.
//
// It is built from HubSpot's published OpenAPI documents and the facts gathered beside them,
// not from what the provider expects: paths (the /crm/v3 family and the date-versioned
// aliases), status codes, response shapes, error bodies, rate-limit headers and 429 bodies,
// and validation rules all follow those sources. Where they are silent, the emulator does what
// the real service most plausibly does; each such choice is listed here and covered by a test.
//
// Choices where HubSpot's behaviour is not documented:
//
//   - Rate limits: requests are counted in a rolling window per token (100 per 10 s by default,
//     HubSpot's Free and Starter limit), plus a daily count. Search has its own rolling one-second
//     window (5 per second) and is exempt from the ten-second window, as the spec's
//     x-hubspot-rate-limit-exemptions says; v4 association calls carry the same exemption and are
//     counted in a ten-second window of their own. A request refused with 429 does not use up the
//     window. The per-second headers that older responses carried are not sent.
//   - A request body that is not JSON, or lacks a field the spec marks required, is refused with
//     400 VALIDATION_ERROR and a message naming the schema and the missing fields.
//   - Record and schema ids are numeric strings from one counter per portal.
//   - Unknown paths answer 404 with the usual error body.
//
// Each API's own choices are listed at the top of its file: pipelines.go, properties.go,
// objects.go and search.go (tickets and other records), association_records.go,
// association_labels.go and owners.go.
//
// Requests are served one at a time under a single lock, which keeps every handler simple and
// makes concurrent clients safe; the portal is small enough that this is never the bottleneck.
package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Options configure an emulated portal.
type Options struct {
	// Token is the private app access token the portal accepts as "Authorization: Bearer".
	Token string
	// OAuth, when set, lets clients exchange a refresh token for short-lived access tokens at
	// /oauth/v1/token.
	OAuth *OAuthApp
	// RateLimit sets the limits enforced; the zero value means HubSpot's Free/Starter limits.
	RateLimit RateLimit
	// StatePath, when set, is a JSON file the portal is loaded from (if it exists) and saved to
	// after every change.
	StatePath string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// OAuthApp is one OAuth app installed on the portal.
type OAuthApp struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
	// AccessTokenTTL is how long issued access tokens live; 30 minutes when zero, as HubSpot's
	// expires_in of 1800 seconds.
	AccessTokenTTL time.Duration
}

// RateLimit is the set of limits the portal enforces.
type RateLimit struct {
	// Disabled turns every limit off; rate-limit headers are still sent.
	Disabled bool
	// Max requests per Interval (the burst limit). 100 and 10 s when zero.
	Max      int
	Interval time.Duration
	// Daily is the number of requests allowed per day. 250,000 when zero.
	Daily int
	// SearchPerSecond is the search endpoints' own limit. 5 when zero.
	SearchPerSecond int
}

func (l RateLimit) withDefaults() RateLimit {
	if l.Max <= 0 {
		l.Max = 100
	}
	if l.Interval <= 0 {
		l.Interval = 10 * time.Second
	}
	if l.Daily <= 0 {
		l.Daily = 250000
	}
	if l.SearchPerSecond <= 0 {
		l.SearchPerSecond = 5
	}
	return l
}

// Emulator is one emulated HubSpot portal. It is an http.Handler.
type Emulator struct {
	opts Options
	now  func() time.Time
	mux  *http.ServeMux

	mu      sync.Mutex
	p       *portal
	limits  *limiter
	oauth   map[string]time.Time // issued OAuth access token -> expiry
	stats   map[string]int
	limited int
}

// New returns a fresh portal seeded as a new HubSpot account is, or the portal saved at
// opts.StatePath when that file exists.
func New(opts Options) (*Emulator, error) {
	if opts.Token == "" && opts.OAuth == nil {
		return nil, errors.New("emulator: a token or an OAuth app is required")
	}
	e := &Emulator{
		opts:  opts,
		now:   opts.Now,
		mux:   http.NewServeMux(),
		oauth: map[string]time.Time{},
		stats: map[string]int{},
	}
	if e.now == nil {
		e.now = time.Now
	}
	e.limits = newLimiter(opts.RateLimit.withDefaults(), opts.RateLimit.Disabled)
	loaded, err := e.load()
	if err != nil {
		return nil, err
	}
	if !loaded {
		e.p = e.seed()
	}
	e.routes()
	return e, nil
}

func (e *Emulator) routes() {
	e.registerOAuth()
	e.registerPipelines()
	e.registerProperties()
	e.registerObjects()
	e.registerAssociationLabels()
	e.registerAssociationRecords()
	e.registerOwners()
	e.mux.HandleFunc("GET /_emulator/stats", e.serveStats)
	e.mux.HandleFunc("POST /_emulator/stats/reset", e.serveStatsReset)
	e.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		e.writeError(w, r, &apiError{Status: http.StatusNotFound, Category: catNotFound, Message: "resource not found"})
	})
}

// ServeHTTP serves the HubSpot API.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mux.ServeHTTP(w, r)
}

// seed returns the portal a new HubSpot account starts with.
func (e *Emulator) seed() *portal {
	p := &portal{
		PortalID:         8812345,
		NextID:           1000000,
		Pipelines:        map[string]*Pipeline{},
		Groups:           map[string]*PropertyGroup{},
		Properties:       map[string]*Property{},
		Objects:          map[string]map[string]*Object{},
		AssociationTypes: map[string][]*AssociationType{},
	}
	for _, t := range objectTypes {
		p.Objects[t.id] = map[string]*Object{}
	}
	seedPipelines(p)
	seedProperties(p)
	seedAssociationTypes(p)
	seedOwners(p, e.now())
	return p
}

// nextID returns a fresh numeric id, unique across everything in the portal.
func (p *portal) nextID() string {
	p.NextID++
	return fmt.Sprint(p.NextID)
}

// rateClass says which rate-limit window a route counts against.
type rateClass int

const (
	rateGeneral rateClass = iota
	rateSearch
	rateAssociations
)

// handlerFunc serves one API route. It runs with the portal locked and returns the status and
// the body to write (nil for none), or an error, which an *apiError renders as HubSpot does.
type handlerFunc func(r *http.Request) (int, any, error)

// handle registers h for METHOD and every path prefix + suffix; prefixes are the path families
// of one API (/crm/v3/..., /crm/.../2026-03/...).
func (e *Emulator) handle(method string, prefixes []string, suffix string, class rateClass, h handlerFunc) {
	for _, prefix := range prefixes {
		pattern := method + " " + prefix + suffix
		e.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { e.serve(w, r, pattern, class, h) })
	}
}

func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, pattern string, class rateClass, h handlerFunc) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats[pattern]++

	app, oauth, aerr := e.authenticate(r)
	if aerr != nil {
		e.writeError(w, r, aerr)
		return
	}
	headers, limitErr := e.limits.admit(app, class, e.now())
	setRateHeaders(w.Header(), headers, class, oauth)
	if limitErr != nil {
		e.limited++
		e.writeLimited(w, limitErr)
		return
	}

	status, body, err := h(r)
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = &apiError{Status: http.StatusInternalServerError, Category: "INTERNAL_ERROR", Message: err.Error()}
		}
		e.writeError(w, r, ae)
		return
	}
	if r.Method != http.MethodGet && status < 300 {
		if err := e.save(); err != nil {
			e.writeError(w, r, &apiError{Status: http.StatusInternalServerError, Category: "INTERNAL_ERROR", Message: "saving state: " + err.Error()})
			return
		}
	}
	e.writeJSON(w, status, body)
}

func (e *Emulator) writeJSON(w http.ResponseWriter, status int, body any) {
	if w.Header().Get(correlationHeader) == "" {
		w.Header().Set(correlationHeader, newUUID())
	}
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// Stats returns how many requests each route received, keyed "METHOD /path/pattern", plus
// "429" for the requests refused by a rate limit.
func (e *Emulator) Stats() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.stats)+1)
	for k, v := range e.stats {
		out[k] = v
	}
	out["429"] = e.limited
	return out
}

// ResetStats zeroes the request counters.
func (e *Emulator) ResetStats() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats = map[string]int{}
	e.limited = 0
}

func (e *Emulator) serveStats(w http.ResponseWriter, _ *http.Request) {
	stats := e.Stats()
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	_ = json.NewEncoder(w).Encode(stats)
}

func (e *Emulator) serveStatsReset(w http.ResponseWriter, _ *http.Request) {
	e.ResetStats()
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) load() (bool, error) {
	if e.opts.StatePath == "" {
		return false, nil
	}
	data, err := os.ReadFile(e.opts.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("emulator: reading state: %w", err)
	}
	p := &portal{}
	if err := json.Unmarshal(data, p); err != nil {
		return false, fmt.Errorf("emulator: state file %s is not a saved portal: %w", e.opts.StatePath, err)
	}
	e.p = p
	return true, nil
}

// save writes the portal atomically, so a crash never leaves a half-written state file.
func (e *Emulator) save() error {
	if e.opts.StatePath == "" {
		return nil
	}
	data, err := json.Marshal(e.p)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(e.opts.StatePath), ".hubspot-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), e.opts.StatePath)
}

// decodeBody reads a JSON request body into v. schema names the spec schema in errors.
func decodeBody(r *http.Request, schema string, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return badRequest("Unable to read request body")
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return badRequest(fmt.Sprintf("Invalid input JSON: no content to map to %s", schema))
	}
	if err := json.Unmarshal(data, v); err != nil {
		return badRequest(fmt.Sprintf("Invalid input JSON: cannot build %s: %s", schema, err.Error()))
	}
	return nil
}

// missingFields is the error for a body that lacks fields its schema requires.
func missingFields(schema string, names ...string) error {
	return badRequest(fmt.Sprintf("Invalid input JSON: Cannot build %s, some of required attributes are not set [%s]", schema, strings.Join(names, ", ")))
}

// requiredField is a field a schema requires, and whether the decoded body has it.
type requiredField struct {
	name  string
	given bool
}

// checkRequired is missingFields for the fields the body lacks, named in the order given.
func checkRequired(schema string, fields ...requiredField) error {
	var missing []string
	for _, f := range fields {
		if !f.given {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return missingFields(schema, missing...)
	}
	return nil
}

// queryBool reads a boolean query parameter; absent means def.
func queryBool(r *http.Request, name string, def bool) (bool, error) {
	v := r.URL.Query().Get(name)
	switch strings.ToLower(v) {
	case "":
		return def, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, badRequest(fmt.Sprintf("Invalid value %q for query parameter %s: expected true or false", v, name))
}
