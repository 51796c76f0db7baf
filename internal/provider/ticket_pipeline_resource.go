package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
	client *hubspot.Client
}

// TicketPipelineResourceModel is the hubspot_ticket_pipeline resource's data.
type TicketPipelineResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Label        types.String `tfsdk:"label"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
	Stages       types.List   `tfsdk:"stages"`
	StageIDs     types.Map    `tfsdk:"stage_ids"`
}

// TicketPipelineStageModel is one element of the resource's stages list.
type TicketPipelineStageModel struct {
	Key         types.String `tfsdk:"key"`
	ID          types.String `tfsdk:"id"`
	Label       types.String `tfsdk:"label"`
	TicketState types.String `tfsdk:"ticket_state"`
}

var ticketPipelineStageAttrTypes = map[string]attr.Type{
	"key":          types.StringType,
	"id":           types.StringType,
	"label":        types.StringType,
	"ticket_state": types.StringType,
}

var ticketPipelineStageType = types.ObjectType{AttrTypes: ticketPipelineStageAttrTypes}

func (s TicketPipelineStageModel) object() types.Object {
	return types.ObjectValueMust(ticketPipelineStageAttrTypes, map[string]attr.Value{
		"key": s.Key, "id": s.ID, "label": s.Label, "ticket_state": s.TicketState,
	})
}

// stageKeyPattern is what a stage key may contain; the keys derived on import always match it.
var stageKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (r *TicketPipelineResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_pipeline"
}

func (r *TicketPipelineResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a HubSpot ticket pipeline and all of its stages.\n\n" +
			"The `stages` list is the pipeline's stages in display order. Each stage has a `key`: a name you choose, " +
			"which is Terraform's identity for the stage and never sent to HubSpot. As long as a stage keeps its key it keeps its " +
			"HubSpot stage id, and so its tickets, whatever else changes in the same apply: its label, its place in the list, " +
			"stages inserted or removed around it. A stage whose key disappears from the configuration is deleted; a new key " +
			"creates a new stage. Changes are applied stage by stage, so no stage is ever recreated to rename or move it. " +
			"Use `stage_ids` to refer to stage ids by key, for example `hubspot_ticket_pipeline.support.stage_ids[\"triage\"]`.\n\n" +
			"The resource owns every stage of its pipeline: a stage added in HubSpot shows as a change that removes it. " +
			"Do not also manage the same pipeline's stages with `hubspot_ticket_pipeline_stage`.\n\n" +
			"Deleting a stage or the pipeline asks HubSpot to check references first, so HubSpot refuses while tickets are " +
			"still in the stage or pipeline; move those tickets and apply again. The account's default pipeline (`\"0\"`, the " +
			"Support Pipeline) can be imported and managed; HubSpot does not delete it, so destroying the resource leaves it in HubSpot " +
			"and only removes it from the state, with a warning (see the guide on adopting a portal).\n\n" +
			"**Import** by pipeline id. Imported stages get keys derived from their labels: the label in lower case, with every run " +
			"of characters other than `a`-`z` and `0`-`9` replaced by one `_`, and no `_` at either end (`Waiting on us` becomes " +
			"`waiting_on_us`). When that is empty or already the key of an earlier stage, `_` and the stage id are appended " +
			"(the key is just the stage id when the label has no letters or digits). Write the configuration with those keys " +
			"before importing, so that the first plan after the import is empty. Stages added in HubSpot later get keys the same way.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The pipeline's id (the value of a ticket's `hs_pipeline`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The pipeline's name. HubSpot requires it to be unique among the account's ticket pipelines.",
				Required:            true,
				Validators:          []validator.String{pipelineLabelValidator{}},
			},
			"display_order": schema.Int64Attribute{
				MarkdownDescription: "Where HubSpot lists the pipeline among the account's ticket pipelines (pipelines with the same value are sorted by label). " +
					"When not set, a new pipeline gets 0 and later changes made in HubSpot are left alone.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"stages": schema.ListNestedAttribute{
				MarkdownDescription: "The pipeline's stages, in display order. At least one is required; keys and labels must be unique (labels compared ignoring case).",
				Required:            true,
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"key": schema.StringAttribute{
							MarkdownDescription: "A stable name for the stage, unique within the pipeline: letters, digits, `_` and `-`. " +
								"It identifies the stage across changes; changing it deletes the stage and creates a new one.",
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
							Validators:          []validator.String{pipelineLabelValidator{}},
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
	if c := configuredClient(req.ProviderData, &resp.Diagnostics); c != nil {
		r.client = c
	}
}

// pipelineLabelValidator refuses blank labels and labels with whitespace at either end, which
// HubSpot would not keep as written.
type pipelineLabelValidator struct{}

func (pipelineLabelValidator) Description(context.Context) string {
	return "must not be empty or start or end with whitespace"
}

func (v pipelineLabelValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (pipelineLabelValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	switch {
	case strings.TrimSpace(v) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid label", fmt.Sprintf("%s must not be empty.", req.Path))
	case strings.TrimSpace(v) != v:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid label",
			fmt.Sprintf("%s must not start or end with whitespace, got %q.", req.Path, v))
	}
}

// pipelineLabelKey is how labels are compared for uniqueness: trimmed, ignoring case.
func pipelineLabelKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// pipelineStages returns the elements of a stages list, and false when the list or one of its
// elements is null or unknown.
func pipelineStages(list types.List) ([]TicketPipelineStageModel, bool) {
	if list.IsNull() || list.IsUnknown() {
		return nil, false
	}
	out := make([]TicketPipelineStageModel, 0, len(list.Elements()))
	for _, el := range list.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			return nil, false
		}
		a := obj.Attributes()
		str := func(name string) types.String {
			if v, ok := a[name].(types.String); ok {
				return v
			}
			return types.StringUnknown()
		}
		out = append(out, TicketPipelineStageModel{Key: str("key"), ID: str("id"), Label: str("label"), TicketState: str("ticket_state")})
	}
	return out, true
}

func stagesList(stages []TicketPipelineStageModel) types.List {
	elems := make([]attr.Value, len(stages))
	for i, s := range stages {
		elems[i] = s.object()
	}
	return types.ListValueMust(ticketPipelineStageType, elems)
}

func stageIDsMap(stages []TicketPipelineStageModel) types.Map {
	ids := make(map[string]attr.Value, len(stages))
	for _, s := range stages {
		ids[s.Key.ValueString()] = s.ID
	}
	return types.MapValueMust(types.StringType, ids)
}

func (r *TicketPipelineResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var stages types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("stages"), &stages)...)
	if resp.Diagnostics.HasError() || stages.IsNull() || stages.IsUnknown() {
		return
	}
	keys := map[string]int{}
	labels := map[string]int{}
	for i, el := range stages.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		at := path.Root("stages").AtListIndex(i)
		if k, ok := obj.Attributes()["key"].(types.String); ok && !k.IsNull() && !k.IsUnknown() {
			if j, dup := keys[k.ValueString()]; dup {
				resp.Diagnostics.AddAttributeError(at.AtName("key"), "Duplicate stage key",
					fmt.Sprintf("stages[%d] and stages[%d] both have key %q. Each stage needs its own key: it is how Terraform tells stages apart.", j, i, k.ValueString()))
			} else {
				keys[k.ValueString()] = i
			}
		}
		if l, ok := obj.Attributes()["label"].(types.String); ok && !l.IsNull() && !l.IsUnknown() {
			if j, dup := labels[pipelineLabelKey(l.ValueString())]; dup {
				resp.Diagnostics.AddAttributeError(at.AtName("label"), "Duplicate stage label",
					fmt.Sprintf("stages[%d] and stages[%d] both have label %q (labels are compared ignoring case). HubSpot requires each stage's label to be unique within its pipeline.", j, i, l.ValueString()))
			} else {
				labels[pipelineLabelKey(l.ValueString())] = i
			}
		}
	}
}

// ModifyPlan carries each stage's id from the state by key, so that the plan shows which
// stages keep their ids, and refuses plans that would destroy the default pipeline or that
// cannot say which stage a configuration stage is.
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
	// Labels of the stages this plan deletes: a new key with one of them is ambiguous.
	leaving := map[string]TicketPipelineStageModel{}
	for key, s := range prior {
		if !inPlan[key] && !s.Label.IsNull() {
			leaving[pipelineLabelKey(s.Label.ValueString())] = s
		}
	}
	for i := range planned {
		s := &planned[i]
		if p, ok := prior[s.Key.ValueString()]; ok {
			s.ID = p.ID
			continue
		}
		s.ID = types.StringUnknown()
		if s.Label.IsUnknown() {
			continue
		}
		if old, clash := leaving[pipelineLabelKey(s.Label.ValueString())]; clash {
			resp.Diagnostics.AddAttributeError(path.Root("stages").AtListIndex(i).AtName("key"), "Ambiguous stage identity",
				fmt.Sprintf("Stage %q has key %q, which the state does not have, while the stage with key %q (id %s) has the same label and is about to be deleted. "+
					"Terraform cannot tell whether this is the same stage under a new key or a different stage, and will not guess: deleting the existing stage would "+
					"leave its tickets without a stage.\n\n"+
					"If it is the same stage, set its key back to %q (keys only identify stages; they never need to change).\n"+
					"If you want to delete the existing stage and create a new one with the same label, remove the stage in one apply and add the new one in a later apply.",
					s.Label.ValueString(), s.Key.ValueString(), old.Key.ValueString(), old.ID.ValueString(), old.Key.ValueString()))
		}
	}
	if resp.Diagnostics.HasError() {
		return
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
	for i, s := range stages {
		in.Stages = append(in.Stages, hubspot.PipelineStageInput{
			Label: s.Label.ValueString(), DisplayOrder: i,
			Metadata: map[string]string{hubspot.MetadataTicketState: s.TicketState.ValueString()},
		})
	}
	p, err := r.client.CreatePipeline(ctx, pipelineObjectType, in)
	if err != nil {
		if hubspot.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("label"), "Ticket pipeline label already in use",
				fmt.Sprintf("HubSpot already has a ticket pipeline labelled %q: %s\n\nChoose another label, or import the existing pipeline with `terraform import` and its id.", in.Label, err))
			return
		}
		resp.Diagnostics.AddError("Unable to create ticket pipeline", err.Error())
		return
	}
	// Stage labels are unique, so they tell which new stage is which key.
	byLabel := map[string]string{}
	for _, s := range stages {
		byLabel[pipelineLabelKey(s.Label.ValueString())] = s.Key.ValueString()
	}
	keys := map[string]string{}
	for _, s := range p.Stages {
		if k, ok := byLabel[pipelineLabelKey(s.Label)]; ok {
			keys[s.ID] = k
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineModel(p, keys))...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
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

// stateStageKeys maps the stage ids in state to their keys.
func stateStageKeys(m TicketPipelineResourceModel) map[string]string {
	keys := map[string]string{}
	stages, _ := pipelineStages(m.Stages)
	for _, s := range stages {
		if !s.ID.IsNull() && !s.ID.IsUnknown() {
			keys[s.ID.ValueString()] = s.Key.ValueString()
		}
	}
	return keys
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
		if !s.ID.IsUnknown() && !s.ID.IsNull() {
			keys[s.ID.ValueString()] = s.Key.ValueString()
		}
	}

	diags := r.applyUpdate(ctx, id, plan, state, desired, keys)

	// Record what HubSpot holds now, also after a failure part way, so that the next plan
	// starts from the truth.
	p, err := r.client.GetPipeline(ctx, pipelineObjectType, id)
	if err != nil {
		diags.AddError("Unable to read ticket pipeline after update", err.Error())
		resp.Diagnostics.Append(diags...)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, ticketPipelineModel(p, keys))...)
}

// applyUpdate makes HubSpot's pipeline match the plan with pipeline and stage level calls, and
// adds the keys of created stages to keys.
func (r *TicketPipelineResource) applyUpdate(ctx context.Context, id string, plan, state TicketPipelineResourceModel, desired []TicketPipelineStageModel, keys map[string]string) diag.Diagnostics {
	var diags diag.Diagnostics
	var patch hubspot.PipelinePatch
	if plan.Label.ValueString() != state.Label.ValueString() {
		l := plan.Label.ValueString()
		patch.Label = &l
	}
	if !plan.DisplayOrder.IsUnknown() && !plan.DisplayOrder.IsNull() && plan.DisplayOrder.ValueInt64() != state.DisplayOrder.ValueInt64() {
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
	want := make([]desiredStage, len(desired))
	for i, s := range desired {
		want[i] = desiredStage{key: s.Key.ValueString(), label: s.Label.ValueString(), ticketState: s.TicketState.ValueString()}
		if !s.ID.IsUnknown() && !s.ID.IsNull() {
			want[i].id = s.ID.ValueString()
		}
	}
	ops, err := planStageOps(current.Stages, want)
	if err != nil {
		diags.AddError("Ticket pipeline changed since the plan", err.Error())
		return diags
	}
	for _, op := range ops {
		switch op.kind {
		case stageOpDelete:
			err := r.client.DeletePipelineStage(ctx, pipelineObjectType, id, op.id, hubspot.DeleteOptions{ValidateReferences: true})
			if err != nil && !hubspot.IsNotFound(err) {
				diags.AddError("Unable to delete pipeline stage", stageDeleteFailure(op.label, op.id, id, err))
				return diags
			}
		case stageOpUpdate:
			o := op.displayOrder
			_, err := r.client.UpdatePipelineStage(ctx, pipelineObjectType, id, op.id, hubspot.PipelineStagePatch{
				Label: &op.label, DisplayOrder: &o,
				Metadata: map[string]string{hubspot.MetadataTicketState: op.ticketState},
			})
			if err != nil {
				diags.AddError("Unable to update pipeline stage", fmt.Sprintf("Updating stage %s (key %q) of ticket pipeline %s: %s", op.id, op.key, id, err))
				return diags
			}
		case stageOpCreate:
			s, err := r.client.CreatePipelineStage(ctx, pipelineObjectType, id, hubspot.PipelineStageInput{
				Label: op.label, DisplayOrder: op.displayOrder,
				Metadata: map[string]string{hubspot.MetadataTicketState: op.ticketState},
			})
			if err != nil {
				diags.AddError("Unable to create pipeline stage", fmt.Sprintf("Creating stage %q (key %q) of ticket pipeline %s: %s", op.label, op.key, id, err))
				return diags
			}
			keys[s.ID] = op.key
		}
	}
	return diags
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

// ticketPipelineModel maps a pipeline to the resource's data. keys gives the key of each stage
// id known to Terraform; other stages get keys derived from their labels.
func ticketPipelineModel(p *hubspot.Pipeline, keys map[string]string) TicketPipelineResourceModel {
	stages := sortedActiveStages(p.Stages)
	derived := deriveStageKeys(stages, keys)
	out := make([]TicketPipelineStageModel, len(stages))
	for i, s := range stages {
		state := types.StringNull()
		if st := s.TicketState(); st != "" {
			state = types.StringValue(st)
		}
		out[i] = TicketPipelineStageModel{
			Key: types.StringValue(derived[i]), ID: types.StringValue(s.ID),
			Label: types.StringValue(s.Label), TicketState: state,
		}
	}
	return TicketPipelineResourceModel{
		ID:           types.StringValue(p.ID),
		Label:        types.StringValue(p.Label),
		DisplayOrder: types.Int64Value(int64(p.DisplayOrder)),
		Stages:       stagesList(out),
		StageIDs:     stageIDsMap(out),
	}
}

// sortedActiveStages returns the non-archived stages in HubSpot's display order: by
// displayOrder, then label.
func sortedActiveStages(stages []hubspot.PipelineStage) []hubspot.PipelineStage {
	out := make([]hubspot.PipelineStage, 0, len(stages))
	for _, s := range stages {
		if !s.Archived {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DisplayOrder != out[j].DisplayOrder {
			return out[i].DisplayOrder < out[j].DisplayOrder
		}
		return strings.ToLower(out[i].Label) < strings.ToLower(out[j].Label)
	})
	return out
}

// deriveStageKeys returns each stage's key: the known one, or one derived from its label as the
// resource documentation describes.
func deriveStageKeys(stages []hubspot.PipelineStage, known map[string]string) []string {
	used := map[string]bool{}
	for _, s := range stages {
		if k, ok := known[s.ID]; ok {
			used[k] = true
		}
	}
	keys := make([]string, len(stages))
	for i, s := range stages {
		if k, ok := known[s.ID]; ok {
			keys[i] = k
			continue
		}
		slug := stageKeySlug(s.Label)
		k := slug
		if k == "" || used[k] {
			k = strings.TrimPrefix(slug+"_"+s.ID, "_")
		}
		used[k] = true
		keys[i] = k
	}
	return keys
}

// stageKeySlug is the label in lower case with each run of characters other than a-z and 0-9
// replaced by one underscore, without underscores at either end.
func stageKeySlug(label string) string {
	var b strings.Builder
	pending := false
	for _, r := range strings.ToLower(label) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(r)
			continue
		}
		pending = true
	}
	return b.String()
}

// desiredStage is one stage as the plan wants it; id is empty for a stage to create.
type desiredStage struct {
	key, id, label, ticketState string
}

type stageOpKind int

const (
	stageOpDelete stageOpKind = iota
	stageOpUpdate
	stageOpCreate
)

// stageOp is one stage-level API call.
type stageOp struct {
	kind         stageOpKind
	id, key      string
	label        string
	displayOrder int
	ticketState  string
}

// planStageOps orders the stage calls that turn current into desired (whose position is the
// display order) so that HubSpot's rules hold after every call: stage labels stay unique
// (a cycle of renames, such as two stages swapping labels, parks one stage on a temporary
// label) and the pipeline never has no stage. Deletions come first, so that their labels are
// free for the renames; when no stage is kept they come last instead. No stage is ever
// recreated: kept stages are only patched.
func planStageOps(current []hubspot.PipelineStage, desired []desiredStage) ([]stageOp, error) {
	active := sortedActiveStages(current)
	byID := map[string]hubspot.PipelineStage{}
	for _, s := range active {
		byID[s.ID] = s
	}
	kept := map[string]bool{}
	for _, d := range desired {
		if d.id == "" {
			continue
		}
		if _, ok := byID[d.id]; !ok {
			return nil, fmt.Errorf("stage %s (key %q) no longer exists in HubSpot; it was deleted after the plan was made. Run terraform apply again to plan its re-creation", d.id, d.key)
		}
		kept[d.id] = true
	}

	held := map[string]string{} // label key -> id of the stage holding it
	labelOf := map[string]string{}
	for _, s := range active {
		held[pipelineLabelKey(s.Label)] = s.ID
		labelOf[s.ID] = s.Label
	}
	var ops, deletes []stageOp
	for _, s := range active {
		if !kept[s.ID] {
			deletes = append(deletes, stageOp{kind: stageOpDelete, id: s.ID, label: s.Label})
		}
	}
	if len(kept) > 0 {
		ops = append(ops, deletes...)
		for _, d := range deletes {
			delete(held, pipelineLabelKey(d.label))
		}
	}

	type change struct {
		d     desiredStage
		order int
	}
	var queue []change
	desiredLabels := map[string]bool{}
	for i, d := range desired {
		desiredLabels[pipelineLabelKey(d.label)] = true
		if d.id == "" {
			continue
		}
		cur := byID[d.id]
		if cur.Label != d.label || cur.DisplayOrder != i || cur.TicketState() != d.ticketState {
			queue = append(queue, change{d, i})
		}
	}
	for len(queue) > 0 {
		var blocked []change
		for _, c := range queue {
			if h, ok := held[pipelineLabelKey(c.d.label)]; ok && h != c.d.id {
				blocked = append(blocked, c)
				continue
			}
			delete(held, pipelineLabelKey(labelOf[c.d.id]))
			held[pipelineLabelKey(c.d.label)] = c.d.id
			labelOf[c.d.id] = c.d.label
			ops = append(ops, stageOp{kind: stageOpUpdate, id: c.d.id, key: c.d.key, label: c.d.label, displayOrder: c.order, ticketState: c.d.ticketState})
		}
		if len(blocked) == len(queue) {
			// Every remaining rename waits for a label that another of them holds.
			c := blocked[0]
			holder := held[pipelineLabelKey(c.d.label)]
			if !slices.ContainsFunc(blocked, func(b change) bool { return b.d.id == holder }) {
				return nil, fmt.Errorf("stage %s cannot take the label %q: stage %s holds it and is not being renamed", c.d.id, c.d.label, holder)
			}
			tmp := temporaryStageLabel(labelOf[c.d.id], held, desiredLabels)
			delete(held, pipelineLabelKey(labelOf[c.d.id]))
			held[pipelineLabelKey(tmp)] = c.d.id
			labelOf[c.d.id] = tmp
			ops = append(ops, stageOp{kind: stageOpUpdate, id: c.d.id, key: c.d.key, label: tmp, displayOrder: byID[c.d.id].DisplayOrder, ticketState: c.d.ticketState})
		}
		queue = blocked
	}

	for i, d := range desired {
		if d.id == "" {
			ops = append(ops, stageOp{kind: stageOpCreate, key: d.key, label: d.label, displayOrder: i, ticketState: d.ticketState})
		}
	}
	if len(kept) == 0 {
		ops = append(ops, deletes...)
	}
	return ops, nil
}

// temporaryStageLabel returns a label no stage holds or will hold, for a stage that must give up
// its label before it can take its new one.
func temporaryStageLabel(current string, held map[string]string, desired map[string]bool) string {
	for n := 1; ; n++ {
		l := fmt.Sprintf("%s (renaming %d)", current, n)
		if _, taken := held[pipelineLabelKey(l)]; !taken && !desired[pipelineLabelKey(l)] {
			return l
		}
	}
}
