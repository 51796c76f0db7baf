package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// testAccStageWrites counts the stage writes a step sends to the pipeline under test: mark,
// in the step's PreConfig, notes how many there were before it; expect, among its state
// checks, compares what the step added with want (method and count).
type testAccStageWrites struct {
	pipelineID string
	before     int
}

func (w *testAccStageWrites) sent() []string {
	return testRequests.writes(regexp.MustCompile(`/pipelines/[^/]+/` + regexp.QuoteMeta(w.pipelineID) + `/stages(/|$)`))
}

func (w *testAccStageWrites) mark() { w.before = len(w.sent()) }

func (w *testAccStageWrites) expect(want map[string]int) stateCheck {
	return func(context.Context, *tfjson.State) error {
		step := w.sent()[w.before:]
		got := map[string]int{}
		for _, line := range step {
			method, _, _ := strings.Cut(line, " ")
			got[method]++
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("the step sent stage writes %v, want %v: %q", got, want, step)
		}
		return nil
	}
}

// TestAccTicketPipeline_stageWrites checks that stage edits send the fewest writes HubSpot
// allows: a move is one PATCH, an insert one POST, a removal one DELETE, since display orders
// need not be contiguous. It counts the requests the emulator receives, so it runs against
// the emulator only.
func TestAccTicketPipeline_stageWrites(t *testing.T) {
	if testEmulator == nil {
		t.Skip("counts the requests the test emulator receives")
	}
	label := testName()
	ids := map[string]string{}
	w := &testAccStageWrites{}
	a, b, c, d, e := tpStage{"a", "A", "OPEN"}, tpStage{"b", "B", "OPEN"}, tpStage{"c", "C", "OPEN"}, tpStage{"d", "D", "OPEN"}, tpStage{"e", "E", "CLOSED"}
	n := tpStage{"n", "N", "OPEN"}
	step := func(want map[string]int, kept, fresh []string, stages ...tpStage) resource.TestStep {
		return resource.TestStep{
			PreConfig: w.mark,
			Config:    testAccTicketPipelineConfig(label, 0, stages...),
			ConfigStateChecks: []statecheck.StateCheck{
				w.expect(want),
				testAccCheckStageIDs(ids, kept, fresh),
				testAccCheckPipelineInHubSpot(t, label, stages...),
				testAccCaptureStageIDs(ids),
			},
		}
	}
	all := []string{"a", "b", "c", "d", "e"}
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 0, a, b, c, d, e),
				ConfigStateChecks: []statecheck.StateCheck{
					captureString(testAccPipelineName, "id", &w.pipelineID),
					testAccCaptureStageIDs(ids),
				},
			},
			// The first stage to the end, then back into the middle, then the last to the front.
			step(map[string]int{"PATCH": 1}, all, nil, b, c, d, e, a),
			step(map[string]int{"PATCH": 1}, all, nil, b, c, a, d, e),
			step(map[string]int{"PATCH": 1}, all, nil, e, b, c, a, d),
			// Two neighbours swap places: one of them moves.
			step(map[string]int{"PATCH": 1}, all, nil, e, c, b, a, d),
			// An insert at the front, one in the middle, and a removal.
			step(map[string]int{"POST": 1}, all, []string{"n"}, n, e, c, b, a, d),
			step(map[string]int{"DELETE": 1}, []string{"n", "e", "c", "a", "d"}, nil, n, e, c, a, d),
			// A rename and a move of the same stage: one PATCH carries both.
			step(map[string]int{"PATCH": 1}, []string{"n", "e", "c", "a", "d"}, nil, n, c, a, tpStage{"e", "Escalated", "CLOSED"}, d),
		},
	})
}
