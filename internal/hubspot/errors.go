package hubspot

import (
	"encoding/json"
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
	// A detail's context is where HubSpot names what is missing (a 403's requiredGranularScopes),
	// so it is shown with the detail's message.
	for _, d := range e.Errors {
		if d.Message != "" && d.Message != e.Message {
			b.WriteString("; " + d.Message)
		}
		b.WriteString(contextText(d.Context))
	}
	b.WriteString(contextText(e.Context))
	if e.CorrelationID != "" {
		b.WriteString(" (correlation id " + e.CorrelationID + ")")
	}
	return b.String()
}

// contextText renders an error context as " [key=v1,v2 ...]" in key order, or "" when empty.
func contextText(c map[string][]string) string {
	if len(c) == 0 {
		return ""
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+strings.Join(c[k], ","))
	}
	return " [" + strings.Join(parts, " ") + "]"
}

// maxErrorText bounds how much of a body that is not HubSpot's JSON error goes in a message.
const maxErrorText = 300

// parseError reads HubSpot's error body; a body that is not one (an HTML page from a proxy)
// becomes the message, cut short.
func parseError(status int, h http.Header, data []byte, method, path string) *Error {
	e := &Error{}
	if err := json.Unmarshal(data, e); err != nil || e.Message == "" {
		e = &Error{Message: strings.ToValidUTF8(strings.TrimSpace(string(data)), "�")}
		if r := []rune(e.Message); len(r) > maxErrorText {
			e.Message = string(r[:maxErrorText]) + "…"
		}
		if e.Message == "" {
			e.Message = http.StatusText(status)
		}
	}
	e.StatusCode, e.Method, e.Path = status, method, path
	if e.CorrelationID == "" {
		e.CorrelationID = h.Get("X-HubSpot-Correlation-Id")
	}
	return e
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

// HasSubCategory reports whether err is a HubSpot error of the given subCategory.
func HasSubCategory(err error, sub string) bool {
	e, ok := asError(err)
	return ok && e.SubCategory == sub
}

// RefusedAsWhole reports whether err is HubSpot refusing a whole request for its content: it
// changed nothing, and a request carrying less of that content may pass. Credentials, scopes
// and rate limits are not about the content.
func RefusedAsWhole(err error) bool {
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

// IDs are the record ids, names or trace ids a batch error is about.
func (b BatchError) IDs() []string {
	var ids []string
	for _, k := range []string{"ids", "fromObjectId", "name", "names"} {
		ids = append(ids, b.Context[k]...)
	}
	if b.ID != "" {
		ids = append(ids, b.ID)
	}
	return ids
}

// Mentions reports whether a batch error names s: as an id, or in its message.
func (b BatchError) Mentions(s string) bool {
	if s == "" {
		return false
	}
	if strings.Contains(b.Message, s) {
		return true
	}
	for _, vs := range b.Context {
		for _, v := range vs {
			if v == s {
				return true
			}
		}
	}
	return b.ID == s
}

// ItemError turns one failed input of a batch into the *Error its single request would have
// answered, the status following HubSpot's category. id, when set, narrows a not-found error
// to that one record.
func (b BatchError) ItemError(method, path, id string) *Error {
	status := http.StatusBadRequest
	switch b.Category {
	case "OBJECT_NOT_FOUND":
		status = http.StatusNotFound
	case "OBJECT_ALREADY_EXISTS", "CONFLICT":
		status = http.StatusConflict
	}
	ctx := b.Context
	if id != "" && status == http.StatusNotFound {
		ctx = map[string][]string{"ids": {id}}
	}
	return &Error{StatusCode: status, Method: method, Path: path, Category: b.Category, SubCategory: b.SubCategory,
		Message: b.Message, Context: ctx, Errors: b.Errors}
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

// UncertainCreateError says that HubSpot may or may not have made an object: the create was
// sent, but its answer was lost (a transport error, a timeout, an interruption), was a server
// error, or did not say what became of it. The create is never sent again, since that could
// make the object twice. It carries what was sent, so that the object can be looked for.
type UncertainCreateError struct {
	// Kind is what was created: "record", "property", "property group", "pipeline",
	// "pipeline stage" or "association label".
	Kind string
	// ObjectType is the object type the object belongs to (for a label, the type it is from).
	ObjectType string
	// Parent is the pipeline of a stage, or the object type a label goes to.
	Parent string
	// Key is the natural key sent: the name of a property, group or label, the label of a
	// pipeline or stage. Records have none.
	Key string
	// Properties are the property values a record create sent.
	Properties map[string]string
	Err        error
}

func (e *UncertainCreateError) Error() string {
	what := e.Kind
	if e.Kind == "record" {
		what = RecordNoun(e.ObjectType)
	}
	if e.Key != "" {
		what += fmt.Sprintf(" %q", e.Key)
	}
	where := ""
	switch {
	case e.Kind == "pipeline stage":
		where = fmt.Sprintf(" in pipeline %s", e.Parent)
	case e.Kind == "association label":
		where = fmt.Sprintf(" from %s to %s", e.ObjectType, e.Parent)
	}
	look := "Look for it in HubSpot"
	if e.Key == "" {
		for _, p := range identifyingProperties[CanonicalObjectType(e.ObjectType)] {
			if v := e.Properties[p]; v != "" {
				look = fmt.Sprintf("Look for it in HubSpot (search by %s %q)", p, v)
				break
			}
		}
	}
	return fmt.Sprintf("HubSpot may or may not have created the %s%s: %v. The create was not sent again, so that nothing is created twice. "+
		"%s: if it exists, import it instead of creating it again; if not, apply again", what, where, e.Err, look)
}

func (e *UncertainCreateError) Unwrap() error { return e.Err }

// with returns a copy of the template e carrying err.
func (e *UncertainCreateError) with(err error) *UncertainCreateError {
	out := *e
	out.Err = err
	return &out
}

// identifyingProperties are the properties a person would look a record of a type up by.
var identifyingProperties = map[string][]string{
	"0-1": {"email", "lastname"},
	"0-2": {"domain", "name"},
	"0-3": {"dealname"},
	"0-5": {"subject"},
}

// RecordNoun names a record of a standard object type in messages.
func RecordNoun(objectType string) string {
	switch CanonicalObjectType(objectType) {
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
