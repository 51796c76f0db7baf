package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketPropertyGroupsDataSource(t *testing.T) {
	group := testPropertyName()
	ds := "data.hubspot_ticket_property_groups.all"
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckPropertyGroupDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccPropertyGroupConfig(group, "Listed group", 7) + `
data "hubspot_ticket_property_groups" "all" {
  depends_on = [hubspot_ticket_property_group.test]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("names"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("ticketinformation")})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("names"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact(group)})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("groups"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(group), "label": knownvalue.StringExact("Listed group"), "display_order": knownvalue.Int64Exact(7)})})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("groups"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("ticketinformation")})})),
				},
			},
		},
	})
}
