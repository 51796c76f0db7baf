package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// TestAccRunPlans_duplicates plans two groups, then two properties, of one name: the plan
// fails whichever of the two Terraform plans first, and HubSpot is left untouched.
func TestAccRunPlans_duplicates(t *testing.T) {
	group, property := testPropertyName(), testPropertyName()
	groups := fmt.Sprintf(`
resource "hubspot_ticket_property_group" "a" {
  name  = %[1]q
  label = "First"
}

resource "hubspot_ticket_property_group" "b" {
  name  = %[1]q
  label = "Second"
}
`, group)
	properties := fmt.Sprintf(`
resource "hubspot_ticket_property" "a" {
  name       = %[1]q
  label      = "First"
  type       = "string"
  field_type = "text"
  group_name = "ticketinformation"
}

resource "hubspot_ticket_property" "b" {
  name       = %[1]q
  label      = "Second"
  type       = "string"
  field_type = "text"
  group_name = "ticketinformation"
}
`, property)
	nothingWritten := func() {
		c, ctx := testAccClient(t), testCtx(t)
		if _, err := c.GetPropertyGroup(ctx, propertyObjectType, group); !hubspot.IsNotFound(err) {
			t.Fatalf("group %s: %v; the refused plan should have written nothing", group, err)
		}
		if _, err := hubspot.FindProperty(ctx, c, propertyObjectType, property); !hubspot.IsNotFound(err) {
			t.Fatalf("property %s: %v; the refused plan should have written nothing", property, err)
		}
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// Not PlanOnly: had the plan passed, Terraform would have applied it.
				Config:      groups,
				ExpectError: regexp.MustCompile(`(?s)Duplicate ticket property group.*also has name\s+"` + group + `"`),
			},
			{
				PreConfig:   nothingWritten,
				Config:      properties,
				ExpectError: regexp.MustCompile(`(?s)Duplicate ticket property.*also has name\s+"` + property + `"`),
			},
			{
				PreConfig: nothingWritten,
				Config:    `data "hubspot_ticket_property_groups" "all" {}`,
			},
		},
	})
}
