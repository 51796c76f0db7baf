package emulator

import (
	"crypto/rand"
	"fmt"
	"net/http"
)

const correlationHeader = "X-HubSpot-Correlation-Id"

// Error categories HubSpot uses (NOTES §5.1).
const (
	catValidation    = "VALIDATION_ERROR"
	catNotFound      = "OBJECT_NOT_FOUND"
	catAlreadyExists = "OBJECT_ALREADY_EXISTS"
	catConflict      = "CONFLICT"
	catInvalidAuth   = "INVALID_AUTHENTICATION"
	catExpiredAuth   = "EXPIRED_AUTHENTICATION"
	catRateLimits    = "RATE_LIMITS"
	catAPILimit      = "API_LIMIT"
	catInternal      = "INTERNAL_ERROR"
)

// apiError is HubSpot's Error schema plus the "status":"error" every real body carries.
type apiError struct {
	Status      int                 `json:"-"`
	StatusText  string              `json:"status"`
	Message     string              `json:"message"`
	Correlation string              `json:"correlationId"`
	Category    string              `json:"category"`
	SubCategory string              `json:"subCategory,omitempty"`
	Context     map[string][]string `json:"context,omitempty"`
	Errors      []errorDetail       `json:"errors,omitempty"`
	Links       map[string]string   `json:"links,omitempty"`
}

// errorDetail is the spec's ErrorDetail schema.
type errorDetail struct {
	Message     string              `json:"message"`
	Code        string              `json:"code,omitempty"`
	In          string              `json:"in,omitempty"`
	SubCategory string              `json:"subCategory,omitempty"`
	Context     map[string][]string `json:"context,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Category, e.Message) }

func badRequest(msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Category: catValidation, Message: msg}
}

func notFound(msg string) *apiError {
	return &apiError{Status: http.StatusNotFound, Category: catNotFound, Message: msg}
}

func conflict(msg string) *apiError {
	return &apiError{Status: http.StatusConflict, Category: catAlreadyExists, Message: msg}
}

// newUUID returns a random RFC 4122 version 4 UUID, the form of HubSpot's correlation ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
