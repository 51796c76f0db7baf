package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

func TestOverLimit(t *testing.T) {
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	cases := []struct {
		name                        string
		existing, planned, replaced map[string]bool
		total                       int
		added                       []string
	}{
		{"nothing", set(), set(), set(), 0, nil},
		{"planned objects HubSpot has count once", set("a", "b"), set("b", "c"), set(), 3, []string{"c"}},
		{"a replacement frees its old name", set("a", "b"), set("a", "c"), set("b"), 2, []string{"c"}},
	}
	for _, c := range cases {
		total, added := overLimit(c.existing, c.planned, c.replaced)
		if total != c.total || !slices.Equal(added, c.added) {
			t.Errorf("%s: overLimit = %d, %v; want %d, %v", c.name, total, added, c.total, c.added)
		}
	}
}

func TestClaimNameKeepsWhatTheFirstPlanKnew(t *testing.T) {
	reg := runplan.New()
	var diags diag.Diagnostics
	claim := func(owner string, self plannedName) {
		claimName(reg, runplan.AssociationLabel, "p/n", owner, self, path.Root("name"), "The name", "One per pair.", &diags)
	}
	// A replacement's first plan knows the name it gives up; its second plan, without state,
	// does not, and must not lose it.
	claim("a", plannedName{desc: "label a", replaces: "old"})
	claim("a", plannedName{desc: "label a"})
	if _, replaced := plannedNames(reg, runplan.AssociationLabel, "p/"); !replaced["old"] {
		t.Fatalf("the replaced name was lost: %v", replaced)
	}
	if diags.HasError() {
		t.Fatalf("one owner planning twice is a duplicate: %v", diags)
	}
	claim("b", plannedName{desc: "label b"})
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "is also planned by label a") {
		t.Fatalf("a second owner is not refused, naming the first: %v", diags)
	}
}
