package emulator

// CRM search (POST /crm/v3/objects/{objectType}/search), for every type whose records are
// stored. It counts against the search rate limit, not the ten-second one.
//
// Choices where HubSpot's behaviour is not documented:
//
//   - Records are searchable as soon as they are written (HubSpot's index lags a little).
//   - Limits, each answered with 400 VALIDATION_ERROR: limit above 200 [SPEC] (0 or absent
//     means 10), more than 5 filter groups, more than 6 filters in a group or 18 in all [DOCS
//     search guide], a query over 3,000 characters [SPEC], and an after cursor at or past
//     10,000 [DOCS: HubSpot's cap on any query's results; pages stop at the 10,000th result].
//     limit is an int32 [SPEC].
//   - Filters on a ticket property that does not exist answer 400; for other types any name
//     is accepted. An operator that misses its operand (value; values for IN and NOT_IN;
//     value and highValue for BETWEEN) answers 400.
//   - Comparisons are numeric when both sides are numbers, chronological when both are dates
//     or datetimes (ISO 8601 or epoch milliseconds), and otherwise case-insensitive string
//     comparisons. EQ, IN and the ordering operators never match a record without the
//     property; NEQ, NOT_IN and NOT_CONTAINS_TOKEN do.
//   - CONTAINS_TOKEN splits the value and the filter on anything but letters and digits; each
//     of the filter's tokens must equal one of the value's, where * in the filter matches any
//     run of characters.
//   - query matches records where every word of the query starts a word of one of the type's
//     searchable properties (tickets: subject, content, hs_ticket_id; contacts: firstname,
//     lastname, email, phone; companies: name, domain, website, phone; deals: dealname).
//   - Only the first sort is honoured, given as "name", "-name" (descending) or
//     {"propertyName","direction"}; records without the property sort last. Without a sort,
//     results are in id order. after is the offset of the next page, as a string.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

const (
	maxSearchLimit        = 200
	maxSearchResults      = 10000
	maxFilterGroups       = 5
	maxFiltersPerGroup    = 6
	maxFiltersTotal       = 18
	maxSearchQueryLength  = 3000
	defaultSearchPageSize = 10
)

// searchableProperties are the properties a search query looks in.
var searchableProperties = map[string][]string{
	"0-5": {"subject", "content", "hs_ticket_id"},
	"0-1": {"firstname", "lastname", "email", "phone"},
	"0-2": {"name", "domain", "website", "phone"},
	"0-3": {"dealname"},
}

// searchFilter is the spec's Filter.
type searchFilter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        *string  `json:"value"`
	Values       []string `json:"values"`
	HighValue    *string  `json:"highValue"`
}

type searchSort struct {
	property   string
	descending bool
}

// searchRequest is the spec's PublicObjectSearchRequest.
type searchRequest struct {
	FilterGroups []struct {
		Filters []searchFilter `json:"filters"`
	} `json:"filterGroups"`
	Sorts      []json.RawMessage `json:"sorts"`
	Properties []string          `json:"properties"`
	Limit      int32             `json:"limit"`
	After      flexID            `json:"after"`
	Query      string            `json:"query"`
}

// searchPlan is a checked search: the page wanted and the order.
type searchPlan struct {
	limit, offset int
	order         *searchSort
}

func (e *Emulator) searchObjects(r *http.Request) (int, any, error) {
	t, in, err := recordBody[searchRequest](r, "PublicObjectSearchRequest")
	if err != nil {
		return 0, nil, err
	}
	plan, err := e.p.checkSearch(t, in)
	if err != nil {
		return 0, nil, err
	}
	var matches []*Object
	for _, o := range e.p.recordsInOrder(t.id, false) {
		if !matchesQuery(t, o, in.Query) {
			continue
		}
		ok := len(in.FilterGroups) == 0
		for _, g := range in.FilterGroups {
			ok = ok || matchesGroup(o, g.Filters)
		}
		if ok {
			matches = append(matches, o)
		}
	}
	if plan.order != nil {
		sort.SliceStable(matches, func(i, j int) bool { return sortLess(matches[i], matches[j], *plan.order) })
	}
	end := min(plan.offset+plan.limit, len(matches), maxSearchResults)
	results := []simpleObject{}
	if plan.offset < end {
		for _, o := range matches[plan.offset:end] {
			results = append(results, e.p.render(t, o, in.Properties, false))
		}
	}
	body := map[string]any{"total": len(matches), "results": results}
	if end < len(matches) && end < maxSearchResults {
		body["paging"] = map[string]any{"next": map[string]string{"after": strconv.Itoa(end)}}
	}
	return http.StatusOK, body, nil
}

// checkSearch applies the search limits and reads the page and the order.
func (p *portal) checkSearch(t objectType, in *searchRequest) (searchPlan, error) {
	plan := searchPlan{limit: int(in.Limit)}
	if plan.limit == 0 {
		plan.limit = defaultSearchPageSize
	}
	if plan.limit < 0 || plan.limit > maxSearchLimit {
		return plan, badRequest(fmt.Sprintf("limit must be between 1 and %d, got %d", maxSearchLimit, in.Limit))
	}
	var err error
	if plan.offset, err = parseOffset(string(in.After), "after"); err != nil {
		return plan, err
	}
	if plan.offset >= maxSearchResults {
		return plan, badRequest(fmt.Sprintf("Paging past %d results is not possible: a search returns at most %d results for any query; narrow the filters instead", maxSearchResults, maxSearchResults))
	}
	if len(in.FilterGroups) > maxFilterGroups {
		return plan, badRequest(fmt.Sprintf("Too many filter groups: %d given, at most %d are allowed", len(in.FilterGroups), maxFilterGroups))
	}
	total := 0
	for i, g := range in.FilterGroups {
		if len(g.Filters) > maxFiltersPerGroup {
			return plan, badRequest(fmt.Sprintf("Too many filters in filterGroups[%d]: %d given, at most %d are allowed per group", i, len(g.Filters), maxFiltersPerGroup))
		}
		total += len(g.Filters)
		for _, f := range g.Filters {
			if err := p.checkFilter(t, f); err != nil {
				return plan, err
			}
		}
	}
	if total > maxFiltersTotal {
		return plan, badRequest(fmt.Sprintf("Too many filters: %d given, at most %d are allowed across all filter groups", total, maxFiltersTotal))
	}
	if len(in.Query) > maxSearchQueryLength {
		return plan, badRequest(fmt.Sprintf("The query has %d characters; at most %d are allowed", len(in.Query), maxSearchQueryLength))
	}
	if len(in.Sorts) > 0 {
		s, err := parseSort(in.Sorts[0])
		if err != nil {
			return plan, err
		}
		plan.order = &s
	}
	return plan, nil
}

func (p *portal) checkFilter(t objectType, f searchFilter) error {
	if f.PropertyName == "" || f.Operator == "" {
		return missingFields("Filter", "propertyName", "operator")
	}
	if t.id == ticketTypeID && !p.definedProperty(t, f.PropertyName) && !slices.Contains(systemProperties(t), f.PropertyName) {
		ae := badRequest(fmt.Sprintf("Property %q does not exist and cannot be filtered on", f.PropertyName))
		ae.Context = map[string][]string{"propertyName": {f.PropertyName}}
		return ae
	}
	need := func(what string, ok bool) error {
		if ok {
			return nil
		}
		return badRequest(fmt.Sprintf("Operator %s on %q needs %s", f.Operator, f.PropertyName, what))
	}
	switch f.Operator {
	case "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
		return need("a value", f.Value != nil)
	case "BETWEEN":
		return need("a value and a highValue", f.Value != nil && f.HighValue != nil)
	case "IN", "NOT_IN":
		return need("values", len(f.Values) > 0)
	case "HAS_PROPERTY", "NOT_HAS_PROPERTY":
		return nil
	}
	return badRequest(fmt.Sprintf("Unknown operator %q; use one of EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN", f.Operator))
}

func parseSort(raw json.RawMessage) (searchSort, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if strings.HasPrefix(s, "-") {
			return searchSort{property: s[1:], descending: true}, nil
		}
		return searchSort{property: s}, nil
	}
	var o struct {
		PropertyName string `json:"propertyName"`
		Direction    string `json:"direction"`
	}
	if err := json.Unmarshal(raw, &o); err != nil || o.PropertyName == "" {
		return searchSort{}, badRequest("Invalid sort: use a property name, \"-name\" for descending, or {\"propertyName\":…,\"direction\":\"ASCENDING\"|\"DESCENDING\"}")
	}
	switch strings.ToUpper(o.Direction) {
	case "", "ASCENDING":
		return searchSort{property: o.PropertyName}, nil
	case "DESCENDING":
		return searchSort{property: o.PropertyName, descending: true}, nil
	}
	return searchSort{}, badRequest(fmt.Sprintf("Invalid sort direction %q: use ASCENDING or DESCENDING", o.Direction))
}

func sortLess(a, b *Object, s searchSort) bool {
	va, oka := a.Properties[s.property]
	vb, okb := b.Properties[s.property]
	switch {
	case !oka && !okb:
		return false
	case !oka:
		return false
	case !okb:
		return true
	}
	c := compareValues(va, vb)
	if s.descending {
		return c > 0
	}
	return c < 0
}

func matchesGroup(o *Object, filters []searchFilter) bool {
	for _, f := range filters {
		if !matchesFilter(o, f) {
			return false
		}
	}
	return true
}

func matchesFilter(o *Object, f searchFilter) bool {
	v, has := o.Properties[f.PropertyName]
	has = has && v != ""
	val := ""
	if f.Value != nil {
		val = *f.Value
	}
	switch f.Operator {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	case "NEQ":
		return !has || compareValues(v, val) != 0
	case "NOT_IN":
		return !has || !inValues(v, f.Values)
	case "NOT_CONTAINS_TOKEN":
		return !has || !containsTokens(v, val)
	}
	if !has {
		return false
	}
	switch f.Operator {
	case "EQ":
		return compareValues(v, val) == 0
	case "LT":
		return compareValues(v, val) < 0
	case "LTE":
		return compareValues(v, val) <= 0
	case "GT":
		return compareValues(v, val) > 0
	case "GTE":
		return compareValues(v, val) >= 0
	case "BETWEEN":
		return compareValues(v, val) >= 0 && compareValues(v, *f.HighValue) <= 0
	case "IN":
		return inValues(v, f.Values)
	case "CONTAINS_TOKEN":
		return containsTokens(v, val)
	}
	return false
}

func inValues(v string, values []string) bool {
	for _, x := range values {
		if compareValues(v, x) == 0 {
			return true
		}
	}
	return false
}

// compareValues compares two property values as numbers, as points in time, or as text.
func compareValues(a, b string) int {
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	}
	if ta, ok := parseHubSpotTime(a); ok {
		if tb, ok := parseHubSpotTime(b); ok {
			return ta.Compare(tb)
		}
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*' })
}

func containsTokens(value, filter string) bool {
	have := tokens(value)
	want := tokens(filter)
	if len(want) == 0 {
		return false
	}
	for _, w := range want {
		found := false
		for _, h := range have {
			if ok, _ := path.Match(w, h); ok {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func matchesQuery(t objectType, o *Object, query string) bool {
	words := tokens(strings.ReplaceAll(query, "*", " "))
	if len(words) == 0 {
		return true
	}
	var have []string
	for _, name := range searchableProperties[t.id] {
		have = append(have, tokens(strings.ReplaceAll(o.Properties[name], "*", " "))...)
	}
	for _, w := range words {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
