package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
	"github.com/supportops/terraform-provider-hubspot/internal/stageorder"
)

// stageLabelRule is HubSpot's rule for stage labels, for the errors of both stage resources.
const stageLabelRule = "HubSpot requires each stage's label to be unique within its pipeline (ignoring case), so the second create would fail."

// recordPlan records the pipeline's label, and the labels of its stages when its id is known
// (an existing pipeline), so that two pipelines with one label, or a stage resource that adds
// a label the pipeline has, fail the plan.
func (r *TicketPipelineResource) recordPlan(ctx context.Context, req resource.ModifyPlanRequest, plan *TicketPipelineResourceModel, diags *diag.Diagnostics) {
	if r.plans == nil || !isKnown(plan.Label) {
		return
	}
	var stateID types.String
	if !req.State.Raw.IsNull() {
		diags.Append(req.State.GetAttribute(ctx, path.Root("id"), &stateID)...)
	}
	owner, label := instanceOwner(stateID), plan.Label.ValueString()
	self := plannedName{desc: fmt.Sprintf("the hubspot_ticket_pipeline with label %q", label)}
	claimName(r.plans, runplan.PipelineLabel, stageorder.LabelKey(label), owner, self, path.Root("label"),
		fmt.Sprintf("The pipeline label %q", label),
		"HubSpot requires ticket pipeline labels to be unique (ignoring case), so the second create would fail.", diags)
	if !isKnown(plan.ID) {
		return
	}
	stages, ok := pipelineStages(plan.Stages)
	if !ok {
		return
	}
	for i, s := range stages {
		if !isKnown(s.Label) {
			continue
		}
		self := plannedName{desc: fmt.Sprintf("stages[%d] of the hubspot_ticket_pipeline %q (%s)", i, label, plan.ID.ValueString())}
		claimName(r.plans, runplan.StageLabel, plan.ID.ValueString()+"/"+stageorder.LabelKey(s.Label.ValueString()), owner, self,
			path.Root("stages").AtListIndex(i).AtName("label"), fmt.Sprintf("The label %q of stages[%d]", s.Label.ValueString(), i), stageLabelRule, diags)
	}
}

// recordPlan records the stage's label in its pipeline, when the pipeline's id is known, so
// that two stage resources, or a stage resource and the pipeline's own stages, with one label
// fail the plan.
func (r *TicketPipelineStageResource) recordPlan(req resource.ModifyPlanRequest, plan *TicketPipelineStageResourceModel, diags *diag.Diagnostics) {
	if r.plans == nil || !isKnown(plan.PipelineID) || !isKnown(plan.Label) {
		return
	}
	pipelineID, label := plan.PipelineID.ValueString(), plan.Label.ValueString()
	self := plannedName{desc: fmt.Sprintf("the hubspot_ticket_pipeline_stage with label %q in pipeline %s", label, pipelineID)}
	claimName(r.plans, runplan.StageLabel, pipelineID+"/"+stageorder.LabelKey(label), planOwner(req.Config), self,
		path.Root("label"), fmt.Sprintf("The stage label %q in pipeline %s", label, pipelineID), stageLabelRule, diags)
}
