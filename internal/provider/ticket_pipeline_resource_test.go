package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func init() {
	resource.AddTestSweepers("hubspot_ticket_pipeline", &resource.Sweeper{
		Name: "hubspot_ticket_pipeline",
		F: func(string) error {
			c, err := pipelineSweeperClient()
			if err != nil {
				return err
			}
			ctx := context.Background()
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
		},
	})
}

// pipelineSweeperClient is a client for the portal the sweepers clean, from the environment
// the acceptance tests use.
func pipelineSweeperClient() (*hubspot.Client, error) {
	if os.Getenv(EnvAccessToken) == "" {
		return nil, errors.New(EnvAccessToken + " must be set to sweep")
	}
	return hubspot.New(hubspot.Config{
		BaseURL:     os.Getenv(EnvBaseURL),
		AccessToken: os.Getenv(EnvAccessToken),
		UserAgent:   "terraform-provider-hubspot-sweeper",
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

// testAccStateStageIDs returns the stage ids by key of a hubspot_ticket_pipeline in state, and
// checks that stage_ids says the same.
func testAccStateStageIDs(s *terraform.State) (map[string]string, []string, error) {
	const name = testAccPipelineName
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return nil, nil, fmt.Errorf("%s not in state", name)
	}
	a := rs.Primary.Attributes
	n, err := strconv.Atoi(a["stages.#"])
	if err != nil {
		return nil, nil, fmt.Errorf("%s: stages.# = %q", name, a["stages.#"])
	}
	ids := map[string]string{}
	keys := make([]string, n)
	for i := range n {
		key, id := a[fmt.Sprintf("stages.%d.key", i)], a[fmt.Sprintf("stages.%d.id", i)]
		if id == "" {
			return nil, nil, fmt.Errorf("%s: stage %q has no id", name, key)
		}
		if got := a["stage_ids."+key]; got != id {
			return nil, nil, fmt.Errorf("%s: stage_ids[%q] = %q, stages[%d].id = %q", name, key, got, i, id)
		}
		ids[key], keys[i] = id, key
	}
	if a["stage_ids.%"] != strconv.Itoa(n) {
		return nil, nil, fmt.Errorf("%s: stage_ids has %s entries, stages %d", name, a["stage_ids.%"], n)
	}
	return ids, keys, nil
}

// testAccCaptureStageIDs records the stage ids by key into ids, for a later step to compare.
func testAccCaptureStageIDs(ids map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
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
func testAccCheckStageIDs(before map[string]string, kept, fresh []string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
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
func testAccCheckPipelineInHubSpot(t *testing.T, label string, stages ...tpStage) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		const name = testAccPipelineName
		ids, keys, err := testAccStateStageIDs(s)
		if err != nil {
			return err
		}
		p, err := testAccClient(t).GetPipeline(testCtx(t), pipelineObjectType, s.RootModule().Resources[name].Primary.ID)
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
func testAccCheckStageGone(t *testing.T, before map[string]string, key string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		const name = testAccPipelineName
		id := s.RootModule().Resources[name].Primary.ID
		_, err := testAccClient(t).GetPipelineStage(testCtx(t), pipelineObjectType, id, before[key])
		if !hubspot.IsNotFound(err) {
			return fmt.Errorf("stage %q (id %s) should be gone from HubSpot, got %v", key, before[key], err)
		}
		return nil
	}
}

func testAccCheckTicketPipelineDestroy(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "hubspot_ticket_pipeline" || strings.HasPrefix(name, "data.") {
				continue
			}
			_, err := testAccClient(t).GetPipeline(testCtx(t), pipelineObjectType, rs.Primary.ID)
			if err == nil {
				return fmt.Errorf("ticket pipeline %s still exists", rs.Primary.ID)
			}
			if !hubspot.IsNotFound(err) {
				return err
			}
		}
		return nil
	}
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

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 3, newS, work, done),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(0)),
					plancheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stages").AtSliceIndex(2).AtMapKey("key"), knownvalue.StringExact("done")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrSet(testAccPipelineName, "id"),
					resource.TestCheckResourceAttr(testAccPipelineName, "label", label),
					resource.TestCheckResourceAttr(testAccPipelineName, "display_order", "3"),
					resource.TestCheckResourceAttr(testAccPipelineName, "stages.#", "3"),
					resource.TestCheckResourceAttr(testAccPipelineName, "stages.2.ticket_state", "CLOSED"),
					resource.TestCheckResourceAttr(testAccPipelineName, "stage_ids.%", "3"),
					testAccCheckPipelineInHubSpot(t, label, newS, work, done),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Rename a stage: an update in place, its id known in the plan.
				Config: testAccTicketPipelineConfig(label, 3, newS, workRenamed, done),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(1), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(testAccPipelineName, tfjsonpath.New("stage_ids").AtMapKey("work"), knownvalue.NotNull()),
				}},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"new", "work", "done"}, nil),
					testAccCheckPipelineInHubSpot(t, label, newS, workRenamed, done),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Reorder.
				Config: testAccTicketPipelineConfig(label, 3, done, newS, workRenamed),
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"new", "work", "done"}, nil),
					testAccCheckPipelineInHubSpot(t, label, done, newS, workRenamed),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Insert at the front: only the new stage's id is unknown.
				Config: testAccTicketPipelineConfig(label, 3, triage, done, newS, workRenamed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(0)),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(1), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(3), knownvalue.NotNull()),
				}},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"new", "work", "done"}, []string{"triage"}),
					testAccCheckPipelineInHubSpot(t, label, triage, done, newS, workRenamed),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Remove a stage.
				Config: testAccTicketPipelineConfig(label, 3, triage, done, workRenamed),
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"triage", "work", "done"}, nil),
					testAccCheckStageGone(t, ids, "new"),
					testAccCheckPipelineInHubSpot(t, label, triage, done, workRenamed),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Rename and move one stage in the same apply, and add another.
				Config: testAccTicketPipelineConfig(label, 3, work, triage, done, spare),
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"triage", "work", "done"}, []string{"spare"}),
					testAccCheckPipelineInHubSpot(t, label, work, triage, done, spare),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Everything at once: three stages rotate their labels (each takes a label another
				// holds), two change state, one is removed, one is inserted, the order changes.
				Config: testAccTicketPipelineConfig(label, 3, rotTriage, escalated, rotDone, rotWork),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(0), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(1)),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(2), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(3), knownvalue.NotNull()),
				}},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"triage", "work", "done"}, []string{"escalated"}),
					testAccCheckStageGone(t, ids, "spare"),
					testAccCheckPipelineInHubSpot(t, label, rotTriage, escalated, rotDone, rotWork),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// Labels back along the chain, with the pipeline renamed and moved too.
				Config: testAccTicketPipelineConfig(label+"-renamed", 5, finalWork, triage, done, escalated),
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"triage", "work", "done", "escalated"}, nil),
					testAccCheckPipelineInHubSpot(t, label+"-renamed", finalWork, triage, done, escalated),
					resource.TestCheckResourceAttr(testAccPipelineName, "display_order", "5"),
				),
			},
			{
				ResourceName:      testAccPipelineName,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccTicketPipeline_outsideChanges changes and deletes the pipeline and its stages behind
// Terraform's back.
func TestAccTicketPipeline_outsideChanges(t *testing.T) {
	label := testName()
	ids := map[string]string{}
	var pipelineID string
	stages := []tpStage{{"a", "Alpha", "OPEN"}, {"b", "Beta", "OPEN"}, {"c", "Gamma", "CLOSED"}}
	config := testAccTicketPipelineConfig(label, 0, stages...)
	capturePipelineID := func(s *terraform.State) error {
		pipelineID = s.RootModule().Resources[testAccPipelineName].Primary.ID
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  resource.ComposeTestCheckFunc(testAccCaptureStageIDs(ids), capturePipelineID),
			},
			{
				// A stage deleted outside Terraform is created again; the others are untouched.
				PreConfig: func() {
					err := testAccClient(t).DeletePipelineStage(testCtx(t), pipelineObjectType, pipelineID, ids["b"], hubspot.DeleteOptions{ValidateReferences: true})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccPipelineName, stageIDPath(0), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue(testAccPipelineName, stageIDPath(1)),
				}},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"a", "c"}, []string{"b"}),
					testAccCheckPipelineInHubSpot(t, label, stages...),
					testAccCaptureStageIDs(ids),
				),
			},
			{
				// A stage added, a stage renamed and the pipeline renamed outside Terraform: the
				// added stage is removed, the rest is put back.
				PreConfig: func() {
					c, ctx := testAccClient(t), testCtx(t)
					if _, err := c.CreatePipelineStage(ctx, pipelineObjectType, pipelineID, hubspot.PipelineStageInput{
						Label: "Rogue", DisplayOrder: 1, Metadata: map[string]string{hubspot.MetadataTicketState: "OPEN"},
					}); err != nil {
						t.Fatal(err)
					}
					l := "Alpha (edited)"
					if _, err := c.UpdatePipelineStage(ctx, pipelineObjectType, pipelineID, ids["a"], hubspot.PipelineStagePatch{Label: &l}); err != nil {
						t.Fatal(err)
					}
					pl := label + "-edited"
					if _, err := c.UpdatePipeline(ctx, pipelineObjectType, pipelineID, hubspot.PipelinePatch{Label: &pl}, hubspot.DeleteOptions{}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"a", "b", "c"}, nil),
					testAccCheckPipelineInHubSpot(t, label, stages...),
				),
			},
			{
				// The pipeline deleted outside Terraform is created again.
				PreConfig: func() {
					if err := testAccClient(t).DeletePipeline(testCtx(t), pipelineObjectType, pipelineID, hubspot.DeleteOptions{ValidateReferences: true}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccPipelineName, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						if id := s.RootModule().Resources[testAccPipelineName].Primary.ID; id == pipelineID {
							return fmt.Errorf("pipeline id %s did not change", id)
						}
						return nil
					},
					testAccCheckPipelineInHubSpot(t, label, stages...),
				),
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
		err := testAccClient(t).ArchiveTicket(testCtx(t), ticketID)
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

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccTicketPipelineConfig(label, 0, open, closed),
				Check: resource.ComposeTestCheckFunc(
					testAccCaptureStageIDs(ids),
					func(s *terraform.State) error {
						pipelineID = s.RootModule().Resources[testAccPipelineName].Primary.ID
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					tk, err := testAccClient(t).CreateTicket(testCtx(t), hubspot.TicketInput{Properties: map[string]string{
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
				Check: resource.ComposeTestCheckFunc(
					testAccCheckStageIDs(ids, []string{"closed"}, nil),
					testAccCheckStageGone(t, ids, "open"),
					testAccCheckPipelineInHubSpot(t, label, closed),
				),
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
		{testAccTicketPipelineConfig(label, 0, tpStage{"c", " Padded", "OPEN"}), `must not start or end with whitespace`},
		{testAccTicketPipelineConfig(label, 0, tpStage{"c", "Gamma", "PENDING"}), `stages[0].ticket_state value must be one of`},
		{testAccTicketPipelineConfig(label, 0, tpStage{"bad key!", "Gamma", "OPEN"}), `must contain only letters, digits`},
		{testAccTicketPipelineConfig("", 0, a), `label must not be empty`},
	}
	var steps []resource.TestStep
	for _, c := range invalid {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: errorRE(c.err)})
	}
	steps = append(steps,
		resource.TestStep{Config: testAccTicketPipelineConfig(label, 0, a, b)},
		// A new key with the label of a stage that is being removed could be either stage.
		resource.TestStep{
			Config:      testAccTicketPipelineConfig(label, 0, a, tpStage{"c", "Beta", "CLOSED"}),
			PlanOnly:    true,
			ExpectError: errorRE(`Ambiguous stage identity`, `set its key back to "b"`),
		},
		// The last configuration is also the one the test's final destroy plans with.
		resource.TestStep{Config: testAccTicketPipelineConfig(label, 0, a, b), PlanOnly: true},
	)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckTicketPipelineDestroy(t),
		Steps:                    steps,
	})
}

// TestAccTicketPipeline_defaultPipeline imports the account's default pipeline, checks the keys
// derived for its stages and that the plan is empty, and that destroying it is refused when
// planning. It changes nothing in HubSpot.
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
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
				Config: dataOnly,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, plancheck.ResourceActionDestroy)},
				},
				Check: testAccCheckPipelineKept(t, len(stages)),
			},
		},
	})
}

// testAccCheckPipelineKept checks that the default pipeline is still in HubSpot with its stages.
func testAccCheckPipelineKept(t *testing.T, stages int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p, err := testAccClient(t).GetPipeline(testCtx(t), pipelineObjectType, hubspot.DefaultTicketPipelineID)
		if err != nil {
			return err
		}
		if got := len(sortedActiveStages(p.Stages)); got != stages {
			return fmt.Errorf("the default pipeline has %d stages after the destroy, had %d", got, stages)
		}
		return nil
	}
}

// testAccClientOrSkip is testAccClient for tests that need the API before the test case runs.
func testAccClientOrSkip(t *testing.T) *hubspot.Client {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests skipped unless env 'TF_ACC' set")
	}
	return testAccClient(t)
}

func TestPlanStageOps(t *testing.T) {
	st := func(id, label string, order int, state string) hubspot.PipelineStage {
		return hubspot.PipelineStage{ID: id, Label: label, DisplayOrder: order, Metadata: map[string]string{"ticketState": state}}
	}
	cases := []struct {
		name    string
		current []hubspot.PipelineStage
		desired []desiredStage
		calls   int
	}{
		{"no change", []hubspot.PipelineStage{st("1", "A", 0, "OPEN")}, []desiredStage{{"a", "1", "A", "OPEN"}}, 0},
		{"swap labels", []hubspot.PipelineStage{st("1", "A", 0, "OPEN"), st("2", "B", 1, "OPEN")},
			[]desiredStage{{"a", "1", "B", "OPEN"}, {"b", "2", "A", "OPEN"}}, 3},
		{"rotate three", []hubspot.PipelineStage{st("1", "A", 0, "OPEN"), st("2", "B", 1, "OPEN"), st("3", "C", 2, "OPEN")},
			[]desiredStage{{"a", "1", "B", "OPEN"}, {"b", "2", "C", "OPEN"}, {"c", "3", "A", "OPEN"}}, 4},
		{"case only", []hubspot.PipelineStage{st("1", "done", 0, "OPEN")}, []desiredStage{{"a", "1", "Done", "OPEN"}}, 1},
		{"rename into a removed stage's label", []hubspot.PipelineStage{st("1", "A", 0, "OPEN"), st("2", "B", 1, "OPEN")},
			[]desiredStage{{"b", "2", "A", "OPEN"}}, 2},
		{"new stage takes a label a kept stage gives up", []hubspot.PipelineStage{st("1", "A", 0, "OPEN")},
			[]desiredStage{{"n", "", "A", "OPEN"}, {"a", "1", "Z", "CLOSED"}}, 2},
		{"replace every stage", []hubspot.PipelineStage{st("1", "A", 0, "OPEN"), st("2", "B", 1, "OPEN")},
			[]desiredStage{{"x", "", "X", "OPEN"}, {"y", "", "Y", "CLOSED"}}, 4},
		{"move and state", []hubspot.PipelineStage{st("1", "A", 0, "OPEN"), st("2", "B", 1, "OPEN")},
			[]desiredStage{{"b", "2", "B", "CLOSED"}, {"a", "1", "A", "OPEN"}}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ops, err := planStageOps(c.current, c.desired)
			if err != nil {
				t.Fatal(err)
			}
			if len(ops) != c.calls {
				t.Fatalf("%d calls, want %d: %+v", len(ops), c.calls, ops)
			}
			// Play the calls against a model of the pipeline, checking HubSpot's rules after each.
			type stage struct {
				label, state string
				order        int
			}
			pipe := map[string]*stage{}
			for _, s := range c.current {
				pipe[s.ID] = &stage{s.Label, s.TicketState(), s.DisplayOrder}
			}
			created := map[string]string{}
			for i, op := range ops {
				switch op.kind {
				case stageOpDelete:
					delete(pipe, op.id)
				case stageOpUpdate:
					if pipe[op.id] == nil {
						t.Fatalf("call %d updates missing stage %s", i, op.id)
					}
					*pipe[op.id] = stage{op.label, op.ticketState, op.displayOrder}
				case stageOpCreate:
					id := fmt.Sprintf("new-%d", i)
					pipe[id] = &stage{op.label, op.ticketState, op.displayOrder}
					created[op.key] = id
				}
				if len(pipe) == 0 {
					t.Fatalf("after call %d (%+v) the pipeline has no stage", i, op)
				}
				seen := map[string]bool{}
				for _, s := range pipe {
					if seen[pipelineLabelKey(s.label)] {
						t.Fatalf("after call %d (%+v) two stages are labelled %q", i, op, s.label)
					}
					seen[pipelineLabelKey(s.label)] = true
				}
			}
			if len(pipe) != len(c.desired) {
				t.Fatalf("ended with %d stages, want %d", len(pipe), len(c.desired))
			}
			for i, d := range c.desired {
				id := d.id
				if id == "" {
					id = created[d.key]
				}
				got := pipe[id]
				if got == nil || got.label != d.label || got.state != d.ticketState || got.order != i {
					t.Fatalf("stage %q ended as %+v, want %q %s at %d", d.key, got, d.label, d.ticketState, i)
				}
			}
		})
	}

	if _, err := planStageOps([]hubspot.PipelineStage{st("1", "A", 0, "OPEN")}, []desiredStage{{"a", "9", "A", "OPEN"}}); err == nil ||
		!strings.Contains(err.Error(), "no longer exists") {
		t.Fatalf("a planned stage missing from HubSpot: err = %v", err)
	}
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
