// Package validators holds the attribute validators that more than one resource or data
// source uses, so that each rule is written once.
package validators

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringCheck is a string validator made of a description and a test: the value is invalid
// when fails returns true.
type stringCheck struct {
	summary, description string
	fails                func(string) bool
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !v.fails(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, v.summary,
		fmt.Sprintf("Attribute %s %s, got: %q", req.Path, v.description, req.ConfigValue.ValueString()))
}

// NotBlank refuses a label that is empty or only whitespace, which HubSpot refuses too.
func NotBlank() validator.String {
	return stringCheck{summary: "Invalid label", description: "must not be empty or blank",
		fails: func(s string) bool { return strings.TrimSpace(s) == "" }}
}

// Trimmed refuses a label with whitespace at either end, which HubSpot would not keep as
// written, so that every later plan would show a change.
func Trimmed() validator.String {
	return stringCheck{summary: "Invalid label", description: "must not begin or end with whitespace",
		fails: func(s string) bool { return strings.TrimSpace(s) != s }}
}

// Label is the rule for a label HubSpot keeps as written: not blank, no whitespace at
// either end.
func Label() []validator.String { return []validator.String{NotBlank(), Trimmed()} }

// propertyNameRE is HubSpot's rule for property and group names: lowercase letters, digits
// and underscores, starting with a letter.
var propertyNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// PropertyName checks a value that names a property, or a group (what says which), by its
// internal name.
func PropertyName(what string) validator.String {
	return stringCheck{summary: "Invalid " + what + " name",
		description: "must start with a lowercase letter and contain only lowercase letters, digits and underscores (HubSpot's rule for " +
			what + " names; use the internal name, not the label)",
		fails: func(s string) bool { return !propertyNameRE.MatchString(s) }}
}

// PropertyNameRules are the rules for the name of a property or group a resource creates:
// HubSpot's form, and less than 100 characters.
func PropertyNameRules(what string) []validator.String {
	return []validator.String{stringvalidator.LengthBetween(1, 99), PropertyName(what)}
}

// ObjectType checks an object type argument before it becomes a path segment: a name such as
// tickets or an id such as 0-5 or 2-123456 never holds a slash or a space. Whether HubSpot
// knows the type is for HubSpot to say.
func ObjectType() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(regexp.MustCompile(`^[^/\s?#%]+$`),
			"must be an object type name such as tickets, contacts or companies, or an object type id such as 0-5, without slashes or spaces"),
	}
}
