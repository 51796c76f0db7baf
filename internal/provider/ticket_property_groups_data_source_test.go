package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccTicketPropertyGroupsDataSource(t *testing.T) {
	group := testPropertyName()
	ds := "data.hubspot_ticket_property_groups.all"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyGroupDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccPropertyGroupConfig(group, "Listed group", 7) + `
data "hubspot_ticket_property_groups" "all" {
  depends_on = [hubspot_ticket_property_group.test]
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckTypeSetElemAttr(ds, "names.*", "ticketinformation"),
					resource.TestCheckTypeSetElemAttr(ds, "names.*", group),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "groups.*", map[string]string{"name": group, "label": "Listed group", "display_order": "7"}),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "groups.*", map[string]string{"name": "ticketinformation"}),
				),
			},
		},
	})
}
