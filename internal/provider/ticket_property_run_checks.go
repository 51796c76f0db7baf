package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/formula"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// maxUniqueProperties is how many custom properties with unique values HubSpot allows per
// object type.
const maxUniqueProperties = 10

// replacedName returns the name of the property this plan archives before creating the new one:
// the state's name on a replacement's first plan, and on its second plan, which has no state,
// what the first one recorded.
func replacedName(ctx context.Context, req resource.ModifyPlanRequest, reg *runplan.Registry, name string, diags *diag.Diagnostics) string {
	if req.State.Raw.IsNull() {
		prior, _ := runplan.Recorded[plannedTicketProperty](reg, runplan.TicketProperty, name, planOwner(req.Config))
		return prior.replaces
	}
	var old types.String
	diags.Append(req.State.GetAttribute(ctx, path.Root("name"), &old)...)
	if isKnown(old) && old.ValueString() != name {
		return old.ValueString()
	}
	return ""
}

// checkUniqueLimit fails the plan of a new property with unique values when the account's
// custom properties with unique values and those this run creates would be more than HubSpot
// allows. It reads the run's shared property list; the property planned last sees every other
// one the run plans, and fails the plan if the total is over.
func (r *TicketPropertyResource) checkUniqueLimit(ctx context.Context, plan *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	if r.client == nil || !plan.HasUniqueValue.ValueBool() {
		return
	}
	list, err := r.client.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{})
	if err != nil {
		checkFailed(diags, path.Root("has_unique_value"), "how many ticket properties with unique values the account has", err)
		return
	}
	existing := map[string]bool{}
	for _, p := range list {
		if p.HasUniqueValue && !p.HubspotDefined && !p.Archived {
			existing[p.Name] = true
		}
	}
	planned, replaced := map[string]bool{}, map[string]bool{}
	for name, pp := range runplan.Names[plannedTicketProperty](r.plans, runplan.TicketProperty) {
		if pp.unique {
			planned[name] = true
		}
		if pp.replaces != "" {
			replaced[pp.replaces] = true
		}
	}
	checkLimit(diags, path.Root("has_unique_value"), "Too many properties with unique values",
		fmt.Sprintf("HubSpot allows at most %d custom ticket properties with unique values. The account", maxUniqueProperties),
		maxUniqueProperties, existing, planned, replaced,
		"Set has_unique_value = false on some, or archive unused ones first")
}

// checkFormula fails the plan when calculation_formula names a property that neither exists
// nor is planned by a property resource of this run. As with group_name, a property declared
// in the configuration is only known to be planned, and created, first when this one depends
// on it; the message says so.
func (r *TicketPropertyResource) checkFormula(ctx context.Context, plan *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	if r.client == nil || !isKnown(plan.CalculationFormula) {
		return
	}
	names := formula.Properties(plan.CalculationFormula.ValueString())
	if len(names) == 0 {
		return
	}
	list, err := r.client.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{})
	if err != nil {
		checkFailed(diags, path.Root("calculation_formula"), "that the properties calculation_formula names exist", err)
		return
	}
	active := map[string]bool{}
	for _, p := range list {
		active[p.Name] = !p.Archived
	}
	var missing []string
	for _, n := range names {
		if n == plan.Name.ValueString() {
			continue // validateFormulaSelf's
		}
		if _, planned := runplan.Lookup[plannedTicketProperty](r.plans, runplan.TicketProperty, n); !active[n] && !planned {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		diags.AddAttributeError(path.Root("calculation_formula"), "Formula names an unknown property",
			fmt.Sprintf("calculation_formula refers to %s, but HubSpot has no active ticket property of that name and this configuration does not create one that Terraform knows of. "+
				"A formula may only name existing ticket properties (by internal name). If the property is declared in this configuration, add its resource to depends_on so that Terraform creates it first.",
				strings.Join(quoteAll(missing), ", ")))
	}
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// validateFormulaSelf refuses a formula that names the property it defines, which HubSpot
// cannot compute.
func validateFormulaSelf(c *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	if !isKnown(c.CalculationFormula) || !isKnown(c.Name) {
		return
	}
	for _, n := range formula.Properties(c.CalculationFormula.ValueString()) {
		if n == c.Name.ValueString() {
			diags.AddAttributeError(path.Root("calculation_formula"), "Formula names its own property",
				fmt.Sprintf("calculation_formula refers to %q, the property it defines. A formula may only name other ticket properties.", n))
			return
		}
	}
}
