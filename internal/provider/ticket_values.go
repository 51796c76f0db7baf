package provider

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// parseTicketTime reads a date or datetime in the forms HubSpot takes: epoch milliseconds,
// ISO 8601, or a bare date.
func parseTicketTime(s string) (time.Time, bool) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// sameTicketValue reports whether two values of a property mean the same thing to HubSpot,
// which renders dates, numbers, booleans and multiple choices in its own way.
func sameTicketValue(def *hubspot.Property, a, b string) bool {
	if a == b {
		return true
	}
	if def == nil {
		return false
	}
	switch def.Type {
	case "date", "datetime":
		ta, okA := parseTicketTime(a)
		tb, okB := parseTicketTime(b)
		return okA && okB && ta.Equal(tb)
	case "number":
		fa, errA := strconv.ParseFloat(a, 64)
		fb, errB := strconv.ParseFloat(b, 64)
		return errA == nil && errB == nil && fa == fb
	case "bool":
		return strings.EqualFold(a, b)
	case "enumeration":
		if def.FieldType == "checkbox" {
			sa, sb := strings.Split(a, ";"), strings.Split(b, ";")
			sort.Strings(sa)
			sort.Strings(sb)
			return strings.Join(sa, ";") == strings.Join(sb, ";")
		}
	}
	return false
}
