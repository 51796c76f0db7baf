package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
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
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

var (
	_ resource.ResourceWithConfigure      = &AssociationLabelResource{}
	_ resource.ResourceWithImportState    = &AssociationLabelResource{}
	_ resource.ResourceWithValidateConfig = &AssociationLabelResource{}
)

// NewAssociationLabelResource returns the hubspot_association_label resource.
func NewAssociationLabelResource() resource.Resource { return &AssociationLabelResource{} }

// AssociationLabelResource manages a custom association label between tickets and another
// object type.
type AssociationLabelResource struct {
	client hubspot.API
	plans  *runplan.Registry
	keys   *keysBefore
}

// AssociationLabelResourceModel is the resource's data.
type AssociationLabelResourceModel struct {
	ID             types.String `tfsdk:"id"`
	FromObjectType types.String `tfsdk:"from_object_type"`
	ToObjectType   types.String `tfsdk:"to_object_type"`
	Name           types.String `tfsdk:"name"`
	Label          types.String `tfsdk:"label"`
	InverseLabel   types.String `tfsdk:"inverse_label"`
	TypeID         types.Int64  `tfsdk:"type_id"`
	InverseTypeID  types.Int64  `tfsdk:"inverse_type_id"`
}

// replaceOnOtherObjectType replaces the label when an object type argument names another
// object type, but not when it names the same one another way (tickets, ticket, 0-5).
func replaceOnOtherObjectType() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = objectTypeKey(req.StateValue.ValueString()) != objectTypeKey(req.PlanValue.ValueString())
	}, "Changing to another object type creates a new label.", "Changing to another object type creates a new label.")
}

func (r *AssociationLabelResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_association_label"
	// The identity spells the object types as the state does, and another spelling of the same
	// type (0-5 for tickets) is an in-place change, so the identity may change with it.
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *AssociationLabelResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom association label (a `USER_DEFINED` association type) between tickets and another object type, e.g. *Requester* between tickets and contacts.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`FROM_OBJECT_TYPE/TO_OBJECT_TYPE/TYPE_ID`, the form `terraform import` takes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"from_object_type": schema.StringAttribute{
				MarkdownDescription: "The object type `label` reads from. " + associationObjectTypeDescription + " Changing it to another object type creates a new label; spelling the same type another way (`ticket`, `0-5`) does not.",
				Required:            true,
				Validators:          validators.ObjectType(),
				PlanModifiers:       []planmodifier.String{replaceOnOtherObjectType()},
			},
			"to_object_type": schema.StringAttribute{
				MarkdownDescription: "The object type `label` reads to. " + associationObjectTypeDescription + " Changing it to another object type creates a new label; spelling the same type another way does not.",
				Required:            true,
				Validators:          validators.ObjectType(),
				PlanModifiers:       []planmodifier.String{replaceOnOtherObjectType()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The internal name, unique among the labels of the pair. It cannot contain hyphens or begin with a digit, and HubSpot cannot rename it: changing it creates a new label.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.RegexMatches(regexp.MustCompile(`^[^-]*$`), "must not contain hyphens (HubSpot refuses them in internal names; use underscores)"),
					stringvalidator.RegexMatches(regexp.MustCompile(`^[^0-9]`), "must not begin with a digit"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The label as HubSpot shows it on records, read from `from_object_type` to `to_object_type`; for a single label, both ways. Can be changed in place.",
				Required:            true,
				Validators:          validators.Label(),
			},
			"inverse_label": schema.StringAttribute{
				MarkdownDescription: "Makes the label a paired one: the label read from `to_object_type` to `from_object_type`. Must differ from `label`. " +
					"Can be changed in place, but adding or removing it creates a new label, since HubSpot cannot turn a single label into a paired one or back.",
				Optional:   true,
				Validators: validators.Label(),
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = req.StateValue.IsNull() != req.PlanValue.IsNull()
					}, "Adding or removing an inverse label creates a new label.", "Adding or removing an inverse label creates a new label."),
				},
			},
			"type_id": schema.Int64Attribute{
				MarkdownDescription: "The association type id from `from_object_type` to `to_object_type`, to associate records with this label (category `USER_DEFINED`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"inverse_type_id": schema.Int64Attribute{
				MarkdownDescription: "The association type id from `to_object_type` to `from_object_type`. For a single label between two tickets, the label has one type id and this equals `type_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
	}
}

// ValidateConfig checks what the schema cannot: that one side is tickets and that a paired
// label's two labels differ.
func (r *AssociationLabelResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var data AssociationLabelResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if isKnown(data.FromObjectType) && isKnown(data.ToObjectType) {
		from, to := objectTypeKey(data.FromObjectType.ValueString()), objectTypeKey(data.ToObjectType.ValueString())
		if from != hubspot.TicketObjectTypeID && to != hubspot.TicketObjectTypeID {
			resp.Diagnostics.AddAttributeError(path.Root("to_object_type"), "Association label without tickets",
				fmt.Sprintf("This provider manages labels between tickets and another object type, but neither from_object_type (%q) nor to_object_type (%q) is tickets. Set one of them to tickets (or ticket, or 0-5).",
					data.FromObjectType.ValueString(), data.ToObjectType.ValueString()))
		}
	}
	if isKnown(data.Label) && isKnown(data.InverseLabel) && data.Label.ValueString() == data.InverseLabel.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("inverse_label"), "Inverse label equals label",
			"inverse_label is the label read the other way and must differ from label. Leave inverse_label out for a label that reads the same both ways.")
	}
}

func (r *AssociationLabelResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configuredData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.plans, r.keys = d.client, d.plans, d.keys
	}
}

func (r *AssociationLabelResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan AssociationLabelResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	from, to := plan.FromObjectType.ValueString(), plan.ToObjectType.ValueString()
	ctx, settle, done := operationContexts(ctx)
	defer done()
	in := hubspot.AssociationLabelInput{Name: plan.Name.ValueString(), Label: plan.Label.ValueString(), InverseLabel: plan.InverseLabel.ValueString()}
	what := fmt.Sprintf("the association label %q from %s to %s", in.Name, from, to)
	res, err := r.keyedCreate(ctx, settle, from, to, in, what)
	switch {
	case res.conflict != nil:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Association label name is taken",
			fmt.Sprintf("HubSpot already has an association label named %q between %s and %s: %s\n\n%s", in.Name, from, to, res.conflict, r.importHint(settle, from, to, in.Name)))
		return
	case err != nil:
		addTierCapError(&resp.Diagnostics, "Unable to create association label", "association labels",
			fmt.Errorf("creating the association label %q from %s to %s failed: %w", in.Name, from, to, err))
		return
	}
	warnLost(&resp.Diagnostics, what, res)
	ids := *res.obj
	plan.TypeID = types.Int64Value(int64(ids.TypeID))
	plan.InverseTypeID = types.Int64Value(int64(ids.InverseTypeID))
	plan.ID = types.StringValue(associationLabelID(from, to, ids.TypeID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}

// keyedCreate creates a label and settles a lost answer (see keyedCreate). The label's key is
// its name, which only the v3 types endpoint lists; the proof that a label found afterwards
// is this create's is that its type id is not among the pair's types before the run's first
// label create (names are unique per pair, and the plan refuses two labels of one name).
func (r *AssociationLabelResource) keyedCreate(ctx, settle context.Context, from, to string, in hubspot.AssociationLabelInput, what string) (createResult[hubspot.AssociationLabelIDs], error) {
	existed, beforeErr := r.keys.snapshot(settle, "association types "+from+"/"+to, func(ctx context.Context) ([]string, error) {
		types, err := r.client.ListAssociationTypes(ctx, from, to)
		var ids []string
		for _, t := range types {
			ids = append(ids, strconv.Itoa(t.TypeID))
		}
		return ids, err
	})
	return keyedCreate[hubspot.AssociationLabelIDs]{
		what:  what,
		taken: func(context.Context) (bool, error) { return false, beforeErr },
		create: func(ctx context.Context) (*hubspot.AssociationLabelIDs, error) {
			ids, err := r.client.CreateAssociationLabel(ctx, from, to, in)
			return &ids, err
		},
		find: func(ctx context.Context) (*hubspot.AssociationLabelIDs, error) {
			types, err := r.client.ListAssociationTypes(ctx, from, to)
			if err != nil {
				return nil, err
			}
			for _, t := range types {
				if existed[strconv.Itoa(t.TypeID)] || t.Category != hubspot.AssociationCategoryUserDefined || t.LabelText() != in.Label {
					continue
				}
				name, inverse, err := r.importedDetails(ctx, from, to, t.TypeID)
				if err != nil {
					return nil, err
				}
				if name == in.Name {
					return &hubspot.AssociationLabelIDs{TypeID: t.TypeID, InverseTypeID: inverse}, nil
				}
			}
			return nil, nil
		},
	}.run(ctx, settle)
}

// importHint says how to import the label of the name between two object types, with its id
// when it can be found.
func (r *AssociationLabelResource) importHint(ctx context.Context, from, to, name string) string {
	names, err := r.client.AssociationTypeNames(ctx, from, to)
	if err == nil {
		for id, n := range names {
			if n == name {
				return fmt.Sprintf("To manage it with Terraform, import it: terraform import <address> %s", associationLabelID(from, to, id))
			}
		}
	}
	return "To manage it with Terraform, import it: terraform import <address> FROM_OBJECT_TYPE/TO_OBJECT_TYPE/TYPE_ID (the hubspot_association_types data source lists the type ids); or choose another name."
}

func associationLabelID(from, to string, typeID int) string {
	return from + "/" + to + "/" + strconv.Itoa(typeID)
}

func (r *AssociationLabelResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state AssociationLabelResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	from, to := state.FromObjectType.ValueString(), state.ToObjectType.ValueString()
	typeID := int(state.TypeID.ValueInt64())
	t, err := hubspot.FindAssociationType(ctx, r.client, from, to, typeID)
	if hubspot.IsNotFound(err) {
		// Deleted outside Terraform: planning creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read association label",
			fmt.Sprintf("Reading association type %d from %s to %s failed: %s", typeID, from, to, err))
		return
	}
	if t.Category != hubspot.AssociationCategoryUserDefined {
		resp.Diagnostics.AddError("Not a custom association label",
			fmt.Sprintf("Association type %d from %s to %s is %s: HubSpot's own types cannot be managed, only custom (USER_DEFINED) labels. Use the hubspot_association_type data source to refer to it.", typeID, from, to, t.Category))
		return
	}
	if t.Label == nil {
		resp.Diagnostics.AddError("Unlabeled custom association type",
			fmt.Sprintf("Association type %d from %s to %s has no label; it is not an association label this resource can manage.", typeID, from, to))
		return
	}
	state.Label = types.StringValue(*t.Label)

	// An imported label has neither its internal name nor its inverse in state; HubSpot lists
	// names only on the v3 types endpoint, which is asked only then.
	if state.Name.IsNull() || state.InverseTypeID.IsNull() {
		name, inverseID, err := r.importedDetails(ctx, from, to, typeID)
		if err != nil {
			resp.Diagnostics.AddError("Unable to import association label", err.Error())
			return
		}
		state.Name = types.StringValue(name)
		state.InverseTypeID = types.Int64Value(int64(inverseID))
	}

	inverseID := int(state.InverseTypeID.ValueInt64())
	inverseLabel := *t.Label
	if inverseID != typeID {
		inv, err := hubspot.FindAssociationType(ctx, r.client, to, from, inverseID)
		if err != nil {
			resp.Diagnostics.AddError("Unable to read association label",
				fmt.Sprintf("Reading the inverse type %d (from %s to %s) of association label %d failed: %s", inverseID, to, from, typeID, err))
			return
		}
		inverseLabel = inv.LabelText()
	}
	if inverseLabel == *t.Label {
		state.InverseLabel = types.StringNull()
	} else {
		state.InverseLabel = types.StringValue(inverseLabel)
	}
	state.ID = types.StringValue(associationLabelID(from, to, typeID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// importedDetails finds an existing label's internal name and the type id of its inverse: the
// type the other way that carries the same name.
func (r *AssociationLabelResource) importedDetails(ctx context.Context, from, to string, typeID int) (string, int, error) {
	names, err := r.client.AssociationTypeNames(ctx, from, to)
	if err != nil {
		return "", 0, fmt.Errorf("reading the names of the association types from %s to %s failed: %w", from, to, err)
	}
	name, ok := names[typeID]
	if !ok || name == "" {
		return "", 0, fmt.Errorf("HubSpot does not list the internal name of association type %d from %s to %s", typeID, from, to)
	}
	reverse, err := r.client.AssociationTypeNames(ctx, to, from)
	if err != nil {
		return "", 0, fmt.Errorf("reading the names of the association types from %s to %s failed: %w", to, from, err)
	}
	var candidates []int
	for id, n := range reverse {
		if n == name && id != typeID {
			candidates = append(candidates, id)
		}
	}
	switch {
	case len(candidates) == 1:
		return name, candidates[0], nil
	case len(candidates) == 0 && reverse[typeID] == name:
		// A single label between two records of one object type is its own inverse.
		return name, typeID, nil
	}
	return "", 0, fmt.Errorf("cannot tell which association type from %s to %s is the inverse of %d (%q): candidates %v", to, from, typeID, name, candidates)
}

func (r *AssociationLabelResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan, state AssociationLabelResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	from, to := state.FromObjectType.ValueString(), state.ToObjectType.ValueString()
	typeID := int(state.TypeID.ValueInt64())
	// Only the labels change in HubSpot; another spelling of an object type changes nothing there.
	if !plan.Label.Equal(state.Label) || !plan.InverseLabel.Equal(state.InverseLabel) {
		if err := r.client.UpdateAssociationLabel(ctx, from, to, typeID, plan.Label.ValueString(), plan.InverseLabel.ValueString()); err != nil {
			resp.Diagnostics.AddError("Unable to update association label",
				fmt.Sprintf("Relabeling association type %d from %s to %s failed: %s", typeID, from, to, err))
			return
		}
	}
	plan.ID, plan.TypeID, plan.InverseTypeID = state.ID, state.TypeID, state.InverseTypeID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *AssociationLabelResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state AssociationLabelResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	from, to := state.FromObjectType.ValueString(), state.ToObjectType.ValueString()
	typeID := int(state.TypeID.ValueInt64())
	err := r.client.DeleteAssociationLabel(ctx, from, to, typeID)
	if err == nil || hubspot.IsNotFound(err) {
		return
	}
	detail := fmt.Sprintf("Deleting association label %d (%q) from %s to %s failed: %s", typeID, state.Label.ValueString(), from, to, err)
	if hubspot.IsValidation(err) {
		detail += "\n\nHubSpot deletes a label only when no records are associated with it: remove the label from those associations first."
	}
	resp.Diagnostics.AddError("Unable to delete association label", detail)
}

// ImportState takes FROM_OBJECT_TYPE/TO_OBJECT_TYPE/TYPE_ID, e.g. tickets/contacts/1000123.
func (r *AssociationLabelResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importedByIdentity(ctx, req, resp) {
		return
	}
	parts := strings.Split(req.ID, "/")
	var typeID int64
	var err error
	if len(parts) == 3 {
		typeID, err = strconv.ParseInt(parts[2], 10, 32)
	}
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || err != nil || typeID <= 0 {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected FROM_OBJECT_TYPE/TO_OBJECT_TYPE/TYPE_ID, e.g. tickets/contacts/1000123 (the type id the label has from the first object type to the second, as hubspot_association_types lists it); got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("from_object_type"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("to_object_type"), parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("type_id"), typeID)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}
