package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketPropertiesDataSource(t *testing.T) {
	group, a, b := testPropertyName(), testPropertyName(), testPropertyName()
	first, second := a, b
	if b < a {
		first, second = b, a
	}
	ds := "data.hubspot_ticket_properties.group"
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccGroupBlock(group) + fmt.Sprintf(`
resource "hubspot_ticket_property" "a" {
  name       = %q
  label      = "Escalated at"
  type       = "datetime"
  field_type = "date"
  group_name = hubspot_ticket_property_group.g.name
}

resource "hubspot_ticket_property" "b" {
  name       = %q
  label      = "Escalation level"
  type       = "number"
  field_type = "number"
  group_name = hubspot_ticket_property_group.g.name
}

data "hubspot_ticket_properties" "group" {
  group_name = hubspot_ticket_property_group.g.name
  depends_on = [hubspot_ticket_property.a, hubspot_ticket_property.b]
}

data "hubspot_ticket_properties" "all" {
  depends_on = [hubspot_ticket_property.a]
}
`, a, b),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("names"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("names").AtSliceIndex(0), knownvalue.StringExact(first)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("names").AtSliceIndex(1), knownvalue.StringExact(second)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("properties"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("properties").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact(first)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("properties").AtSliceIndex(0).AtMapKey("group_name"), knownvalue.StringExact(group)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("properties"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(a), "type": knownvalue.StringExact("datetime"), "field_type": knownvalue.StringExact("date")})})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("properties"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(b), "type": knownvalue.StringExact("number"), "label": knownvalue.StringExact("Escalation level")})})),
					statecheck.ExpectKnownValue("data.hubspot_ticket_properties.all", tfjsonpath.New("names"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("subject")})),
					statecheck.ExpectKnownValue("data.hubspot_ticket_properties.all", tfjsonpath.New("names"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("hs_ticket_priority")})),
					statecheck.ExpectKnownValue("data.hubspot_ticket_properties.all", tfjsonpath.New("names"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact(a)})),
				},
			},
		},
	})
}
