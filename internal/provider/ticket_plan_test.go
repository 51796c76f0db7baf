package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// TestAccTicket_movedWithoutPipelineID moves a ticket whose configuration leaves pipeline_id
// out to another pipeline in HubSpot, then sets a stage of the default pipeline: the plan
// must say that the ticket is now elsewhere and that pipeline_id brings it back.
func TestAccTicket_movedWithoutPipelineID(t *testing.T) {
	skipUnlessAcc(t)
	portal := newPrivatePortal(t, emulator.Options{})
	var id string
	config := func(stage string) string {
		return portal.config("") + `
resource "hubspot_ticket" "test" {
  subject  = "Moved in HubSpot"
  stage_id = "` + stage + `"
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("1"), ConfigStateChecks: []statecheck.StateCheck{testAccTicketID(&id)}},
			{
				PreConfig: func() {
					ctx := testCtx(t)
					pl, err := portal.client.CreatePipeline(ctx, hubspot.TicketObjectType, hubspot.PipelineInput{
						Label: "Escalations", DisplayOrder: 5,
						Stages: []hubspot.PipelineStageInput{{Label: "Triage", DisplayOrder: 0, Metadata: map[string]string{hubspot.MetadataTicketState: hubspot.TicketStateOpen}}},
					})
					if err != nil {
						t.Fatal(err)
					}
					if _, err := portal.client.UpdateObject(ctx, hubspot.TicketObjectType, id, map[string]string{"hs_pipeline": pl.ID, "hs_pipeline_stage": pl.Stages[0].ID}); err != nil {
						t.Fatal(err)
					}
				},
				// Not PlanOnly: a plan-only step plans once without refreshing first, and only a
				// refresh sees the move.
				Config:      config("2"),
				ExpectError: regexp.MustCompile(`(?s)Stage of another pipeline.*Stage "2" belongs to pipeline 0.*moved there in HubSpot.*Set pipeline_id = "0"`),
			},
		},
	})
}
