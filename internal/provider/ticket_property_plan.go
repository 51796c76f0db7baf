package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// ValidateConfig checks the rules HubSpot applies to a definition that the schema alone cannot
// express, on the values known at plan time.
func (r *TicketPropertyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var c TicketPropertyResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &c)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validatePropertyOptions(ctx, &c, &resp.Diagnostics)
	validatePropertyFieldType(&c, &resp.Diagnostics)
	validateFormulaSelf(&c, &resp.Diagnostics)
}

// validatePropertyOptions checks the rules about options: only enumerations have them, and
// they come either from options, with unique values, or from another object.
func validatePropertyOptions(ctx context.Context, c *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	typ := c.Type.ValueString()
	external := isKnown(c.ExternalOptions) && c.ExternalOptions.ValueBool()
	if isKnown(c.Type) {
		switch {
		case typ != hubspot.PropertyTypeEnumeration && !c.Options.IsNull():
			diags.AddAttributeError(path.Root("options"), "Options on a property that is not an enumeration",
				fmt.Sprintf("options are only allowed when type is %q; this property's type is %q. Remove options, or make the property an enumeration.", hubspot.PropertyTypeEnumeration, typ))
		case typ == hubspot.PropertyTypeEnumeration && !c.ExternalOptions.IsUnknown() && !external && c.Options.IsNull():
			diags.AddAttributeError(path.Root("options"), "Enumeration without options",
				"A property of type \"enumeration\" needs at least one option in options (or external_options = true with referenced_object_type, for options HubSpot takes from another object).")
		case typ != hubspot.PropertyTypeEnumeration && external:
			diags.AddAttributeError(path.Root("external_options"), "External options on a property that is not an enumeration",
				fmt.Sprintf("external_options is only allowed when type is %q; this property's type is %q.", hubspot.PropertyTypeEnumeration, typ))
		}
	}
	if external && !c.Options.IsNull() {
		diags.AddAttributeError(path.Root("options"), "Options with external_options",
			"A property with external_options = true takes its options from referenced_object_type; remove options.")
	}
	if external && c.ReferencedObjectType.IsNull() {
		diags.AddAttributeError(path.Root("referenced_object_type"), "Missing referenced_object_type",
			"external_options = true needs referenced_object_type, the object the options come from (OWNER for a property that picks a HubSpot user).")
	}
	if !c.ExternalOptions.IsUnknown() && !external && !c.ReferencedObjectType.IsNull() {
		diags.AddAttributeError(path.Root("referenced_object_type"), "referenced_object_type without external_options",
			"referenced_object_type only applies when external_options = true.")
	}
	checkbox := isKnown(c.FieldType) && c.FieldType.ValueString() == hubspot.FieldTypeCheckbox
	seen := map[string]int{}
	for i, o := range propertyOptions(ctx, c.Options, diags) {
		if !isKnown(o.Value) {
			continue
		}
		if checkbox && strings.Contains(o.Value.ValueString(), ";") {
			// A ticket holds several checkbox values joined by ";", so such an option could be
			// created but never set.
			diags.AddAttributeError(path.Root("options").AtListIndex(i).AtName("value"), "Invalid checkbox option value",
				fmt.Sprintf("options[%d].value is %q. The values of a checkbox property must not contain \";\": HubSpot separates the values a ticket holds with it. Use another character, such as \"_\".", i, o.Value.ValueString()))
		}
		if j, dup := seen[o.Value.ValueString()]; dup {
			diags.AddAttributeError(path.Root("options").AtListIndex(i).AtName("value"), "Duplicate option value",
				fmt.Sprintf("Option values must be unique: %q is the value of options[%d] and options[%d]. Tickets store the value, so each option needs its own.", o.Value.ValueString(), j, i))
			continue
		}
		seen[o.Value.ValueString()] = i
	}
}

// validatePropertyFieldType checks the attributes that only some types or field types take.
func validatePropertyFieldType(c *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	typ, fieldType := c.Type.ValueString(), c.FieldType.ValueString()
	typeKnown, fieldTypeKnown := isKnown(c.Type), isKnown(c.FieldType)
	if typeKnown && fieldTypeKnown && slices.Contains(hubspot.PropertyTypes, typ) && !hubspot.ValidPropertyFieldType(typ, fieldType) {
		diags.AddAttributeError(path.Root("field_type"), "Invalid field_type for this type",
			fmt.Sprintf("HubSpot does not accept field_type %q for a property of type %q. For type %q, field_type must be one of: %s.",
				fieldType, typ, typ, strings.Join(hubspot.PropertyFieldTypesByType[typ], ", ")))
	}
	if fieldTypeKnown {
		calc := fieldType == hubspot.FieldTypeCalculationEquation
		switch {
		case calc && c.CalculationFormula.IsNull():
			diags.AddAttributeError(path.Root("calculation_formula"), "Missing calculation_formula",
				"field_type \"calculation_equation\" needs calculation_formula, the formula HubSpot computes the value with.")
		case !calc && !c.CalculationFormula.IsNull():
			diags.AddAttributeError(path.Root("calculation_formula"), "calculation_formula without calculation_equation",
				fmt.Sprintf("calculation_formula is only allowed when field_type is \"calculation_equation\"; this property's field_type is %q.", fieldType))
		}
	}
	if typeKnown {
		if typ != hubspot.PropertyTypeNumber {
			for name, v := range map[string]attr.Value{"number_display_hint": c.NumberDisplayHint, "show_currency_symbol": c.ShowCurrencySymbol, "currency_property_name": c.CurrencyPropertyName} {
				if !v.IsNull() {
					diags.AddAttributeError(path.Root(name), "Attribute only for number properties",
						fmt.Sprintf("%s only applies to properties of type \"number\"; this property's type is %q.", name, typ))
				}
			}
		}
		if typ != hubspot.PropertyTypeString && !c.TextDisplayHint.IsNull() {
			diags.AddAttributeError(path.Root("text_display_hint"), "Attribute only for string properties",
				fmt.Sprintf("text_display_hint only applies to properties of type \"string\"; this property's type is %q.", typ))
		}
	}
	if isKnown(c.HasUniqueValue) && c.HasUniqueValue.ValueBool() && typeKnown && fieldTypeKnown &&
		!(typ == hubspot.PropertyTypeString && fieldType == hubspot.FieldTypeText) && !(typ == hubspot.PropertyTypeNumber && fieldType == hubspot.FieldTypeNumber) {
		diags.AddAttributeError(path.Root("has_unique_value"), "Unique values not available for this property",
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
	r.recordPlan(ctx, req, &plan, &resp.Diagnostics)
	if req.State.Raw.IsNull() {
		if isKnown(plan.ReferencedObjectType) && plan.ReferencedObjectType.ValueString() != "OWNER" {
			resp.Diagnostics.AddAttributeError(path.Root("referenced_object_type"), "Unsupported referenced_object_type",
				fmt.Sprintf("HubSpot creates custom properties with external options only for referenced_object_type \"OWNER\" (a HubSpot user), not %q.", plan.ReferencedObjectType.ValueString()))
		}
		r.checkGroup(ctx, plan.GroupName, &resp.Diagnostics)
		r.checkNameFree(ctx, plan.Name, &resp.Diagnostics)
		r.checkUniqueLimit(ctx, &plan, &resp.Diagnostics)
		r.checkFormula(ctx, &plan, &resp.Diagnostics)
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
	if !plan.CalculationFormula.Equal(state.CalculationFormula) {
		r.checkFormula(ctx, &plan, &resp.Diagnostics)
	}
	if !plan.Type.Equal(state.Type) {
		// HubSpot sets the date display hint from the type: another type may bring one or drop it.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("date_display_hint"), types.StringUnknown())...)
	}

	if isKnown(plan.Name) && plan.Name.Equal(state.Name) {
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
	// unique is set for a property with unique values, which HubSpot allows 10 of.
	unique bool
	// replaces is the name of the property a replacement archives before it creates this one.
	replaces string
}

// recordPlan records what the plan makes of the property in the run's registry, for the
// tickets that set it, and refuses a second property resource of the same name.
func (r *TicketPropertyResource) recordPlan(ctx context.Context, req resource.ModifyPlanRequest, plan *TicketPropertyResourceModel, diags *diag.Diagnostics) {
	if r.plans == nil || !isKnown(plan.Name) {
		return
	}
	pp := plannedTicketProperty{optionsKnown: !plan.Options.IsUnknown(), unique: plan.HasUniqueValue.ValueBool()}
	pp.replaces = replacedName(ctx, req, r.plans, plan.Name.ValueString(), diags)
	if isKnown(plan.Type) {
		pp.typ = plan.Type.ValueString()
	}
	for _, o := range propertyOptions(ctx, plan.Options, diags) {
		if !isKnown(o.Value) {
			pp.optionsKnown = false
			continue
		}
		pp.options = append(pp.options, o.Value.ValueString())
	}
	if others := r.plans.Record(runplan.TicketProperty, plan.Name.ValueString(), planOwner(req.Config), pp); len(others) > 0 {
		diags.Append(duplicateDiagnostic(runplan.TicketProperty, "hubspot_ticket_property", "name", plan.Name.ValueString()))
	}
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
	// The metadata object has four attributes; only this one matters here, so it is read on
	// its own rather than into a struct that would have to mirror all four.
	readOnly := false
	if isKnown(state.ModificationMetadata) {
		if v, ok := state.ModificationMetadata.Attributes()["read_only_options"].(types.Bool); ok {
			readOnly = v.ValueBool()
		}
	}
	if readOnly {
		resp.Diagnostics.AddAttributeError(path.Root("options"), "HubSpot-defined options cannot change",
			fmt.Sprintf("HubSpot does not let the options of %q change. Set options to the options HubSpot has (the hubspot_ticket_property data source lists them).", name))
	}
}

// checkNameFree warns when the plan creates a property whose name HubSpot already holds, for an
// active property or one in the recycle bin: the create will fail. It is a warning, not an
// error, because the plan itself is right (the property is missing from the state or replaced)
// and the way out is in HubSpot. Only the lists a run reads anyway are consulted.
func (r *TicketPropertyResource) checkNameFree(ctx context.Context, name types.String, diags *diag.Diagnostics) {
	if r.client == nil || !isKnown(name) {
		return
	}
	n := name.ValueString()
	taken := false
	for _, q := range []hubspot.PropertyQuery{{}, {Archived: true}} {
		list, err := r.client.ListProperties(ctx, propertyObjectType, q)
		if err != nil {
			checkFailed(diags, path.Root("name"), fmt.Sprintf("whether HubSpot already has a ticket property named %q", n), err)
			return
		}
		taken = taken || slices.ContainsFunc(list, func(p hubspot.Property) bool { return p.Name == n })
	}
	if taken {
		diags.AddAttributeWarning(path.Root("name"), "Property name is taken", r.conflictDetail(ctx, n)+
			" Until then, applying this plan fails to create the property.")
	}
}

// checkGroup fails the plan when group_name names a group that neither exists nor is planned
// by a group resource of this run. It decides only from what it can know when it runs:
// Terraform plans a group before the properties that refer to it, so a group declared in the
// configuration and referred to is always in the run's registry by then, and the check reads
// the registry before anything else, so that its answer depends on the order Terraform plans
// in, never on how long a request takes. A property that repeats its group's name as a
// literal has no order with the group, at plan time or at apply time, where Terraform may
// create the property first: when the group is not planned yet the check refuses, and the
// message gives the fix, the reference that orders the two; when it happens to be planned
// first the check passes, and groupHint explains a failed create.
func (r *TicketPropertyResource) checkGroup(ctx context.Context, group types.String, diags *diag.Diagnostics) {
	if r.client == nil || !isKnown(group) {
		return
	}
	name := group.ValueString()
	if _, planned := runplan.Lookup[struct{}](r.plans, runplan.PropertyGroup, name); planned {
		return
	}
	groups, err := r.client.ListPropertyGroups(ctx, propertyObjectType)
	if err != nil {
		checkFailed(diags, path.Root("group_name"), fmt.Sprintf("that the property group %q exists", name), err)
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
