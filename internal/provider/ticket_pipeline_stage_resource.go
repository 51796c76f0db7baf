package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
	"github.com/supportops/terraform-provider-hubspot/internal/stageorder"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

var (
	_ resource.Resource                = &TicketPipelineStageResource{}
	_ resource.ResourceWithConfigure   = &TicketPipelineStageResource{}
	_ resource.ResourceWithImportState = &TicketPipelineStageResource{}
)

// NewTicketPipelineStageResource returns the hubspot_ticket_pipeline_stage resource.
func NewTicketPipelineStageResource() resource.Resource { return &TicketPipelineStageResource{} }

// TicketPipelineStageResource manages one stage of a pipeline that Terraform does not otherwise
// manage.
type TicketPipelineStageResource struct {
	client hubspot.API
	plans  *runplan.Registry
	keys   *keysBefore
}

// TicketPipelineStageResourceModel is the hubspot_ticket_pipeline_stage resource's data.
type TicketPipelineStageResourceModel struct {
	ID           types.String `tfsdk:"id"`
	PipelineID   types.String `tfsdk:"pipeline_id"`
	Label        types.String `tfsdk:"label"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
	TicketState  types.String `tfsdk:"ticket_state"`
}

func (r *TicketPipelineStageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_pipeline_stage"
}

func (r *TicketPipelineStageResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages one stage of an existing ticket pipeline that no `hubspot_ticket_pipeline` in the configuration owns, typically a stage added to the account's default Support Pipeline (`\"0\"`). The pipeline's other stages are left alone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The stage's HubSpot id (the value of a ticket's `hs_pipeline_stage`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"pipeline_id": schema.StringAttribute{
				MarkdownDescription: "The id of the pipeline the stage belongs to. Changing it deletes the stage and creates a new one in the other pipeline.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The stage's name, unique within its pipeline (ignoring case).",
				Required:            true,
				Validators:          validators.Label(),
			},
			"display_order": schema.Int64Attribute{
				MarkdownDescription: "The stage's position in the pipeline (stages with the same value are sorted by label). " +
					"When not set, a new stage goes after the pipeline's last stage and later changes made in HubSpot are left alone.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    validators.Int32DisplayOrder(),
			},
			"ticket_state": schema.StringAttribute{
				MarkdownDescription: "Whether tickets in this stage are open or closed: `OPEN` or `CLOSED`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(hubspot.TicketStateOpen, hubspot.TicketStateClosed)},
			},
		},
	}
}

func (r *TicketPipelineStageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configuredData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.plans, r.keys = d.client, d.plans, d.keys
	}
}

func ticketPipelineStageModel(pipelineID string, s *hubspot.PipelineStage) TicketPipelineStageResourceModel {
	state := types.StringNull()
	if st := s.TicketState(); st != "" {
		state = types.StringValue(st)
	}
	return TicketPipelineStageResourceModel{
		ID:           types.StringValue(s.ID),
		PipelineID:   types.StringValue(pipelineID),
		Label:        types.StringValue(s.Label),
		DisplayOrder: types.Int64Value(int64(s.DisplayOrder)),
		TicketState:  state,
	}
}

func (r *TicketPipelineStageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TicketPipelineStageResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, settle, done := operationContexts(ctx)
	defer done()
	pipelineID := plan.PipelineID.ValueString()
	in := hubspot.PipelineStageInput{
		Label:    plan.Label.ValueString(),
		Metadata: map[string]string{hubspot.MetadataTicketState: plan.TicketState.ValueString()},
	}
	if !isKnown(plan.DisplayOrder) {
		stages, err := r.client.ListPipelineStages(ctx, pipelineObjectType, pipelineID)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("pipeline_id"), "Unable to read ticket pipeline", pipelineReadFailure(pipelineID, err))
			return
		}
		var active []stageorder.Stage
		for _, s := range sortedActiveStages(stages) {
			active = append(active, orderedStage(s))
		}
		in.DisplayOrder = stageorder.After(active)
	} else {
		in.DisplayOrder = int(plan.DisplayOrder.ValueInt64())
	}
	what := fmt.Sprintf("the stage %q of ticket pipeline %s", in.Label, pipelineID)
	find := func(ctx context.Context) (*hubspot.PipelineStage, error) {
		return r.findStage(ctx, pipelineID, in.Label)
	}
	res, err := keyedCreate[hubspot.PipelineStage]{
		what: what,
		taken: func(ctx context.Context) (bool, error) {
			return r.keys.taken(ctx, "stage:"+pipelineID, stageorder.LabelKey(in.Label), func(ctx context.Context) ([]string, error) {
				stages, err := r.client.ListPipelineStages(ctx, pipelineObjectType, pipelineID)
				var labels []string
				for _, s := range stages {
					if !s.Archived {
						labels = append(labels, stageorder.LabelKey(s.Label))
					}
				}
				return labels, err
			})
		},
		create: func(ctx context.Context) (*hubspot.PipelineStage, error) {
			return r.client.CreatePipelineStage(ctx, pipelineObjectType, pipelineID, in)
		},
		find: find,
	}.run(ctx, settle)
	switch {
	case res.conflict != nil:
		detail := fmt.Sprintf("Pipeline %s already has a stage labelled %q: %s\n\nChoose another label, or import the existing stage with the id PIPELINE_ID/STAGE_ID.", pipelineID, in.Label, res.conflict)
		if s, _ := find(settle); s != nil {
			detail = fmt.Sprintf("Pipeline %s already has a stage labelled %q (id %s): %s\n\nChoose another label, or import the existing stage: terraform import <address> %s/%s", pipelineID, in.Label, s.ID, res.conflict, pipelineID, s.ID)
		}
		resp.Diagnostics.AddAttributeError(path.Root("label"), "Stage label already in use", detail)
		return
	case hubspot.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("pipeline_id"), "Ticket pipeline not found", pipelineReadFailure(pipelineID, err))
		return
	case err != nil:
		addTierCapError(&resp.Diagnostics, "Unable to create pipeline stage", "stages per pipeline", err)
		return
	}
	warnLost(&resp.Diagnostics, what, res)
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineStageModel(pipelineID, res.obj))...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}

// findStage returns the active stage of the pipeline with the label (compared as HubSpot
// compares labels), or nil.
func (r *TicketPipelineStageResource) findStage(ctx context.Context, pipelineID, label string) (*hubspot.PipelineStage, error) {
	stages, err := r.client.ListPipelineStages(ctx, pipelineObjectType, pipelineID)
	if err != nil {
		return nil, err
	}
	for i := range stages {
		if !stages[i].Archived && stageorder.LabelKey(stages[i].Label) == stageorder.LabelKey(label) {
			return &stages[i], nil
		}
	}
	return nil, nil
}

func pipelineReadFailure(pipelineID string, err error) string {
	if hubspot.IsNotFound(err) {
		return fmt.Sprintf("HubSpot has no ticket pipeline with id %q (or it was deleted): %s", pipelineID, err)
	}
	return err.Error()
}

func (r *TicketPipelineStageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TicketPipelineStageResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	pipelineID := state.PipelineID.ValueString()
	s, err := r.client.GetPipelineStage(ctx, pipelineObjectType, pipelineID, state.ID.ValueString())
	if hubspot.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read pipeline stage", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineStageModel(pipelineID, s))...)
}

func (r *TicketPipelineStageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan, state TicketPipelineStageResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	label := plan.Label.ValueString()
	patch := hubspot.PipelineStagePatch{
		Label:    &label,
		Metadata: map[string]string{hubspot.MetadataTicketState: plan.TicketState.ValueString()},
	}
	if isKnown(plan.DisplayOrder) {
		o := int(plan.DisplayOrder.ValueInt64())
		patch.DisplayOrder = &o
	}
	pipelineID := state.PipelineID.ValueString()
	s, err := r.client.UpdatePipelineStage(ctx, pipelineObjectType, pipelineID, state.ID.ValueString(), patch)
	if err != nil {
		if hubspot.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("label"), "Stage label already in use",
				fmt.Sprintf("Pipeline %s already has another stage labelled %q: %s", pipelineID, label, err))
			return
		}
		resp.Diagnostics.AddError("Unable to update pipeline stage", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineStageModel(pipelineID, s))...)
}

func (r *TicketPipelineStageResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TicketPipelineStageResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	if r.leftInHubSpot(ctx, state, &resp.Diagnostics) {
		return
	}
	pipelineID, id := state.PipelineID.ValueString(), state.ID.ValueString()
	err := r.client.DeletePipelineStage(ctx, pipelineObjectType, pipelineID, id, hubspot.DeleteOptions{ValidateReferences: true})
	if err == nil || hubspot.IsNotFound(err) {
		return
	}
	resp.Diagnostics.AddError("Unable to delete pipeline stage", stageDeleteFailure(state.Label.ValueString(), id, pipelineID, err))
}

func (r *TicketPipelineStageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importedByIdentity(ctx, req, resp) {
		return
	}
	pipelineID, stageID, ok := strings.Cut(req.ID, "/")
	if !ok || strings.TrimSpace(pipelineID) == "" || strings.TrimSpace(stageID) == "" || strings.Contains(stageID, "/") {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import a pipeline stage as PIPELINE_ID/STAGE_ID, for example `0/1234567`; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("pipeline_id"), pipelineID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), stageID)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}
