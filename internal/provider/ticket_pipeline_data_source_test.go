package provider

import (
	"context"
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketPipelineDataSource(t *testing.T) {
	label := testName()
	config := testAccTicketPipelineConfig(label, 2, tpStage{"a", "Alpha", "OPEN"}, tpStage{"b", "Beta", "CLOSED"}) + `
data "hubspot_ticket_pipeline" "by_id" {
  id = hubspot_ticket_pipeline.test.id
}

data "hubspot_ticket_pipeline" "by_label" {
  label = hubspot_ticket_pipeline.test.label
}

data "hubspot_ticket_pipeline" "default" {
  id = "0"
}
`
	checks := []statecheck.StateCheck{
		statecheck.CompareValuePairs("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("label"), testAccPipelineName, tfjsonpath.New("label"), compare.ValuesSame()),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("display_order"), knownvalue.Int64Exact(2)),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stages"), knownvalue.ListSizeExact(2)),
		statecheck.CompareValuePairs("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stages").AtSliceIndex(0).AtMapKey("id"), testAccPipelineName, tfjsonpath.New("stage_ids").AtMapKey("a"), compare.ValuesSame()),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stages").AtSliceIndex(0).AtMapKey("label"), knownvalue.StringExact("Alpha")),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stages").AtSliceIndex(0).AtMapKey("display_order"), knownvalue.Int64Exact(1000)),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stages").AtSliceIndex(1).AtMapKey("ticket_state"), knownvalue.StringExact("CLOSED")),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stages").AtSliceIndex(1).AtMapKey("display_order"), knownvalue.Int64Exact(2000)),
		statecheck.CompareValuePairs("data.hubspot_ticket_pipeline.by_id", tfjsonpath.New("stage_ids").AtMapKey("Beta"), testAccPipelineName, tfjsonpath.New("stage_ids").AtMapKey("b"), compare.ValuesSame()),
		statecheck.CompareValuePairs("data.hubspot_ticket_pipeline.by_label", tfjsonpath.New("id"), testAccPipelineName, tfjsonpath.New("id"), compare.ValuesSame()),
		statecheck.CompareValuePairs("data.hubspot_ticket_pipeline.by_label", tfjsonpath.New("stage_ids").AtMapKey("Alpha"), testAccPipelineName, tfjsonpath.New("stage_ids").AtMapKey("a"), compare.ValuesSame()),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.default", tfjsonpath.New("id"), knownvalue.StringExact("0")),
		statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.default", tfjsonpath.New("stages").AtSliceIndex(0).AtMapKey("id"), knownvalue.NotNull()),
	}
	if testEmulator != nil {
		checks = append(checks,
			statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.default", tfjsonpath.New("label"), knownvalue.StringExact("Support Pipeline")),
			statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.default", tfjsonpath.New("stage_ids").AtMapKey("New"), knownvalue.StringExact("1")),
			statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.default", tfjsonpath.New("stage_ids").AtMapKey("Waiting on us"), knownvalue.StringExact("3")),
			statecheck.ExpectKnownValue("data.hubspot_ticket_pipeline.default", tfjsonpath.New("stages").AtSliceIndex(3).AtMapKey("ticket_state"), knownvalue.StringExact("CLOSED")),
		)
	}

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: `data "hubspot_ticket_pipeline" "x" {
  label = "` + label + `-no-such-pipeline"
}
`,
				PlanOnly:    true,
				ExpectError: errorRE(`Ticket pipeline not found`, `no ticket pipeline labelled`, `Support Pipeline`),
			},
			{
				Config: `data "hubspot_ticket_pipeline" "x" {
  id    = "0"
  label = "Support Pipeline"
}
`,
				PlanOnly:    true,
				ExpectError: errorRE(`Invalid Attribute Combination`),
			},
			{
				Config:      `data "hubspot_ticket_pipeline" "x" {}` + "\n",
				PlanOnly:    true,
				ExpectError: errorRE(`Missing Attribute Configuration`),
			},
			{
				Config:      `data "hubspot_ticket_pipeline" "x" { id = "999999999" }` + "\n",
				PlanOnly:    true,
				ExpectError: errorRE(`no ticket pipeline with id "999999999"`),
			},
			{
				Config:            config,
				ConfigStateChecks: checks,
			},
		},
	})
}

func TestAccTicketPipelinesDataSource(t *testing.T) {
	label := testName()
	const all = "data.hubspot_ticket_pipelines.all"
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 7, tpStage{"a", "Alpha", "OPEN"}, tpStage{"b", "Beta", "CLOSED"}) + `
data "hubspot_ticket_pipelines" "all" {
  depends_on = [hubspot_ticket_pipeline.test]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(all, tfjsonpath.New("pipelines"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"label": knownvalue.StringExact(label), "display_order": knownvalue.Int64Exact(7),
						"stages": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"label": knownvalue.StringExact("Alpha")}),
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"ticket_state": knownvalue.StringExact("CLOSED")}),
						}),
					})})),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("pipelines"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("0")})})),
					statecheck.CompareValuePairs(all, tfjsonpath.New("pipeline_ids").AtMapKey(label), testAccPipelineName, tfjsonpath.New("id"), compare.ValuesSame()),
					// The entry of the new pipeline carries its stage ids by label.
					stateCheck(func(_ context.Context, s *tfjson.State) error {
						ds, err := stateAttributes(s, all)
						if err != nil {
							return err
						}
						id, _ := stateString(s, testAccPipelineName, "id")
						res, _ := stateAttributes(s, testAccPipelineName)
						want := res["stage_ids"].(map[string]any)["b"]
						for i, el := range ds["pipelines"].([]any) {
							p := el.(map[string]any)
							if p["id"] != id {
								continue
							}
							if got := p["stage_ids"].(map[string]any)["Beta"]; got != want {
								return fmt.Errorf("pipelines[%d].stage_ids.Beta = %v, want %v", i, got, want)
							}
							return nil
						}
						return fmt.Errorf("pipeline %s not in the data source", id)
					}),
				},
			},
		},
	})
}
