package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// A stage whose key the state does not know: the provider created it without hearing
// HubSpot's answer, or adopted a pipeline whose stages it named from their labels. The state
// then holds a key derived from the label ("waiting_for_review") where the configuration says
// "review". Neither a plan, an apply nor a destroy may be blocked by that.

const reviewPipelineConfig = `
resource "hubspot_ticket_pipeline" "p" {
  label = "Reviews"
  stages = [
    { key = "new", label = "New", ticket_state = "OPEN" },%s
    { key = "done", label = "Done", ticket_state = "CLOSED" },
  ]
}
`

const reviewStage = "\n    { key = \"review\", label = \"Waiting for review\", ticket_state = \"OPEN\" },"

// lostStageCreate returns the portal behind a proxy that, once armed, loses the answer to
// the next stage create and from then on fails every read of the pipelines, so that the
// provider cannot find the stage it made within the apply.
func lostStageCreate(t *testing.T, portal *privatePortal) (proxied *privatePortal, arm func()) {
	target, err := url.Parse(portal.url)
	if err != nil {
		t.Fatal(err)
	}
	var armed atomic.Bool
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stageCreate := r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/stages")
		if stageCreate && armed.CompareAndSwap(true, false) {
			// The lost answer's 504 passes through; the GETs fail from now on.
			err := portal.em.SetFaults(emulator.Faults{Seed: 3, Rules: []emulator.FaultRule{
				{Kind: emulator.FaultLostAnswer, Probability: 1, Method: "POST", Max: 1, Status: 504},
				{Kind: emulator.FaultServerError, Probability: 1, Method: "GET", Status: 503},
			}})
			if err != nil {
				t.Error(err)
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := *portal
	p.url = srv.URL
	return &p, func() { armed.Store(true) }
}

func noFaults(t *testing.T, portal *privatePortal) func() {
	return func() {
		if err := portal.em.SetFaults(emulator.Faults{}); err != nil {
			t.Fatal(err)
		}
	}
}

// pipelineGone checks, after the test's destroy, that HubSpot has no live pipeline with the
// label.
func (p *privatePortal) pipelineGone(label string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		list, err := p.client.ListPipelines(context.Background(), hubspot.TicketObjectType)
		if err != nil {
			return err
		}
		for _, pl := range list {
			if pl.Label == label && !pl.Archived {
				return fmt.Errorf("pipeline %q (id %s) is still in HubSpot after destroy", label, pl.ID)
			}
		}
		return nil
	}
}

// stageCount checks how many live stages with the label the pipeline "Reviews" has.
func (p *privatePortal) stageCount(label string, want int) stateCheck {
	return func(ctx context.Context, _ *tfjson.State) error {
		list, err := p.client.ListPipelines(ctx, hubspot.TicketObjectType)
		if err != nil {
			return err
		}
		n := 0
		for _, pl := range list {
			for _, st := range pl.Stages {
				if pl.Label == "Reviews" && st.Label == label && !st.Archived {
					n++
				}
			}
		}
		if n != want {
			return fmt.Errorf("pipeline Reviews has %d stages labelled %q, want %d", n, label, want)
		}
		return nil
	}
}

// TestAccStageIdentity_lostStageCreate: the apply that adds "review" fails, the stage exists
// in HubSpot under a derived key in the state; the next plain apply keeps it under "review"
// (no second stage), and a destroy from the failed state removes the pipeline.
func TestAccStageIdentity_lostStageCreate(t *testing.T) {
	skipUnlessAcc(t)
	for _, next := range []string{"reapply", "destroy"} {
		t.Run(next, func(t *testing.T) {
			portal := newPrivatePortal(t, emulator.Options{})
			proxied, arm := lostStageCreate(t, portal)
			config := func(extra string) string {
				return proxied.config("  max_retries = 0\n") + fmt.Sprintf(reviewPipelineConfig, extra)
			}
			steps := []resource.TestStep{
				{Config: config("")},
				{
					PreConfig:   arm,
					Config:      config(reviewStage),
					ExpectError: regexp.MustCompile(`(?s)Pipeline stage create outcome unknown.*nothing\s+to\s+import.*Unable to read ticket pipeline after update`),
				},
			}
			if next == "destroy" {
				// The refresh before the destroy reads the stage under a key derived from its
				// label, which the configuration does not have.
				steps = append(steps, resource.TestStep{PreConfig: noFaults(t, portal), Config: config(reviewStage), Destroy: true})
			}
			if next == "reapply" {
				steps = append(steps,
					resource.TestStep{
						PreConfig: noFaults(t, portal),
						Config:    config(reviewStage),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("hubspot_ticket_pipeline.p", plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{portal.stageCount("Waiting for review", 1), portal.checkStageKeys("new", "review", "done")},
					},
					resource.TestStep{Config: config(reviewStage), PlanOnly: true},
				)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             portal.pipelineGone("Reviews"),
				Steps:                    steps,
			})
		})
	}
}

// TestAccStageIdentity_adoptedPipeline imports a pipeline made outside Terraform whose
// configuration names its stages with keys other than the slugs of their labels: the apply
// renames nothing and deletes nothing, the re-plan is empty and destroy works.
func TestAccStageIdentity_adoptedPipeline(t *testing.T) {
	skipUnlessAcc(t)
	portal := newPrivatePortal(t, emulator.Options{})
	in := hubspot.PipelineInput{Label: "Reviews"}
	for i, st := range []string{"New", "Waiting for review", "Done"} {
		state := hubspot.TicketStateOpen
		if st == "Done" {
			state = hubspot.TicketStateClosed
		}
		in.Stages = append(in.Stages, hubspot.PipelineStageInput{Label: st, DisplayOrder: i, Metadata: map[string]string{hubspot.MetadataTicketState: state}})
	}
	p, err := portal.client.CreatePipeline(testCtx(t), hubspot.TicketObjectType, in)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, st := range p.Stages {
		ids[st.Label] = st.ID
	}
	config := portal.config("") + fmt.Sprintf(reviewPipelineConfig, reviewStage)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             portal.pipelineGone("Reviews"),
		Steps: []resource.TestStep{
			{Config: config, ResourceName: "hubspot_ticket_pipeline.p", ImportState: true, ImportStateId: p.ID, ImportStatePersist: true},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hubspot_ticket_pipeline.p", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					portal.checkStageKeys("new", "review", "done"),
					portal.stageCount("Waiting for review", 1),
					stateCheck(func(_ context.Context, s *tfjson.State) error {
						a, err := stateAttributes(s, "hubspot_ticket_pipeline.p")
						if err != nil {
							return err
						}
						got, _ := a["stage_ids"].(map[string]any)
						if got["review"] != ids["Waiting for review"] || got["new"] != ids["New"] || got["done"] != ids["Done"] {
							return fmt.Errorf("stage_ids = %v, want the adopted stages' ids %v", got, ids)
						}
						return nil
					}),
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}
