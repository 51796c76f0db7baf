package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBodyBytes is the largest request body served; a larger one answers 413 before anything
// else reads it. HubSpot documents no limit: 32 MiB holds every request the documented
// per-request limits allow in practice (100 records of several 65,536-character values, or a
// property with thousands of long options) and bounds what one request can make the emulator
// hold in memory.
const maxBodyBytes = 32 << 20

// readBody returns the request body. serve has already read it into memory, within
// maxBodyBytes.
func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, badRequest("Unable to read request body")
	}
	return data, nil
}

// decodeJSON decodes a JSON body into v. schema names the spec schema in errors. strict
// refuses fields the schema does not have, as HubSpot's properties API does.
func decodeJSON(data []byte, schema string, v any, strict bool) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return badRequest(fmt.Sprintf("Invalid input JSON: no content to map to %s", schema))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return badRequest(fmt.Sprintf("Invalid input JSON: Unrecognized field %s (%s), not marked as ignorable", f, schema))
		}
		return badRequest(fmt.Sprintf("Invalid input JSON: cannot build %s: %s", schema, err.Error()))
	}
	// Anything after the value is not JSON HubSpot would parse either.
	if _, err := dec.Token(); err != io.EOF {
		return badRequest(fmt.Sprintf("Invalid input JSON: cannot build %s: unexpected content after the JSON value", schema))
	}
	return nil
}

// decodeBody reads a JSON request body into v, ignoring fields the schema does not have.
func decodeBody(r *http.Request, schema string, v any) error {
	data, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeJSON(data, schema, v, false)
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

// queryLimit reads a page size: absent means def, otherwise 1 to maxLimit.
func queryLimit(v string, def, maxLimit int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badRequest(fmt.Sprintf("Invalid value %q for query parameter limit: expected an integer from 1 to %d", v, maxLimit))
	}
	return n, nil
}

// parseOffset reads an offset paging cursor; absent means 0. where names it in errors.
func parseOffset(v, where string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest(fmt.Sprintf("Invalid paging cursor %q for %s", v, where))
	}
	return n, nil
}

// requestedProperties reads a list query parameter given repeated or comma-separated
// (properties, associations).
func requestedProperties(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// flexID is a record id sent as a JSON string or, as HubSpot's guides show it, a number.
type flexID string

func (f *flexID) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("an id must be a string or a number, got %s", data)
	}
	*f = flexID(n.String())
	return nil
}

// idRef is the spec's {"id": ...} object (SimplePublicObjectId, PublicObjectId).
type idRef struct {
	ID flexID `json:"id"`
}
