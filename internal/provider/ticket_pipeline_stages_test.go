package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// TestAccTicketPipeline_defaultPipeline imports the account's default pipeline, checks the keys
// derived for its stages and that the plan is empty, and that destroying it leaves it in
// HubSpot. It changes nothing in HubSpot.
func TestAccTicketPipeline_defaultPipeline(t *testing.T) {
	p, err := testAccClientOrSkip(t).GetPipeline(testCtx(t), pipelineObjectType, hubspot.DefaultTicketPipelineID)
	if err != nil {
		t.Fatal(err)
	}
	stages := sortedActiveStages(p.Stages)
	keys := deriveStageKeys(stages, nil)
	var cfg []tpStage
	for i, s := range stages {
		cfg = append(cfg, tpStage{keys[i], s.Label, s.TicketState()})
	}
	config := strings.Replace(testAccTicketPipelineConfig(p.Label, p.DisplayOrder, cfg...), `"test"`, `"default"`, 1)
	const name = "hubspot_ticket_pipeline.default"
	var checks []resource.ImportStateCheckFunc
	if testEmulator != nil {
		// The keys the documentation promises for the seeded Support Pipeline.
		for key, id := range map[string]string{"new": "1", "waiting_on_contact": "2", "waiting_on_us": "3", "closed": "4"} {
			checks = append(checks, func(s []*terraform.InstanceState) error {
				if got := s[0].Attributes["stage_ids."+key]; got != id {
					return fmt.Errorf("stage_ids[%q] = %q, want %q", key, got, id)
				}
				return nil
			})
		}
	}
	dataOnly := `data "hubspot_ticket_pipelines" "all" {}` + "\n"

	// Not parallel: hubspot_ticket_pipeline_stage tests add stages to this pipeline, and a
	// sequential test runs while no parallel test does.
	testAccSerial(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			_, err := testAccClient(t).GetPipeline(testCtx(t), pipelineObjectType, hubspot.DefaultTicketPipelineID)
			return err
		},
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       name,
				ImportState:        true,
				ImportStateId:      hubspot.DefaultTicketPipelineID,
				ImportStatePersist: true,
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if len(s) != 1 || s[0].ID != "0" || s[0].Attributes["stages.#"] != strconv.Itoa(len(stages)) {
						return fmt.Errorf("imported %+v", s)
					}
					for _, c := range checks {
						if err := c(s); err != nil {
							return err
						}
					}
					return nil
				},
			},
			{
				// A configuration written with the documented keys plans no change.
				Config:   config,
				PlanOnly: true,
			},
			{
				// Destroyed: HubSpot keeps its default pipeline, so the resource only leaves the state.
				Config:           dataOnly,
				ConfigPlanChecks: expectAction(name, plancheck.ResourceActionDestroy),
				ConfigStateChecks: []statecheck.StateCheck{stateCheck(func(ctx context.Context, _ *tfjson.State) error {
					p, err := testAccClient(t).GetPipeline(ctx, pipelineObjectType, hubspot.DefaultTicketPipelineID)
					if err != nil {
						return err
					}
					if got := len(sortedActiveStages(p.Stages)); got != len(stages) {
						return fmt.Errorf("the default pipeline has %d stages after the destroy, had %d", got, len(stages))
					}
					return nil
				})},
			},
		},
	})
}

// testAccClientOrSkip is testAccClient for tests that need the API before the test case runs.
func testAccClientOrSkip(t *testing.T) *hubspot.Client {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests skipped unless env 'TF_ACC' set")
	}
	return testAccClient(t)
}

func TestDeriveStageKeys(t *testing.T) {
	stages := []hubspot.PipelineStage{
		{ID: "11", Label: "Waiting on us"}, {ID: "12", Label: "  Done!  "}, {ID: "13", Label: "done"},
		{ID: "14", Label: "¿¡!"}, {ID: "15", Label: "Kept"}, {ID: "16", Label: "Ünïcode Stage 2"},
	}
	got := deriveStageKeys(stages, map[string]string{"15": "my-key"})
	want := []string{"waiting_on_us", "done", "done_13", "14", "my-key", "n_code_stage_2"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("keys = %q, want %q", got, want)
		}
		if !stageKeyPattern.MatchString(got[i]) {
			t.Fatalf("derived key %q is not a valid key", got[i])
		}
	}
}
