package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketPropertyList(t *testing.T) {
	group, tier, amount := testPropertyName(), testPropertyName(), testPropertyName()
	const addr = "hubspot_ticket_property.tier"
	config := testAccGroupBlock(group) + fmt.Sprintf(`
resource "hubspot_ticket_property" "tier" {
  name       = %q
  label      = "Tier"
  type       = "enumeration"
  field_type = "select"
  group_name = hubspot_ticket_property_group.g.name
  options = [
    { value = "gold", label = "Gold" },
    { value = "silver", label = "Silver", description = "The middle tier" },
  ]
}

resource "hubspot_ticket_property" "amount" {
  name                = %q
  label               = "Amount"
  type                = "number"
  field_type          = "number"
  group_name          = hubspot_ticket_property_group.g.name
  number_display_hint = "currency"
}
`, tier, amount)
	byName := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(tier)})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsQuery,
		CheckDestroy:             testAccCheckPropertyDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("name")),
				},
			},
			{
				Config:          config,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Query: true,
				Config: testAccQueryConfig(
					testAccListBlock("hubspot_ticket_property", "group", fmt.Sprintf("group_name = %q", group)),
					testAccListBlock("hubspot_ticket_property", "custom"),
					testAccListBlock("hubspot_ticket_property", "hubspot", `group_name = "ticketinformation"`, "include_hubspot_defined = true"),
				),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("hubspot_ticket_property.group", 2),
					querycheck.ExpectIdentity("hubspot_ticket_property.group", map[string]knownvalue.Check{"name": knownvalue.StringExact(amount)}),
					querycheck.ExpectResourceDisplayName("hubspot_ticket_property.group", byName, knownvalue.StringExact("Tier")),
					querycheck.ExpectResourceKnownValues("hubspot_ticket_property.group", byName, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("group_name"), KnownValue: knownvalue.StringExact(group)},
						{Path: tfjsonpath.New("options"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{"value": knownvalue.StringExact("gold"), "label": knownvalue.StringExact("Gold"), "description": knownvalue.StringExact(""), "hidden": knownvalue.Bool(false)}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{"value": knownvalue.StringExact("silver"), "label": knownvalue.StringExact("Silver"), "description": knownvalue.StringExact("The middle tier"), "hidden": knownvalue.Bool(false)}),
						})},
						{Path: tfjsonpath.New("hubspot_defined"), KnownValue: knownvalue.Bool(false)},
					}),
					querycheck.ExpectIdentity("hubspot_ticket_property.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact(tier)}),
					// HubSpot's own properties are listed only when asked for.
					querycheck.ExpectNoIdentity("hubspot_ticket_property.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact("subject")}),
					querycheck.ExpectIdentity("hubspot_ticket_property.hubspot", map[string]knownvalue.Check{"name": knownvalue.StringExact("subject")}),
				},
			},
		},
	})
}
