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

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// testPropertyPrefix starts the names of the properties and groups tests create: the test
// prefix in the form HubSpot allows in names.
var testPropertyPrefix = strings.ReplaceAll(testNamePrefix, "-", "_")

// testPropertyName returns a unique property or group name.
func testPropertyName() string { return strings.ReplaceAll(testName(), "-", "_") }

func init() {
	addSweeper("hubspot_ticket_property", sweepTicketProperties)
	addSweeper("hubspot_ticket_property_group", sweepTicketPropertyGroups, "hubspot_ticket_property")
}

// sweepTicketProperties archives the ticket properties tests left behind.
func sweepTicketProperties(ctx context.Context, c *hubspot.Client) error {
	var names []string
	for _, s := range hubspot.DataSensitivities {
		list, err := c.ListProperties(ctx, hubspot.TicketObjectType, hubspot.PropertyQuery{DataSensitivity: s})
		if err != nil {
			return err
		}
		for _, p := range list {
			if strings.HasPrefix(p.Name, testPropertyPrefix) && !p.HubspotDefined {
				names = append(names, p.Name)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	return c.BatchArchiveProperties(ctx, hubspot.TicketObjectType, names)
}

// sweepTicketPropertyGroups archives the ticket property groups tests left behind.
func sweepTicketPropertyGroups(ctx context.Context, c *hubspot.Client) error {
	groups, err := c.ListPropertyGroups(ctx, hubspot.TicketObjectType)
	if err != nil {
		return err
	}
	var failed []string
	for _, g := range groups {
		if strings.HasPrefix(g.Name, testPropertyPrefix) {
			if err := c.ArchivePropertyGroup(ctx, hubspot.TicketObjectType, g.Name); err != nil && !hubspot.IsNotFound(err) {
				failed = append(failed, err.Error())
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("archiving property groups: %s", strings.Join(failed, "; "))
	}
	return nil
}

func testAccPropertyGroupConfig(name, label string, order int) string {
	return fmt.Sprintf(`
resource "hubspot_ticket_property_group" "test" {
  name          = %q
  label         = %q
  display_order = %d
}
`, name, label, order)
}

// testAccCheckGroupInHubSpot checks through the API that the group exists as configured.
func testAccCheckGroupInHubSpot(t *testing.T, name, label string, order int) stateCheck {
	return func(ctx context.Context, _ *tfjson.State) error {
		g, err := testAccClient(t).GetPropertyGroup(ctx, hubspot.TicketObjectType, name)
		if err != nil {
			return err
		}
		if g.Label != label || g.DisplayOrder != order {
			return fmt.Errorf("group %s in HubSpot: label %q, display order %d; want %q, %d", name, g.Label, g.DisplayOrder, label, order)
		}
		return nil
	}
}

func testAccCheckGroupGone(t *testing.T, name string) stateCheck {
	return func(ctx context.Context, _ *tfjson.State) error {
		_, err := testAccClient(t).GetPropertyGroup(ctx, hubspot.TicketObjectType, name)
		if !hubspot.IsNotFound(err) {
			return fmt.Errorf("group %s: want not found, got %v", name, err)
		}
		return nil
	}
}

func testAccCheckPropertyGroupDestroy(t *testing.T) resource.TestCheckFunc {
	return testAccCheckGone(map[string]func(*terraform.ResourceState) error{"hubspot_ticket_property_group": testAccGetGroup(t)})
}

// testAccGetGroup reads the group a resource state names, for testAccCheckGone.
func testAccGetGroup(t *testing.T) func(*terraform.ResourceState) error {
	return func(rs *terraform.ResourceState) error {
		_, err := testAccClient(t).GetPropertyGroup(testCtx(t), hubspot.TicketObjectType, rs.Primary.ID)
		return err
	}
}

func TestAccTicketPropertyGroup_lifecycle(t *testing.T) {
	name, renamed := testPropertyName(), testPropertyName()
	addr := "hubspot_ticket_property_group.test"
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyGroupDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccPropertyGroupConfig(name, "Escalation", 3),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("label"), knownvalue.StringExact("Escalation")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_order"), knownvalue.Int64Exact(3)),
					testAccCheckGroupInHubSpot(t, name, "Escalation", 3),
				},
			},
			{
				Config:            testAccPropertyGroupConfig(name, "Escalation details", 5),
				ConfigPlanChecks:  expectAction(addr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{testAccCheckGroupInHubSpot(t, name, "Escalation details", 5)},
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
					if _, err := testAccClient(t).UpdatePropertyGroup(testCtx(t), hubspot.TicketObjectType, name, hubspot.PropertyGroupUpdate{Label: &label}); err != nil {
						t.Fatal(err)
					}
				},
				Config:            testAccPropertyGroupConfig(name, "Escalation details", 5),
				ConfigPlanChecks:  expectAction(addr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{testAccCheckGroupInHubSpot(t, name, "Escalation details", 5)},
			},
			{
				// A new name is a new group; the old one goes to the recycle bin. Leaving
				// display_order out sets HubSpot's default.
				Config: fmt.Sprintf(`
resource "hubspot_ticket_property_group" "test" {
  name  = %q
  label = "Escalation details"
}
`, renamed),
				ConfigPlanChecks: expectAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(renamed)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_order"), knownvalue.Int64Exact(-1)),
					testAccCheckGroupInHubSpot(t, renamed, "Escalation details", -1),
					testAccCheckGroupGone(t, name),
				},
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.ArchivePropertyGroup(ctx, hubspot.TicketObjectType, renamed)
				}),
				Config:             testAccPropertyGroupConfig(renamed, "Escalation details", -1),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

func TestAccTicketPropertyGroup_refusesDestroyWhileItHoldsProperties(t *testing.T) {
	group, prop := testPropertyName(), testPropertyName()
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyGroupDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccPropertyGroupConfig(group, "Holds a property", 1),
			},
			{
				// A property created outside Terraform keeps the group from being destroyed.
				PreConfig: func() {
					_, err := testAccClient(t).CreateProperty(testCtx(t), hubspot.TicketObjectType, hubspot.PropertyCreate{
						Name: prop, Label: "Outside", Type: "string", FieldType: "text", GroupName: group,
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:      `data "hubspot_ticket_property_groups" "all" {}`,
				ExpectError: regexp.MustCompile(`(?s)Property group still holds properties.*` + group + `.*while it holds active\s+properties\s+\(` + prop + `\)`),
			},
			{
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.ArchiveProperty(ctx, hubspot.TicketObjectType, prop)
				}),
				Config:            `data "hubspot_ticket_property_groups" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{testAccCheckGroupGone(t, group)},
			},
		},
	})
}

func TestAccTicketPropertyGroup_validation(t *testing.T) {
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      testAccPropertyGroupConfig("Bad-Name", "x", 0),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute name must start with a lowercase letter and contain only lowercase\s+letters, digits and underscores`),
			},
			{
				Config:      testAccPropertyGroupConfig(testPropertyName(), " ", 0),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute label must not be empty or blank`),
			},
		},
	})
}
