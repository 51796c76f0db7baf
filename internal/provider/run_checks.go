package provider

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// plannedName is what a resource records in the run's registry for an object HubSpot keeps
// one of per name: which resource plans it, for the error the other resource shows, and the
// name it gives up, for a replacement that archives the old object before creating the new.
type plannedName struct {
	desc     string
	replaces string
}

// claimName records that the resource described by self plans the object kind/name, and fails
// the plan at the attribute at when another resource of the configuration plans the same
// object. what names the attribute's value for the message, rule says what HubSpot allows.
// Which of the two resources shows the error depends on the order Terraform plans them in;
// one of them always does, before anything is written.
func claimName(reg *runplan.Registry, kind runplan.Kind, name, owner string, self plannedName, at path.Path, what, rule string, diags *diag.Diagnostics) {
	if reg == nil {
		return
	}
	if prior, ok := runplan.Recorded[plannedName](reg, kind, name, owner); ok && self.replaces == "" {
		self.replaces = prior.replaces
	}
	others := reg.Record(kind, name, owner, self)
	if len(others) == 0 {
		return
	}
	desc := "another resource"
	if p, ok := others[0].Value.(plannedName); ok {
		desc = p.desc
	}
	diags.AddAttributeError(at, "Duplicate "+string(kind),
		fmt.Sprintf("%s is also planned by %s in this configuration. %s Change one of the two, or manage the object with one resource.", what, desc, rule))
}

// plannedNames returns the names of kind recorded under prefix (with the prefix removed) and
// the names those plans give up.
func plannedNames(reg *runplan.Registry, kind runplan.Kind, prefix string) (names, replaced map[string]bool) {
	names, replaced = map[string]bool{}, map[string]bool{}
	for k, p := range runplan.Names[plannedName](reg, kind) {
		if n, ok := strings.CutPrefix(k, prefix); ok {
			names[n] = true
			if p.replaces != "" {
				replaced[p.replaces] = true
			}
		}
	}
	return names, replaced
}

// overLimit counts the objects there will be after the run: those HubSpot has and those the run
// plans, each name once, less those the run's replacements archive first. It returns the count
// and the planned names that HubSpot does not have yet, sorted, for the message.
func overLimit(existing, planned, replaced map[string]bool) (int, []string) {
	all := map[string]bool{}
	for n := range existing {
		all[n] = true
	}
	var added []string
	for n := range planned {
		if !existing[n] {
			added = append(added, n)
		}
		all[n] = true
	}
	for n := range replaced {
		delete(all, n)
	}
	sort.Strings(added)
	return len(all), added
}

// checkLimit fails the plan at the attribute at when the objects there will be after the run
// (see overLimit) are more than limit. rule says what HubSpot allows, up to "the account" that
// the count follows; advice says what to do.
func checkLimit(diags *diag.Diagnostics, at path.Path, summary, rule string, limit int, existing, planned, replaced map[string]bool, advice string) {
	total, added := overLimit(existing, planned, replaced)
	if total <= limit {
		return
	}
	diags.AddAttributeError(at, summary,
		fmt.Sprintf("%s has %d and this configuration adds %d (%s), %d in all. %s: one this plan destroys still counts, since Terraform may create before it deletes, so remove it in an earlier apply.",
			rule, len(existing), len(added), strings.Join(added, ", "), total, advice))
}
