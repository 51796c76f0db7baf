package provider

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// newInstancePlans numbers the plans of objects not yet in the state, to tell them apart in
// the run's registry.
var newInstancePlans atomic.Int64

// instanceOwner tells apart the plans of a resource type that Terraform never replaces for a
// change of its own (tickets, pipelines), where planOwner's configuration is not enough: the
// instances of a resource with count or for_each often share their configuration, and two of
// them with one label or unique value is the case to catch. Terraform plans each instance of
// such a type once per run, so an object in the state is known by its id, and a new one gets
// a number of its own.
func instanceOwner(stateID types.String) string {
	if isKnown(stateID) {
		return stateID.ValueString()
	}
	return fmt.Sprintf("new object %d", newInstancePlans.Add(1))
}

// checkUniqueValues fails the plan when the ticket sets a value of a property with unique
// values that another ticket of the configuration sets too: HubSpot refuses the second write
// (409). Every value the plan holds counts, changed or not, so that a new ticket cannot take
// the value of one already in HubSpot's hands through this configuration. Tickets outside the
// configuration are not searched: that would cost a search request per value and ticket, and
// HubSpot's refusal names the ticket that holds the value.
func (r *TicketResource) checkUniqueValues(ctx context.Context, defs *ticketPropertyDefs, plan, state *TicketResourceModel, diags *diag.Diagnostics) {
	if r.plans == nil {
		return
	}
	stateID := types.StringNull()
	if state != nil {
		stateID = state.ID
	}
	owner := instanceOwner(stateID)
	self := plannedName{desc: "another hubspot_ticket"}
	if isKnown(plan.Subject) {
		self.desc = fmt.Sprintf("the hubspot_ticket with subject %q", plan.Subject.ValueString())
	}
	for _, v := range ticketChangedValues(plan, nil) {
		if !r.isUniqueProperty(ctx, defs, v.property) {
			continue
		}
		claimName(r.plans, runplan.UniqueValue, v.property+"/"+v.value, owner, self, v.at,
			fmt.Sprintf("The value %q of %s", v.value, v.attr),
			fmt.Sprintf("HubSpot requires the values of the unique property %s to differ between tickets, so the second write would fail.", v.property), diags)
	}
}

// isUniqueProperty reports whether HubSpot will hold the property to unique values: as this
// run plans it, or as HubSpot has it. A property that cannot be looked up is not: the value
// checks have already failed the plan for it.
func (r *TicketResource) isUniqueProperty(ctx context.Context, defs *ticketPropertyDefs, name string) bool {
	if pp, ok := runplan.Lookup[plannedTicketProperty](r.plans, runplan.TicketProperty, name); ok {
		return pp.unique
	}
	def, err := defs.get(ctx, name)
	return err == nil && def != nil && def.HasUniqueValue
}
