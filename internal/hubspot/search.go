package hubspot

import (
	"context"
	"fmt"
	"net/http"
)

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
		if err := c.do(ctx, request{method: http.MethodPost, path: objectsPath(objectType) + "/search", body: body, out: &out, search: true}); err != nil {
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
