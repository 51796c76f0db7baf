package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
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
	addSweeper("hubspot_ticket_pipeline", func(ctx context.Context, c *hubspot.Client) error {
		list, err := c.ListPipelines(ctx, pipelineObjectType)
		if err != nil {
			return err
		}
		var errs []error
		for _, p := range list {
			if strings.HasPrefix(p.Label, testNamePrefix) {
				errs = append(errs, c.DeletePipeline(ctx, pipelineObjectType, p.ID, hubspot.DeleteOptions{}))
			}
		}
		return errors.Join(errs...)
	})
}

// tpStage is one stage of a test configuration.
type tpStage struct{ key, label, state string }

func testAccTicketPipelineConfig(label string, displayOrder int, stages ...tpStage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"hubspot_ticket_pipeline\" \"test\" {\n  label         = %q\n  display_order = %d\n  stages = [\n", label, displayOrder)
	for _, s := range stages {
		fmt.Fprintf(&b, "    { key = %q, label = %q, ticket_state = %q },\n", s.key, s.label, s.state)
	}
	b.WriteString("  ]\n}\n")
	return b.String()
}

const testAccPipelineName = "hubspot_ticket_pipeline.test"

// testAccStateStageIDs returns the stage ids by key of a hubspot_ticket_pipeline in state, in
// the order of its stages, and checks that stage_ids says the same.
func testAccStateStageIDs(s *tfjson.State) (map[string]string, []string, error) {
	const name = testAccPipelineName
	a, err := stateAttributes(s, name)
	if err != nil {
		return nil, nil, err
	}
	stages, _ := a["stages"].([]any)
	stageIDs, _ := a["stage_ids"].(map[string]any)
	ids := map[string]string{}
	keys := make([]string, len(stages))
	for i, el := range stages {
		st, _ := el.(map[string]any)
		key, _ := st["key"].(string)
		id, _ := st["id"].(string)
		if id == "" {
			return nil, nil, fmt.Errorf("%s: stage %q has no id", name, key)
		}
		if got := stageIDs[key]; got != id {
			return nil, nil, fmt.Errorf("%s: stage_ids[%q] = %v, stages[%d].id = %q", name, key, got, i, id)
		}
		ids[key], keys[i] = id, key
	}
	if len(stageIDs) != len(stages) {
		return nil, nil, fmt.Errorf("%s: stage_ids has %d entries, stages %d", name, len(stageIDs), len(stages))
	}
	return ids, keys, nil
}

// testAccCaptureStageIDs records the stage ids by key into ids, for a later step to compare.
func testAccCaptureStageIDs(ids map[string]string) stateCheck {
	return func(_ context.Context, s *tfjson.State) error {
		got, _, err := testAccStateStageIDs(s)
		if err != nil {
			return err
		}
		clear(ids)
		for k, v := range got {
			ids[k] = v
		}
		return nil
	}
}

// testAccCheckStageIDs compares the stage ids with those captured by the previous step: the
// stages with keys in kept still have their ids, those in fresh have ids no stage had before.
func testAccCheckStageIDs(before map[string]string, kept, fresh []string) stateCheck {
	return func(_ context.Context, s *tfjson.State) error {
		const name = testAccPipelineName
		now, _, err := testAccStateStageIDs(s)
		if err != nil {
			return err
		}
		if len(now) != len(kept)+len(fresh) {
			return fmt.Errorf("%s has stages %v, want keys %v and %v", name, now, kept, fresh)
		}
		for _, k := range kept {
			if before[k] == "" || now[k] != before[k] {
				return fmt.Errorf("stage %q: id %q, before %q; the stage should have kept its id", k, now[k], before[k])
			}
		}
		old := map[string]bool{}
		for _, id := range before {
			old[id] = true
		}
		for _, k := range fresh {
			if now[k] == "" || old[now[k]] {
				return fmt.Errorf("stage %q: id %q should be a new stage's (ids before: %v)", k, now[k], before)
			}
		}
		return nil
	}
}

// testAccCheckPipelineInHubSpot asks HubSpot for the pipeline and compares its label and stages
// (order, labels, states and ids) with the state and the expectation.
func testAccCheckPipelineInHubSpot(t *testing.T, label string, stages ...tpStage) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		ids, keys, err := testAccStateStageIDs(s)
		if err != nil {
			return err
		}
		id, err := stateString(s, testAccPipelineName, "id")
		if err != nil {
			return err
		}
		p, err := testAccClient(t).GetPipeline(ctx, pipelineObjectType, id)
		if err != nil {
			return err
		}
		if p.Label != label {
			return fmt.Errorf("HubSpot pipeline label %q, want %q", p.Label, label)
		}
		got := sortedActiveStages(p.Stages)
		if len(got) != len(stages) || len(keys) != len(stages) {
			return fmt.Errorf("HubSpot has %d stages, state %d, want %d: %+v", len(got), len(keys), len(stages), got)
		}
		for i, w := range stages {
			g := got[i]
			if g.Label != w.label || g.TicketState() != w.state || keys[i] != w.key || g.ID != ids[w.key] {
				return fmt.Errorf("stage %d in HubSpot: id %s %q %s; state: key %q id %s; want key %q %q %s",
					i, g.ID, g.Label, g.TicketState(), keys[i], ids[keys[i]], w.key, w.label, w.state)
			}
		}
		return nil
	}
}

// testAccCheckStageGone checks that HubSpot no longer has the stage captured under key.
func testAccCheckStageGone(t *testing.T, before map[string]string, key string) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		id, err := stateString(s, testAccPipelineName, "id")
		if err != nil {
			return err
		}
		_, err = testAccClient(t).GetPipelineStage(ctx, pipelineObjectType, id, before[key])
		if !hubspot.IsNotFound(err) {
			return fmt.Errorf("stage %q (id %s) should be gone from HubSpot, got %v", key, before[key], err)
		}
		return nil
	}
}

func testAccCheckTicketPipelineDestroy(t *testing.T) resource.TestCheckFunc {
	return testAccCheckGone(map[string]func(*terraform.ResourceState) error{
		"hubspot_ticket_pipeline": func(rs *terraform.ResourceState) error {
			_, err := testAccClient(t).GetPipeline(testCtx(t), pipelineObjectType, rs.Primary.ID)
			return err
		},
	})
}

// errorRE matches an error output containing each literal part in turn, allowing Terraform to
// have wrapped their words onto several lines.
func errorRE(parts ...string) *regexp.Regexp {
	for i, p := range parts {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

func stageIDPath(i int) tfjsonpath.Path {
	return tfjsonpath.New("stages").AtSliceIndex(i).AtMapKey("id")
}

// stageEdit is one step of TestAccTicketPipeline_stageEdits: the pipeline applied with stages,
// after which the stages of kept keep their ids, those of added have new ones, and gone's
// stage is deleted in HubSpot.
type stageEdit struct {
	stages      []tpStage
	kept, added []string
	gone        string
	plan        []plancheck.PlanCheck
}

func (e stageEdit) step(t *testing.T, label string, ids map[string]string) resource.TestStep {
	checks := []statecheck.StateCheck{testAccCheckStageIDs(ids, e.kept, e.added)}
	if e.gone != "" {
		checks = append(checks, testAccCheckStageGone(t, ids, e.gone))
	}
	checks = append(checks, testAccCheckPipelineInHubSpot(t, label, e.stages...), testAccCaptureStageIDs(ids))
	step := resource.TestStep{Config: testAccTicketPipelineConfig(label, 3, e.stages...), ConfigStateChecks: checks}
	if len(e.plan) > 0 {
		step.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: e.plan}
	}
	return step
}

// TestAccTicketPipeline_stageEdits walks a pipeline through every kind of stage edit and checks
// after each that every kept stage kept its HubSpot id.
func TestAccTicketPipeline_stageEdits(t *testing.T) {
	label := testName()
	ids := map[string]string{}
	var (
		newS      = tpStage{"new", "New", "OPEN"}
		work      = tpStage{"work", "Working", "OPEN"}
		done      = tpStage{"done", "Done", "CLOSED"}
		triage    = tpStage{"triage", "Triage", "OPEN"}
		spare     = tpStage{"spare", "Spare", "OPEN"}
		escalated = tpStage{"escalated", "Escalated", "OPEN"}
	)
	workRenamed := tpStage{"work", "In progress", "OPEN"}
	// Step 7 rotates three labels (and two states) among kept stages in one apply.
	rotTriage := tpStage{"triage", "Working", "OPEN"}
	rotDone := tpStage{"done", "Triage", "OPEN"}
	rotWork := tpStage{"work", "Done", "CLOSED"}
	// The last configuration uses the keys an import derives from the labels.
	finalWork := tpStage{"work", "Work", "OPEN"}

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			testAccPipelineCreatedStep(t, label, ids, newS, work, done),
			// Rename a stage: an update in place, its id known in the plan.
			stageEdit{
				stages: []tpStage{newS, workRenamed, done}, kept: []string{"new", "work", "done"},
				plan: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(1), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stage_ids").AtMapKey("work"), knownvalue.NotNull()),
				},
			}.step(t, label, ids),
			// Reorder.
			stageEdit{stages: []tpStage{done, newS, workRenamed}, kept: []string{"new", "work", "done"}}.step(t, label, ids),
			// Insert at the front: only the new stage's id is unknown.
			stageEdit{
				stages: []tpStage{triage, done, newS, workRenamed}, kept: []string{"new", "work", "done"}, added: []string{"triage"},
				plan: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(0)),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(1), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(3), knownvalue.NotNull()),
				},
			}.step(t, label, ids),
			// Remove a stage.
			stageEdit{stages: []tpStage{triage, done, workRenamed}, kept: []string{"triage", "work", "done"}, gone: "new"}.step(t, label, ids),
			// Rename and move one stage in the same apply, and add another.
			stageEdit{stages: []tpStage{work, triage, done, spare}, kept: []string{"triage", "work", "done"}, added: []string{"spare"}}.step(t, label, ids),
			// Everything at once: three stages rotate their labels (each takes a label another
			// holds), two change state, one is removed, one is inserted, the order changes.
			stageEdit{
				stages: []tpStage{rotTriage, escalated, rotDone, rotWork}, kept: []string{"triage", "work", "done"}, added: []string{"escalated"}, gone: "spare",
				plan: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(0), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(1)),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(2), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(3), knownvalue.NotNull()),
				},
			}.step(t, label, ids),
			{
				// Labels back along the chain, with the pipeline renamed and moved too.
				Config: testAccTicketPipelineConfig(label+"-renamed", 5, finalWork, triage, done, escalated),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCheckStageIDs(ids, []string{"triage", "work", "done", "escalated"}, nil),
					testAccCheckPipelineInHubSpot(t, label+"-renamed", finalWork, triage, done, escalated),
					statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("display_order"), knownvalue.Int64Exact(5)),
				},
			},
			importStep(testAccPipelineName),
		},
	})
}

// testAccPipelineCreatedStep creates the pipeline with three stages, the last one closed, and
// records the stages' ids in ids.
func testAccPipelineCreatedStep(t *testing.T, label string, ids map[string]string, newS, work, done tpStage) resource.TestStep {
	return resource.TestStep{
		Config: testAccTicketPipelineConfig(label, 3, newS, work, done),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionCreate),
			plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(0)),
			plancheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stages").AtSliceIndex(2).AtMapKey("key"), knownvalue.StringExact("done")),
		}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("id"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("label"), knownvalue.StringExact(label)),
			statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("display_order"), knownvalue.Int64Exact(3)),
			statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stages"), knownvalue.ListSizeExact(3)),
			statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stages").AtSliceIndex(2).AtMapKey("ticket_state"), knownvalue.StringExact("CLOSED")),
			statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stage_ids"), knownvalue.MapSizeExact(3)),
			testAccCheckPipelineInHubSpot(t, label, newS, work, done),
			testAccCaptureStageIDs(ids),
		},
	}
}

// TestAccTicketPipeline_outsideChanges changes and deletes the pipeline and its stages behind
// Terraform's back.
func TestAccTicketPipeline_outsideChanges(t *testing.T) {
	label := testName()
	ids := map[string]string{}
	var pipelineID string
	stages := []tpStage{{"a", "Alpha", "OPEN"}, {"b", "Beta", "OPEN"}, {"c", "Gamma", "CLOSED"}}
	config := testAccTicketPipelineConfig(label, 0, stages...)
	capturePipelineID := captureString(testAccPipelineName, "id", &pipelineID)

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{testAccCaptureStageIDs(ids), capturePipelineID},
			},
			{
				// A stage deleted outside Terraform is created again; the others are untouched.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.DeletePipelineStage(ctx, pipelineObjectType, pipelineID, ids["b"], hubspot.DeleteOptions{ValidateReferences: true})
				}),
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(0), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(1)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCheckStageIDs(ids, []string{"a", "c"}, []string{"b"}),
					testAccCheckPipelineInHubSpot(t, label, stages...),
					testAccCaptureStageIDs(ids),
				},
			},
			{
				// A stage added, a stage renamed and the pipeline renamed outside Terraform: the
				// added stage is removed, the rest is put back.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					if _, err := c.CreatePipelineStage(ctx, pipelineObjectType, pipelineID, hubspot.PipelineStageInput{
						Label: "Rogue", DisplayOrder: 1, Metadata: map[string]string{hubspot.MetadataTicketState: "OPEN"},
					}); err != nil {
						return err
					}
					l := "Alpha (edited)"
					if _, err := c.UpdatePipelineStage(ctx, pipelineObjectType, pipelineID, ids["a"], hubspot.PipelineStagePatch{Label: &l}); err != nil {
						return err
					}
					pl := label + "-edited"
					_, err := c.UpdatePipeline(ctx, pipelineObjectType, pipelineID, hubspot.PipelinePatch{Label: &pl}, hubspot.DeleteOptions{})
					return err
				}),
				Config:           config,
				ConfigPlanChecks: expectAction(testAccPipelineName, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCheckStageIDs(ids, []string{"a", "b", "c"}, nil),
					testAccCheckPipelineInHubSpot(t, label, stages...),
				},
			},
			{
				// The pipeline deleted outside Terraform is created again.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.DeletePipeline(ctx, pipelineObjectType, pipelineID, hubspot.DeleteOptions{ValidateReferences: true})
				}),
				Config:           config,
				ConfigPlanChecks: expectAction(testAccPipelineName, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("id"), knownvalue.StringFunc(func(id string) error {
						if id == pipelineID {
							return fmt.Errorf("pipeline id %s did not change", id)
						}
						return nil
					})),
					testAccCheckPipelineInHubSpot(t, label, stages...),
				},
			},
		},
	})
}

// TestAccTicketPipeline_ticketInStage checks that HubSpot's reference check stops the removal of
// a stage, and the destruction of a pipeline, that a ticket is in.
func TestAccTicketPipeline_ticketInStage(t *testing.T) {
	label := testName()
	ids := map[string]string{}
	var pipelineID, ticketID string
	open, closed := tpStage{"open", "Open", "OPEN"}, tpStage{"closed", "Closed", "CLOSED"}
	archiveTicket := func() error {
		if ticketID == "" {
			return nil
		}
		err := testAccClient(t).ArchiveObject(testCtx(t), hubspot.TicketObjectType, ticketID)
		if err != nil && !hubspot.IsNotFound(err) {
			return err
		}
		return nil
	}
	t.Cleanup(func() {
		if err := archiveTicket(); err != nil {
			t.Errorf("archiving ticket %s: %v", ticketID, err)
		}
	})

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 0, open, closed),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCaptureStageIDs(ids),
					captureString(testAccPipelineName, "id", &pipelineID),
				},
			},
			{
				PreConfig: func() {
					tk, err := testAccClient(t).CreateObject(testCtx(t), hubspot.TicketObjectType, hubspot.TicketInput{Properties: map[string]string{
						hubspot.TicketPropSubject: testName(), hubspot.TicketPropPipeline: pipelineID, hubspot.TicketPropStage: ids["open"],
					}})
					if err != nil {
						t.Fatal(err)
					}
					ticketID = tk.ID
				},
				Config:      testAccTicketPipelineConfig(label, 0, closed),
				ExpectError: errorRE(`refused to delete stage "Open"`, `1 ticket is still in it`, `Move the tickets to another stage`),
			},
			{
				// The refused removal left the pipeline as it was.
				Config:   testAccTicketPipelineConfig(label, 0, open, closed),
				PlanOnly: true,
			},
			{
				Config:      testAccTicketPipelineConfig(label, 0, open, closed),
				Destroy:     true,
				ExpectError: errorRE(`refused to delete ticket pipeline`, `Move the tickets to another pipeline`),
			},
			{
				PreConfig: func() {
					if err := archiveTicket(); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccTicketPipelineConfig(label, 0, closed),
				ConfigStateChecks: []statecheck.StateCheck{
					testAccCheckStageIDs(ids, []string{"closed"}, nil),
					testAccCheckStageGone(t, ids, "open"),
					testAccCheckPipelineInHubSpot(t, label, closed),
				},
			},
		},
	})
}

// TestAccTicketPipeline_validation covers the errors reported when planning.
func TestAccTicketPipeline_validation(t *testing.T) {
	label := testName()
	a, b := tpStage{"a", "Alpha", "OPEN"}, tpStage{"b", "Beta", "CLOSED"}
	invalid := []struct {
		config string
		err    string
	}{
		{testAccTicketPipelineConfig(label, 0), `stages list must contain at least 1 elements`},
		{testAccTicketPipelineConfig(label, 0, a, tpStage{"a", "Other", "OPEN"}), `Duplicate stage key`},
		{testAccTicketPipelineConfig(label, 0, a, tpStage{"c", "ALPHA", "OPEN"}), `Duplicate stage label`},
		{testAccTicketPipelineConfig(label, 0, tpStage{"c", "", "OPEN"}), `stages[0].label must not be empty`},
		{testAccTicketPipelineConfig(label, 0, tpStage{"c", " Padded", "OPEN"}), `must not begin or end with whitespace`},
		{testAccTicketPipelineConfig(label, 0, tpStage{"c", "Gamma", "PENDING"}), `stages[0].ticket_state value must be one of`},
		{testAccTicketPipelineConfig(label, 0, tpStage{"bad key!", "Gamma", "OPEN"}), `must contain only letters, digits`},
		{testAccTicketPipelineConfig("", 0, a), `label must not be empty`},
	}
	var steps []resource.TestStep
	for _, c := range invalid {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: errorRE(c.err)})
	}
	ids := map[string]string{}
	c := tpStage{"c", "Beta", "CLOSED"}
	steps = append(steps,
		resource.TestStep{Config: testAccTicketPipelineConfig(label, 0, a, b), ConfigStateChecks: []statecheck.StateCheck{testAccCaptureStageIDs(ids)}},
		// A new key with the label of a stage the plan would drop is that stage under a new
		// key: it keeps its id (and its tickets), and only the state's key changes.
		resource.TestStep{
			Config:           testAccTicketPipelineConfig(label, 0, a, c),
			ConfigPlanChecks: expectAction(testAccPipelineName, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{stateCheck(func(_ context.Context, s *tfjson.State) error {
				now, _, err := testAccStateStageIDs(s)
				if err != nil {
					return err
				}
				if now["c"] == "" || now["c"] != ids["b"] || now["a"] != ids["a"] || len(now) != 2 {
					return fmt.Errorf("stage ids %v, want c to keep b's id (before: %v)", now, ids)
				}
				return nil
			}), testAccCheckPipelineInHubSpot(t, label, a, c)},
		},
		// The last configuration is also the one the test's final destroy plans with.
		resource.TestStep{Config: testAccTicketPipelineConfig(label, 0, a, c), PlanOnly: true},
	)
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketPipelineDestroy(t),
		Steps:        steps,
	})
}
