package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// testOption is one option in a test configuration.
type testOption struct {
	value, label string
	hidden       bool
}

func hclOptions(opts []testOption) string {
	if opts == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("  options = [\n")
	for _, o := range opts {
		fmt.Fprintf(&b, "    { value = %q, label = %q, hidden = %t },\n", o.value, o.label, o.hidden)
	}
	b.WriteString("  ]\n")
	return b.String()
}

func testAccGroupBlock(group string) string {
	return fmt.Sprintf(`
resource "hubspot_ticket_property_group" "g" {
  name  = %q
  label = "Terraform test group"
}
`, group)
}

// testAccCheckPropertyInHubSpot runs check on the property as the API returns it.
func testAccCheckPropertyInHubSpot(t *testing.T, name string, check func(p *hubspot.Property) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p, err := testAccClient(t).FindProperty(testCtx(t), hubspot.TicketObjectType, name)
		if err != nil {
			return err
		}
		return check(p)
	}
}

func optionSummary(p *hubspot.Property) string {
	var parts []string
	for _, o := range p.SortedOptions() {
		s := o.Value + "=" + o.Label
		if o.Hidden {
			s += "(hidden)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func testAccCheckPropertyGone(t *testing.T, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := testAccClient(t).FindProperty(testCtx(t), hubspot.TicketObjectType, name)
		if !hubspot.IsNotFound(err) {
			return fmt.Errorf("property %s: want not found, got %v", name, err)
		}
		return nil
	}
}

func testAccCheckPropertyDestroy(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			switch rs.Type {
			case "hubspot_ticket_property":
				if err := testAccCheckPropertyGone(t, rs.Primary.ID)(s); err != nil {
					return err
				}
			case "hubspot_ticket_property_group":
				if err := testAccCheckGroupGone(t, rs.Primary.ID)(s); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

func TestAccTicketProperty_lifecycle(t *testing.T) {
	group, name := testPropertyName(), testPropertyName()
	addr := "hubspot_ticket_property.test"
	config := func(body string) string {
		return testAccGroupBlock(group) + fmt.Sprintf(`
resource "hubspot_ticket_property" "test" {
  name       = %q
  group_name = hubspot_ticket_property_group.g.name
%s}
`, name, body)
	}
	first := config(`  label      = "Tier"
  type       = "enumeration"
  field_type = "select"
` + hclOptions([]testOption{{"bronze", "Bronze", false}, {"silver", "Silver", false}}))
	second := config(`  label         = "Support tier"
  description   = "The customer's support plan"
  type          = "enumeration"
  field_type    = "radio"
  display_order = 2
  hidden        = true
  form_field    = true
` + hclOptions([]testOption{{"silver", "Silver", false}, {"bronze", "Bronze", true}}))
	asText := config(`  label         = "Support tier"
  description   = "The customer's support plan"
  type          = "string"
  field_type    = "text"
  display_order = 2
  text_display_hint = "unformatted_single_line"
`)

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				// The group is created in the same apply: planning the property must not
				// call it missing.
				Config: first,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "id", name),
					resource.TestCheckResourceAttr(addr, "group_name", group),
					resource.TestCheckResourceAttr(addr, "description", ""),
					resource.TestCheckResourceAttr(addr, "display_order", "-1"),
					resource.TestCheckResourceAttr(addr, "hidden", "false"),
					resource.TestCheckResourceAttr(addr, "has_unique_value", "false"),
					resource.TestCheckResourceAttr(addr, "external_options", "false"),
					resource.TestCheckResourceAttr(addr, "data_sensitivity", "non_sensitive"),
					resource.TestCheckResourceAttr(addr, "hubspot_defined", "false"),
					resource.TestCheckResourceAttr(addr, "modification_metadata.archivable", "true"),
					resource.TestCheckResourceAttr(addr, "options.#", "2"),
					resource.TestCheckResourceAttr(addr, "options.1.value", "silver"),
					resource.TestCheckResourceAttr(addr, "options.1.description", ""),
					resource.TestCheckResourceAttrSet(addr, "created_at"),
					resource.TestCheckResourceAttrSet(addr, "updated_at"),
					resource.TestCheckNoResourceAttr(addr, "calculation_formula"),
					testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
						if p.Label != "Tier" || p.GroupName != group || optionSummary(p) != "bronze=Bronze,silver=Silver" {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				),
			},
			{
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "field_type", "radio"),
					resource.TestCheckResourceAttr(addr, "options.0.value", "silver"),
					resource.TestCheckResourceAttr(addr, "options.1.hidden", "true"),
					testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
						if p.Label != "Support tier" || p.Description != "The customer's support plan" || p.FieldType != "radio" ||
							p.DisplayOrder != 2 || !p.Hidden || !p.FormField || optionSummary(p) != "silver=Silver,bronze=Bronze(hidden)" {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
			},
			{
				// Changed outside Terraform: the next apply puts the configuration back.
				PreConfig: func() {
					label := "Changed in HubSpot"
					opts := []hubspot.PropertyOption{{Label: "Silver", Value: "silver"}}
					if _, err := testAccClient(t).UpdateProperty(testCtx(t), hubspot.TicketObjectType, name, hubspot.PropertyUpdate{Label: &label, Options: &opts}); err != nil {
						t.Fatal(err)
					}
				},
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
					if p.Label != "Support tier" || optionSummary(p) != "silver=Silver,bronze=Bronze(hidden)" {
						return fmt.Errorf("in HubSpot: %+v", p)
					}
					return nil
				}),
			},
			{
				// HubSpot changes the type in place; the options go with the enumeration. The
				// date display hint HubSpot derives from the type is not known until then.
				Config: asText,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("date_display_hint")),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(addr, "options.#"),
					resource.TestCheckResourceAttr(addr, "hidden", "false"),
					testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
						if p.Type != "string" || p.FieldType != "text" || len(p.Options) != 0 || p.TextDisplayHint != "unformatted_single_line" || p.Hidden {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				),
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: func() {
					if err := testAccClient(t).ArchiveProperty(testCtx(t), hubspot.TicketObjectType, name); err != nil {
						t.Fatal(err)
					}
				},
				Config:             asText,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccTicketProperty_optionEditsKeepTicketValues adds, removes, relabels, hides and reorders
// options and checks that tickets keep the values they hold.
func TestAccTicketProperty_optionEditsKeepTicketValues(t *testing.T) {
	name := testPropertyName()
	addr := "hubspot_ticket_property.test"
	config := func(opts []testOption) string {
		return fmt.Sprintf(`
resource "hubspot_ticket_property" "test" {
  name       = %q
  label      = "Plan"
  type       = "enumeration"
  field_type = "select"
  group_name = "ticketinformation"
%s}
`, name, hclOptions(opts))
	}
	tickets := map[string]string{} // value the ticket was created with -> ticket id
	checkTickets := func(*terraform.State) error {
		for value, id := range tickets {
			tk, err := testAccClient(t).GetTicket(testCtx(t), id, []string{name})
			if err != nil {
				return err
			}
			if got := tk.Properties[name]; got != value {
				return fmt.Errorf("ticket %s holds %q, want %q: an option edit re-mapped its value", id, got, value)
			}
		}
		return nil
	}
	t.Cleanup(func() {
		for _, id := range tickets {
			_ = testAccClient(t).ArchiveTicket(testCtx(t), id)
		}
	})
	summary := func(want string) resource.TestCheckFunc {
		return testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
			if got := optionSummary(p); got != want {
				return fmt.Errorf("options in HubSpot: %s, want %s", got, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config([]testOption{{"basic", "Basic", false}, {"pro", "Pro", false}, {"enterprise", "Enterprise", false}}),
				Check: resource.ComposeAggregateTestCheckFunc(
					summary("basic=Basic,pro=Pro,enterprise=Enterprise"),
					func(*terraform.State) error {
						for _, v := range []string{"basic", "pro", "enterprise"} {
							tk, err := testAccClient(t).CreateTicket(testCtx(t), hubspot.TicketInput{Properties: map[string]string{
								"subject": testName(), "hs_pipeline": hubspot.DefaultTicketPipelineID, "hs_pipeline_stage": "1", name: v,
							}})
							if err != nil {
								return err
							}
							tickets[v] = tk.ID
						}
						return nil
					},
				),
			},
			{
				// Reorder, relabel and add in one apply.
				Config: config([]testOption{{"enterprise", "Enterprise", false}, {"starter", "Starter", false}, {"pro", "Professional", false}, {"basic", "Basic", false}}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					summary("enterprise=Enterprise,starter=Starter,pro=Professional,basic=Basic"),
					checkTickets,
				),
			},
			{
				// Remove one option a ticket holds and hide another: the tickets keep their values.
				Config: config([]testOption{{"starter", "Starter", false}, {"pro", "Professional", true}, {"enterprise", "Enterprise", false}}),
				Check: resource.ComposeAggregateTestCheckFunc(
					summary("starter=Starter,pro=Professional(hidden),enterprise=Enterprise"),
					resource.TestCheckResourceAttr(addr, "options.1.hidden", "true"),
					checkTickets,
				),
			},
		},
	})
}

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
	config := b.String() + extras

	checks := []resource.TestCheckFunc{
		func(*terraform.State) error {
			for i, pair := range propertyPairs() {
				p, err := testAccClient(t).FindProperty(testCtx(t), hubspot.TicketObjectType, names[i])
				if err != nil {
					return err
				}
				if p.Type != pair[0] || p.FieldType != pair[1] {
					return fmt.Errorf("%s in HubSpot is %s/%s, want %s/%s", p.Name, p.Type, p.FieldType, pair[0], pair[1])
				}
			}
			return nil
		},
		resource.TestCheckResourceAttr("hubspot_ticket_property.amount", "number_display_hint", "currency"),
		resource.TestCheckResourceAttr("hubspot_ticket_property.amount", "show_currency_symbol", "true"),
		resource.TestCheckResourceAttr("hubspot_ticket_property.email", "text_display_hint", "email"),
		resource.TestCheckResourceAttr("hubspot_ticket_property.order", "has_unique_value", "true"),
		resource.TestCheckResourceAttr("hubspot_ticket_property.reviewer", "referenced_object_type", "OWNER"),
		resource.TestCheckNoResourceAttr("hubspot_ticket_property.reviewer", "options.#"),
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
		{Config: config, Check: resource.ComposeAggregateTestCheckFunc(checks...)},
		{
			Config: amountAsText,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("hubspot_ticket_property.amount", plancheck.ResourceActionUpdate)},
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckNoResourceAttr("hubspot_ticket_property.amount", "number_display_hint"),
				resource.TestCheckNoResourceAttr("hubspot_ticket_property.amount", "show_currency_symbol"),
				testAccCheckPropertyInHubSpot(t, prefix+"_amount", func(p *hubspot.Property) error {
					if p.Type != "string" || p.FieldType != "textarea" || p.NumberDisplayHint != "" || (p.ShowCurrencySymbol != nil && *p.ShowCurrencySymbol) || p.TextDisplayHint != "multi_line" {
						return fmt.Errorf("in HubSpot: %+v", p)
					}
					return nil
				}),
			),
		},
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
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
		Steps:                    steps,
	})
}

// TestAccTicketProperty_sensitiveData needs HubSpot's sensitive data features: it runs against
// the emulator, or against a portal that has them when HUBSPOT_TEST_SENSITIVE_DATA is set.
func TestAccTicketProperty_sensitiveData(t *testing.T) {
	if testEmulator == nil && os.Getenv("HUBSPOT_TEST_SENSITIVE_DATA") == "" {
		t.Skip("the test portal may lack sensitive data; set HUBSPOT_TEST_SENSITIVE_DATA to run this")
	}
	name := testPropertyName()
	addr := "hubspot_ticket_property.test"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
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
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "data_sensitivity", "sensitive"),
					testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
						if p.DataSensitivity != "sensitive" {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				),
			},
			{
				// Import finds the property whatever its sensitivity level.
				ResourceName: addr, ImportState: true, ImportStateId: name, ImportStateVerify: true,
			},
		},
	})
}

func TestAccTicketProperty_immutableAttributesReplace(t *testing.T) {
	first, second := testPropertyName(), testPropertyName()
	addr := "hubspot_ticket_property.test"
	config := func(name string, unique bool) string {
		return fmt.Sprintf(`
resource "hubspot_ticket_property" "test" {
  name             = %q
  label            = "External reference"
  type             = "string"
  field_type       = "text"
  group_name       = "ticketinformation"
  has_unique_value = %t
}
`, name, unique)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config(first, false),
			},
			{
				// Alone, the change would archive the property and then fail to create it
				// under the name HubSpot keeps for the archived one: refused at plan time.
				Config:      config(first, true),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Property cannot be replaced under the same name.*has_unique_value.*change name as well`),
			},
			{
				Config: config(second, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "id", second),
					testAccCheckPropertyGone(t, first),
					func(*terraform.State) error {
						if _, err := testAccClient(t).GetArchivedProperty(testCtx(t), hubspot.TicketObjectType, first); err != nil {
							return fmt.Errorf("the replaced property should be in the recycle bin: %w", err)
						}
						return nil
					},
					testAccCheckPropertyInHubSpot(t, second, func(p *hubspot.Property) error {
						if !p.HasUniqueValue {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				),
			},
			{
				// Re-creating a destroyed property under its name explains the recycle bin.
				Config:      config(second, true) + strings.Replace(config(first, false), `"test"`, `"again"`, 1),
				ExpectError: regexp.MustCompile(`(?s)Property name is taken.*archived ticket property named\s+"` + first + `".*recycle bin`),
			},
		},
	})
}

func TestAccTicketProperty_hubspotDefined(t *testing.T) {
	addr := "hubspot_ticket_property.priority"
	data := `
data "hubspot_ticket_property" "priority" {
  name = "hs_ticket_priority"
}
`
	managed := func(label string) string {
		return data + fmt.Sprintf(`
resource "hubspot_ticket_property" "priority" {
  name          = "hs_ticket_priority"
  label         = %s
  type          = data.hubspot_ticket_property.priority.type
  field_type    = data.hubspot_ticket_property.priority.field_type
  group_name    = data.hubspot_ticket_property.priority.group_name
  description   = data.hubspot_ticket_property.priority.description
  display_order = data.hubspot_ticket_property.priority.display_order
  hidden        = data.hubspot_ticket_property.priority.hidden
  form_field    = data.hubspot_ticket_property.priority.form_field
  options = [for o in data.hubspot_ticket_property.priority.options : {
    value = o.value, label = o.label, description = o.description, hidden = o.hidden
  }]
}
`, label)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// HubSpot's property outlives the test.
			_, err := testAccClient(t).GetProperty(testCtx(t), hubspot.TicketObjectType, "hs_ticket_priority")
			return err
		},
		Steps: []resource.TestStep{
			{
				Config:             managed("data.hubspot_ticket_property.priority.label"),
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      "hs_ticket_priority",
				ImportStatePersist: true,
			},
			{
				// After the import, the configuration matches: nothing to change.
				Config: managed("data.hubspot_ticket_property.priority.label"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "hubspot_defined", "true"),
					resource.TestCheckResourceAttr(addr, "modification_metadata.archivable", "false"),
					resource.TestCheckResourceAttr(addr, "modification_metadata.read_only_definition", "true"),
					resource.TestCheckTypeSetElemNestedAttrs(addr, "options.*", map[string]string{"value": "HIGH"}),
				),
			},
			{
				Config:      managed(`"Urgency"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)HubSpot-defined property cannot change.*"hs_ticket_priority" is defined by HubSpot.*label`),
			},
			{
				// Removed from the configuration: HubSpot keeps its property, so the resource only
				// leaves the state.
				Config: data,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroy)},
				},
				Check: func(*terraform.State) error {
					_, err := testAccClient(t).GetProperty(testCtx(t), hubspot.TicketObjectType, "hs_ticket_priority")
					return err
				},
			},
		},
	})
}

func TestAccTicketProperty_validation(t *testing.T) {
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
	cases := []struct {
		config string
		err    string
	}{
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
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)` + c.err)})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}
