package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
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
	checks := []resource.TestCheckFunc{
		resource.TestCheckResourceAttrPair("data.hubspot_ticket_pipeline.by_id", "label", testAccPipelineName, "label"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.by_id", "display_order", "2"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.by_id", "stages.#", "2"),
		resource.TestCheckResourceAttrPair("data.hubspot_ticket_pipeline.by_id", "stages.0.id", testAccPipelineName, "stage_ids.a"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.by_id", "stages.0.label", "Alpha"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.by_id", "stages.0.display_order", "0"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.by_id", "stages.1.ticket_state", "CLOSED"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.by_id", "stages.1.display_order", "1"),
		resource.TestCheckResourceAttrPair("data.hubspot_ticket_pipeline.by_id", "stage_ids.Beta", testAccPipelineName, "stage_ids.b"),
		resource.TestCheckResourceAttrPair("data.hubspot_ticket_pipeline.by_label", "id", testAccPipelineName, "id"),
		resource.TestCheckResourceAttrPair("data.hubspot_ticket_pipeline.by_label", "stage_ids.Alpha", testAccPipelineName, "stage_ids.a"),
		resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.default", "id", "0"),
		resource.TestCheckResourceAttrSet("data.hubspot_ticket_pipeline.default", "stages.0.id"),
	}
	if testEmulator != nil {
		checks = append(checks,
			resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.default", "label", "Support Pipeline"),
			resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.default", "stage_ids.New", "1"),
			resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.default", "stage_ids.Waiting on us", "3"),
			resource.TestCheckResourceAttr("data.hubspot_ticket_pipeline.default", "stages.3.ticket_state", "CLOSED"),
		)
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineDestroy(t),
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
				Config: config,
				Check:  resource.ComposeAggregateTestCheckFunc(checks...),
			},
		},
	})
}

func TestAccTicketPipelinesDataSource(t *testing.T) {
	label := testName()
	const all = "data.hubspot_ticket_pipelines.all"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 7, tpStage{"a", "Alpha", "OPEN"}, tpStage{"b", "Beta", "CLOSED"}) + `
data "hubspot_ticket_pipelines" "all" {
  depends_on = [hubspot_ticket_pipeline.test]
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckTypeSetElemNestedAttrs(all, "pipelines.*", map[string]string{
						"label": label, "display_order": "7", "stages.#": "2",
						"stages.0.label": "Alpha", "stages.1.ticket_state": "CLOSED",
					}),
					resource.TestCheckTypeSetElemNestedAttrs(all, "pipelines.*", map[string]string{"id": "0"}),
					resource.TestCheckResourceAttrPair(all, "pipeline_ids."+label, testAccPipelineName, "id"),
					// The entry of the new pipeline carries its stage ids by label.
					func(s *terraform.State) error {
						ds := s.RootModule().Resources[all].Primary.Attributes
						res := s.RootModule().Resources[testAccPipelineName].Primary.Attributes
						for i := 0; ds[fmt.Sprintf("pipelines.%d.id", i)] != ""; i++ {
							if ds[fmt.Sprintf("pipelines.%d.id", i)] != res["id"] {
								continue
							}
							if ds[fmt.Sprintf("pipelines.%d.stage_ids.Beta", i)] != res["stage_ids.b"] {
								return fmt.Errorf("pipelines[%d].stage_ids.Beta = %q, want %q", i, ds[fmt.Sprintf("pipelines.%d.stage_ids.Beta", i)], res["stage_ids.b"])
							}
							return nil
						}
						return fmt.Errorf("pipeline %s not in the data source", res["id"])
					},
				),
			},
		},
	})
}
