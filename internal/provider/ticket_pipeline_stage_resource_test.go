package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func init() {
	resource.AddTestSweepers("hubspot_ticket_pipeline_stage", &resource.Sweeper{
		Name: "hubspot_ticket_pipeline_stage",
		F: func(string) error {
			c, err := sweeperClient()
			if err != nil {
				return err
			}
			ctx := context.Background()
			// Test stages are added to pipelines the tests do not own, such as the default one.
			list, err := c.ListPipelines(ctx, pipelineObjectType)
			if err != nil {
				return err
			}
			var errs []error
			for _, p := range list {
				if strings.HasPrefix(p.Label, testNamePrefix) {
					continue // the pipeline sweeper deletes these whole
				}
				for _, s := range p.Stages {
					if strings.HasPrefix(s.Label, testNamePrefix) {
						errs = append(errs, c.DeletePipelineStage(ctx, pipelineObjectType, p.ID, s.ID, hubspot.DeleteOptions{}))
					}
				}
			}
			return errors.Join(errs...)
		},
	})
}

func testAccTicketPipelineStageConfig(pipelineID, label, state, displayOrder string) string {
	order := ""
	if displayOrder != "" {
		order = "\n  display_order = " + displayOrder
	}
	return fmt.Sprintf(`resource "hubspot_ticket_pipeline_stage" "test" {
  pipeline_id  = %q
  label        = %q
  ticket_state = %q%s
}
`, pipelineID, label, state, order)
}

const testAccStageName = "hubspot_ticket_pipeline_stage.test"

// testAccCheckStageInHubSpot compares the stage HubSpot holds with the state and expectation.
func testAccCheckStageInHubSpot(t *testing.T, pipelineID, label, state string) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		a, err := stateAttributes(s, testAccStageName)
		if err != nil {
			return err
		}
		id, _ := a["id"].(string)
		order, _ := stateInt(a, "display_order")
		st, err := testAccClient(t).GetPipelineStage(ctx, pipelineObjectType, pipelineID, id)
		if err != nil {
			return err
		}
		if st.Label != label || st.TicketState() != state || st.DisplayOrder != order {
			return fmt.Errorf("HubSpot stage %+v; want %q %s at %d", st, label, state, order)
		}
		return nil
	}
}

func testAccCheckTicketPipelineStageDestroy(t *testing.T) resource.TestCheckFunc {
	return testAccCheckGone(map[string]func(*terraform.ResourceState) error{
		"hubspot_ticket_pipeline_stage": func(rs *terraform.ResourceState) error {
			_, err := testAccClient(t).GetPipelineStage(testCtx(t), pipelineObjectType, rs.Primary.Attributes["pipeline_id"], rs.Primary.ID)
			return err
		},
	})
}

// TestAccTicketPipelineStage_defaultPipeline manages a stage of the default Support Pipeline,
// then moves it to another pipeline, which replaces it.
func TestAccTicketPipelineStage_defaultPipeline(t *testing.T) {
	label, label2 := testName(), testName()
	var stageID string
	captureID := captureString(testAccStageName, "id", &stageID)
	sameID := statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
		if id != stageID {
			return fmt.Errorf("stage id changed from %s to %s", stageID, id)
		}
		return nil
	}))
	newID := statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
		if id == stageID {
			return fmt.Errorf("stage id %s did not change", id)
		}
		return nil
	}))
	// A pipeline the configuration does not manage, to move the stage to.
	var other *hubspot.Pipeline
	if c := testAccClientOrSkip(t); c != nil {
		var err error
		other, err = c.CreatePipeline(testCtx(t), pipelineObjectType, hubspot.PipelineInput{Label: testName(), Stages: []hubspot.PipelineStageInput{
			{Label: "Open", Metadata: map[string]string{hubspot.MetadataTicketState: "OPEN"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := c.DeletePipeline(context.Background(), pipelineObjectType, other.ID, hubspot.DeleteOptions{}); err != nil && !hubspot.IsNotFound(err) {
				t.Errorf("deleting pipeline %s: %v", other.ID, err)
			}
		})
	}
	const def = hubspot.DefaultTicketPipelineID

	// Not parallel: it asserts where its stage sits in the shared default pipeline, which other
	// tests add stages to.
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineStageDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineStageConfig(def, label, "OPEN", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("pipeline_id"), knownvalue.StringExact(def)),
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("label"), knownvalue.StringExact(label)),
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("ticket_state"), knownvalue.StringExact("OPEN")),
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("id"), knownvalue.NotNull()),
					// Without display_order the stage goes after the pipeline's last stage.
					stateCheck(func(ctx context.Context, s *tfjson.State) error {
						stages, err := testAccClient(t).ListPipelineStages(ctx, pipelineObjectType, def)
						if err != nil {
							return err
						}
						id, _ := stateString(s, testAccStageName, "id")
						if last := sortedActiveStages(stages); last[len(last)-1].ID != id {
							return fmt.Errorf("stage %s is not the last stage of pipeline 0: %+v", id, last)
						}
						return nil
					}),
					testAccCheckStageInHubSpot(t, def, label, "OPEN"),
					captureID,
				},
			},
			{
				Config: testAccTicketPipelineStageConfig(def, label2, "CLOSED", "40"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccStageName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("display_order"), knownvalue.Int64Exact(40)),
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("ticket_state"), knownvalue.StringExact("CLOSED")),
					testAccCheckStageInHubSpot(t, def, label2, "CLOSED"),
					sameID,
				},
			},
			{
				ResourceName:      testAccStageName,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return def + "/" + stageID, nil },
			},
			{
				// Deleted outside Terraform: created again.
				PreConfig: func() {
					if err := testAccClient(t).DeletePipelineStage(testCtx(t), pipelineObjectType, def, stageID, hubspot.DeleteOptions{ValidateReferences: true}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccTicketPipelineStageConfig(def, label2, "CLOSED", "40"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccStageName, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID, testAccCheckStageInHubSpot(t, def, label2, "CLOSED"), captureID},
			},
			{
				// Changed outside Terraform: put back.
				PreConfig: func() {
					l := label2 + "-edited"
					if _, err := testAccClient(t).UpdatePipelineStage(testCtx(t), pipelineObjectType, def, stageID, hubspot.PipelineStagePatch{
						Label: &l, Metadata: map[string]string{hubspot.MetadataTicketState: "OPEN"},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccTicketPipelineStageConfig(def, label2, "CLOSED", "40"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccStageName, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID, testAccCheckStageInHubSpot(t, def, label2, "CLOSED")},
			},
			{
				// Another pipeline: a new stage there, the old one deleted.
				Config: testAccTicketPipelineStageConfig(other.ID, label2, "CLOSED", "40"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccStageName, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccStageName, tfjsonpath.New("pipeline_id"), knownvalue.StringExact(other.ID)),
					newID,
					testAccCheckStageInHubSpot(t, other.ID, label2, "CLOSED"),
					stateCheck(func(ctx context.Context, _ *tfjson.State) error {
						_, err := testAccClient(t).GetPipelineStage(ctx, pipelineObjectType, def, stageID)
						if !hubspot.IsNotFound(err) {
							return fmt.Errorf("the stage in pipeline 0 should be gone, got %v", err)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccTicketPipelineStage_validation(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccTicketPipelineStageConfig("0", "", "OPEN", ""),
				PlanOnly:    true,
				ExpectError: errorRE(`label must not be empty`),
			},
			{
				Config:      testAccTicketPipelineStageConfig("0", "x", "open", ""),
				PlanOnly:    true,
				ExpectError: errorRE(`ticket_state value must be one of`),
			},
			{
				Config:      testAccTicketPipelineStageConfig("0", "x", "OPEN", "-1"),
				PlanOnly:    true,
				ExpectError: errorRE(`display_order value must be at least 0`),
			},
			{
				Config:      testAccTicketPipelineStageConfig("", "x", "OPEN", ""),
				PlanOnly:    true,
				ExpectError: errorRE(`pipeline_id string length must be at least 1`),
			},
			{
				ResourceName:  testAccStageName,
				Config:        testAccTicketPipelineStageConfig("0", "x", "OPEN", ""),
				ImportState:   true,
				ImportStateId: "12345",
				ExpectError:   errorRE(`Import a pipeline stage as PIPELINE_ID/STAGE_ID`),
			},
		},
	})
}
