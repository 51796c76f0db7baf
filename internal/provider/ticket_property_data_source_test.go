package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketPropertyDataSource(t *testing.T) {
	name := testPropertyName()
	ds, res := "data.hubspot_ticket_property.custom", "hubspot_ticket_property.custom"
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
data "hubspot_ticket_property" "priority" {
  name = "hs_ticket_priority"
}

resource "hubspot_ticket_property" "custom" {
  name        = %q
  label       = "Region"
  description = "Where the customer is"
  type        = "enumeration"
  field_type  = "radio"
  group_name  = "ticketinformation"
  options = [
    { value = "emea", label = "EMEA" },
    { value = "amer", label = "Americas", hidden = true },
  ]
}

data "hubspot_ticket_property" "custom" {
  name = hubspot_ticket_property.custom.name
}
`, name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("type"), knownvalue.StringExact("enumeration")),
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("hubspot_defined"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("modification_metadata").AtMapKey("archivable"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("group_name"), knownvalue.StringExact("ticketinformation")),
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("options"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"value": knownvalue.StringExact("LOW")})})),
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("options"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"value": knownvalue.StringExact("MEDIUM")})})),
					statecheck.ExpectKnownValue("data.hubspot_ticket_property.priority", tfjsonpath.New("options"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"value": knownvalue.StringExact("HIGH")})})),
					statecheck.CompareValuePairs(ds, tfjsonpath.New("label"), res, tfjsonpath.New("label"), compare.ValuesSame()),
					statecheck.CompareValuePairs(ds, tfjsonpath.New("created_at"), res, tfjsonpath.New("created_at"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("description"), knownvalue.StringExact("Where the customer is")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("field_type"), knownvalue.StringExact("radio")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("hubspot_defined"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("options"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("options").AtSliceIndex(0).AtMapKey("value"), knownvalue.StringExact("emea")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("options").AtSliceIndex(0).AtMapKey("display_order"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("value"), knownvalue.StringExact("amer")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("hidden"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("options").AtSliceIndex(1).AtMapKey("display_order"), knownvalue.Int64Exact(1)),
				},
			},
			{
				Config: `
data "hubspot_ticket_property" "missing" {
  name = "` + testPropertyPrefix + `_no_such_property"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Ticket property not found.*` + testPropertyPrefix + `_no_such_property`),
			},
		},
	})
}
