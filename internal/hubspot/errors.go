package hubspot

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Error is a HubSpot API error: the HTTP status and HubSpot's error body (the spec's Error
// schema, plus the policy name of a 429), with the request that produced it.
type Error struct {
	StatusCode    int                 `json:"-"`
	Method        string              `json:"-"`
	Path          string              `json:"-"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category"`
	SubCategory   string              `json:"subCategory"`
	Context       map[string][]string `json:"context"`
	Errors        []ErrorDetail       `json:"errors"`
	PolicyName    string              `json:"policyName"`
}

// ErrorDetail is one entry of an error's "errors" list.
type ErrorDetail struct {
	Message     string              `json:"message"`
	Code        string              `json:"code"`
	In          string              `json:"in"`
	SubCategory string              `json:"subCategory"`
	Context     map[string][]string `json:"context"`
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HubSpot API %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Category != "" {
		b.WriteString(" " + e.Category)
	}
	if e.SubCategory != "" {
		b.WriteString(" (" + e.SubCategory + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, d := range e.Errors {
		if d.Message != "" && d.Message != e.Message {
			b.WriteString("; " + d.Message)
		}
	}
	if len(e.Context) > 0 {
		keys := make([]string, 0, len(e.Context))
		for k := range e.Context {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+"="+strings.Join(e.Context[k], ","))
		}
		b.WriteString(" [" + strings.Join(parts, " ") + "]")
	}
	if e.CorrelationID != "" {
		b.WriteString(" (correlation id " + e.CorrelationID + ")")
	}
	return b.String()
}

func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether err is HubSpot saying the object does not exist (or is archived).
func IsNotFound(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusNotFound
}

// IsConflict reports whether err is HubSpot refusing a create because the object exists.
func IsConflict(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusConflict
}

// IsValidation reports whether err is HubSpot refusing the request's content.
func IsValidation(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusBadRequest
}

// IsUnauthorized reports whether err is HubSpot refusing the credentials.
func IsUnauthorized(err error) bool {
	e, ok := asError(err)
	return ok && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden)
}

// IsRateLimited reports whether err is a 429 that retries did not get past.
func IsRateLimited(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusTooManyRequests
}

// HasSubCategory reports whether err is a HubSpot error of the given subCategory.
func HasSubCategory(err error, sub string) bool {
	e, ok := asError(err)
	return ok && e.SubCategory == sub
}
