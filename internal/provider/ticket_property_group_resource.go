package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

var (
	_ resource.ResourceWithConfigure   = &TicketPropertyGroupResource{}
	_ resource.ResourceWithImportState = &TicketPropertyGroupResource{}
	_ resource.ResourceWithModifyPlan  = &TicketPropertyGroupResource{}
)

// NewTicketPropertyGroupResource returns the hubspot_ticket_property_group resource.
func NewTicketPropertyGroupResource() resource.Resource { return &TicketPropertyGroupResource{} }

// TicketPropertyGroupResource manages a ticket property group.
type TicketPropertyGroupResource struct {
	client hubspot.API
	plans  *runplan.Registry
	keys   *keysBefore
}

// TicketPropertyGroupResourceModel is the resource's data.
type TicketPropertyGroupResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Label        types.String `tfsdk:"label"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
}

// propertyObjectType is the object type whose properties this provider manages.
const propertyObjectType = hubspot.TicketObjectType

func (r *TicketPropertyGroupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_property_group"
}

func (r *TicketPropertyGroupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A group of ticket properties, the section a property appears under on ticket records.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The group's name, the form `terraform import` takes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The internal name, which properties refer to in `group_name`: lowercase letters, digits and underscores, starting with a letter, less than 100 characters. HubSpot cannot rename a group: changing it creates a new group.",
				Required:            true,
				Validators:          validators.PropertyNameRules("property group"),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The name HubSpot shows for the group.",
				Required:            true,
				Validators:          []validator.String{validators.NotBlank()},
			},
			"display_order": schema.Int64Attribute{
				MarkdownDescription: "Where the group appears among the groups: lowest first, `-1` (the default) after all the others.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(-1),
				Validators:          validators.ListedDisplayOrder(),
			},
		},
	}
}

func (r *TicketPropertyGroupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configuredData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.plans, r.keys = d.client, d.plans, d.keys
	}
}

// ModifyPlan records the group in the run's registry, for the properties that refer to it,
// refuses a second group resource of the same name, and warns when it destroys one of
// HubSpot's groups.
func (r *TicketPropertyGroupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() && !req.State.Raw.IsNull() {
		r.leftInHubSpot(ctx, req.State, &resp.Diagnostics)
	}
	if r.plans == nil || req.Plan.Raw.IsNull() {
		return
	}
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() || !isKnown(name) {
		return
	}
	if others := r.plans.Record(runplan.PropertyGroup, name.ValueString(), planOwner(req.Config), struct{}{}); len(others) > 0 {
		resp.Diagnostics.Append(duplicateDiagnostic(runplan.PropertyGroup, "hubspot_ticket_property_group", "name", name.ValueString()))
	}
}

func propertyGroupToModel(g *hubspot.PropertyGroup, m *TicketPropertyGroupResourceModel) {
	m.ID = types.StringValue(g.Name)
	m.Name = types.StringValue(g.Name)
	m.Label = types.StringValue(g.Label)
	m.DisplayOrder = types.Int64Value(int64(g.DisplayOrder))
}

func (r *TicketPropertyGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TicketPropertyGroupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, settle, done := operationContexts(ctx)
	defer done()
	name := plan.Name.ValueString()
	order := int(plan.DisplayOrder.ValueInt64())
	in := hubspot.PropertyGroupCreate{Name: name, Label: plan.Label.ValueString(), DisplayOrder: &order}
	what := fmt.Sprintf("the ticket property group %q", name)
	res, err := keyedCreate[hubspot.PropertyGroup]{
		what: what,
		taken: func(ctx context.Context) (bool, error) {
			return r.keys.taken(ctx, "property group", name, func(ctx context.Context) ([]string, error) {
				groups, err := r.client.ListPropertyGroups(ctx, propertyObjectType)
				var names []string
				for _, g := range groups {
					if !g.Archived {
						names = append(names, g.Name)
					}
				}
				return names, err
			})
		},
		create: func(ctx context.Context) (*hubspot.PropertyGroup, error) {
			return r.client.CreatePropertyGroup(ctx, propertyObjectType, in)
		},
		find: func(ctx context.Context) (*hubspot.PropertyGroup, error) { return r.findGroup(ctx, name) },
	}.run(ctx, settle)
	switch {
	case res.conflict != nil:
		detail := fmt.Sprintf("A ticket property group named %q already exists. To manage it with Terraform, import it: terraform import <address> %s", name, name)
		if g, gerr := r.findGroup(settle, name); g == nil && gerr == nil {
			detail = fmt.Sprintf("HubSpot holds an archived ticket property group named %q in its recycle bin, and an archived group keeps its name until it is restored or permanently deleted. "+
				"Restore it in HubSpot and import it (terraform import <address> %s), permanently delete it in HubSpot, or choose another name.", name, name)
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Property group name is taken", detail)
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to create ticket property group", fmt.Sprintf("Creating the ticket property group %q failed: %s", name, err))
		return
	}
	warnLost(&resp.Diagnostics, what, res)
	propertyGroupToModel(res.obj, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}

// findGroup returns the active group of the name, or nil when HubSpot has none.
func (r *TicketPropertyGroupResource) findGroup(ctx context.Context, name string) (*hubspot.PropertyGroup, error) {
	g, err := r.client.GetPropertyGroup(ctx, propertyObjectType, name)
	if hubspot.IsNotFound(err) {
		return nil, nil
	}
	return g, err
}

func (r *TicketPropertyGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TicketPropertyGroupResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	g, err := r.client.GetPropertyGroup(ctx, propertyObjectType, state.Name.ValueString())
	if hubspot.IsNotFound(err) {
		// Archived or deleted outside Terraform: planning creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read ticket property group", fmt.Sprintf("Reading the ticket property group %q failed: %s", state.Name.ValueString(), err))
		return
	}
	propertyGroupToModel(g, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TicketPropertyGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan TicketPropertyGroupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	label := plan.Label.ValueString()
	order := int(plan.DisplayOrder.ValueInt64())
	g, err := r.client.UpdatePropertyGroup(ctx, propertyObjectType, plan.Name.ValueString(), hubspot.PropertyGroupUpdate{Label: &label, DisplayOrder: &order})
	if err != nil {
		resp.Diagnostics.AddError("Unable to update ticket property group", fmt.Sprintf("Updating the ticket property group %q failed: %s", plan.Name.ValueString(), err))
		return
	}
	propertyGroupToModel(g, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *TicketPropertyGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TicketPropertyGroupResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	name := state.Name.ValueString()
	err := r.client.ArchivePropertyGroup(ctx, propertyObjectType, name)
	switch {
	case err == nil || hubspot.IsNotFound(err):
		return
	case hubspot.IsGroupWithActiveProperties(err):
		if r.leftInHubSpot(ctx, req.State, &resp.Diagnostics) {
			return
		}
		resp.Diagnostics.AddError("Property group still holds properties",
			fmt.Sprintf("HubSpot refuses to delete the ticket property group %q while it holds active properties%s. "+
				"Move them to another group (group_name) or destroy them first, then destroy the group.", name, r.groupMembers(ctx, name)))
	default:
		resp.Diagnostics.AddError("Unable to delete ticket property group", fmt.Sprintf("Deleting the ticket property group %q failed: %s", name, err))
	}
}

// groupMembers names the group's active properties for an error message, when they can be read.
func (r *TicketPropertyGroupResource) groupMembers(ctx context.Context, group string) string {
	var names []string
	for _, s := range hubspot.DataSensitivities {
		list, err := r.client.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{DataSensitivity: s})
		if err != nil {
			continue
		}
		for _, p := range list {
			if p.GroupName == group {
				names = append(names, p.Name)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return " (" + strings.Join(names, ", ") + ")"
}

func (r *TicketPropertyGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importedByIdentity(ctx, req, resp) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}
