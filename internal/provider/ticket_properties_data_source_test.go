package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccTicketPropertiesDataSource(t *testing.T) {
	group, a, b := testPropertyName(), testPropertyName(), testPropertyName()
	first, second := a, b
	if b < a {
		first, second = b, a
	}
	ds := "data.hubspot_ticket_properties.group"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
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
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(ds, "names.#", "2"),
					resource.TestCheckResourceAttr(ds, "names.0", first),
					resource.TestCheckResourceAttr(ds, "names.1", second),
					resource.TestCheckResourceAttr(ds, "properties.#", "2"),
					resource.TestCheckResourceAttr(ds, "properties.0.name", first),
					resource.TestCheckResourceAttr(ds, "properties.0.group_name", group),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "properties.*", map[string]string{"name": a, "type": "datetime", "field_type": "date"}),
					resource.TestCheckTypeSetElemNestedAttrs(ds, "properties.*", map[string]string{"name": b, "type": "number", "label": "Escalation level"}),
					resource.TestCheckTypeSetElemAttr("data.hubspot_ticket_properties.all", "names.*", "subject"),
					resource.TestCheckTypeSetElemAttr("data.hubspot_ticket_properties.all", "names.*", "hs_ticket_priority"),
					resource.TestCheckTypeSetElemAttr("data.hubspot_ticket_properties.all", "names.*", a),
				),
			},
		},
	})
}
