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

func TestAccTicketPipelineStageList(t *testing.T) {
	label := testName()
	other := testAccPipeline(t, "Queued", "Working", "Parked")
	var id string
	byLabel := queryfilter.ByDisplayName(knownvalue.StringExact(label))
	// Not parallel: it adds a stage to the shared default pipeline, whose stage order another
	// test asserts.
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsQuery,
		CheckDestroy:             testAccCheckTicketPipelineStageDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineStageConfig("0", label, "OPEN", ""),
				Check:  testAccStateString(testAccStageName, "id", &id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(testAccStageName, tfjsonpath.New("pipeline_id")),
					statecheck.ExpectIdentityValueMatchesState(testAccStageName, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    testAccStageName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Query: true,
				Config: testAccQueryConfig(
					testAccListBlock("hubspot_ticket_pipeline_stage", "added", `pipeline_id = "0"`),
					testAccListBlock("hubspot_ticket_pipeline_stage", "all", `pipeline_id = "0"`, "include_hubspot_defined = true"),
					testAccListBlock("hubspot_ticket_pipeline_stage", "other", `pipeline_id = "`+other.ID+`"`),
				),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectIdentity("hubspot_ticket_pipeline_stage.added", map[string]knownvalue.Check{
						"pipeline_id": knownvalue.StringExact("0"), "id": capturedString{&id},
					}),
					querycheck.ExpectResourceKnownValues("hubspot_ticket_pipeline_stage.added", byLabel, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("pipeline_id"), KnownValue: knownvalue.StringExact("0")},
						{Path: tfjsonpath.New("ticket_state"), KnownValue: knownvalue.StringExact("OPEN")},
						{Path: tfjsonpath.New("display_order"), KnownValue: knownvalue.NotNull()},
					}),
					// Stage "1" (New) came with the account: listed only when asked for.
					querycheck.ExpectNoIdentity("hubspot_ticket_pipeline_stage.added", map[string]knownvalue.Check{
						"pipeline_id": knownvalue.StringExact("0"), "id": knownvalue.StringExact("1"),
					}),
					querycheck.ExpectIdentity("hubspot_ticket_pipeline_stage.all", map[string]knownvalue.Check{
						"pipeline_id": knownvalue.StringExact("0"), "id": knownvalue.StringExact("1"),
					}),
					querycheck.ExpectLength("hubspot_ticket_pipeline_stage.other", 3),
					querycheck.ExpectResourceDisplayName("hubspot_ticket_pipeline_stage.other",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"pipeline_id": knownvalue.StringExact(other.ID), "id": knownvalue.StringExact(other.Stages[1].ID)}),
						knownvalue.StringExact("Working")),
				},
			},
		},
	})
}
