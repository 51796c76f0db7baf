package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	_ resource.Resource                   = &TicketPipelineResource{}
	_ resource.ResourceWithConfigure      = &TicketPipelineResource{}
	_ resource.ResourceWithImportState    = &TicketPipelineResource{}
	_ resource.ResourceWithModifyPlan     = &TicketPipelineResource{}
	_ resource.ResourceWithValidateConfig = &TicketPipelineResource{}
)

// pipelineObjectType is the object type whose pipelines these resources manage.
const pipelineObjectType = hubspot.TicketObjectType

// NewTicketPipelineResource returns the hubspot_ticket_pipeline resource.
func NewTicketPipelineResource() resource.Resource { return &TicketPipelineResource{} }

// TicketPipelineResource manages a ticket pipeline and all of its stages.
type TicketPipelineResource struct {
	client hubspot.API
	plans  *runplan.Registry
	keys   *keysBefore
}

// TicketPipelineResourceModel is the hubspot_ticket_pipeline resource's data.
type TicketPipelineResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Label        types.String `tfsdk:"label"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
	Stages       types.List   `tfsdk:"stages"`
	StageIDs     types.Map    `tfsdk:"stage_ids"`
}

// maxPipelineStages is how many stages HubSpot lets a pipeline have.
const maxPipelineStages = 100

// stageKeyPattern is what a stage key may contain; the keys derived on import always match it.
var stageKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (r *TicketPipelineResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_pipeline"
}

func (r *TicketPipelineResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a HubSpot ticket pipeline and all of its stages.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The pipeline's id (the value of a ticket's `hs_pipeline`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The pipeline's name. HubSpot requires it to be unique among the account's ticket pipelines.",
				Required:            true,
				Validators:          validators.Label(),
			},
			"display_order": schema.Int64Attribute{
				MarkdownDescription: "Where HubSpot lists the pipeline among the account's ticket pipelines (pipelines with the same value are sorted by label). " +
					"When not set, a new pipeline gets 0 and later changes made in HubSpot are left alone.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:    validators.Int32DisplayOrder(),
			},
			"stages": schema.ListNestedAttribute{
				MarkdownDescription: "The pipeline's stages, in display order. At least one and at most 100 (HubSpot's limit); keys and labels must be unique (labels compared ignoring case).",
				Required:            true,
				Validators:          []validator.List{listvalidator.SizeBetween(1, maxPipelineStages)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"key": schema.StringAttribute{
							MarkdownDescription: "A stable name for the stage, unique within the pipeline: letters, digits, `_` and `-`. " +
								"It identifies the stage across changes. Changing it together with the label deletes the stage and creates a new one; " +
								"changing it alone keeps the stage under its new key (see Changing a stage's key above).",
							Required: true,
							Validators: []validator.String{
								stringvalidator.LengthBetween(1, 100),
								stringvalidator.RegexMatches(stageKeyPattern, "must contain only letters, digits, underscores (_) and hyphens (-)"),
							},
						},
						"id": schema.StringAttribute{
							MarkdownDescription: "The stage's HubSpot id (the value of a ticket's `hs_pipeline_stage`).",
							Computed:            true,
						},
						"label": schema.StringAttribute{
							MarkdownDescription: "The stage's name, unique within the pipeline (ignoring case).",
							Required:            true,
							Validators:          validators.Label(),
						},
						"ticket_state": schema.StringAttribute{
							MarkdownDescription: "Whether tickets in this stage are open or closed: `OPEN` or `CLOSED`.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.OneOf(hubspot.TicketStateOpen, hubspot.TicketStateClosed)},
						},
					},
				},
			},
			"stage_ids": schema.MapAttribute{
				MarkdownDescription: "The stages' HubSpot ids by stage key. Ids of existing stages are known when planning.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

func (r *TicketPipelineResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configuredData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.plans, r.keys = d.client, d.plans, d.keys
	}
}

func (r *TicketPipelineResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var stages types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("stages"), &stages)...)
	if resp.Diagnostics.HasError() || !isKnown(stages) {
		return
	}
	keys := map[string]int{}
	labels := map[string]int{}
	for i, el := range stages.Elements() {
		obj, ok := el.(types.Object)
		if !ok || !isKnown(obj) {
			continue
		}
		at := path.Root("stages").AtListIndex(i)
		if k, ok := obj.Attributes()["key"].(types.String); ok && isKnown(k) {
			if j, dup := keys[k.ValueString()]; dup {
				resp.Diagnostics.AddAttributeError(at.AtName("key"), "Duplicate stage key",
					fmt.Sprintf("stages[%d] and stages[%d] both have key %q. Each stage needs its own key: it is how Terraform tells stages apart.", j, i, k.ValueString()))
			} else {
				keys[k.ValueString()] = i
			}
		}
		if l, ok := obj.Attributes()["label"].(types.String); ok && isKnown(l) {
			if j, dup := labels[stageorder.LabelKey(l.ValueString())]; dup {
				resp.Diagnostics.AddAttributeError(at.AtName("label"), "Duplicate stage label",
					fmt.Sprintf("stages[%d] and stages[%d] both have label %q (labels are compared ignoring case). HubSpot requires each stage's label to be unique within its pipeline.", j, i, l.ValueString()))
			} else {
				labels[stageorder.LabelKey(l.ValueString())] = i
			}
		}
	}
}

// ModifyPlan carries each stage's id from the state, by key and then by label, so that the
// plan shows which stages keep their ids, and warns when it would destroy the default
// pipeline.
func (r *TicketPipelineResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if req.State.Raw.IsNull() {
			return
		}
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		if id.ValueString() == hubspot.DefaultTicketPipelineID {
			warnLeftInHubSpot(&resp.Diagnostics, path.Root("id"), defaultPipelineDescription())
		}
		return
	}

	var plan TicketPipelineResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.recordPlan(ctx, req, &plan, &resp.Diagnostics)
	prior := map[string]TicketPipelineStageModel{}
	if !req.State.Raw.IsNull() {
		var state TicketPipelineResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		stages, _ := pipelineStages(state.Stages)
		for _, s := range stages {
			prior[s.Key.ValueString()] = s
		}
	}

	planned, ok := pipelineStages(plan.Stages)
	if !ok {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("stage_ids"), types.MapUnknown(types.StringType))...)
		return
	}
	inPlan := map[string]bool{}
	for i, s := range planned {
		if s.Key.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root("stages").AtListIndex(i).AtName("key"), "Stage key not known when planning",
				"A stage's key is its identity and must be known when planning. Use a literal or a value known before apply.")
			return
		}
		inPlan[s.Key.ValueString()] = true
	}
	// A stage is matched by its key in the state first, then by its label: a key the state
	// does not have, on a label a stage of the state has and the plan would drop, is that
	// stage under a new key. Keys only name stages for Terraform, and the state's keys are
	// not always the configuration's: a stage the provider created without hearing HubSpot's
	// answer, or an adopted pipeline's stages, get keys derived from their labels. Keeping
	// the stage (and its tickets) is the only reading that deletes nothing.
	leaving := map[string]TicketPipelineStageModel{}
	for key, s := range prior {
		if !inPlan[key] && isKnown(s.Label) && isKnown(s.ID) {
			leaving[stageorder.LabelKey(s.Label.ValueString())] = s
		}
	}
	for i := range planned {
		s := &planned[i]
		if p, ok := prior[s.Key.ValueString()]; ok {
			s.ID = p.ID
			continue
		}
		s.ID = types.StringUnknown()
		if !isKnown(s.Label) {
			continue
		}
		if old, ok := leaving[stageorder.LabelKey(s.Label.ValueString())]; ok {
			s.ID = old.ID
			delete(leaving, stageorder.LabelKey(s.Label.ValueString()))
		}
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("stages"), stagesList(planned))...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("stage_ids"), stageIDsMap(planned))...)
}

func (r *TicketPipelineResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TicketPipelineResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	stages, _ := pipelineStages(plan.Stages)
	in := hubspot.PipelineInput{Label: plan.Label.ValueString(), DisplayOrder: int(plan.DisplayOrder.ValueInt64())}
	orders := stageorder.Spread(len(stages))
	for i, s := range stages {
		in.Stages = append(in.Stages, hubspot.PipelineStageInput{
			Label: s.Label.ValueString(), DisplayOrder: orders[i],
			Metadata: map[string]string{hubspot.MetadataTicketState: s.TicketState.ValueString()},
		})
	}
	ctx, settle, done := operationContexts(ctx)
	defer done()
	what := fmt.Sprintf("the ticket pipeline %q", in.Label)
	res, err := keyedCreate[hubspot.Pipeline]{
		what: what,
		taken: func(ctx context.Context) (bool, error) {
			return r.keys.taken(ctx, "pipeline", stageorder.LabelKey(in.Label), func(ctx context.Context) ([]string, error) {
				list, err := r.client.ListPipelines(ctx, pipelineObjectType)
				var labels []string
				for _, p := range list {
					if !p.Archived {
						labels = append(labels, stageorder.LabelKey(p.Label))
					}
				}
				return labels, err
			})
		},
		create: func(ctx context.Context) (*hubspot.Pipeline, error) {
			return r.client.CreatePipeline(ctx, pipelineObjectType, in)
		},
		find: func(ctx context.Context) (*hubspot.Pipeline, error) { return r.findPipeline(ctx, in.Label) },
	}.run(ctx, settle)
	switch {
	case res.conflict != nil:
		detail := fmt.Sprintf("HubSpot already has a ticket pipeline labelled %q: %s\n\nChoose another label, or import the existing pipeline.", in.Label, res.conflict)
		if p, _ := r.findPipeline(settle, in.Label); p != nil {
			detail = fmt.Sprintf("HubSpot already has a ticket pipeline labelled %q (id %s): %s\n\nChoose another label, or import the existing pipeline: terraform import <address> %s", in.Label, p.ID, res.conflict, p.ID)
		}
		resp.Diagnostics.AddAttributeError(path.Root("label"), "Ticket pipeline label already in use", detail)
		return
	case err != nil:
		addTierCapError(&resp.Diagnostics, "Unable to create ticket pipeline", "ticket pipelines", err)
		return
	}
	warnLost(&resp.Diagnostics, what, res)
	p := res.obj
	// Stage labels are unique, so they tell which new stage is which key.
	byLabel := map[string]string{}
	for _, s := range stages {
		byLabel[stageorder.LabelKey(s.Label.ValueString())] = s.Key.ValueString()
	}
	keys := map[string]string{}
	for _, s := range p.Stages {
		if k, ok := byLabel[stageorder.LabelKey(s.Label)]; ok {
			keys[s.ID] = k
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineModel(p, keys))...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}

// findPipeline returns the active ticket pipeline with the label (compared as HubSpot
// compares labels), or nil.
func (r *TicketPipelineResource) findPipeline(ctx context.Context, label string) (*hubspot.Pipeline, error) {
	list, err := r.client.ListPipelines(ctx, pipelineObjectType)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if !list[i].Archived && stageorder.LabelKey(list[i].Label) == stageorder.LabelKey(label) {
			return &list[i], nil
		}
	}
	return nil, nil
}

func (r *TicketPipelineResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TicketPipelineResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	p, err := r.client.GetPipeline(ctx, pipelineObjectType, state.ID.ValueString())
	if hubspot.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read ticket pipeline", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineModel(p, stateStageKeys(state)))...)
}

func (r *TicketPipelineResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan, state TicketPipelineResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	keys := stateStageKeys(state)
	desired, _ := pipelineStages(plan.Stages)
	for _, s := range desired {
		if isKnown(s.ID) {
			keys[s.ID.ValueString()] = s.Key.ValueString()
		}
	}

	ctx, settle, done := operationContexts(ctx)
	defer done()
	diags := r.applyUpdate(ctx, settle, id, plan, state, desired, keys)

	// Record what HubSpot holds now, also after a failure part way or an interruption, so
	// that the next plan starts from the truth.
	p, err := r.client.GetPipeline(settle, pipelineObjectType, id)
	if err != nil {
		diags.AddError("Unable to read ticket pipeline after update", fmt.Sprintf("Reading ticket pipeline %s after the update failed: %s\n\n"+
			"The state keeps the pipeline as it was before this apply; the next plan reads it from HubSpot again and shows what is left to do. Apply again.", id, err))
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineModel(p, keys))...)
}

// applyUpdate makes HubSpot's pipeline match the plan with pipeline and stage level calls, and
// adds the keys of created stages to keys.
func (r *TicketPipelineResource) applyUpdate(ctx, settle context.Context, id string, plan, state TicketPipelineResourceModel, desired []TicketPipelineStageModel, keys map[string]string) diag.Diagnostics {
	var diags diag.Diagnostics
	var patch hubspot.PipelinePatch
	if plan.Label.ValueString() != state.Label.ValueString() {
		l := plan.Label.ValueString()
		patch.Label = &l
	}
	if isKnown(plan.DisplayOrder) && plan.DisplayOrder.ValueInt64() != state.DisplayOrder.ValueInt64() {
		o := int(plan.DisplayOrder.ValueInt64())
		patch.DisplayOrder = &o
	}
	if patch.Label != nil || patch.DisplayOrder != nil {
		if _, err := r.client.UpdatePipeline(ctx, pipelineObjectType, id, patch, hubspot.DeleteOptions{ValidateReferences: true}); err != nil {
			if hubspot.IsConflict(err) {
				diags.AddAttributeError(path.Root("label"), "Ticket pipeline label already in use",
					fmt.Sprintf("HubSpot already has another ticket pipeline labelled %q: %s", plan.Label.ValueString(), err))
			} else {
				diags.AddError("Unable to update ticket pipeline", err.Error())
			}
			return diags
		}
	}

	current, err := r.client.GetPipeline(ctx, pipelineObjectType, id)
	if err != nil {
		diags.AddError("Unable to read ticket pipeline", err.Error())
		return diags
	}
	var have []stageorder.Stage
	before := map[string]bool{}
	for _, s := range current.Stages {
		before[s.ID] = true
	}
	for _, s := range sortedActiveStages(current.Stages) {
		have = append(have, orderedStage(s))
	}
	want := make([]stageorder.Want, len(desired))
	for i, s := range desired {
		want[i] = stageorder.Want{Key: s.Key.ValueString(), Label: s.Label.ValueString(), State: s.TicketState.ValueString()}
		if isKnown(s.ID) {
			want[i].ID = s.ID.ValueString()
		}
	}
	ops, err := stageorder.Plan(have, want)
	if err != nil {
		diags.AddError("Ticket pipeline changed since the plan", err.Error())
		return diags
	}
	for _, op := range ops {
		if d := r.applyStageOp(ctx, settle, id, op, keys, before); d.HasError() {
			diags.Append(d...)
			return diags
		}
	}
	return diags
}

// applyStageOp makes one stage-level call, and adds the key of a created stage to keys.
// before holds the ids of the stages the pipeline had when the update began.
func (r *TicketPipelineResource) applyStageOp(ctx, settle context.Context, pipelineID string, op stageorder.Op, keys map[string]string, before map[string]bool) diag.Diagnostics {
	var diags diag.Diagnostics
	meta := map[string]string{hubspot.MetadataTicketState: op.State}
	switch op.Kind {
	case stageorder.Delete:
		err := r.client.DeletePipelineStage(ctx, pipelineObjectType, pipelineID, op.ID, hubspot.DeleteOptions{ValidateReferences: true})
		if err != nil && !hubspot.IsNotFound(err) {
			diags.AddError("Unable to delete pipeline stage", stageDeleteFailure(op.Label, op.ID, pipelineID, err))
		}
	case stageorder.Update:
		order := op.Order
		_, err := r.client.UpdatePipelineStage(ctx, pipelineObjectType, pipelineID, op.ID, hubspot.PipelineStagePatch{Label: &op.Label, DisplayOrder: &order, Metadata: meta})
		if err != nil {
			diags.AddError("Unable to update pipeline stage", fmt.Sprintf("Updating stage %s (key %q) of ticket pipeline %s: %s", op.ID, op.Key, pipelineID, err))
		}
	case stageorder.Create:
		what := fmt.Sprintf("the stage %q (key %q) of ticket pipeline %s", op.Label, op.Key, pipelineID)
		res, err := r.createStage(ctx, settle, pipelineID, hubspot.PipelineStageInput{Label: op.Label, DisplayOrder: op.Order, Metadata: meta}, what, before)
		if err == nil && res.conflict != nil {
			err = res.conflict
		}
		var lost *lookupFailedError
		if errors.As(err, &lost) {
			// The client's advice (import the object) does not fit a stage of this resource:
			// the next refresh reads every stage of the pipeline, and the plan matches a stage
			// whose key it does not know by its label.
			diags.AddError("Pipeline stage create outcome unknown", fmt.Sprintf("Creating %s: %s, and looking for the stage afterwards failed too (%v), "+
				"so the provider could not find out whether HubSpot made it.\n\nApply again; there is nothing to import. The next plan reads the pipeline's "+
				"stages from HubSpot: a stage this create made is matched to key %q by its label and kept, so it is not created twice; if HubSpot "+
				"did not make it, the apply creates it.", what, answerLost(lost.first), lost.lookup, op.Key))
			return diags
		}
		if err != nil {
			addTierCapError(&diags, "Unable to create pipeline stage", "stages per pipeline", fmt.Errorf("creating %s: %w", what, err))
			return diags
		}
		warnLost(&diags, what, res)
		keys[res.obj.ID] = op.Key
	}
	return diags
}

// createStage creates a stage during an update. The operations before it freed its label, so
// a stage found with the label after a lost answer is this create's when its id is not one of
// before, the stages the pipeline had when the update began.
func (r *TicketPipelineResource) createStage(ctx, settle context.Context, pipelineID string, in hubspot.PipelineStageInput, what string, before map[string]bool) (createResult[hubspot.PipelineStage], error) {
	return keyedCreate[hubspot.PipelineStage]{
		what:  what,
		taken: func(context.Context) (bool, error) { return false, nil },
		create: func(ctx context.Context) (*hubspot.PipelineStage, error) {
			return r.client.CreatePipelineStage(ctx, pipelineObjectType, pipelineID, in)
		},
		find: func(ctx context.Context) (*hubspot.PipelineStage, error) {
			stages, err := r.client.ListPipelineStages(ctx, pipelineObjectType, pipelineID)
			if err != nil {
				return nil, err
			}
			for i := range stages {
				if s := &stages[i]; !s.Archived && !before[s.ID] && stageorder.LabelKey(s.Label) == stageorder.LabelKey(in.Label) {
					return s, nil
				}
			}
			return nil, nil
		},
	}.run(ctx, settle)
}

func stageDeleteFailure(label, stageID, pipelineID string, err error) string {
	msg := fmt.Sprintf("HubSpot refused to delete stage %q (id %s) of ticket pipeline %s: %s", label, stageID, pipelineID, err)
	if hubspot.IsValidation(err) {
		msg += "\n\nHubSpot does not delete a stage that tickets (or workflows) still use. Move the tickets to another stage, " +
			"or delete them, and apply again; or keep the stage in the configuration."
	}
	return msg
}

func (r *TicketPipelineResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TicketPipelineResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	id := state.ID.ValueString()
	if id == hubspot.DefaultTicketPipelineID {
		warnLeftInHubSpot(&resp.Diagnostics, path.Root("id"), defaultPipelineDescription())
		return
	}
	err := r.client.DeletePipeline(ctx, pipelineObjectType, id, hubspot.DeleteOptions{ValidateReferences: true})
	if err == nil || hubspot.IsNotFound(err) {
		return
	}
	msg := fmt.Sprintf("HubSpot refused to delete ticket pipeline %q (id %s): %s", state.Label.ValueString(), id, err)
	if hubspot.IsValidation(err) {
		msg += "\n\nHubSpot does not delete a pipeline that tickets (or workflows) still use. Move the tickets to another pipeline, " +
			"or delete them, and run the command again. To stop managing the pipeline without deleting it, remove it from the state " +
			"instead (a removed block with lifecycle { destroy = false }, or terraform state rm)."
	}
	resp.Diagnostics.AddError("Unable to delete ticket pipeline", msg)
}

func (r *TicketPipelineResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importedByIdentity(ctx, req, resp) {
		return
	}
	if strings.TrimSpace(req.ID) == "" {
		resp.Diagnostics.AddError("Invalid import id", "Import a ticket pipeline by its id, for example `terraform import hubspot_ticket_pipeline.support 0`.")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}
