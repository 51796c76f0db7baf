package emulator

// The rules a property definition must follow, on create and after a PATCH (listed with their
// sources in properties.go's header).

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/supportops/terraform-provider-hubspot/internal/formula"
)

const (
	sensitivityNone       = "non_sensitive"
	maxUniqueProperties   = 10
	maxPropertyOptions    = 5000
	maxOptionLength       = 3000
	maxPropertyNameLength = 99
	fieldTypeCalculation  = "calculation_equation"
	fieldTypeCheckbox     = "checkbox"
)

var (
	propertyNameRE     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	propertyTypes      = []string{"bool", "date", "datetime", "enumeration", "number", "phone_number", "string"}
	propertyFieldTypes = []string{"booleancheckbox", fieldTypeCalculation, fieldTypeCheckbox, "date", "file", "html", "number", "phonenumber", "radio", "select", "text", "textarea"}
	dataSensitivities  = []string{"highly_sensitive", "non_sensitive", "sensitive"}
	numberDisplayHints = []string{"currency", "duration", "formatted", "percentage", "probability", "unformatted"}
	textDisplayHints   = []string{"domain_name", "email", "ip_address", "multi_line", "phone_number", "physical_address", "postal_code", "unformatted_single_line"}
	fieldTypesByType   = map[string][]string{
		"bool":         {"booleancheckbox", fieldTypeCalculation},
		"enumeration":  {"booleancheckbox", fieldTypeCheckbox, "radio", "select", fieldTypeCalculation},
		"date":         {"date"},
		"datetime":     {"date"},
		"string":       {"file", "text", "textarea", fieldTypeCalculation, "html", "phonenumber"},
		"number":       {"number", fieldTypeCalculation},
		"phone_number": {"phonenumber"},
	}
)

func propStr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func propBool(p *bool) bool { return p != nil && *p }

func propOneOf(field, v string, allowed []string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return badRequest(fmt.Sprintf("%q is not a valid %s. Allowed values: %s", v, field, strings.Join(allowed, ", ")))
}

// checkEnumFields refuses enum fields given with a value outside the spec's enum, "" included:
// a field left out keeps its value, one given must be a member.
func checkEnumFields(fields ...enumField) error {
	for _, f := range fields {
		if f.value != nil {
			if err := propOneOf(f.name, *f.value, f.allowed); err != nil {
				return err
			}
		}
	}
	return nil
}

// enumField is a request field the spec types as an enum.
type enumField struct {
	name    string
	value   *string
	allowed []string
}

// checkDisplayOrder refuses a displayOrder below -1, the one negative the spec gives a meaning
// ("displayed after any positive values").
func checkDisplayOrder(what string, order *int32) error {
	if order != nil && *order < -1 {
		return badRequest(fmt.Sprintf("%s displayOrder %d is not valid: use 0 or more, or -1 to show it after the others", what, *order))
	}
	return nil
}

func checkPropertyName(name, what string) error {
	if !propertyNameRE.MatchString(name) || len(name) > maxPropertyNameLength {
		return badRequest(fmt.Sprintf("%s name %q is invalid: names for properties should be lowercase and have less than 100 characters, start with a letter and contain only letters, digits and underscores", what, name))
	}
	return nil
}

// optionInput is the spec's OptionInput.
type optionInput struct {
	Label        *string `json:"label"`
	Value        *string `json:"value"`
	Description  *string `json:"description"`
	DisplayOrder *int32  `json:"displayOrder"`
	Hidden       *bool   `json:"hidden"`
}

// optionsFromInput turns option inputs into stored options in display order. dated is true on
// the 2026-03 alias, whose OptionInput also requires displayOrder.
func optionsFromInput(in []optionInput, dated bool) ([]Option, error) {
	out := make([]Option, 0, len(in))
	for i, o := range in {
		if err := checkRequired("OptionInput",
			requiredField{"displayOrder", !dated || o.DisplayOrder != nil}, requiredField{"hidden", o.Hidden != nil},
			requiredField{"label", o.Label != nil}, requiredField{"value", o.Value != nil}); err != nil {
			return nil, err
		}
		if err := checkDisplayOrder("Option", o.DisplayOrder); err != nil {
			return nil, err
		}
		order := i
		if o.DisplayOrder != nil {
			order = int(*o.DisplayOrder)
		}
		out = append(out, Option{Label: *o.Label, Value: *o.Value, Description: propStr(o.Description), DisplayOrder: &order, Hidden: *o.Hidden})
	}
	sortPropertyOptions(out)
	return out, nil
}

func propertyOptionOrder(o Option) int {
	if o.DisplayOrder == nil {
		return -1
	}
	return *o.DisplayOrder
}

// sortPropertyOptions puts options in display order: ascending, -1 after the others.
func sortPropertyOptions(opts []Option) {
	sort.SliceStable(opts, func(i, j int) bool {
		a, b := propertyOptionOrder(opts[i]), propertyOptionOrder(opts[j])
		if (a < 0) != (b < 0) {
			return b < 0
		}
		return a < b
	})
}

func samePropertyOptions(a, b []Option) bool {
	return slices.EqualFunc(a, b, func(x, y Option) bool {
		return x.Label == y.Label && x.Value == y.Value && x.Description == y.Description && x.Hidden == y.Hidden && propertyOptionOrder(x) == propertyOptionOrder(y)
	})
}

// checkProperty validates a whole definition as it would be stored after a create or PATCH.
func (p *portal) checkProperty(d *Property) error {
	if err := checkPropertyName(d.Name, "Property"); err != nil {
		return err
	}
	if strings.TrimSpace(d.Label) == "" {
		return badRequest("label must not be empty")
	}
	if err := propOneOf("type", d.Type, propertyTypes); err != nil {
		return err
	}
	if err := propOneOf("fieldType", d.FieldType, propertyFieldTypes); err != nil {
		return err
	}
	if !slices.Contains(fieldTypesByType[d.Type], d.FieldType) {
		return badRequest(fmt.Sprintf("fieldType %q is not valid for a property of type %q; valid field types are: %s", d.FieldType, d.Type, strings.Join(fieldTypesByType[d.Type], ", ")))
	}
	if g := p.Groups[d.GroupName]; g == nil || g.Archived {
		return badRequest(fmt.Sprintf("Property group %q does not exist", d.GroupName))
	}
	if err := propOneOf("dataSensitivity", d.DataSensitivity, dataSensitivities); err != nil {
		return err
	}
	if err := checkPropertyOptions(d); err != nil {
		return err
	}
	if err := p.checkFormula(d); err != nil {
		return err
	}
	return checkPropertyDisplay(d)
}

// checkPropertyOptions applies the rules of options and of options kept elsewhere.
func checkPropertyOptions(d *Property) error {
	switch {
	case d.Type != "enumeration" && d.ExternalOptions:
		return badRequest("externalOptions is only applicable to enumeration properties")
	case d.Type != "enumeration" && len(d.Options) > 0:
		return badRequest(fmt.Sprintf("options are only valid for enumeration properties, not for type %q", d.Type))
	case d.Type == "enumeration" && d.ExternalOptions && len(d.Options) > 0:
		return badRequest("a property with externalOptions takes its options from referencedObjectType; options must be empty")
	case d.Type == "enumeration" && !d.ExternalOptions && len(d.Options) == 0:
		return badRequest("options are required for enumeration properties")
	case d.ExternalOptions && d.ReferencedObjectType == "":
		return badRequest("referencedObjectType is required when externalOptions is true")
	case !d.ExternalOptions && d.ReferencedObjectType != "":
		return badRequest("referencedObjectType is only applicable when externalOptions is true")
	case len(d.Options) > maxPropertyOptions:
		return badRequest(fmt.Sprintf("a property can have at most %d options, got %d", maxPropertyOptions, len(d.Options)))
	}
	seen := map[string]bool{}
	for _, o := range d.Options {
		switch {
		case o.Value == "":
			return badRequest("option values must not be empty")
		case strings.TrimSpace(o.Label) == "":
			return badRequest(fmt.Sprintf("the label of option %q must not be empty", o.Value))
		case len(o.Value) > maxOptionLength || len(o.Label) > maxOptionLength:
			return badRequest(fmt.Sprintf("option %q is longer than %d characters", o.Value, maxOptionLength))
		case seen[o.Value]:
			return badRequest(fmt.Sprintf("option value %q appears more than once; option values must be unique", o.Value))
		case d.FieldType == fieldTypeCheckbox && strings.Contains(o.Value, ";"):
			return badRequest(fmt.Sprintf("option value %q contains \";\", which separates the values of a checkbox property; a value with it could never be set", o.Value))
		}
		seen[o.Value] = true
	}
	return nil
}

// checkPropertyDisplay applies the rules of display settings and unique values.
func checkPropertyDisplay(d *Property) error {
	if d.Type == "number" {
		if d.NumberDisplayHint != "" {
			if err := propOneOf("numberDisplayHint", d.NumberDisplayHint, numberDisplayHints); err != nil {
				return err
			}
		}
	} else if d.NumberDisplayHint != "" || (d.ShowCurrencySymbol != nil && *d.ShowCurrencySymbol) || d.CurrencyPropertyName != "" {
		return badRequest("numberDisplayHint, showCurrencySymbol and currencyPropertyName are only valid for number properties")
	}
	if d.Type == "string" {
		if d.TextDisplayHint != "" {
			if err := propOneOf("textDisplayHint", d.TextDisplayHint, textDisplayHints); err != nil {
				return err
			}
		}
	} else if d.TextDisplayHint != "" {
		return badRequest("textDisplayHint is only valid for string properties")
	}
	if d.HasUniqueValue && !(d.Type == "string" && d.FieldType == "text") && !(d.Type == "number" && d.FieldType == "number") {
		return badRequest("hasUniqueValue is only available for single-line text (string/text) and number (number/number) properties")
	}
	return nil
}

// checkFormula requires calculationFormula exactly with calculation_equation, and that every
// property it names is an active ticket property other than the one being defined.
func (p *portal) checkFormula(d *Property) error {
	if d.FieldType == fieldTypeCalculation && strings.TrimSpace(d.CalculationFormula) == "" {
		return badRequest("calculationFormula is required when fieldType is calculation_equation")
	}
	if d.FieldType != fieldTypeCalculation {
		if d.CalculationFormula != "" {
			return badRequest("calculationFormula is only valid when fieldType is calculation_equation")
		}
		return nil
	}
	for _, name := range formula.Properties(d.CalculationFormula) {
		if name == d.Name {
			return badRequest(fmt.Sprintf("calculationFormula of %q refers to the property itself", d.Name))
		}
		if q := p.Properties[name]; q == nil || q.Archived {
			ae := badRequest(fmt.Sprintf("calculationFormula refers to property %q, which does not exist", name))
			ae.Context = map[string][]string{"propertyName": {name}}
			return ae
		}
	}
	return nil
}

// countUniqueProperties counts the active custom properties with unique values.
func (p *portal) countUniqueProperties() int {
	n := 0
	for _, q := range p.Properties {
		if q.HasUniqueValue && !q.Archived && !q.HubspotDefined {
			n++
		}
	}
	return n
}
