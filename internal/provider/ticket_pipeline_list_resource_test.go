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

func TestAccTicketPipeline_importByIdentity(t *testing.T) {
	label := testName()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsIdentity,
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 3, tpStage{"new", "New", "OPEN"}, tpStage{"done", "Done", "CLOSED"}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(testAccPipelineName, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    testAccPipelineName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

func TestAccTicketPipelineList(t *testing.T) {
	label := testName()
	var id string
	byLabel := queryfilter.ByDisplayName(knownvalue.StringExact(label))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsQuery,
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 3, tpStage{"new", "New", "OPEN"}, tpStage{"done", "Done", "CLOSED"}),
				Check:  resource.TestCheckResourceAttrWith(testAccPipelineName, "id", func(v string) error { id = v; return nil }),
			},
			{
				Query: true,
				Config: testAccQueryConfig(
					testAccListBlock("hubspot_ticket_pipeline", "custom"),
					testAccListBlock("hubspot_ticket_pipeline", "all", "include_hubspot_defined = true"),
				),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectIdentity("hubspot_ticket_pipeline.custom", map[string]knownvalue.Check{"id": capturedString{&id}}),
					querycheck.ExpectResourceDisplayName("hubspot_ticket_pipeline.custom", byLabel, knownvalue.StringExact(label)),
					querycheck.ExpectResourceKnownValues("hubspot_ticket_pipeline.custom", byLabel, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("display_order"), KnownValue: knownvalue.Int64Exact(3)},
						{Path: tfjsonpath.New("stages"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("new"), "label": knownvalue.StringExact("New"), "ticket_state": knownvalue.StringExact("OPEN")}),
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("done"), "label": knownvalue.StringExact("Done"), "ticket_state": knownvalue.StringExact("CLOSED")}),
						})},
					}),
					// The default pipeline is HubSpot's: listed only when asked for.
					querycheck.ExpectNoIdentity("hubspot_ticket_pipeline.custom", map[string]knownvalue.Check{"id": knownvalue.StringExact("0")}),
					querycheck.ExpectIdentity("hubspot_ticket_pipeline.all", map[string]knownvalue.Check{"id": knownvalue.StringExact("0")}),
					querycheck.ExpectIdentity("hubspot_ticket_pipeline.all", map[string]knownvalue.Check{"id": capturedString{&id}}),
				},
			},
		},
	})
}
