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

func TestAccTicketList(t *testing.T) {
	name := testName()
	p := testAccPipeline(t, "Open", "Waiting")
	open, waiting := p.Stages[0].ID, p.Stages[1].ID
	ticket := func(key, stage, priority, content string) string {
		body := ""
		if content != "" {
			body = fmt.Sprintf("  content     = %q\n", content)
		}
		return fmt.Sprintf(`
resource "hubspot_ticket" %q {
  subject     = "%s %s"
  pipeline_id = %q
  stage_id    = %q
  priority    = %q
%s}
`, key, name, key, p.ID, stage, priority, body)
	}
	config := ticket("a1", open, "HIGH", "") + ticket("a2", open, "LOW", "") + ticket("b1", waiting, "HIGH", "Printer on fire")
	var a1 string
	byB1 := queryfilter.ByDisplayName(knownvalue.StringExact(name + " b1"))
	pipeline := fmt.Sprintf("pipeline_id = %q", p.ID)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsQuery,
		CheckDestroy:             testAccCheckTicketDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  testAccStateString("hubspot_ticket.a1", "id", &a1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState("hubspot_ticket.b1", tfjsonpath.New("id")),
				},
			},
			{
				Config:          config,
				ResourceName:    "hubspot_ticket.b1",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Query: true,
				Config: testAccQueryConfig(
					testAccListBlock("hubspot_ticket", "pipeline", pipeline),
					testAccListBlock("hubspot_ticket", "stage", fmt.Sprintf("stage_id = %q", open)),
					testAccListBlock("hubspot_ticket", "high", pipeline, `property_values = { hs_ticket_priority = "HIGH" }`),
					testAccListBlock("hubspot_ticket", "all"),
					fmt.Sprintf("list \"hubspot_ticket\" \"first\" {\n  provider = hubspot\n  limit    = 1\n  config {\n    %s\n  }\n}\n", pipeline),
				),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("hubspot_ticket.pipeline", 3),
					querycheck.ExpectLength("hubspot_ticket.stage", 2),
					querycheck.ExpectLength("hubspot_ticket.high", 2),
					querycheck.ExpectIdentity("hubspot_ticket.high", map[string]knownvalue.Check{"id": capturedString{&a1}}),
					querycheck.ExpectLength("hubspot_ticket.first", 1),
					querycheck.ExpectIdentity("hubspot_ticket.all", map[string]knownvalue.Check{"id": capturedString{&a1}}),
					querycheck.ExpectResourceKnownValues("hubspot_ticket.pipeline", byB1, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("pipeline_id"), KnownValue: knownvalue.StringExact(p.ID)},
						{Path: tfjsonpath.New("stage_id"), KnownValue: knownvalue.StringExact(waiting)},
						{Path: tfjsonpath.New("priority"), KnownValue: knownvalue.StringExact("HIGH")},
						{Path: tfjsonpath.New("content"), KnownValue: knownvalue.StringExact("Printer on fire")},
						{Path: tfjsonpath.New("owner_id"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("properties"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("associations"), KnownValue: knownvalue.Null()},
					}),
				},
			},
		},
	})
}
