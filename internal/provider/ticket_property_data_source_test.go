package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccTicketPropertyDataSource(t *testing.T) {
	name := testPropertyName()
	ds, res := "data.hubspot_ticket_property.custom", "hubspot_ticket_property.custom"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
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
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.hubspot_ticket_property.priority", "type", "enumeration"),
					resource.TestCheckResourceAttr("data.hubspot_ticket_property.priority", "hubspot_defined", "true"),
					resource.TestCheckResourceAttr("data.hubspot_ticket_property.priority", "modification_metadata.archivable", "false"),
					resource.TestCheckResourceAttr("data.hubspot_ticket_property.priority", "group_name", "ticketinformation"),
					resource.TestCheckTypeSetElemNestedAttrs("data.hubspot_ticket_property.priority", "options.*", map[string]string{"value": "LOW"}),
					resource.TestCheckTypeSetElemNestedAttrs("data.hubspot_ticket_property.priority", "options.*", map[string]string{"value": "MEDIUM"}),
					resource.TestCheckTypeSetElemNestedAttrs("data.hubspot_ticket_property.priority", "options.*", map[string]string{"value": "HIGH"}),
					resource.TestCheckResourceAttrPair(ds, "label", res, "label"),
					resource.TestCheckResourceAttrPair(ds, "created_at", res, "created_at"),
					resource.TestCheckResourceAttr(ds, "description", "Where the customer is"),
					resource.TestCheckResourceAttr(ds, "field_type", "radio"),
					resource.TestCheckResourceAttr(ds, "hubspot_defined", "false"),
					resource.TestCheckResourceAttr(ds, "options.#", "2"),
					resource.TestCheckResourceAttr(ds, "options.0.value", "emea"),
					resource.TestCheckResourceAttr(ds, "options.0.display_order", "0"),
					resource.TestCheckResourceAttr(ds, "options.1.value", "amer"),
					resource.TestCheckResourceAttr(ds, "options.1.hidden", "true"),
					resource.TestCheckResourceAttr(ds, "options.1.display_order", "1"),
				),
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
