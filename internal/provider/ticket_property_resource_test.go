package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
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
func testAccCheckPropertyInHubSpot(t *testing.T, name string, check func(p *hubspot.Property) error) stateCheck {
	return func(ctx context.Context, _ *tfjson.State) error {
		p, err := hubspot.FindProperty(ctx, testAccClient(t), hubspot.TicketObjectType, name)
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

func testAccCheckPropertyGone(t *testing.T, name string) stateCheck {
	return func(ctx context.Context, _ *tfjson.State) error {
		_, err := hubspot.FindProperty(ctx, testAccClient(t), hubspot.TicketObjectType, name)
		if !hubspot.IsNotFound(err) {
			return fmt.Errorf("property %s: want not found, got %v", name, err)
		}
		return nil
	}
}

func testAccCheckPropertyDestroy(t *testing.T) resource.TestCheckFunc {
	return testAccCheckGone(map[string]func(*terraform.ResourceState) error{
		"hubspot_ticket_property": func(rs *terraform.ResourceState) error {
			_, err := hubspot.FindProperty(testCtx(t), testAccClient(t), hubspot.TicketObjectType, rs.Primary.ID)
			return err
		},
		"hubspot_ticket_property_group": testAccGetGroup(t),
	})
}

func TestAccTicketProperty_lifecycle(t *testing.T) {
	group, name := testPropertyName(), testPropertyName()
	addr := "hubspot_ticket_property.test"
	first, second, asText := testAccPropertyLifecycleConfigs(group, name)

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				// The group is created in the same apply: planning the property must not
				// call it missing.
				Config:            first,
				ConfigStateChecks: testAccPropertyCreatedChecks(t, addr, name, group),
			},
			planStep(second, addr, plancheck.ResourceActionUpdate,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("field_type"), knownvalue.StringExact("radio")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("options").AtSliceIndex(0).AtMapKey("value"), knownvalue.StringExact("silver")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("hidden"), knownvalue.Bool(true)),
				testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
					if p.Label != "Support tier" || p.Description != "The customer's support plan" || p.FieldType != "radio" ||
						p.DisplayOrder != 2 || !p.Hidden || !p.FormField || optionSummary(p) != "silver=Silver,bronze=Bronze(hidden)" {
						return fmt.Errorf("in HubSpot: %+v", p)
					}
					return nil
				}),
			),
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
			},
			testAccPropertyChangedOutsideStep(t, addr, name, second),
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
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("options"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("hidden"), knownvalue.Bool(false)),
					testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
						if p.Type != "string" || p.FieldType != "text" || len(p.Options) != 0 || p.TextDisplayHint != "unformatted_single_line" || p.Hidden {
							return fmt.Errorf("in HubSpot: %+v", p)
						}
						return nil
					}),
				},
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.ArchiveProperty(ctx, hubspot.TicketObjectType, name)
				}),
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

// testAccPropertyChangedOutsideStep changes the property's label and options in HubSpot: the
// next apply of config (the edited enumeration) puts them back.
func testAccPropertyChangedOutsideStep(t *testing.T, addr, name, config string) resource.TestStep {
	return resource.TestStep{
		// Changed outside Terraform: the next apply puts the configuration back.
		PreConfig: func() {
			label := "Changed in HubSpot"
			opts := []hubspot.PropertyOption{{Label: "Silver", Value: "silver"}}
			if _, err := testAccClient(t).UpdateProperty(testCtx(t), hubspot.TicketObjectType, name, hubspot.PropertyUpdate{Label: &label, Options: &opts}); err != nil {
				t.Fatal(err)
			}
		},
		Config:           config,
		ConfigPlanChecks: expectAction(addr, plancheck.ResourceActionUpdate),
		ConfigStateChecks: []statecheck.StateCheck{testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
			if p.Label != "Support tier" || optionSummary(p) != "silver=Silver,bronze=Bronze(hidden)" {
				return fmt.Errorf("in HubSpot: %+v", p)
			}
			return nil
		})},
	}
}

// testAccPropertyLifecycleConfigs are the configurations TestAccTicketProperty_lifecycle walks
// through: an enumeration, the same edited, then the property turned into text.
func testAccPropertyLifecycleConfigs(group, name string) (first, second, asText string) {
	config := func(body string) string {
		return testAccGroupBlock(group) + fmt.Sprintf(`
resource "hubspot_ticket_property" "test" {
  name       = %q
  group_name = hubspot_ticket_property_group.g.name
%s}
`, name, body)
	}
	first = config(`  label      = "Tier"
  type       = "enumeration"
  field_type = "select"
` + hclOptions([]testOption{{"bronze", "Bronze", false}, {"silver", "Silver", false}}))
	second = config(`  label         = "Support tier"
  description   = "The customer's support plan"
  type          = "enumeration"
  field_type    = "radio"
  display_order = 2
  hidden        = true
  form_field    = true
` + hclOptions([]testOption{{"silver", "Silver", false}, {"bronze", "Bronze", true}}))
	asText = config(`  label         = "Support tier"
  description   = "The customer's support plan"
  type          = "string"
  field_type    = "text"
  display_order = 2
  text_display_hint = "unformatted_single_line"
`)
	return first, second, asText
}

// testAccPropertyCreatedChecks checks a new enumeration property with options bronze and silver:
// the values HubSpot gives what the configuration leaves out, and the property in HubSpot.
func testAccPropertyCreatedChecks(t *testing.T, addr, name, group string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("group_name"), knownvalue.StringExact(group)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_order"), knownvalue.Int64Exact(-1)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("hidden"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("has_unique_value"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("external_options"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("data_sensitivity"), knownvalue.StringExact("non_sensitive")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("hubspot_defined"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("modification_metadata").AtMapKey("archivable"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("options"), knownvalue.ListSizeExact(2)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("value"), knownvalue.StringExact("silver")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("description"), knownvalue.StringExact("")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("calculation_formula"), knownvalue.Null()),
		testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
			if p.Label != "Tier" || p.GroupName != group || optionSummary(p) != "bronze=Bronze,silver=Silver" {
				return fmt.Errorf("in HubSpot: %+v", p)
			}
			return nil
		}),
	}
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
	checkTickets := stateCheck(func(ctx context.Context, _ *tfjson.State) error {
		for value, id := range tickets {
			tk, err := testAccClient(t).GetObject(ctx, hubspot.TicketObjectType, id, []string{name})
			if err != nil {
				return err
			}
			if got := tk.Properties[name]; got != value {
				return fmt.Errorf("ticket %s holds %q, want %q: an option edit re-mapped its value", id, got, value)
			}
		}
		return nil
	})
	t.Cleanup(func() {
		for _, id := range tickets {
			_ = testAccClient(t).ArchiveObject(testCtx(t), hubspot.TicketObjectType, id)
		}
	})
	summary := func(want string) stateCheck {
		return testAccCheckPropertyInHubSpot(t, name, func(p *hubspot.Property) error {
			if got := optionSummary(p); got != want {
				return fmt.Errorf("options in HubSpot: %s, want %s", got, want)
			}
			return nil
		})
	}
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config([]testOption{{"basic", "Basic", false}, {"pro", "Pro", false}, {"enterprise", "Enterprise", false}}),
				ConfigStateChecks: []statecheck.StateCheck{
					summary("basic=Basic,pro=Pro,enterprise=Enterprise"),
					stateCheck(func(ctx context.Context, _ *tfjson.State) error {
						for _, v := range []string{"basic", "pro", "enterprise"} {
							tk, err := testAccClient(t).CreateObject(ctx, hubspot.TicketObjectType, hubspot.TicketInput{Properties: map[string]string{
								"subject": testName(), "hs_pipeline": hubspot.DefaultTicketPipelineID, "hs_pipeline_stage": "1", name: v,
							}})
							if err != nil {
								return err
							}
							tickets[v] = tk.ID
						}
						return nil
					}),
				},
			},
			// Reorder, relabel and add in one apply.
			planStep(config([]testOption{{"enterprise", "Enterprise", false}, {"starter", "Starter", false}, {"pro", "Professional", false}, {"basic", "Basic", false}}), addr, plancheck.ResourceActionUpdate,
				summary("enterprise=Enterprise,starter=Starter,pro=Professional,basic=Basic"),
				checkTickets,
			),
			{
				// Remove one option a ticket holds and hide another: the tickets keep their values.
				Config: config([]testOption{{"starter", "Starter", false}, {"pro", "Professional", true}, {"enterprise", "Enterprise", false}}),
				ConfigStateChecks: []statecheck.StateCheck{
					summary("starter=Starter,pro=Professional(hidden),enterprise=Enterprise"),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("hidden"), knownvalue.Bool(true)),
					checkTickets,
				},
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
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
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
			planStep(config(second, true), addr, plancheck.ResourceActionDestroyBeforeCreate,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(second)),
				testAccCheckPropertyGone(t, first),
				stateCheck(func(ctx context.Context, _ *tfjson.State) error {
					if _, err := testAccClient(t).GetProperty(ctx, hubspot.TicketObjectType, first, hubspot.PropertyQuery{Archived: true}); err != nil {
						return fmt.Errorf("the replaced property should be in the recycle bin: %w", err)
					}
					return nil
				}),
				testAccCheckPropertyInHubSpot(t, second, func(p *hubspot.Property) error {
					if !p.HasUniqueValue {
						return fmt.Errorf("in HubSpot: %+v", p)
					}
					return nil
				}),
			),
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
	testAccParallel(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			// HubSpot's property outlives the test.
			_, err := testAccClient(t).GetProperty(testCtx(t), hubspot.TicketObjectType, "hs_ticket_priority", hubspot.PropertyQuery{})
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
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("hubspot_defined"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("modification_metadata").AtMapKey("archivable"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("modification_metadata").AtMapKey("read_only_definition"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("options"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"value": knownvalue.StringExact("HIGH")})})),
				},
			},
			{
				Config:      managed(`"Urgency"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)HubSpot-defined property cannot change.*"hs_ticket_priority" is defined by HubSpot.*label`),
			},
			{
				// Removed from the configuration: HubSpot keeps its property, so the resource only
				// leaves the state.
				Config:           data,
				ConfigPlanChecks: expectAction(addr, plancheck.ResourceActionDestroy),
				ConfigStateChecks: []statecheck.StateCheck{stateCheck(func(ctx context.Context, _ *tfjson.State) error {
					_, err := testAccClient(t).GetProperty(ctx, hubspot.TicketObjectType, "hs_ticket_priority", hubspot.PropertyQuery{})
					return err
				})},
			},
		},
	})
}

// TestAccTicketProperty_hubspotDefinedOptions adds an option to HubSpot's own priority
// property, the most common change to a HubSpot-defined property, on a portal of its own (the
// shared portal's tickets rely on the default options).
func TestAccTicketProperty_hubspotDefinedOptions(t *testing.T) {
	skipUnlessAcc(t)
	portal := newPrivatePortal(t, emulator.Options{})
	addr := "hubspot_ticket_property.priority"
	config := func(extra string) string {
		return portal.config("") + fmt.Sprintf(`
resource "hubspot_ticket_property" "priority" {
  name       = "hs_ticket_priority"
  label      = "Priority"
  type       = "enumeration"
  field_type = "select"
  group_name = "ticketinformation"
  description = "The level of attention needed on the ticket"
  display_order = 4
  options = [
    { value = "LOW", label = "Low" },
    { value = "MEDIUM", label = "Medium" },
    { value = "HIGH", label = "High" },%s
  ]
}
`, extra)
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config(""), ResourceName: addr, ImportState: true, ImportStateId: "hs_ticket_priority", ImportStatePersist: true},
			{Config: config(""), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				Config:           config("\n    { value = \"URGENT\", label = \"Urgent\" },"),
				ConfigPlanChecks: expectAction(addr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{stateCheck(func(ctx context.Context, _ *tfjson.State) error {
					p, err := portal.client.GetProperty(ctx, hubspot.TicketObjectType, "hs_ticket_priority", hubspot.PropertyQuery{})
					if err != nil {
						return err
					}
					if got := optionSummary(p); got != "LOW=Low,MEDIUM=Medium,HIGH=High,URGENT=Urgent" {
						return fmt.Errorf("options in HubSpot: %s", got)
					}
					return nil
				})},
			},
			{Config: config("\n    { value = \"URGENT\", label = \"Urgent\" },"), PlanOnly: true},
		},
	})
}
