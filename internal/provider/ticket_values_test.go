package provider

import (
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func TestSameTicketValue(t *testing.T) {
	def := func(typ, fieldType string) *hubspot.Property {
		return &hubspot.Property{Type: typ, FieldType: fieldType}
	}
	for _, tc := range []struct {
		def  *hubspot.Property
		a, b string
		same bool
	}{
		{nil, "x", "x", true},
		{nil, "1.50", "1.5", false},
		{def("number", "number"), "1.50", "1.5", true},
		{def("number", "number"), "1.5", "2", false},
		{def("datetime", "date"), "2026-03-02T10:30:00+01:00", "2026-03-02T09:30:00.000Z", true},
		{def("datetime", "date"), "1772443800000", "2026-03-02T09:30:00.000Z", true},
		{def("datetime", "date"), "2026-03-02T10:30:00Z", "2026-03-02T09:30:00.000Z", false},
		{def("date", "date"), "2026-03-02", "1772409600000", true},
		{def("bool", "booleancheckbox"), "TRUE", "true", true},
		{def("enumeration", "checkbox"), "B;A", "A;B", true},
		{def("enumeration", "select"), "B;A", "A;B", false},
		{def("string", "text"), "Hello", "hello", false},
	} {
		if got := sameTicketValue(tc.def, tc.a, tc.b); got != tc.same {
			t.Errorf("sameTicketValue(%v, %q, %q) = %v, want %v", tc.def, tc.a, tc.b, got, tc.same)
		}
	}
}

func TestTicketDefaultPipeline(t *testing.T) {
	epoch := time.Unix(0, 0)
	later := epoch.Add(time.Hour)
	list := []hubspot.Pipeline{
		{ID: "9", DisplayOrder: 0, CreatedAt: later},
		{ID: "0", DisplayOrder: 0, CreatedAt: epoch},
		{ID: "5", DisplayOrder: -1, CreatedAt: later, Archived: true},
		{ID: "7", DisplayOrder: 3, CreatedAt: epoch},
	}
	if p := ticketDefaultPipeline(list); p == nil || p.ID != "0" {
		t.Errorf("default = %v, want 0", p)
	}
	if p := ticketDefaultPipeline(nil); p != nil {
		t.Errorf("default of none = %v", p)
	}
}
