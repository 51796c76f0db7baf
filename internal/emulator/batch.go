package emulator

import (
	"fmt"
	"net/http"
	"time"
)

// decodeBatch decodes a batch body into in, whose inputs (a field of in) must then be present
// and number at most limit.
func decodeBatch[T any](r *http.Request, schema string, in any, inputs *[]T, limit int) error {
	if err := decodeBody(r, schema, in); err != nil {
		return err
	}
	return checkInputs(schema, *inputs, limit)
}

// decodeInputs reads a batch body that holds only its inputs, at most limit of them.
func decodeInputs[T any](r *http.Request, schema string, limit int) ([]T, error) {
	var in struct {
		Inputs []T `json:"inputs"`
	}
	err := decodeBatch(r, schema, &in, &in.Inputs, limit)
	return in.Inputs, err
}

// recordBody resolves the object type of a records route and decodes its body.
func recordBody[T any](r *http.Request, schema string) (objectType, *T, error) {
	t, err := pathType(r, "objectType", recordTypes)
	if err != nil {
		return t, nil, err
	}
	in := new(T)
	return t, in, decodeBody(r, schema, in)
}

// recordBatch resolves the object type of a records batch route and decodes its inputs.
func recordBatch[T any](r *http.Request, schema string) (objectType, []T, error) {
	t, err := pathType(r, "objectType", recordTypes)
	if err != nil {
		return t, nil, err
	}
	inputs, err := decodeInputs[T](r, schema, maxBatchInputs)
	return t, inputs, err
}

// checkInputs refuses a batch whose inputs are absent or more than limit.
func checkInputs[T any](schema string, inputs []T, limit int) error {
	if inputs == nil {
		return missingFields(schema, "inputs")
	}
	if n := len(inputs); n > limit {
		return badRequest(fmt.Sprintf("Invalid input JSON: %s takes at most %d inputs, got %d", schema, limit, n))
	}
	return nil
}

// batchResponse is the spec's BatchResponse…(WithErrors) envelope: ok, or 207 with errors.
func batchResponse(started time.Time, completed time.Time, results any, errs []standardError) (int, map[string]any) {
	body := map[string]any{
		"status": "COMPLETE", "results": results,
		"startedAt": hubspotTime(started), "completedAt": hubspotTime(completed),
	}
	if len(errs) > 0 {
		body["numErrors"] = len(errs)
		body["errors"] = errs
		return http.StatusMultiStatus, body
	}
	return http.StatusOK, body
}

// standardError is the spec's StandardError, one failed part of a batch: HubSpot's error
// body without a correlation id, with context, errors and links always present.
type standardError map[string]any

// newStandardError is the StandardError for ae, with context added to ae's own.
func newStandardError(ae *apiError, context map[string][]string) standardError {
	ctx := map[string][]string{}
	for k, v := range ae.Context {
		ctx[k] = v
	}
	for k, v := range context {
		ctx[k] = v
	}
	out := standardError{
		"status": "error", "category": ae.Category, "message": ae.Message,
		"context": ctx, "errors": []errorDetail{}, "links": map[string]string{},
	}
	if ae.SubCategory != "" {
		out["subCategory"] = ae.SubCategory
	}
	return out
}
