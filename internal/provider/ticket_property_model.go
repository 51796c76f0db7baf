package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func propertyOptions(ctx context.Context, l types.List, diags *diag.Diagnostics) []TicketPropertyOptionModel {
	if !isKnown(l) {
		return nil
	}
	var opts []TicketPropertyOptionModel
	diags.Append(l.ElementsAs(ctx, &opts, false)...)
	return opts
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

// propTime is a time HubSpot reports, in the form the provider has always stored it.
func propTime(t *time.Time) timetypes.RFC3339 {
	if t == nil {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.RFC3339{StringValue: types.StringValue(t.UTC().Format(time.RFC3339Nano))}
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
	m.NumberDisplayHint = propHintValue(p.NumberDisplayHint, m.NumberDisplayHint, hubspot.PropertyTypeNumber)
	m.TextDisplayHint = propHintValue(p.TextDisplayHint, m.TextDisplayHint, hubspot.PropertyTypeString)
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
	if !isKnown(v) {
		return nil
	}
	s := v.ValueString()
	return &s
}

func propBoolPtr(v types.Bool) *bool {
	if !isKnown(v) {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// clearable is the PATCH value of an optional text attribute: the planned value, or "" to
// clear one the configuration no longer sets.
func propClearable(plan, state types.String) *string {
	if isKnown(plan) {
		return propStringPtr(plan)
	}
	if plan.IsNull() && !state.IsNull() {
		empty := ""
		return &empty
	}
	return nil
}

// propDefaultDisplayHints are the display hints that mean "no particular display", one per
// type that takes a hint. HubSpot's PropertyUpdate has no way to clear a hint ("" is in
// neither enum), so removing one from the configuration sends these.
var propDefaultDisplayHints = map[string]string{
	hubspot.PropertyTypeNumber: "unformatted",
	hubspot.PropertyTypeString: "unformatted_single_line",
}

// propDisplayHint is the PATCH value of a display hint: the planned value, or the type's plain
// hint when the configuration no longer sets one. A hint that belongs to another type is left
// out: HubSpot drops it with the type change.
func propDisplayHint(plan, state, planType types.String, hintType string) *string {
	if isKnown(plan) {
		return propStringPtr(plan)
	}
	if plan.IsNull() && !state.IsNull() && planType.ValueString() == hintType {
		d := propDefaultDisplayHints[hintType]
		return &d
	}
	return nil
}

// propHintValue maps the hint HubSpot holds to the attribute: the plain hint stays null where
// the attribute was null, since that is what removing the attribute sends.
func propHintValue(got string, was types.String, hintType string) types.String {
	if was.IsNull() && got == propDefaultDisplayHints[hintType] {
		return types.StringNull()
	}
	return propNullIfEmpty(got)
}
