package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

var (
	_ resource.ResourceWithConfigure      = &TicketPropertyResource{}
	_ resource.ResourceWithImportState    = &TicketPropertyResource{}
	_ resource.ResourceWithValidateConfig = &TicketPropertyResource{}
	_ resource.ResourceWithModifyPlan     = &TicketPropertyResource{}
)

// NewTicketPropertyResource returns the hubspot_ticket_property resource.
func NewTicketPropertyResource() resource.Resource { return &TicketPropertyResource{} }

// TicketPropertyResource manages a custom ticket property.
type TicketPropertyResource struct {
	client hubspot.API
	plans  *runplan.Registry
	keys   *keysBefore
}

// TicketPropertyResourceModel is the resource's data.
type TicketPropertyResourceModel struct {
	ID                   types.String      `tfsdk:"id"`
	Name                 types.String      `tfsdk:"name"`
	Label                types.String      `tfsdk:"label"`
	Type                 types.String      `tfsdk:"type"`
	FieldType            types.String      `tfsdk:"field_type"`
	GroupName            types.String      `tfsdk:"group_name"`
	Description          types.String      `tfsdk:"description"`
	DisplayOrder         types.Int64       `tfsdk:"display_order"`
	Hidden               types.Bool        `tfsdk:"hidden"`
	FormField            types.Bool        `tfsdk:"form_field"`
	HasUniqueValue       types.Bool        `tfsdk:"has_unique_value"`
	Options              types.List        `tfsdk:"options"`
	CalculationFormula   types.String      `tfsdk:"calculation_formula"`
	ExternalOptions      types.Bool        `tfsdk:"external_options"`
	ReferencedObjectType types.String      `tfsdk:"referenced_object_type"`
	ShowCurrencySymbol   types.Bool        `tfsdk:"show_currency_symbol"`
	CurrencyPropertyName types.String      `tfsdk:"currency_property_name"`
	NumberDisplayHint    types.String      `tfsdk:"number_display_hint"`
	TextDisplayHint      types.String      `tfsdk:"text_display_hint"`
	DataSensitivity      types.String      `tfsdk:"data_sensitivity"`
	DateDisplayHint      types.String      `tfsdk:"date_display_hint"`
	HubspotDefined       types.Bool        `tfsdk:"hubspot_defined"`
	Calculated           types.Bool        `tfsdk:"calculated"`
	ModificationMetadata types.Object      `tfsdk:"modification_metadata"`
	CreatedAt            timetypes.RFC3339 `tfsdk:"created_at"`
	UpdatedAt            timetypes.RFC3339 `tfsdk:"updated_at"`
}

// TicketPropertyOptionModel is one option of an enumeration property.
type TicketPropertyOptionModel struct {
	Value       types.String `tfsdk:"value"`
	Label       types.String `tfsdk:"label"`
	Description types.String `tfsdk:"description"`
	Hidden      types.Bool   `tfsdk:"hidden"`
}

var propertyOptionAttrTypes = map[string]attr.Type{
	"value": types.StringType, "label": types.StringType, "description": types.StringType, "hidden": types.BoolType,
}

var modificationMetadataAttrTypes = map[string]attr.Type{
	"archivable": types.BoolType, "read_only_definition": types.BoolType, "read_only_value": types.BoolType, "read_only_options": types.BoolType,
}

const (
	maxPropertyOptions      = 5000
	maxPropertyOptionLength = 3000
)

func propQuoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// fieldTypeTable renders the type ↔ field_type pairs HubSpot accepts, for the docs.
func propFieldTypeTable() string {
	var b strings.Builder
	for _, t := range hubspot.PropertyTypes {
		fmt.Fprintf(&b, "`%s`: %s; ", t, propQuoted(hubspot.PropertyFieldTypesByType[t]))
	}
	return strings.TrimSuffix(b.String(), "; ")
}

func (r *TicketPropertyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_property"
}

func (r *TicketPropertyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceNote := " HubSpot cannot change it on an existing property: changing it replaces the property, which needs a new `name` as well (see the resource documentation)."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom ticket property: a field every ticket has, such as a *Tier* dropdown or an *Order number*.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The property's name, the form `terraform import` takes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The internal name, used to read and write the property's values through the API: lowercase letters, digits and underscores, starting with a letter, less than 100 characters. HubSpot cannot rename a property: changing it creates a new property and archives the old one.",
				Required:            true,
				Validators:          validators.PropertyNameRules("property"),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The name HubSpot shows for the property.",
				Required:            true,
				Validators:          []validator.String{validators.NotBlank()},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The data type: " + propQuoted(hubspot.PropertyTypes) + ". It can change in place where HubSpot allows; values tickets already hold are not converted.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(hubspot.PropertyTypes...)},
			},
			"field_type": schema.StringAttribute{
				MarkdownDescription: "How HubSpot shows and edits the property. Valid pairs of `type` and `field_type`: " + propFieldTypeTable() + ".",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(hubspot.PropertyFieldTypes...)},
			},
			"group_name": schema.StringAttribute{
				MarkdownDescription: "The property group the property appears in, e.g. `ticketinformation` or `hubspot_ticket_property_group.<name>.name`. Refer to a group declared in the same configuration through the resource, so that Terraform creates the group first.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Help text shown with the property. Defaults to empty.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"display_order": schema.Int64Attribute{
				MarkdownDescription: "Where the property appears within its group: lowest first, `-1` (the default) after all the others.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(-1),
				Validators:          validators.ListedDisplayOrder(),
			},
			"hidden": schema.BoolAttribute{
				MarkdownDescription: "Hide the property in HubSpot's UI. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"form_field": schema.BoolAttribute{
				MarkdownDescription: "Whether the property can be used in HubSpot forms. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"has_unique_value": schema.BoolAttribute{
				MarkdownDescription: "Require every ticket's value to be unique. Only for single-line text (`string`/`text`) and number (`number`/`number`) properties; HubSpot allows 10 such properties per object. Defaults to `false`." + replaceNote,
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"options": schema.ListNestedAttribute{
				MarkdownDescription: "The options of an `enumeration` property, in display order; required for enumerations (unless `external_options`), not allowed for other types. Values must be unique. " +
					"Options are matched by `value`: reordering, relabelling, hiding, adding and removing options never re-maps a value tickets hold.",
				Optional: true,
				Validators: []validator.List{
					listvalidator.SizeBetween(1, maxPropertyOptions),
				},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"value": schema.StringAttribute{
							MarkdownDescription: "The internal value tickets store, used through the API. Unique within the property.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.LengthBetween(1, maxPropertyOptionLength)},
						},
						"label": schema.StringAttribute{
							MarkdownDescription: "The option's name in HubSpot.",
							Required:            true,
							Validators: []validator.String{
								stringvalidator.LengthAtMost(maxPropertyOptionLength),
								validators.NotBlank(),
							},
						},
						"description": schema.StringAttribute{
							MarkdownDescription: "Help text for the option. Defaults to empty.",
							Optional:            true,
							Computed:            true,
							Default:             stringdefault.StaticString(""),
						},
						"hidden": schema.BoolAttribute{
							MarkdownDescription: "Hide the option in HubSpot's UI; tickets that hold it keep it. Defaults to `false`.",
							Optional:            true,
							Computed:            true,
							Default:             booldefault.StaticBool(false),
						},
					},
				},
			},
			"calculation_formula": schema.StringAttribute{
				MarkdownDescription: "The formula of a calculated property; required when `field_type` is `calculation_equation` and only allowed then.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"external_options": schema.BoolAttribute{
				MarkdownDescription: "Take the options from another object instead of `options`: only for enumerations, together with `referenced_object_type` (`OWNER` for a property that picks a HubSpot user). Defaults to `false`." + replaceNote,
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"referenced_object_type": schema.StringAttribute{
				MarkdownDescription: "The object the options come from when `external_options` is true; HubSpot supports `OWNER` for custom properties." + replaceNote,
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"show_currency_symbol": schema.BoolAttribute{
				MarkdownDescription: "Show the account's currency symbol with the value. Only for `number` properties.",
				Optional:            true,
			},
			"currency_property_name": schema.StringAttribute{
				MarkdownDescription: "The name of the property holding the value's currency. Only for `number` properties.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"number_display_hint": schema.StringAttribute{
				MarkdownDescription: "How HubSpot shows and validates a `number` property: " + propQuoted(hubspot.NumberDisplayHints) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(hubspot.NumberDisplayHints...)},
			},
			"text_display_hint": schema.StringAttribute{
				MarkdownDescription: "How HubSpot shows and validates a `string` property: " + propQuoted(hubspot.TextDisplayHints) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(hubspot.TextDisplayHints...)},
			},
			"data_sensitivity": schema.StringAttribute{
				MarkdownDescription: "The sensitivity of the data the property holds: `" + hubspot.DataSensitivityNonSensitive + "` (the default), or one of " + propQuoted(hubspot.DataSensitivities[1:]) + ". Sensitive data needs HubSpot's sensitive data features and matching token scopes." + replaceNote,
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(hubspot.DataSensitivityNonSensitive),
				Validators:          []validator.String{stringvalidator.OneOf(hubspot.DataSensitivities...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"date_display_hint": schema.StringAttribute{
				MarkdownDescription: "How HubSpot shows a date property (`absolute`, `absolute_with_relative`, `time_since`, `time_until`); set by HubSpot.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"hubspot_defined": schema.BoolAttribute{
				MarkdownDescription: "Whether HubSpot defines the property (true only for an imported default property).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"calculated": schema.BoolAttribute{
				MarkdownDescription: "Whether HubSpot computes the property's values itself (HubSpot's own properties only).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"modification_metadata": schema.SingleNestedAttribute{
				MarkdownDescription: "What HubSpot lets users change about the property.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"archivable":           schema.BoolAttribute{MarkdownDescription: "Whether the property can be archived (deleted).", Computed: true},
					"read_only_definition": schema.BoolAttribute{MarkdownDescription: "Whether the definition is read-only.", Computed: true},
					"read_only_value":      schema.BoolAttribute{MarkdownDescription: "Whether tickets' values are read-only (set by HubSpot).", Computed: true},
					"read_only_options":    schema.BoolAttribute{MarkdownDescription: "Whether the options are read-only.", Computed: true},
				},
			},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the property was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the property was last changed (RFC 3339).",
				Computed:            true,
			},
		},
	}
}

func (r *TicketPropertyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configuredData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.plans, r.keys = d.client, d.plans, d.keys
	}
}

func (r *TicketPropertyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TicketPropertyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	opts := propertyOptions(ctx, plan.Options, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	order := int(plan.DisplayOrder.ValueInt64())
	in := hubspot.PropertyCreate{
		Name: name, Label: plan.Label.ValueString(), Type: plan.Type.ValueString(), FieldType: plan.FieldType.ValueString(),
		GroupName: plan.GroupName.ValueString(), Description: plan.Description.ValueString(), DisplayOrder: &order,
		HasUniqueValue: plan.HasUniqueValue.ValueBool(), Hidden: plan.Hidden.ValueBool(), FormField: plan.FormField.ValueBool(),
		CalculationFormula: plan.CalculationFormula.ValueString(), ExternalOptions: plan.ExternalOptions.ValueBool(),
		ReferencedObjectType: plan.ReferencedObjectType.ValueString(), CurrencyPropertyName: plan.CurrencyPropertyName.ValueString(),
		ShowCurrencySymbol: propBoolPtr(plan.ShowCurrencySymbol), NumberDisplayHint: plan.NumberDisplayHint.ValueString(),
		TextDisplayHint: plan.TextDisplayHint.ValueString(),
	}
	if opts != nil {
		in.Options = propWireOptions(opts)
	}
	if s := plan.DataSensitivity.ValueString(); s != hubspot.DataSensitivityNonSensitive {
		in.DataSensitivity = s
	}
	ctx, settle, done := operationContexts(ctx)
	defer done()
	what := fmt.Sprintf("the ticket property %q", name)
	res, err := keyedCreate[hubspot.Property]{
		what:  what,
		taken: func(ctx context.Context) (bool, error) { return r.keys.taken(ctx, "property", name, r.propertyNames) },
		create: func(ctx context.Context) (*hubspot.Property, error) {
			return r.client.CreateProperty(ctx, propertyObjectType, in)
		},
		find: func(ctx context.Context) (*hubspot.Property, error) {
			p, err := hubspot.FindProperty(ctx, r.client, propertyObjectType, name)
			if hubspot.IsNotFound(err) {
				return nil, nil
			}
			return p, err
		},
	}.run(ctx, settle)
	switch {
	case res.conflict != nil:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Property name is taken", r.conflictDetail(settle, name))
		return
	case err != nil:
		if hint := r.groupHint(settle, err, in.GroupName); hint != "" {
			resp.Diagnostics.AddError("Unable to create ticket property", fmt.Sprintf("Creating the ticket property %q failed: %s%s", name, err, hint))
			return
		}
		addTierCapError(&resp.Diagnostics, "Unable to create ticket property", "calculated properties", fmt.Errorf("creating the ticket property %q failed: %w", name, err))
		return
	}
	warnLost(&resp.Diagnostics, what, res)
	propertyToModel(res.obj, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}

// groupHint explains a refusal caused by a group that does not exist (yet): a configuration
// that names a group it declares by a literal, not a reference, leaves Terraform free to create
// the property first.
func (r *TicketPropertyResource) groupHint(ctx context.Context, err error, group string) string {
	if !hubspot.IsValidation(err) {
		return ""
	}
	if _, gerr := r.client.GetPropertyGroup(ctx, propertyObjectType, group); !hubspot.IsNotFound(gerr) {
		return ""
	}
	return fmt.Sprintf("\n\nThe property group %q does not exist. If this configuration declares it, refer to it (group_name = hubspot_ticket_property_group.<name>.name) so that Terraform creates the group first.", group)
}

// conflictDetail explains why HubSpot says a property name is taken.
func (r *TicketPropertyResource) conflictDetail(ctx context.Context, name string) string {
	p, err := hubspot.FindProperty(ctx, r.client, propertyObjectType, name)
	switch {
	case err == nil && p.HubspotDefined:
		return fmt.Sprintf("%q is one of HubSpot's own ticket properties and cannot be created. To manage its options, import it: terraform import <address> %s", name, name)
	case err == nil:
		return fmt.Sprintf("A ticket property named %q already exists. To manage it with Terraform, import it: terraform import <address> %s", name, name)
	case hubspot.IsNotFound(err):
		return fmt.Sprintf("HubSpot holds an archived ticket property named %q in its recycle bin, and an archived property keeps its name until it is restored or permanently deleted (HubSpot deletes it for good after 90 days). "+
			"Restore it in HubSpot and import it (terraform import <address> %s), permanently delete it in HubSpot, or choose another name.", name, name)
	}
	return fmt.Sprintf("HubSpot says a ticket property named %q already exists (looking it up failed: %s).", name, err)
}

// propertyNames lists the names HubSpot holds for ticket properties: active ones at every
// data sensitivity (its list shows one level at a time) and those in the recycle bin, where a
// property keeps its name.
func (r *TicketPropertyResource) propertyNames(ctx context.Context) ([]string, error) {
	active, err := allTicketProperties(ctx, r.client)
	if err != nil {
		return nil, err
	}
	archived, err := r.client.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{Archived: true})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range slices.Concat(active, archived) {
		names = append(names, p.Name)
	}
	return names, nil
}

func (r *TicketPropertyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TicketPropertyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	name := state.Name.ValueString()
	var p *hubspot.Property
	var err error
	if isKnown(state.DataSensitivity) {
		p, err = r.client.GetProperty(ctx, propertyObjectType, name, hubspot.PropertyQuery{DataSensitivity: state.DataSensitivity.ValueString()})
	} else {
		// Imported: the sensitivity level HubSpot files it under is not known yet.
		p, err = hubspot.FindProperty(ctx, r.client, propertyObjectType, name)
	}
	if hubspot.IsNotFound(err) {
		// Archived or deleted outside Terraform: planning creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read ticket property", fmt.Sprintf("Reading the ticket property %q failed: %s", name, err))
		return
	}
	propertyToModel(p, &state)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *TicketPropertyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan, state TicketPropertyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	opts := propertyOptions(ctx, plan.Options, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	name := state.Name.ValueString()
	order := int(plan.DisplayOrder.ValueInt64())
	in := hubspot.PropertyUpdate{
		Label: propStringPtr(plan.Label), Description: propStringPtr(plan.Description), GroupName: propStringPtr(plan.GroupName),
		DisplayOrder: &order, Hidden: propBoolPtr(plan.Hidden), FormField: propBoolPtr(plan.FormField),
		Type: propStringPtr(plan.Type), FieldType: propStringPtr(plan.FieldType),
		CalculationFormula:   propClearable(plan.CalculationFormula, state.CalculationFormula),
		CurrencyPropertyName: propClearable(plan.CurrencyPropertyName, state.CurrencyPropertyName),
		NumberDisplayHint:    propDisplayHint(plan.NumberDisplayHint, state.NumberDisplayHint, plan.Type, hubspot.PropertyTypeNumber),
		TextDisplayHint:      propDisplayHint(plan.TextDisplayHint, state.TextDisplayHint, plan.Type, hubspot.PropertyTypeString),
		ShowCurrencySymbol:   propBoolPtr(plan.ShowCurrencySymbol),
	}
	if in.ShowCurrencySymbol == nil && state.ShowCurrencySymbol.ValueBool() {
		off := false
		in.ShowCurrencySymbol = &off
	}
	if plan.Type.ValueString() == hubspot.PropertyTypeEnumeration && !plan.ExternalOptions.ValueBool() {
		w := propWireOptions(opts)
		in.Options = &w
	}
	if state.HubspotDefined.ValueBool() {
		// Of HubSpot's own properties only the options may change (ModifyPlan refused the rest),
		// so only they are sent.
		in = hubspot.PropertyUpdate{Options: in.Options}
	}
	p, err := r.client.UpdateProperty(ctx, propertyObjectType, name, in)
	if err != nil {
		resp.Diagnostics.AddError("Unable to update ticket property", fmt.Sprintf("Updating the ticket property %q failed: %s%s", name, err, r.groupHint(ctx, err, plan.GroupName.ValueString())))
		return
	}
	propertyToModel(p, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *TicketPropertyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TicketPropertyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
	name := state.Name.ValueString()
	if state.HubspotDefined.ValueBool() {
		warnLeftInHubSpot(&resp.Diagnostics, path.Root("name"), fmt.Sprintf("ticket property %q", name))
		return
	}
	if err := r.client.ArchiveProperty(ctx, propertyObjectType, name); err != nil && !hubspot.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to delete ticket property", fmt.Sprintf("Archiving the ticket property %q failed: %s", name, err))
	}
}

func (r *TicketPropertyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importedByIdentity(ctx, req, resp) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}
