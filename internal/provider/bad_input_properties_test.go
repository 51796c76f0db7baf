package provider

import (
	"fmt"
	"strings"
)

// propertyBadInputs are the corpus' ticket properties and property groups.
func propertyBadInputs() []badInput {
	return append(propertyShapeBadInputs(), propertyRuleBadInputs()...)
}

// propertyShapeBadInputs are groups and properties whose attributes HubSpot refuses.
func propertyShapeBadInputs() []badInput {
	return []badInput{
		{name: "group name with spaces", at: atValidate, config: badGroup("g", "Escalation details", ""),
			want: []string{"Invalid property group name", "must start with a lowercase letter and contain only lowercase letters, digits and underscores"}},
		{name: "group name of 100 characters", at: atValidate, config: badGroup("g", "g"+strings.Repeat("x", 99), ""),
			want: []string{"name string length must be between 1 and 99"}},
		{name: "group blank label", at: atValidate, config: strings.Replace(badGroup("g", "escalation", ""), `"A group"`, `""`, 1),
			want: []string{"label must not be empty or blank"}},
		{name: "group display_order below -1", at: atValidate, config: badGroup("g", "escalation", "  display_order = -2\n"),
			want: []string{"display_order value must be between -1 and 2147483647"}},
		{name: "two groups with one name", at: atPlan, config: badGroup("a", "escalation", "") + badGroup("b", "escalation", "  display_order = 3\n"),
			want: []string{"Duplicate ticket property group", "name", "HubSpot keeps one ticket property group of a name"}},
		{name: "property name with capitals", at: atValidate, config: badProperty("p", "Tier", badText...),
			want: []string{"Invalid property name", "must start with a lowercase letter"}},
		{name: "property name starting with a digit", at: atValidate, config: badProperty("p", "1tier", badText...),
			want: []string{"Invalid property name", "must start with a lowercase letter"}},
		{name: "property blank label", at: atValidate, config: strings.Replace(badProperty("p", "tier", badText...), `"A property"`, `" "`, 1),
			want: []string{"label must not be empty or blank"}},
		{name: "property unknown type", at: atValidate, config: badProperty("p", "tier", `type = "text"`, `field_type = "text"`),
			want: []string{"type value must be one of", `"string"`}},
		{name: "property unknown field_type", at: atValidate, config: badProperty("p", "tier", `type = "enumeration"`, `field_type = "dropdown"`, "options = ["+badOption("a", "A")+"]"),
			want: []string{"field_type value must be one of", `"select"`}},
		{name: "property field_type of another type", at: atValidate, config: badProperty("p", "tier", `type = "string"`, `field_type = "select"`),
			want: []string{"Invalid field_type for this type", `For type "string", field_type must be one of: file, text`}},
		{name: "enumeration without options", at: atValidate, config: badProperty("p", "tier", `type = "enumeration"`, `field_type = "select"`),
			want: []string{"Enumeration without options", "needs at least one option in options"}},
		{name: "options on a text property", at: atValidate, config: badProperty("p", "tier", badWith(badText, "options = ["+badOption("a", "A")+"]")...),
			want: []string{"Options on a property that is not an enumeration", `only allowed when type is "enumeration"`}},
		{name: "option values repeated", at: atValidate, config: badProperty("p", "tier", badEnum("select", badOption("gold", "Gold")+badOption("gold", "Gold again"))...),
			want: []string{"Duplicate option value", "Option values must be unique", "options[0] and options[1]"}},
		{name: "checkbox option value with a semicolon", at: atValidate, config: badProperty("p", "channels", badEnum("checkbox", badOption("email;chat", "Email and chat"))...),
			want: []string{"Invalid checkbox option value", "options[0].value", `must not contain ";"`}},
		{name: "empty option value", at: atValidate, config: badProperty("p", "tier", badEnum("select", badOption("", "Nothing"))...),
			want: []string{"options[0].value string length must be between 1 and 3000"}},
		{name: "blank option label", at: atValidate, config: badProperty("p", "tier", badEnum("radio", badOption("a", " "))...),
			want: []string{"options[0].label must not be empty or blank"}},
		{name: "option list beyond 5000", at: atValidate, config: badProperty("p", "tier", badEnum("select", manyOptions(5001))...),
			want: []string{"options list must contain at least 1 elements and at most 5000"}},
		{name: "calculation without formula", at: atValidate, config: badProperty("p", "score", `type = "number"`, `field_type = "calculation_equation"`),
			want: []string{"Missing calculation_formula", `field_type "calculation_equation" needs calculation_formula`}},
		{name: "formula on a plain property", at: atValidate, config: badProperty("p", "score", `type = "number"`, `field_type = "number"`, `calculation_formula = "1 + 1"`),
			want: []string{"calculation_formula without calculation_equation", `only allowed when field_type is "calculation_equation"`}},
		{name: "formula naming its own property", at: atValidate, config: badProperty("p", "score", badCalc("score * 2")...),
			want: []string{"Formula names its own property", "calculation_formula", "may only name other ticket properties"}},
		{name: "formula naming an unknown property", at: atPlan, config: badProperty("p", "score", badCalc("if amount > 10 then hs_ticket_id * 2 else 0 endif")...),
			want: []string{"Formula names an unknown property", "calculation_formula", `refers to "amount"`, "may only name existing ticket properties"}},
		{name: "unique values on a dropdown", at: atValidate, config: badProperty("p", "tier", badWith(badEnum("select", badOption("a", "A")), "has_unique_value = true")...),
			want: []string{"Unique values not available for this property", "has_unique_value", "single-line text", "number"}},
		{name: "number_display_hint on text", at: atValidate, config: badProperty("p", "tier", badWith(badText, `number_display_hint = "currency"`)...),
			want: []string{"number_display_hint", `only applies to properties of type "number"`}},
		{name: "text_display_hint on a number", at: atValidate, config: badProperty("p", "amount", `type = "number"`, `field_type = "number"`, `text_display_hint = "email"`),
			want: []string{"text_display_hint", `only applies to properties of type "string"`}},
		{name: "number_display_hint empty", at: atValidate, config: badProperty("p", "amount", `type = "number"`, `field_type = "number"`, `number_display_hint = ""`),
			want: []string{"number_display_hint value must be one of", `"unformatted"`}},
		{name: "currency_property_name on text", at: atValidate, config: badProperty("p", "tier", badWith(badText, `currency_property_name = "hs_currency"`)...),
			want: []string{"currency_property_name", `only applies to properties of type "number"`}},
	}
}

// propertyRuleBadInputs are properties that break a rule across attributes or resources.
func propertyRuleBadInputs() []badInput {
	return []badInput{
		{name: "external options on text", at: atValidate, config: badProperty("p", "tier", badWith(badText, "external_options = true", `referenced_object_type = "OWNER"`)...),
			want: []string{"external_options", `only allowed when type is "enumeration"`}},
		{name: "external options without referenced_object_type", at: atValidate, config: badProperty("p", "agent", `type = "enumeration"`, `field_type = "select"`, "external_options = true"),
			want: []string{"Missing referenced_object_type", "referenced_object_type", "OWNER"}},
		{name: "referenced_object_type without external options", at: atValidate, config: badProperty("p", "tier", badWith(badEnum("select", badOption("a", "A")), `referenced_object_type = "OWNER"`)...),
			want: []string{"referenced_object_type without external_options", "referenced_object_type only applies when external_options = true"}},
		{name: "options with external options", at: atValidate, config: badProperty("p", "agent", badWith(badEnum("select", badOption("a", "A")), "external_options = true", `referenced_object_type = "OWNER"`)...),
			want: []string{"Options with external_options", "options", "remove options"}},
		{name: "property display_order below -1", at: atValidate, config: badProperty("p", "tier", badWith(badText, "display_order = -5")...),
			want: []string{"display_order value must be between -1 and 2147483647"}},
		{name: "property unknown data_sensitivity", at: atValidate, config: badProperty("p", "tier", badWith(badText, `data_sensitivity = "secret"`)...),
			want: []string{"data_sensitivity value must be one of", `"non_sensitive"`}},
		{name: "two properties with one name", at: atPlan, config: badProperty("a", "tier", badText...) + badProperty("b", "tier", badWith(badText, `description = "again"`)...),
			want: []string{"Duplicate ticket property", "name", "HubSpot keeps one ticket property of a name"}},
		{name: "property in an unknown group", at: atPlan, config: strings.Replace(badProperty("p", "tier", badText...), `"ticketinformation"`, `"no_such_group"`, 1),
			want: []string{"Property group not found", "group_name", "Existing groups:", "ticketinformation"}},
		{name: "external options from contacts", at: atPlan, config: badProperty("p", "agent", `type = "enumeration"`, `field_type = "select"`, "external_options = true", `referenced_object_type = "CONTACT"`),
			want: []string{"Unsupported referenced_object_type", "referenced_object_type", `only for referenced_object_type "OWNER"`}},
		{name: "eleven properties with unique values in one configuration", at: atPlan, config: uniqueProperties(badUnique, 11),
			want: []string{"Too many properties with unique values", "has_unique_value", "at most 10", "The account has 0 and this configuration adds 11"}},
		{name: "unique properties past the limit with those HubSpot has", at: atPlan, seed: seedUniqueProperties(9),
			config: badUnique("a", "order_number") + badUnique("b", "case_number"),
			want:   []string{"Too many properties with unique values", "has_unique_value", "The account has 9 and this configuration adds 2"}},
		{name: "one more unique property when HubSpot has 10", at: atPlan, seed: seedUniqueProperties(10), config: badUnique("a", "order_number"),
			want: []string{"Too many properties with unique values", "has_unique_value", "The account has 10 and this configuration adds 1 (order_number)"}},
	}
}

// badProperty renders a property named name with the given attributes (one per line).
func badProperty(resName, name string, attrs ...string) string {
	body := ""
	for _, a := range attrs {
		body += "  " + a + "\n"
	}
	return fmt.Sprintf("resource \"hubspot_ticket_property\" %q {\n  name       = %q\n  label      = \"A property\"\n  group_name = \"ticketinformation\"\n%s}\n", resName, name, body)
}

// badEnum is the attributes of an enumeration with the given field type and options.
func badEnum(fieldType, options string) []string {
	return []string{`type = "enumeration"`, fmt.Sprintf("field_type = %q", fieldType), "options = [" + options + "]"}
}

// badCalc is the attributes of a calculated number with the given formula.
func badCalc(formula string) []string {
	return []string{`type = "number"`, `field_type = "calculation_equation"`, fmt.Sprintf("calculation_formula = %q", formula)}
}

// badGroup renders a property group; extra holds more attribute lines.
func badGroup(resName, name, extra string) string {
	return fmt.Sprintf("resource \"hubspot_ticket_property_group\" %q {\n  name  = %q\n  label = \"A group\"\n%s}\n", resName, name, extra)
}

// badUnique renders a text property with unique values.
func badUnique(resName, name string) string {
	return badProperty(resName, name, badWith(badText, "has_unique_value = true")...)
}

// badText is the attributes of a plain text property.
var badText = []string{`type = "string"`, `field_type = "text"`}

// badWith returns base with more appended, leaving base as it is.
func badWith(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}

// badOption renders one option.
func badOption(value, label string) string {
	return fmt.Sprintf("{ value = %q, label = %q },", value, label)
}

// uniqueProperties renders n properties with unique values, made by unique.
func uniqueProperties(unique func(resName, name string) string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(unique(fmt.Sprintf("u%d", i), fmt.Sprintf("unique_%d", i)))
	}
	return b.String()
}

// manyOptions renders n options with distinct values.
func manyOptions(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "{ value = \"v%d\", label = \"V%d\" },", i, i)
	}
	return b.String()
}
