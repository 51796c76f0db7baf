package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
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
	client *hubspot.Client
}

// TicketPropertyResourceModel is the resource's data.
type TicketPropertyResourceModel struct {
	ID                   types.String `tfsdk:"id"`
	Name                 types.String `tfsdk:"name"`
	Label                types.String `tfsdk:"label"`
	Type                 types.String `tfsdk:"type"`
	FieldType            types.String `tfsdk:"field_type"`
	GroupName            types.String `tfsdk:"group_name"`
	Description          types.String `tfsdk:"description"`
	DisplayOrder         types.Int64  `tfsdk:"display_order"`
	Hidden               types.Bool   `tfsdk:"hidden"`
	FormField            types.Bool   `tfsdk:"form_field"`
	HasUniqueValue       types.Bool   `tfsdk:"has_unique_value"`
	Options              types.List   `tfsdk:"options"`
	CalculationFormula   types.String `tfsdk:"calculation_formula"`
	ExternalOptions      types.Bool   `tfsdk:"external_options"`
	ReferencedObjectType types.String `tfsdk:"referenced_object_type"`
	ShowCurrencySymbol   types.Bool   `tfsdk:"show_currency_symbol"`
	CurrencyPropertyName types.String `tfsdk:"currency_property_name"`
	NumberDisplayHint    types.String `tfsdk:"number_display_hint"`
	TextDisplayHint      types.String `tfsdk:"text_display_hint"`
	DataSensitivity      types.String `tfsdk:"data_sensitivity"`
	DateDisplayHint      types.String `tfsdk:"date_display_hint"`
	HubspotDefined       types.Bool   `tfsdk:"hubspot_defined"`
	Calculated           types.Bool   `tfsdk:"calculated"`
	ModificationMetadata types.Object `tfsdk:"modification_metadata"`
	CreatedAt            types.String `tfsdk:"created_at"`
	UpdatedAt            types.String `tfsdk:"updated_at"`
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
	replaceNote := " HubSpot cannot change it on an existing property: changing it replaces the property, which needs a new `name` as well (see the resource description)."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom ticket property: a field every ticket has, such as a *Tier* dropdown or an *Order number*.\n\n" +
			"**Options.** The options of an enumeration property are a list in display order, each identified by its `value`, which is what tickets store. " +
			"Adding, removing, relabelling, hiding or reordering options never changes the value a ticket holds: the provider sends HubSpot the whole list by value. " +
			"Removing an option does not clear it from tickets that hold it.\n\n" +
			"**Destroying** a property moves it to HubSpot's recycle bin with its values. An archived property keeps its name until it is restored or permanently deleted in HubSpot " +
			"(HubSpot deletes it for good after 90 days), so a property of the same name cannot be created meanwhile. " +
			"For the same reason, attributes HubSpot cannot change (`has_unique_value`, `external_options`, `referenced_object_type`, `data_sensitivity`) can only change together with `name`: " +
			"the plan then replaces the property, archiving the old one; changing them alone is refused at plan time.\n\n" +
			"**HubSpot's own properties** (such as `hs_ticket_priority`) can be imported to manage their options, where HubSpot allows it, but not created or changed otherwise. " +
			"HubSpot does not delete them: destroying the resource leaves the property in HubSpot and only removes it from the state, with a warning.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The property's name, the form `terraform import` takes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The internal name, used to read and write the property's values through the API: lowercase letters, digits and underscores, starting with a letter, less than 100 characters. HubSpot cannot rename a property: changing it creates a new property and archives the old one.",
				Required:            true,
				Validators:          propertyNameValidators("property"),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"label": schema.StringAttribute{
				MarkdownDescription: "The name HubSpot shows for the property.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank")},
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
								stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank"),
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
				MarkdownDescription: "The sensitivity of the data the property holds: " + propQuoted(hubspot.DataSensitivities) + " (the default). Sensitive data needs HubSpot's sensitive data features and matching token scopes." + replaceNote,
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
				MarkdownDescription: "When the property was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the property was last changed (RFC 3339).",
				Computed:            true,
			},
		},
	}
}

func (r *TicketPropertyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func propKnown(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

func propertyOptions(ctx context.Context, l types.List, diags *diag.Diagnostics) []TicketPropertyOptionModel {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var opts []TicketPropertyOptionModel
	diags.Append(l.ElementsAs(ctx, &opts, false)...)
	return opts
}

// ValidateConfig checks the rules HubSpot applies to a definition that the schema alone cannot
// express, on the values known at plan time.
func (r *TicketPropertyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var c TicketPropertyResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	typ, fieldType := c.Type.ValueString(), c.FieldType.ValueString()
	typeKnown, fieldTypeKnown := propKnown(c.Type), propKnown(c.FieldType)
	external := propKnown(c.ExternalOptions) && c.ExternalOptions.ValueBool()

	if typeKnown && fieldTypeKnown && slices.Contains(hubspot.PropertyTypes, typ) && !hubspot.ValidPropertyFieldType(typ, fieldType) {
		resp.Diagnostics.AddAttributeError(path.Root("field_type"), "Invalid field_type for this type",
			fmt.Sprintf("HubSpot does not accept field_type %q for a property of type %q. For type %q, field_type must be one of: %s.",
				fieldType, typ, typ, strings.Join(hubspot.PropertyFieldTypesByType[typ], ", ")))
	}

	if typeKnown {
		switch {
		case typ != hubspot.PropertyTypeEnumeration && !c.Options.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("options"), "Options on a property that is not an enumeration",
				fmt.Sprintf("options are only allowed when type is %q; this property's type is %q. Remove options, or make the property an enumeration.", hubspot.PropertyTypeEnumeration, typ))
		case typ == hubspot.PropertyTypeEnumeration && !c.ExternalOptions.IsUnknown() && !external && c.Options.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("options"), "Enumeration without options",
				"A property of type \"enumeration\" needs at least one option in options (or external_options = true with referenced_object_type, for options HubSpot takes from another object).")
		case typ != hubspot.PropertyTypeEnumeration && external:
			resp.Diagnostics.AddAttributeError(path.Root("external_options"), "External options on a property that is not an enumeration",
				fmt.Sprintf("external_options is only allowed when type is %q; this property's type is %q.", hubspot.PropertyTypeEnumeration, typ))
		}
	}
	if external && !c.Options.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("options"), "Options with external_options",
			"A property with external_options = true takes its options from referenced_object_type; remove options.")
	}
	if external && c.ReferencedObjectType.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("referenced_object_type"), "Missing referenced_object_type",
			"external_options = true needs referenced_object_type, the object the options come from (OWNER for a property that picks a HubSpot user).")
	}
	if !c.ExternalOptions.IsUnknown() && !external && !c.ReferencedObjectType.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("referenced_object_type"), "referenced_object_type without external_options",
			"referenced_object_type only applies when external_options = true.")
	}

	opts := propertyOptions(ctx, c.Options, &resp.Diagnostics)
	seen := map[string]int{}
	for i, o := range opts {
		if !propKnown(o.Value) {
			continue
		}
		if j, dup := seen[o.Value.ValueString()]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("options").AtListIndex(i).AtName("value"), "Duplicate option value",
				fmt.Sprintf("Option values must be unique: %q is the value of options[%d] and options[%d]. Tickets store the value, so each option needs its own.", o.Value.ValueString(), j, i))
			continue
		}
		seen[o.Value.ValueString()] = i
	}

	if fieldTypeKnown {
		calc := fieldType == hubspot.FieldTypeCalculationEquation
		switch {
		case calc && c.CalculationFormula.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("calculation_formula"), "Missing calculation_formula",
				"field_type \"calculation_equation\" needs calculation_formula, the formula HubSpot computes the value with.")
		case !calc && !c.CalculationFormula.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("calculation_formula"), "calculation_formula without calculation_equation",
				fmt.Sprintf("calculation_formula is only allowed when field_type is \"calculation_equation\"; this property's field_type is %q.", fieldType))
		}
	}

	if typeKnown {
		if typ != hubspot.PropertyTypeNumber {
			for name, v := range map[string]attr.Value{"number_display_hint": c.NumberDisplayHint, "show_currency_symbol": c.ShowCurrencySymbol, "currency_property_name": c.CurrencyPropertyName} {
				if !v.IsNull() {
					resp.Diagnostics.AddAttributeError(path.Root(name), "Attribute only for number properties",
						fmt.Sprintf("%s only applies to properties of type \"number\"; this property's type is %q.", name, typ))
				}
			}
		}
		if typ != hubspot.PropertyTypeString && !c.TextDisplayHint.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("text_display_hint"), "Attribute only for string properties",
				fmt.Sprintf("text_display_hint only applies to properties of type \"string\"; this property's type is %q.", typ))
		}
	}
	if propKnown(c.HasUniqueValue) && c.HasUniqueValue.ValueBool() && typeKnown && fieldTypeKnown &&
		!(typ == hubspot.PropertyTypeString && fieldType == hubspot.FieldTypeText) && !(typ == hubspot.PropertyTypeNumber && fieldType == hubspot.FieldTypeNumber) {
		resp.Diagnostics.AddAttributeError(path.Root("has_unique_value"), "Unique values not available for this property",
			fmt.Sprintf("HubSpot requires unique values only of single-line text (type \"string\", field_type \"text\") and number (type \"number\", field_type \"number\") properties; this one is %s/%s.", typ, fieldType))
	}
}

// propertyImmutableAttributes are the attributes HubSpot's PropertyUpdate lacks.
var propertyImmutableAttributes = []string{"has_unique_value", "external_options", "referenced_object_type", "data_sensitivity"}

// propertyDefinitionAttributes are what the definition of a HubSpot-defined property holds, options aside.
var propertyDefinitionAttributes = []string{"label", "type", "field_type", "group_name", "description", "display_order", "hidden", "form_field",
	"calculation_formula", "show_currency_symbol", "currency_property_name", "number_display_hint", "text_display_hint"}

// ModifyPlan checks what needs HubSpot's current state: that the group exists, that a
// replacement does not reuse a name HubSpot keeps for the archived property, and that a
// HubSpot-defined property is changed only where HubSpot allows.
func (r *TicketPropertyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var defined types.Bool
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("hubspot_defined"), &defined)...)
		}
		if defined.ValueBool() {
			var name types.String
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &name)...)
			warnLeftInHubSpot(&resp.Diagnostics, path.Root("name"), fmt.Sprintf("ticket property %q", name.ValueString()))
		}
		return
	}
	var plan TicketPropertyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.recordPlan(ctx, &plan, &resp.Diagnostics)
	if req.State.Raw.IsNull() {
		if propKnown(plan.ReferencedObjectType) && plan.ReferencedObjectType.ValueString() != "OWNER" {
			resp.Diagnostics.AddAttributeError(path.Root("referenced_object_type"), "Unsupported referenced_object_type",
				fmt.Sprintf("HubSpot creates custom properties with external options only for referenced_object_type \"OWNER\" (a HubSpot user), not %q.", plan.ReferencedObjectType.ValueString()))
		}
		r.checkGroup(ctx, plan.GroupName, &resp.Diagnostics)
		r.checkNameFree(ctx, plan.Name, &resp.Diagnostics)
		return
	}
	var state TicketPropertyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.GroupName.Equal(state.GroupName) {
		r.checkGroup(ctx, plan.GroupName, &resp.Diagnostics)
	}
	if !plan.Type.Equal(state.Type) {
		// HubSpot sets the date display hint from the type: another type may bring one or drop it.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("date_display_hint"), types.StringUnknown())...)
	}

	if propKnown(plan.Name) && plan.Name.Equal(state.Name) {
		var changed []string
		for _, a := range propertyImmutableAttributes {
			var pv, sv attr.Value
			resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(a), &pv)...)
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(a), &sv)...)
			if pv != nil && !pv.IsUnknown() && !pv.Equal(sv) {
				changed = append(changed, a)
			}
		}
		if len(changed) > 0 {
			name := state.Name.ValueString()
			resp.Diagnostics.AddAttributeError(path.Root(changed[0]), "Property cannot be replaced under the same name",
				fmt.Sprintf("HubSpot cannot change %s of an existing property, so the change needs a new property. Replacing %q under the same name would archive it and then fail: "+
					"HubSpot keeps the name of an archived property (in its recycle bin) until the property is restored or permanently deleted. "+
					"Either revert %s, or change name as well: Terraform then creates the new property and archives %q with the values tickets hold in it.",
					strings.Join(changed, ", "), name, strings.Join(changed, ", "), name))
		}
	}

	if state.HubspotDefined.ValueBool() {
		r.checkHubspotDefined(ctx, req, &state, resp)
	}
}

// plannedTicketProperty is what the run's plan makes of a ticket property, for the plan-time
// checks of the tickets that set it.
type plannedTicketProperty struct {
	typ          string // "" while not known
	options      []string
	optionsKnown bool
}

// plannedTicketProperties holds the ticket properties the run's plan creates or changes, by
// name. A ticket that depends on a property is planned after it, so its checks accept the
// property and the options this run adds.
var plannedTicketProperties runPlans

func (r *TicketPropertyResource) recordPlan(ctx context.Context, plan *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	if r.client == nil || !propKnown(plan.Name) {
		return
	}
	pp := plannedTicketProperty{optionsKnown: !plan.Options.IsUnknown()}
	if propKnown(plan.Type) {
		pp.typ = plan.Type.ValueString()
	}
	for _, o := range propertyOptions(ctx, plan.Options, diags) {
		if !propKnown(o.Value) {
			pp.optionsKnown = false
			continue
		}
		pp.options = append(pp.options, o.Value.ValueString())
	}
	plannedTicketProperties.store(r.client, plan.Name.ValueString(), pp)
}

func (r *TicketPropertyResource) checkHubspotDefined(ctx context.Context, req resource.ModifyPlanRequest, state *TicketPropertyResourceModel, resp *resource.ModifyPlanResponse) {
	name := state.Name.ValueString()
	for _, a := range propertyDefinitionAttributes {
		var pv, sv attr.Value
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(a), &pv)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(a), &sv)...)
		if pv != nil && !pv.IsUnknown() && !pv.Equal(sv) {
			resp.Diagnostics.AddAttributeError(path.Root(a), "HubSpot-defined property cannot change",
				fmt.Sprintf("%q is defined by HubSpot, which does not let its %s change (it is %s in HubSpot). Set %s to HubSpot's value; only the options of some HubSpot-defined enumerations can be managed.", name, a, sv, a))
		}
	}
	var planOpts types.List
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("options"), &planOpts)...)
	if planOpts.Equal(state.Options) || planOpts.IsUnknown() {
		return
	}
	var meta struct {
		ReadOnlyOptions types.Bool `tfsdk:"read_only_options"`
	}
	if propKnown(state.ModificationMetadata) {
		resp.Diagnostics.Append(state.ModificationMetadata.As(ctx, &meta, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true, UnhandledNullAsEmpty: true})...)
	}
	if meta.ReadOnlyOptions.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("options"), "HubSpot-defined options cannot change",
			fmt.Sprintf("HubSpot does not let the options of %q change. Set options to the options HubSpot has (the hubspot_ticket_property data source lists them).", name))
	}
}

// checkNameFree warns when the plan creates a property whose name HubSpot already holds, for an
// active property or one in the recycle bin: the create will fail. It is a warning, not an
// error, because the plan itself is right (the property is missing from the state or replaced)
// and the way out is in HubSpot. Only the lists a run reads anyway are consulted.
func (r *TicketPropertyResource) checkNameFree(ctx context.Context, name types.String, diags *diag.Diagnostics) {
	if r.client == nil || !propKnown(name) {
		return
	}
	n := name.ValueString()
	taken := func(list []hubspot.Property, err error) bool {
		return err == nil && slices.ContainsFunc(list, func(p hubspot.Property) bool { return p.Name == n })
	}
	if taken(r.client.ListProperties(ctx, propertyObjectType)) || taken(r.client.ListArchivedProperties(ctx, propertyObjectType)) {
		diags.AddAttributeWarning(path.Root("name"), "Property name is taken", r.conflictDetail(ctx, n)+
			" Until then, applying this plan fails to create the property.")
	}
}

// checkGroup fails the plan when group_name names a group that neither exists nor is created
// by this plan. It only fails when it can know: the name is known, the provider is configured,
// the group list is readable, and no group resource of this run plans to create the group.
// Terraform plans a group before the properties that refer to it, so a group declared in the
// configuration and referred to is always known here. A configuration that repeats the group's
// name as a literal sets no order between the two; the check then runs after the group's plan
// in practice (it waits for the group list first), and the apply of such a configuration could
// create the property before the group anyway, which the error message and groupHint explain.
func (r *TicketPropertyResource) checkGroup(ctx context.Context, group types.String, diags *diag.Diagnostics) {
	if r.client == nil || !propKnown(group) {
		return
	}
	name := group.ValueString()
	groups, err := r.client.ListPropertyGroups(ctx, propertyObjectType)
	if err != nil {
		return
	}
	if _, planned := plannedPropertyGroups.load(r.client, name); planned {
		return
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		if g.Name == name {
			return
		}
		names = append(names, g.Name)
	}
	sort.Strings(names)
	diags.AddAttributeError(path.Root("group_name"), "Property group not found",
		fmt.Sprintf("group_name is %q, but HubSpot has no ticket property group of that name and this configuration does not create one that Terraform knows of. "+
			"Existing groups: %s. If the group is declared in this configuration, refer to it (group_name = hubspot_ticket_property_group.<name>.name) so that Terraform creates it first.",
			name, strings.Join(names, ", ")))
}

func propOptionList(opts []hubspot.PropertyOption) types.List {
	if len(opts) == 0 {
		return types.ListNull(types.ObjectType{AttrTypes: propertyOptionAttrTypes})
	}
	elems := make([]attr.Value, len(opts))
	for i, o := range opts {
		elems[i] = types.ObjectValueMust(propertyOptionAttrTypes, map[string]attr.Value{
			"value": types.StringValue(o.Value), "label": types.StringValue(o.Label),
			"description": types.StringValue(o.Description), "hidden": types.BoolValue(o.Hidden),
		})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: propertyOptionAttrTypes}, elems)
}

func propNullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func propTime(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}

func propModificationMetadata(m *hubspot.PropertyModificationMetadata) types.Object {
	if m == nil {
		m = &hubspot.PropertyModificationMetadata{}
	}
	return types.ObjectValueMust(modificationMetadataAttrTypes, map[string]attr.Value{
		"archivable": types.BoolValue(m.Archivable), "read_only_definition": types.BoolValue(m.ReadOnlyDefinition),
		"read_only_value": types.BoolValue(m.ReadOnlyValue), "read_only_options": types.BoolValue(m.ReadOnlyOptions),
	})
}

// propertyToModel maps a property to the resource's data. HubSpot leaves unset text fields
// empty; they become null, as they are in a configuration that leaves them out.
func propertyToModel(p *hubspot.Property, m *TicketPropertyResourceModel) {
	m.ID = types.StringValue(p.Name)
	m.Name = types.StringValue(p.Name)
	m.Label = types.StringValue(p.Label)
	m.Type = types.StringValue(p.Type)
	m.FieldType = types.StringValue(p.FieldType)
	m.GroupName = types.StringValue(p.GroupName)
	m.Description = types.StringValue(p.Description)
	m.DisplayOrder = types.Int64Value(int64(p.DisplayOrder))
	m.Hidden = types.BoolValue(p.Hidden)
	m.FormField = types.BoolValue(p.FormField)
	m.HasUniqueValue = types.BoolValue(p.HasUniqueValue)
	if p.Type == hubspot.PropertyTypeEnumeration && !p.ExternalOptions {
		m.Options = propOptionList(p.SortedOptions())
	} else {
		m.Options = propOptionList(nil)
	}
	m.CalculationFormula = propNullIfEmpty(p.CalculationFormula)
	m.ExternalOptions = types.BoolValue(p.ExternalOptions)
	m.ReferencedObjectType = propNullIfEmpty(p.ReferencedObjectType)
	// HubSpot may report false for a number property that never set the symbol; that is the
	// same as leaving it out.
	switch {
	case p.ShowCurrencySymbol == nil, !*p.ShowCurrencySymbol && m.ShowCurrencySymbol.IsNull():
		m.ShowCurrencySymbol = types.BoolNull()
	default:
		m.ShowCurrencySymbol = types.BoolValue(*p.ShowCurrencySymbol)
	}
	m.CurrencyPropertyName = propNullIfEmpty(p.CurrencyPropertyName)
	m.NumberDisplayHint = propNullIfEmpty(p.NumberDisplayHint)
	m.TextDisplayHint = propNullIfEmpty(p.TextDisplayHint)
	m.DataSensitivity = types.StringValue(p.Sensitivity())
	m.DateDisplayHint = propNullIfEmpty(p.DateDisplayHint)
	m.HubspotDefined = types.BoolValue(p.HubspotDefined)
	m.Calculated = types.BoolValue(p.Calculated)
	m.ModificationMetadata = propModificationMetadata(p.ModificationMetadata)
	m.CreatedAt = propTime(p.CreatedAt)
	m.UpdatedAt = propTime(p.UpdatedAt)
}

// wireOptions is the option list HubSpot gets: every option by value, its display order its
// position in the list.
func propWireOptions(opts []TicketPropertyOptionModel) []hubspot.PropertyOption {
	out := make([]hubspot.PropertyOption, len(opts))
	for i, o := range opts {
		out[i] = hubspot.PropertyOption{Value: o.Value.ValueString(), Label: o.Label.ValueString(), Description: o.Description.ValueString(), Hidden: o.Hidden.ValueBool(), DisplayOrder: i}
	}
	return out
}

func propStringPtr(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

func propBoolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
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
	p, err := r.client.CreateProperty(ctx, propertyObjectType, in)
	if hubspot.IsConflict(err) {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Property name is taken", r.conflictDetail(ctx, name))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to create ticket property", fmt.Sprintf("Creating the ticket property %q failed: %s%s", name, err, r.groupHint(ctx, err, in.GroupName)))
		return
	}
	propertyToModel(p, &plan)
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
	p, err := r.client.FindProperty(ctx, propertyObjectType, name)
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
	if propKnown(state.DataSensitivity) {
		p, err = r.client.GetPropertyOfSensitivity(ctx, propertyObjectType, name, state.DataSensitivity.ValueString())
	} else {
		// Imported: the sensitivity level HubSpot files it under is not known yet.
		p, err = r.client.FindProperty(ctx, propertyObjectType, name)
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

// clearable is the PATCH value of an optional text attribute: the planned value, or "" to
// clear one the configuration no longer sets.
func propClearable(plan, state types.String) *string {
	if propKnown(plan) {
		return propStringPtr(plan)
	}
	if plan.IsNull() && !state.IsNull() {
		empty := ""
		return &empty
	}
	return nil
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
	name := state.Name.ValueString()
	order := int(plan.DisplayOrder.ValueInt64())
	in := hubspot.PropertyUpdate{
		Label: propStringPtr(plan.Label), Description: propStringPtr(plan.Description), GroupName: propStringPtr(plan.GroupName),
		DisplayOrder: &order, Hidden: propBoolPtr(plan.Hidden), FormField: propBoolPtr(plan.FormField),
		Type: propStringPtr(plan.Type), FieldType: propStringPtr(plan.FieldType),
		CalculationFormula:   propClearable(plan.CalculationFormula, state.CalculationFormula),
		CurrencyPropertyName: propClearable(plan.CurrencyPropertyName, state.CurrencyPropertyName),
		NumberDisplayHint:    propClearable(plan.NumberDisplayHint, state.NumberDisplayHint),
		TextDisplayHint:      propClearable(plan.TextDisplayHint, state.TextDisplayHint),
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
