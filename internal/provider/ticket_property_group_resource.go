package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
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
	client *hubspot.Client
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

// propertyNameRE is HubSpot's rule for property and group names: lowercase, less than 100
// characters, starting with a letter.
var propertyNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func propertyNameValidators(what string) []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, 99),
		stringvalidator.RegexMatches(propertyNameRE, "must start with a lowercase letter and contain only lowercase letters, digits and underscores (HubSpot's rule for "+what+" names)"),
	}
}

// runPlans records, per provider instance (one client per Terraform run), what the run's plan
// creates or changes, keyed by name. Terraform plans a resource before the resources that
// depend on it, so a dependent's plan-time check can tell an object this run is about to
// create (or change) from one that does not exist.
type runPlans struct {
	byClient sync.Map // *hubspot.Client -> *sync.Map of name -> value
}

func (p *runPlans) store(c *hubspot.Client, name string, v any) {
	m, _ := p.byClient.LoadOrStore(c, &sync.Map{})
	if names, ok := m.(*sync.Map); ok {
		names.Store(name, v)
	}
}

func (p *runPlans) load(c *hubspot.Client, name string) (any, bool) {
	m, ok := p.byClient.Load(c)
	if !ok {
		return nil, false
	}
	names, ok := m.(*sync.Map)
	if !ok {
		return nil, false
	}
	return names.Load(name)
}

// plannedPropertyGroups holds the names of the groups the run's plan creates, for the
// properties planned after them.
var plannedPropertyGroups runPlans

func (r *TicketPropertyGroupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_property_group"
}

func (r *TicketPropertyGroupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A group of ticket properties, the section a property appears under on ticket records.\n\n" +
			"Destroying a group moves it to HubSpot's recycle bin. HubSpot refuses while the group still holds active properties: " +
			"move or destroy them first (Terraform does so when they are in the same configuration and refer to the group). " +
			"An archived group keeps its name until it is restored or permanently deleted in HubSpot, so a group of the same name cannot be created meanwhile. " +
			"A group that holds HubSpot's own properties (such as `ticketinformation`) can be imported, but HubSpot never deletes it: destroying the resource " +
			"leaves it in HubSpot and only removes it from the state, with a warning.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The group's name, the form `terraform import` takes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The internal name, which properties refer to in `group_name`: lowercase letters, digits and underscores, starting with a letter, less than 100 characters. HubSpot cannot rename a group: changing it creates a new group.",
				Required:            true,
				Validators:          propertyNameValidators("property group"),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The name HubSpot shows for the group.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank")},
			},
			"display_order": schema.Int64Attribute{
				MarkdownDescription: "Where the group appears among the groups: lowest first, `-1` (the default) after all the others.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(-1),
			},
		},
	}
}

func (r *TicketPropertyGroupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan records a group this plan creates, for the properties planned after it, and
// warns when it destroys one of HubSpot's groups.
func (r *TicketPropertyGroupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() && !req.State.Raw.IsNull() {
		r.leftInHubSpot(ctx, req.State, &resp.Diagnostics)
	}
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	var plan TicketPropertyGroupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Name.IsUnknown() {
		return
	}
	var prior types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &prior)...)
	}
	if prior.IsNull() || prior.ValueString() != plan.Name.ValueString() {
		plannedPropertyGroups.store(r.client, plan.Name.ValueString(), struct{}{})
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
	name := plan.Name.ValueString()
	order := int(plan.DisplayOrder.ValueInt64())
	g, err := r.client.CreatePropertyGroup(ctx, propertyObjectType, hubspot.PropertyGroupCreate{Name: name, Label: plan.Label.ValueString(), DisplayOrder: &order})
	if hubspot.IsConflict(err) {
		detail := fmt.Sprintf("A ticket property group named %q already exists. To manage it with Terraform, import it: terraform import <address> %s", name, name)
		if _, gerr := r.client.GetPropertyGroup(ctx, propertyObjectType, name); hubspot.IsNotFound(gerr) {
			detail = fmt.Sprintf("HubSpot holds an archived ticket property group named %q in its recycle bin, and an archived group keeps its name until it is restored or permanently deleted. "+
				"Restore it in HubSpot and import it (terraform import <address> %s), permanently delete it in HubSpot, or choose another name.", name, name)
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Property group name is taken", detail)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to create ticket property group", fmt.Sprintf("Creating the ticket property group %q failed: %s", name, err))
		return
	}
	propertyGroupToModel(g, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
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
		list, err := r.client.ListPropertiesOfSensitivity(ctx, propertyObjectType, s)
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
