package emulator

// Record property values: what a create or update may write (the rules are listed in
// objects.go's header).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// propertyIssue is one entry of HubSpot's "Property values were not valid" list.
type propertyIssue struct {
	IsValid bool   `json:"isValid"`
	Message string `json:"message"`
	Error   string `json:"error"`
	Name    string `json:"name"`
}

func issue(name, code, format string, args ...any) *propertyIssue {
	return &propertyIssue{Name: name, Error: code, Message: fmt.Sprintf(format, args...)}
}

// rawValue reads a property value: HubSpot takes strings, and numbers and booleans as their
// text; null clears the value, like an empty string.
func rawValue(v json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, true
	}
	var x any
	dec := json.NewDecoder(strings.NewReader(string(v)))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return "", false
	}
	switch x := x.(type) {
	case nil:
		return "", true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// checkProperties validates the values of a create (current is nil) or an update of a record
// of type t and returns them as they are to be stored ("" clears a value on update).
func (p *portal) checkProperties(t objectType, raw map[string]json.RawMessage, current map[string]string) (map[string]string, error) {
	values := map[string]string{}
	var issues []propertyIssue
	for _, name := range sortedKeys(raw) {
		s, ok := rawValue(raw[name])
		if !ok {
			issues = append(issues, *issue(name, "INVALID_VALUE", "%s is not a valid value for property %q: values are strings", raw[name], name))
			continue
		}
		values[name] = s
	}
	if t.id == ticketTypeID {
		for _, name := range sortedKeys(values) {
			norm, iss := p.checkTicketValue(name, values[name])
			if iss != nil {
				issues = append(issues, *iss)
				continue
			}
			values[name] = norm
		}
		if len(issues) == 0 {
			if iss := p.checkTicketPipeline(values, current); iss != nil {
				issues = append(issues, *iss)
			}
		}
	} else {
		for _, name := range append(systemProperties(t), "hs_ticket_id") {
			if _, ok := values[name]; ok {
				issues = append(issues, *issue(name, "READ_ONLY_VALUE", "%q is a read only property; its value cannot be set", name))
			}
		}
	}
	if len(issues) > 0 {
		data, _ := json.Marshal(issues)
		return nil, badRequest("Property values were not valid: " + string(data))
	}
	if current == nil {
		for k, v := range values {
			if v == "" {
				delete(values, k)
			}
		}
	}
	return values, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkTicketValue checks one ticket property value against its definition and returns the
// value as it is stored.
func (p *portal) checkTicketValue(name, value string) (string, *propertyIssue) {
	d := p.Properties[name]
	if d == nil || d.Archived {
		return "", issue(name, "PROPERTY_DOESNT_EXIST", "Property %q does not exist", name)
	}
	readOnly := d.Calculated || (d.ModificationMetadata != nil && d.ModificationMetadata.ReadOnlyValue)
	for _, sys := range append(systemProperties(typeByID(ticketTypeID)), "hs_ticket_id") {
		readOnly = readOnly || name == sys
	}
	if readOnly {
		return "", issue(name, "READ_ONLY_VALUE", "%q is a read only property; its value cannot be set", name)
	}
	if value == "" || name == "hs_pipeline" || name == "hs_pipeline_stage" {
		// Pipelines and stages are checked together, by checkTicketPipeline.
		return value, nil
	}
	switch d.Type {
	case "enumeration":
		return value, p.checkEnumValue(d, value)
	case "number":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || f != f || f > 1e300 || f < -1e300 {
			return "", issue(name, "INVALID_NUMBER", "%s is not a valid number", value)
		}
		return value, nil
	case "bool":
		switch strings.ToLower(value) {
		case "true", "false":
			return strings.ToLower(value), nil
		}
		return "", issue(name, "INVALID_BOOLEAN", "%s is not a valid boolean: use true or false", value)
	case "date", "datetime":
		return checkTimeValue(d, value)
	}
	if len(value) > maxStringValue {
		return "", issue(name, "INVALID_STRING_LENGTH", "the value of %q has %d characters; at most %d are allowed", name, len(value), maxStringValue)
	}
	return value, nil
}

// checkEnumValue checks an enumeration value: an owner id for owner properties, otherwise one
// of the options, or for a checkbox several separated by ";".
func (p *portal) checkEnumValue(d *Property, value string) *propertyIssue {
	if strings.EqualFold(d.ReferencedObjectType, "OWNER") {
		for _, o := range p.Owners {
			if o.ID == value && !o.Archived {
				return nil
			}
		}
		return issue(d.Name, "INVALID_OWNER_ID", "%s is not a valid owner id", value)
	}
	if d.ExternalOptions {
		// Options kept elsewhere that the emulator does not model are not checked.
		return nil
	}
	allowed := make([]string, 0, len(d.Options))
	ok := map[string]bool{}
	for _, o := range d.Options {
		allowed = append(allowed, o.Value)
		ok[o.Value] = true
	}
	values := []string{value}
	if d.FieldType == "checkbox" {
		values = strings.Split(value, ";")
	}
	for _, v := range values {
		if !ok[v] {
			return issue(d.Name, "INVALID_OPTION", "%s was not one of the allowed options: [%s]", v, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// checkTimeValue checks a date (midnight UTC) or datetime value and returns it in the form
// HubSpot renders: YYYY-MM-DD, or ISO 8601 UTC with milliseconds.
func checkTimeValue(d *Property, value string) (string, *propertyIssue) {
	t, ok := parseHubSpotTime(value)
	if d.Type == "datetime" {
		if !ok {
			return "", issue(d.Name, "INVALID_DATETIME", "%s is not a valid datetime: use ISO 8601 or epoch milliseconds", value)
		}
		return hubspotTime(t), nil
	}
	if !ok || t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return "", issue(d.Name, "INVALID_DATE", "%s is not a valid date: use midnight UTC as YYYY-MM-DD or epoch milliseconds", value)
	}
	return t.Format(time.DateOnly), nil
}

// parseHubSpotTime reads a date or datetime as HubSpot accepts them: epoch milliseconds,
// ISO 8601 with a time, or a bare date (midnight UTC).
func parseHubSpotTime(s string) (time.Time, bool) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// checkTicketPipeline checks a ticket's pipeline and stage after a create or update with
// values: the pipeline must be active and the stage an active stage of it. On create the
// pipeline defaults to the default pipeline, and values gets it.
func (p *portal) checkTicketPipeline(values, current map[string]string) *propertyIssue {
	pipelineID, pipelineGiven := values["hs_pipeline"]
	stageID, stageGiven := values["hs_pipeline_stage"]
	creating := current == nil
	var pl *Pipeline
	switch {
	case pipelineGiven && pipelineID == "":
		return issue("hs_pipeline", "REQUIRED_PROPERTY", "Property \"hs_pipeline\" cannot be cleared: a ticket is always in a pipeline")
	case pipelineGiven:
		pl = p.Pipelines[pipelineID]
		if pl == nil || pl.Archived {
			return issue("hs_pipeline", "INVALID_OPTION", "%s was not one of the allowed options: [%s]", pipelineID, strings.Join(p.activePipelineIDs(), ", "))
		}
	case creating:
		pl = p.defaultTicketPipeline()
		if pl == nil {
			return issue("hs_pipeline", "REQUIRED_PROPERTY", "The account has no active ticket pipeline")
		}
		values["hs_pipeline"] = pl.ID
	case !stageGiven:
		return nil
	default:
		pl = p.Pipelines[current["hs_pipeline"]]
	}
	if !stageGiven && !creating {
		// Moving pipelines keeps the stage only when the new pipeline has it.
		stageID = current["hs_pipeline_stage"]
	}
	if stageID == "" {
		return issue("hs_pipeline_stage", "REQUIRED_PROPERTY", "Property \"hs_pipeline_stage\" is required")
	}
	var allowed []string
	plID := ""
	if pl != nil {
		plID = pl.ID
		for _, s := range activePipelineStages(pl) {
			if s.ID == stageID {
				return nil
			}
			allowed = append(allowed, s.ID)
		}
	}
	return issue("hs_pipeline_stage", "INVALID_OPTION", "%s was not one of the allowed options for pipeline %s: [%s]", stageID, plID, strings.Join(allowed, ", "))
}

func (p *portal) activePipelineIDs() []string {
	var ids []string
	for id, pl := range p.Pipelines {
		if !pl.Archived {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return idLess(ids[i], ids[j]) })
	return ids
}

// defaultTicketPipeline is the pipeline tickets land in when none is given: the first active
// pipeline in display order.
func (p *portal) defaultTicketPipeline() *Pipeline {
	if ps := p.activePipelines(); len(ps) > 0 {
		return ps[0]
	}
	return nil
}

// recordWrite is one record's properties as a write leaves them, for the checks that look at
// records together.
type recordWrite struct {
	id    string // "" for a record being created
	input int    // its input in a batch; -1 for a single request
	props map[string]string
}

// afterUpdate is the record's properties once changes are applied.
func afterUpdate(current, changes map[string]string) map[string]string {
	out := make(map[string]string, len(current)+len(changes))
	for k, v := range current {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// checkUniqueValues refuses writes after which two live tickets would hold the same value of a
// property with hasUniqueValue: 409 CONFLICT, in the form of HubSpot's duplicate-record answer
// ("... already exists. Existing ID: N"), or naming the two inputs of a batch that share it.
func (p *portal) checkUniqueValues(t objectType, writes []recordWrite) error {
	if t.id != ticketTypeID {
		return nil
	}
	touched := map[string]bool{}
	for _, w := range writes {
		touched[w.id] = w.id != ""
	}
	for _, name := range sortedKeys(p.Properties) {
		d := p.Properties[name]
		if !d.HasUniqueValue || d.Archived {
			continue
		}
		holders := map[string]string{}
		for _, o := range p.Objects[ticketTypeID] {
			if v := o.Properties[name]; v != "" && !o.Archived && !touched[o.ID] {
				holders[v] = o.ID
			}
		}
		claimed := map[string]recordWrite{}
		for _, w := range writes {
			v := w.props[name]
			if v == "" {
				continue
			}
			if id, ok := holders[v]; ok {
				return uniqueConflict(w, name, v, fmt.Sprintf("Ticket already exists with the value %q of unique property %q. Existing ID: %s", v, name, id), id)
			}
			if other, ok := claimed[v]; ok {
				return uniqueConflict(w, name, v, fmt.Sprintf("The value %q of unique property %q is also given to inputs[%d]; the values of a unique property must differ", v, name, other.input), other.id)
			}
			claimed[v] = w
		}
	}
	return nil
}

func uniqueConflict(w recordWrite, name, value, msg, existing string) error {
	ae := &apiError{Status: http.StatusConflict, Category: catConflict, Message: msg,
		Context: map[string][]string{"propertyName": {name}, "propertyValue": {value}}}
	if existing != "" {
		ae.Context["existingId"] = []string{existing}
	}
	if w.input >= 0 {
		return inBatchInput(ae, w.input)
	}
	return ae
}
