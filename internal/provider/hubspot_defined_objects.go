package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// The objects HubSpot creates with every account: the default ticket pipeline and the stages
// it starts with, HubSpot's own ticket properties, and the property groups that hold them.
// They can be adopted like any other object, but HubSpot does not delete them, so the
// resources follow one rule for them: destroying one (or removing it from the configuration)
// leaves the object in HubSpot and only removes it from the state, with a warning at plan and
// at apply. The list resources leave them out unless include_hubspot_defined is set.

// hubspotEpoch is the createdAt HubSpot gives the pipeline and stages it creates with an
// account (the pipelines API's spec: default pipelines and stages are created at epoch 0).
var hubspotEpoch = time.Unix(0, 0)

func pipelineIsHubSpots(p hubspot.Pipeline) bool {
	return p.ID == hubspot.DefaultTicketPipelineID || p.CreatedAt.Equal(hubspotEpoch)
}

func stageIsHubSpots(s hubspot.PipelineStage) bool {
	return s.CreatedAt.Equal(hubspotEpoch)
}

// groupIsHubSpots tells a group that holds one of HubSpot's own properties: HubSpot neither
// archives those nor lets them move, so it can never delete the group. Groups carry no flag
// of their own.
func groupIsHubSpots(name string, properties []hubspot.Property) bool {
	for _, p := range properties {
		if p.GroupName == name && p.HubspotDefined {
			return true
		}
	}
	return false
}

// warnLeftInHubSpot is the rule's one warning, given when the plan destroys such an object and
// again when the apply does.
func warnLeftInHubSpot(diags *diag.Diagnostics, at path.Path, what string) {
	diags.AddAttributeWarning(at, "HubSpot keeps "+what,
		what+" came with the HubSpot account, and HubSpot does not delete it. Destroying this resource only removes it from the Terraform state: "+
			"the object stays in HubSpot as it is.\n\n"+
			"To stop managing it without a destroy in the plan, replace the resource block with a removed block:\n\n"+
			"  removed {\n    from = <address>\n    lifecycle {\n      destroy = false\n    }\n  }")
}

func defaultPipelineDescription() string {
	return fmt.Sprintf("ticket pipeline %q (the Support Pipeline)", hubspot.DefaultTicketPipelineID)
}

var _ resource.ResourceWithModifyPlan = &TicketPipelineStageResource{}

// ModifyPlan records the stage's label in the run's registry (recordPlan), and warns when the
// plan destroys a stage HubSpot created.
func (r *TicketPipelineStageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		var plan TicketPipelineStageResourceModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if !resp.Diagnostics.HasError() {
			r.recordPlan(req, &plan, &resp.Diagnostics)
		}
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	var state TicketPipelineStageResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if !resp.Diagnostics.HasError() {
		r.leftInHubSpot(ctx, state, &resp.Diagnostics)
	}
}

// leftInHubSpot reports whether the stage is one HubSpot created, with the rule's warning. A
// stage that cannot be read is not: its delete says what is wrong.
func (r *TicketPipelineStageResource) leftInHubSpot(ctx context.Context, state TicketPipelineStageResourceModel, diags *diag.Diagnostics) bool {
	if r.client == nil {
		return false
	}
	s, err := r.client.GetPipelineStage(ctx, pipelineObjectType, state.PipelineID.ValueString(), state.ID.ValueString())
	if err != nil || !stageIsHubSpots(*s) {
		return false
	}
	warnLeftInHubSpot(diags, path.Root("id"), fmt.Sprintf("stage %q (%s) of ticket pipeline %s", s.Label, s.ID, state.PipelineID.ValueString()))
	return true
}

// leftInHubSpot reports whether the group is one of HubSpot's, with the rule's warning.
func (r *TicketPropertyGroupResource) leftInHubSpot(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) bool {
	var name types.String
	diags.Append(state.GetAttribute(ctx, path.Root("name"), &name)...)
	if r.client == nil || name.IsNull() {
		return false
	}
	properties, err := r.client.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{})
	if err != nil || !groupIsHubSpots(name.ValueString(), properties) {
		return false
	}
	warnLeftInHubSpot(diags, path.Root("name"), fmt.Sprintf("ticket property group %q", name.ValueString()))
	return true
}
