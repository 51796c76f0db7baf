package provider

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

var _ resource.ResourceWithModifyPlan = &AssociationLabelResource{}

// maxCustomLabelsPerPair is how many custom association labels HubSpot allows between two
// object types.
const maxCustomLabelsPerPair = 10

// associationPairKey names the unordered pair of object types a label is defined between:
// HubSpot keeps one definition for both directions, and its name and limit are the pair's.
func associationPairKey(from, to string) string {
	pair := []string{objectTypeKey(from), objectTypeKey(to)}
	sort.Strings(pair)
	return pair[0] + "|" + pair[1]
}

// ModifyPlan refuses, before anything is written, a label whose name another label resource of
// the configuration plans for the same pair, and a create that would take the pair past
// HubSpot's limit of custom labels.
func (r *AssociationLabelResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.plans == nil {
		return
	}
	var plan AssociationLabelResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !isKnown(plan.FromObjectType) || !isKnown(plan.ToObjectType) || !isKnown(plan.Name) {
		return
	}
	from, to, name := plan.FromObjectType.ValueString(), plan.ToObjectType.ValueString(), plan.Name.ValueString()
	prefix := associationPairKey(from, to) + "/"
	self := plannedName{desc: fmt.Sprintf("the hubspot_association_label named %q between %s and %s", name, from, to)}
	creating := plan.TypeID.IsUnknown()
	if creating && !req.State.Raw.IsNull() {
		var state AssociationLabelResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if associationPairKey(state.FromObjectType.ValueString(), state.ToObjectType.ValueString())+"/" == prefix {
			self.replaces = state.Name.ValueString()
		}
	}
	claimName(r.plans, runplan.AssociationLabel, prefix+name, planOwner(req.Config), self, path.Root("name"),
		fmt.Sprintf("The association label name %q between %s and %s", name, from, to),
		"HubSpot keeps one custom label of a name between two object types, so the second create would fail.", &resp.Diagnostics)
	if creating && !resp.Diagnostics.HasError() {
		r.checkLabelLimit(ctx, from, to, prefix, &resp.Diagnostics)
	}
}

// checkLabelLimit fails the plan when the custom labels between from and to, those HubSpot has
// and those this run plans, would be more than HubSpot allows. The lists it reads are the
// run's shared ones, read once whatever the number of labels. Terraform plans the labels in
// no set order, so the label planned last sees every other; that one fails the plan.
func (r *AssociationLabelResource) checkLabelLimit(ctx context.Context, from, to, prefix string, diags *diag.Diagnostics) {
	if r.client == nil {
		return
	}
	check := fmt.Sprintf("how many custom association labels exist between %s and %s", from, to)
	// From the run's snapshot of the pair's labels: Terraform plans each label again during
	// the apply, after the previous label's create, and counting names once gives the same
	// answer from the labels HubSpot had before the run as from the list of the moment.
	existing, err := r.keys.snapshot(ctx, "custom labels "+from+"/"+to, func(ctx context.Context) ([]string, error) {
		return r.customLabelNames(ctx, from, to)
	})
	if err != nil {
		checkFailed(diags, path.Root("name"), check, err)
		return
	}
	planned, replaced := plannedNames(r.plans, runplan.AssociationLabel, prefix)
	checkLimit(diags, path.Root("name"), "Too many association labels",
		fmt.Sprintf("HubSpot allows at most %d custom association labels between two object types. Between %s and %s, the account", maxCustomLabelsPerPair, from, to),
		maxCustomLabelsPerPair, existing, planned, replaced,
		"Remove labels from the configuration, or delete unused labels first")
}

// customLabelNames lists the names of the custom labels between from and to (the type id, as
// "#<id>", for one whose name HubSpot does not give).
func (r *AssociationLabelResource) customLabelNames(ctx context.Context, from, to string) ([]string, error) {
	types, err := r.client.ListAssociationTypes(ctx, from, to)
	if err != nil {
		return nil, err
	}
	names, err := r.client.AssociationTypeNames(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range types {
		if t.Category != hubspot.AssociationCategoryUserDefined {
			continue
		}
		if n, ok := names[t.TypeID]; ok {
			out = append(out, n)
		} else {
			out = append(out, "#"+strconv.Itoa(t.TypeID))
		}
	}
	return out, nil
}
