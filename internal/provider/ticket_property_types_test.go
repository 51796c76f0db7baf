package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// propertyPairs are the type and field_type pairs users can create, with what each needs.
func propertyPairs() [][2]string {
	var pairs [][2]string
	for _, typ := range hubspot.PropertyTypes {
		for _, ft := range hubspot.PropertyFieldTypesByType[typ] {
			pairs = append(pairs, [2]string{typ, ft})
		}
	}
	return pairs
}

var testFormulas = map[string]string{
	"bool": "1 > 0", "enumeration": `if(1 > 0, "a", "b")`, "number": "1 + 2", "string": `concatenate("a", "b")`,
}

func TestAccTicketProperty_everyTypeAndFieldType(t *testing.T) {
	prefix := testPropertyName()
	config, names := testAccEveryTypeConfig(prefix)

	checks := testAccEveryTypeChecks(t, prefix, names)
	// The money amount becomes free text: its number settings are cleared in the same update.
	amountAsText := strings.Replace(config, `  number_display_hint  = "currency"
  show_currency_symbol = true
`, `  text_display_hint    = "multi_line"
`, 1)
	amountAsText = strings.Replace(amountAsText, `  label                = "Refund amount"
  type                 = "number"
  field_type           = "number"`, `  label                = "Refund amount"
  type                 = "string"
  field_type           = "textarea"`, 1)
	steps := []resource.TestStep{
		{Config: config, ConfigStateChecks: checks},
		planStep(amountAsText, "hubspot_ticket_property.amount", plancheck.ResourceActionUpdate,
			statecheck.ExpectKnownValue("hubspot_ticket_property.amount", tfjsonpath.New("number_display_hint"), knownvalue.Null()),
			statecheck.ExpectKnownValue("hubspot_ticket_property.amount", tfjsonpath.New("show_currency_symbol"), knownvalue.Null()),
			testAccCheckPropertyInHubSpot(t, prefix+"_amount", func(p *hubspot.Property) error {
				if p.Type != "string" || p.FieldType != "textarea" || p.NumberDisplayHint != "" || (p.ShowCurrencySymbol != nil && *p.ShowCurrencySymbol) || p.TextDisplayHint != "multi_line" {
					return fmt.Errorf("in HubSpot: %+v", p)
				}
				return nil
			}),
		),
	}
	for _, r := range []string{"p0", "amount", "order", "reviewer"} {
		steps = append(steps, resource.TestStep{
			ResourceName: "hubspot_ticket_property." + r, ImportState: true, ImportStateVerify: true,
		})
	}
	for i, pair := range propertyPairs() {
		if pair[1] == "calculation_equation" {
			steps = append(steps, resource.TestStep{ResourceName: fmt.Sprintf("hubspot_ticket_property.p%d", i), ImportState: true, ImportStateVerify: true})
			break
		}
	}
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
		Steps:        steps,
	})
}

// testAccEveryTypeConfig is a property of every type and field type HubSpot allows together,
// with their names, and four properties with the settings only some types take.
func testAccEveryTypeConfig(prefix string) (string, []string) {
	var b strings.Builder
	var names []string
	for i, pair := range propertyPairs() {
		typ, ft := pair[0], pair[1]
		name := fmt.Sprintf("%s_%d", prefix, i)
		names = append(names, name)
		fmt.Fprintf(&b, "resource \"hubspot_ticket_property\" \"p%d\" {\n  name       = %q\n  label      = \"%s %s\"\n  type       = %q\n  field_type = %q\n  group_name = \"ticketinformation\"\n",
			i, name, typ, ft, typ, ft)
		if typ == "enumeration" {
			b.WriteString(hclOptions([]testOption{{"a", "A", false}, {"b", "B", false}}))
		}
		if ft == "calculation_equation" {
			fmt.Fprintf(&b, "  calculation_formula = %q\n", testFormulas[typ])
		}
		b.WriteString("}\n")
	}
	extras := fmt.Sprintf(`
resource "hubspot_ticket_property" "amount" {
  name                 = "%[1]s_amount"
  label                = "Refund amount"
  type                 = "number"
  field_type           = "number"
  group_name           = "ticketinformation"
  number_display_hint  = "currency"
  show_currency_symbol = true
}

resource "hubspot_ticket_property" "email" {
  name              = "%[1]s_email"
  label             = "Reply-to address"
  type              = "string"
  field_type        = "text"
  group_name        = "ticketinformation"
  text_display_hint = "email"
}

resource "hubspot_ticket_property" "order" {
  name             = "%[1]s_order"
  label            = "Order number"
  type             = "string"
  field_type       = "text"
  group_name       = "ticketinformation"
  has_unique_value = true
}

resource "hubspot_ticket_property" "reviewer" {
  name                   = "%[1]s_reviewer"
  label                  = "Reviewer"
  type                   = "enumeration"
  field_type             = "select"
  group_name             = "ticketinformation"
  external_options       = true
  referenced_object_type = "OWNER"
}
`, prefix)
	return b.String() + extras, names
}

// testAccEveryTypeChecks checks what testAccEveryTypeConfig made, in state and in HubSpot.
func testAccEveryTypeChecks(t *testing.T, prefix string, names []string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		stateCheck(func(ctx context.Context, _ *tfjson.State) error {
			for i, pair := range propertyPairs() {
				p, err := hubspot.FindProperty(ctx, testAccClient(t), hubspot.TicketObjectType, names[i])
				if err != nil {
					return err
				}
				if p.Type != pair[0] || p.FieldType != pair[1] {
					return fmt.Errorf("%s in HubSpot is %s/%s, want %s/%s", p.Name, p.Type, p.FieldType, pair[0], pair[1])
				}
			}
			return nil
		}),
		statecheck.ExpectKnownValue("hubspot_ticket_property.amount", tfjsonpath.New("number_display_hint"), knownvalue.StringExact("currency")),
		statecheck.ExpectKnownValue("hubspot_ticket_property.amount", tfjsonpath.New("show_currency_symbol"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue("hubspot_ticket_property.email", tfjsonpath.New("text_display_hint"), knownvalue.StringExact("email")),
		statecheck.ExpectKnownValue("hubspot_ticket_property.order", tfjsonpath.New("has_unique_value"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue("hubspot_ticket_property.reviewer", tfjsonpath.New("referenced_object_type"), knownvalue.StringExact("OWNER")),
		statecheck.ExpectKnownValue("hubspot_ticket_property.reviewer", tfjsonpath.New("options"), knownvalue.Null()),
		testAccCheckPropertyInHubSpot(t, prefix+"_order", func(p *hubspot.Property) error {
			if !p.HasUniqueValue {
				return fmt.Errorf("in HubSpot: %+v", p)
			}
			return nil
		}),
		testAccCheckPropertyInHubSpot(t, prefix+"_reviewer", func(p *hubspot.Property) error {
			if !p.ExternalOptions || p.ReferencedObjectType != "OWNER" {
				return fmt.Errorf("in HubSpot: %+v", p)
			}
			return nil
		}),
	}
}

// TestAccTicketProperty_sensitiveData needs HubSpot's sensitive data features: it runs against
// the emulator, or against a portal that has them when HUBSPOT_TEST_SENSITIVE_DATA is set.
func TestAccTicketProperty_sensitiveData(t *testing.T) {
	if testEmulator == nil && os.Getenv("HUBSPOT_TEST_SENSITIVE_DATA") == "" {
		t.Skip("the test portal may lack sensitive data; set HUBSPOT_TEST_SENSITIVE_DATA to run this")
	}
	name := testPropertyName()
	addr := "hubspot_ticket_property.test"
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
resource "hubspot_ticket_property" "test" {
  name             = %q
  label            = "Account number"
  type             = "string"
  field_type       = "text"
  group_name       = "ticketinformation"
  data_sensitivity = "sensitive"
}
`, name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("data_sensitivity"), knownvalue.StringExact("sensitive")),
					testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
						if p.DataSensitivity != "sensitive" {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				},
			},
			{
				// Import finds the property whatever its sensitivity level.
				ResourceName: addr, ImportState: true, ImportStateId: name, ImportStateVerify: true,
			},
		},
	})
}

func TestAccTicketProperty_validation(t *testing.T) {
	cases := testAccBadPropertyConfigs()
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	testAccParallel(t, resource.TestCase{
		Steps: steps,
	})
}

// badPropertyConfig is a property configuration planning must refuse, with the error it must
// give.
type badPropertyConfig struct {
	config string
	err    string
}

// testAccBadPropertyConfigs are the property configurations that break a rule of HubSpot's, one
// rule each.
func testAccBadPropertyConfigs() []badPropertyConfig {
	property := func(body string) string {
		return fmt.Sprintf(`
resource "hubspot_ticket_property" "test" {
  name       = %q
  label      = "Validated"
  group_name = "ticketinformation"
%s}
`, testPropertyName(), body)
	}
	opts := hclOptions([]testOption{{"a", "A", false}})
	return []badPropertyConfig{
		{strings.Replace(property(`  type = "string"
  field_type = "text"
`), "name       = \"", "name       = \"Bad-", 1), `Attribute name must start with a lowercase letter`},
		{property(`  type = "number"
  field_type = "text"
`), `Invalid field_type for this type.*field_type "text" for a property of type\s+"number".*number, calculation_equation`},
		{property(`  type = "text"
  field_type = "text"
`), `Attribute type value must be one of`},
		{property(`  type = "string"
  field_type = "text"
` + opts), `Options on a property that is not an enumeration`},
		{property(`  type = "enumeration"
  field_type = "select"
`), `Enumeration without options`},
		{property(`  type = "enumeration"
  field_type = "select"
` + hclOptions([]testOption{{"a", "A", false}, {"b", "B", false}, {"a", "Again", false}})), `Duplicate option value.*"a" is the value of options\[0\] and options\[2\]`},
		{property(`  type = "number"
  field_type = "number"
  calculation_formula = "1 + 1"
`), `calculation_formula without calculation_equation`},
		{property(`  type = "number"
  field_type = "calculation_equation"
`), `Missing calculation_formula`},
		{property(`  type = "string"
  field_type = "text"
  external_options = true
  referenced_object_type = "OWNER"
`), `External options on a property that is not an enumeration`},
		{property(`  type = "enumeration"
  field_type = "select"
  external_options = true
`), `Missing referenced_object_type`},
		{property(`  type = "enumeration"
  field_type = "select"
  referenced_object_type = "OWNER"
` + opts), `referenced_object_type without external_options`},
		{property(`  type = "enumeration"
  field_type = "select"
  external_options = true
  referenced_object_type = "PIPELINE"
`), `Unsupported referenced_object_type`},
		{property(`  type = "string"
  field_type = "text"
  number_display_hint = "currency"
`), `Attribute only for number properties.*number_display_hint`},
		{property(`  type = "number"
  field_type = "number"
  text_display_hint = "email"
`), `Attribute only for string properties`},
		{property(`  type = "string"
  field_type = "textarea"
  has_unique_value = true
`), `Unique values not available for this property`},
		{property(`  type = "enumeration"
  field_type = "select"
  options = []
`), `Attribute options list must contain at least 1 elements`},
		{strings.Replace(property(`  type = "string"
  field_type = "text"
`), `"ticketinformation"`, `"`+testPropertyPrefix+`_no_such_group"`, 1), `Property group not found.*` + testPropertyPrefix + `_no_such_group.*ticketinformation`},
	}
}
