package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketPropertyGroupList(t *testing.T) {
	name := testPropertyName()
	const addr = "hubspot_ticket_property_group.test"
	byName := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsQuery,
		CheckDestroy:             testAccCheckPropertyGroupDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccPropertyGroupConfig(name, "Listed group", 7),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("name")),
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Query: true,
				Config: testAccQueryConfig(
					testAccListBlock("hubspot_ticket_property_group", "custom"),
					testAccListBlock("hubspot_ticket_property_group", "all", "include_hubspot_defined = true"),
				),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectIdentity("hubspot_ticket_property_group.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}),
					querycheck.ExpectResourceDisplayName("hubspot_ticket_property_group.custom", byName, knownvalue.StringExact("Listed group")),
					querycheck.ExpectResourceKnownValues("hubspot_ticket_property_group.custom", byName, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("label"), KnownValue: knownvalue.StringExact("Listed group")},
						{Path: tfjsonpath.New("display_order"), KnownValue: knownvalue.Int64Exact(7)},
					}),
					// ticketinformation holds HubSpot's own properties: listed only when asked for.
					querycheck.ExpectNoIdentity("hubspot_ticket_property_group.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact("ticketinformation")}),
					querycheck.ExpectIdentity("hubspot_ticket_property_group.all", map[string]knownvalue.Check{"name": knownvalue.StringExact("ticketinformation")}),
					querycheck.ExpectIdentity("hubspot_ticket_property_group.all", map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}),
				},
			},
		},
	})
}
