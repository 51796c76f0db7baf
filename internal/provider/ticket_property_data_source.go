package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewTicketPropertyDataSource returns the hubspot_ticket_property data source, which reads one
// ticket property, HubSpot's own or custom.
func NewTicketPropertyDataSource() datasource.DataSource {
	return &dataSource[TicketPropertyDataSourceModel]{
		typeName: "_ticket_property",
		schema:   ticketPropertySchema(),
		read:     readTicketProperty,
	}
}
func ticketPropertySchema() schema.Schema {
	attrs := ticketPropertyDataAttributes()
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "The property's internal name, e.g. `hs_ticket_priority` or a custom property's name.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	return schema.Schema{
		MarkdownDescription: "Reads one ticket property by name: one of HubSpot's own (such as `hs_ticket_priority` with its options) or a custom one, " +
			"whatever its data sensitivity. Use it to refer to option values without repeating them, or to check a property a configuration relies on exists.",
		Attributes: attrs,
	}
}

// TicketPropertyDataSourceModel is a ticket property as the data sources return it.
type TicketPropertyDataSourceModel struct {
	Name                 types.String                         `tfsdk:"name"`
	Label                types.String                         `tfsdk:"label"`
	Type                 types.String                         `tfsdk:"type"`
	FieldType            types.String                         `tfsdk:"field_type"`
	GroupName            types.String                         `tfsdk:"group_name"`
	Description          types.String                         `tfsdk:"description"`
	DisplayOrder         types.Int64                          `tfsdk:"display_order"`
	Hidden               types.Bool                           `tfsdk:"hidden"`
	FormField            types.Bool                           `tfsdk:"form_field"`
	HasUniqueValue       types.Bool                           `tfsdk:"has_unique_value"`
	Options              []TicketPropertyOptionDataModel      `tfsdk:"options"`
	CalculationFormula   types.String                         `tfsdk:"calculation_formula"`
	ExternalOptions      types.Bool                           `tfsdk:"external_options"`
	ReferencedObjectType types.String                         `tfsdk:"referenced_object_type"`
	ShowCurrencySymbol   types.Bool                           `tfsdk:"show_currency_symbol"`
	CurrencyPropertyName types.String                         `tfsdk:"currency_property_name"`
	NumberDisplayHint    types.String                         `tfsdk:"number_display_hint"`
	TextDisplayHint      types.String                         `tfsdk:"text_display_hint"`
	DateDisplayHint      types.String                         `tfsdk:"date_display_hint"`
	DataSensitivity      types.String                         `tfsdk:"data_sensitivity"`
	HubspotDefined       types.Bool                           `tfsdk:"hubspot_defined"`
	Calculated           types.Bool                           `tfsdk:"calculated"`
	ModificationMetadata *TicketPropertyModificationDataModel `tfsdk:"modification_metadata"`
	CreatedAt            timetypes.RFC3339                    `tfsdk:"created_at"`
	UpdatedAt            timetypes.RFC3339                    `tfsdk:"updated_at"`
}

// TicketPropertyOptionDataModel is one option, with its display order.
type TicketPropertyOptionDataModel struct {
	Value        types.String `tfsdk:"value"`
	Label        types.String `tfsdk:"label"`
	Description  types.String `tfsdk:"description"`
	Hidden       types.Bool   `tfsdk:"hidden"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
}

// TicketPropertyModificationDataModel is what HubSpot lets users change about a property.
type TicketPropertyModificationDataModel struct {
	Archivable         types.Bool `tfsdk:"archivable"`
	ReadOnlyDefinition types.Bool `tfsdk:"read_only_definition"`
	ReadOnlyValue      types.Bool `tfsdk:"read_only_value"`
	ReadOnlyOptions    types.Bool `tfsdk:"read_only_options"`
}

func propComputedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func propComputedTime(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, CustomType: timetypes.RFC3339Type{}}
}

func propComputedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
}

// ticketPropertyDataAttributes are the attributes of a property in the data sources; name is
// left to the caller, which makes it an argument or a result.
func ticketPropertyDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"label":       propComputedString("The name HubSpot shows for the property."),
		"type":        propComputedString("The data type: " + propQuoted(hubspot.PropertyTypes) + "."),
		"field_type":  propComputedString("How HubSpot shows and edits the property."),
		"group_name":  propComputedString("The property group the property appears in."),
		"description": propComputedString("The help text shown with the property."),
		"display_order": schema.Int64Attribute{
			MarkdownDescription: "Where the property appears within its group: lowest first, `-1` after the others.",
			Computed:            true,
		},
		"hidden":           propComputedBool("Whether the property is hidden in HubSpot's UI."),
		"form_field":       propComputedBool("Whether the property can be used in HubSpot forms."),
		"has_unique_value": propComputedBool("Whether every ticket's value must be unique."),
		"options": schema.ListNestedAttribute{
			MarkdownDescription: "The options of an enumeration property, in display order; empty for other types and for options HubSpot takes from another object (`external_options`).",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"value":       propComputedString("The internal value tickets store."),
					"label":       propComputedString("The option's name in HubSpot."),
					"description": propComputedString("The option's help text."),
					"hidden":      propComputedBool("Whether the option is hidden in HubSpot's UI."),
					"display_order": schema.Int64Attribute{
						MarkdownDescription: "The option's display order as HubSpot holds it.",
						Computed:            true,
					},
				},
			},
		},
		"calculation_formula":    propComputedString("The formula of a calculated property."),
		"external_options":       propComputedBool("Whether the options come from another object (`referenced_object_type`)."),
		"referenced_object_type": propComputedString("The object the options come from, e.g. `OWNER`."),
		"show_currency_symbol":   propComputedBool("Whether the account's currency symbol is shown with the value."),
		"currency_property_name": propComputedString("The property holding the value's currency."),
		"number_display_hint":    propComputedString("How HubSpot shows a number property."),
		"text_display_hint":      propComputedString("How HubSpot shows a string property."),
		"date_display_hint":      propComputedString("How HubSpot shows a date property."),
		"data_sensitivity":       propComputedString("The sensitivity of the data: " + propQuoted(hubspot.DataSensitivities) + "."),
		"hubspot_defined":        propComputedBool("Whether HubSpot defines the property."),
		"calculated":             propComputedBool("Whether HubSpot computes the values itself."),
		"modification_metadata": schema.SingleNestedAttribute{
			MarkdownDescription: "What HubSpot lets users change about the property.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"archivable":           propComputedBool("Whether the property can be archived (deleted)."),
				"read_only_definition": propComputedBool("Whether the definition is read-only."),
				"read_only_value":      propComputedBool("Whether tickets' values are read-only (set by HubSpot)."),
				"read_only_options":    propComputedBool("Whether the options are read-only."),
			},
		},
		"created_at": propComputedTime("When the property was created (RFC 3339)."),
		"updated_at": propComputedTime("When the property was last changed (RFC 3339)."),
	}
}

func propertyToDataModel(p *hubspot.Property) TicketPropertyDataSourceModel {
	m := TicketPropertyDataSourceModel{
		Name: types.StringValue(p.Name), Label: types.StringValue(p.Label), Type: types.StringValue(p.Type),
		FieldType: types.StringValue(p.FieldType), GroupName: types.StringValue(p.GroupName), Description: types.StringValue(p.Description),
		DisplayOrder: types.Int64Value(int64(p.DisplayOrder)), Hidden: types.BoolValue(p.Hidden), FormField: types.BoolValue(p.FormField),
		HasUniqueValue: types.BoolValue(p.HasUniqueValue), Options: []TicketPropertyOptionDataModel{},
		CalculationFormula: propNullIfEmpty(p.CalculationFormula), ExternalOptions: types.BoolValue(p.ExternalOptions),
		ReferencedObjectType: propNullIfEmpty(p.ReferencedObjectType), ShowCurrencySymbol: types.BoolPointerValue(p.ShowCurrencySymbol),
		CurrencyPropertyName: propNullIfEmpty(p.CurrencyPropertyName), NumberDisplayHint: propNullIfEmpty(p.NumberDisplayHint),
		TextDisplayHint: propNullIfEmpty(p.TextDisplayHint), DateDisplayHint: propNullIfEmpty(p.DateDisplayHint),
		DataSensitivity: types.StringValue(p.Sensitivity()), HubspotDefined: types.BoolValue(p.HubspotDefined),
		Calculated: types.BoolValue(p.Calculated), CreatedAt: propTime(p.CreatedAt), UpdatedAt: propTime(p.UpdatedAt),
	}
	for _, o := range p.SortedOptions() {
		m.Options = append(m.Options, TicketPropertyOptionDataModel{
			Value: types.StringValue(o.Value), Label: types.StringValue(o.Label), Description: types.StringValue(o.Description),
			Hidden: types.BoolValue(o.Hidden), DisplayOrder: types.Int64Value(int64(o.DisplayOrder)),
		})
	}
	md := p.ModificationMetadata
	if md == nil {
		md = &hubspot.PropertyModificationMetadata{}
	}
	m.ModificationMetadata = &TicketPropertyModificationDataModel{
		Archivable: types.BoolValue(md.Archivable), ReadOnlyDefinition: types.BoolValue(md.ReadOnlyDefinition),
		ReadOnlyValue: types.BoolValue(md.ReadOnlyValue), ReadOnlyOptions: types.BoolValue(md.ReadOnlyOptions),
	}
	return m
}

func readTicketProperty(ctx context.Context, c hubspot.API, cfg *TicketPropertyDataSourceModel, diags *diag.Diagnostics) {
	name := cfg.Name.ValueString()
	p, err := hubspot.FindProperty(ctx, c, propertyObjectType, name)
	if hubspot.IsNotFound(err) {
		diags.AddAttributeError(path.Root("name"), "Ticket property not found",
			fmt.Sprintf("HubSpot has no active ticket property named %q. Property names are the internal names (lowercase, such as hs_ticket_priority), not the labels HubSpot shows.", name))
		return
	}
	if err != nil {
		diags.AddError("Unable to read ticket property", fmt.Sprintf("Reading the ticket property %q failed: %s", name, err))
		return
	}
	*cfg = propertyToDataModel(p)
}
