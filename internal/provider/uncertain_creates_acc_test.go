package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// Creates whose answer never arrives: the portal takes the first create of each kind and then
// loses the answer ("lost"), or fails it before taking it ("5xx"). Either way one plain apply
// must end with exactly one object of each kind, in HubSpot and in the state.

// createPaths are the create requests of each resource type, as the client sends them.
var createPaths = []string{
	"/crm/v3/properties/tickets/groups",
	"/crm/v3/properties/tickets",
	"/crm/v3/pipelines/tickets",
	"/crm/v3/pipelines/tickets/*/stages",
	"/crm/v4/associations/0-5/0-1/labels",
}

func firstCreateFaults(kind emulator.FaultKind, paths ...string) emulator.Faults {
	f := emulator.Faults{Seed: 11}
	for _, p := range paths {
		r := emulator.FaultRule{Kind: kind, Probability: 1, Method: "POST", Path: p, Max: 1}
		if kind == emulator.FaultServerError {
			r.Status = 503
		}
		f.Rules = append(f.Rules, r)
	}
	return f
}

const keyedConfig = `
resource "hubspot_ticket_property_group" "g" {
  name  = "escalation"
  label = "Escalation"
}

resource "hubspot_ticket_property" "p" {
  name       = "escalation_reason"
  label      = "Escalation reason"
  type       = "string"
  field_type = "text"
  group_name = hubspot_ticket_property_group.g.name
}

resource "hubspot_ticket_pipeline" "p" {
  label = "Escalations"
  stages = [
    { key = "new", label = "New", ticket_state = "OPEN" },
    { key = "done", label = "Done", ticket_state = "CLOSED" },%s
  ]
}

resource "hubspot_ticket_pipeline_stage" "s" {
  pipeline_id  = "0"
  label        = "Needs engineering"
  ticket_state = "OPEN"
}

resource "hubspot_association_label" "l" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
  name             = "requester"
  label            = "Requester"
}
`

func TestAccUncertainCreates_keyed(t *testing.T) {
	for _, kind := range []emulator.FaultKind{emulator.FaultLostAnswer, emulator.FaultServerError} {
		t.Run(string(kind), func(t *testing.T) {
			skipUnlessAcc(t)
			portal := newPrivatePortal(t, emulator.Options{Faults: firstCreateFaults(kind, createPaths...)})
			config := func(extra string) string { return portal.config("") + fmt.Sprintf(keyedConfig, extra) }
			review := "\n    { key = \"review\", label = \"Waiting for review\", ticket_state = \"OPEN\" },"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config(""), ConfigStateChecks: []statecheck.StateCheck{portal.checkOneEach()}},
					{Config: config(""), PlanOnly: true},
					{
						// A stage added to the pipeline, whose create's answer is lost too.
						PreConfig: func() {
							if err := portal.em.SetFaults(firstCreateFaults(kind, "/crm/v3/pipelines/tickets/*/stages")); err != nil {
								t.Fatal(err)
							}
						},
						Config:            config(review),
						ConfigStateChecks: []statecheck.StateCheck{portal.checkOneEach(), portal.checkStageKeys("new", "done", "review")},
					},
					{Config: config(review), PlanOnly: true},
				},
			})
			if n := len(portal.em.InjectedFaults()); n == 0 {
				t.Fatal("no fault was injected: the test tested nothing")
			}
		})
	}
}

// checkOneEach checks that HubSpot holds exactly one of each object the keyed configuration
// declares, and that the state has each with HubSpot's id.
func (p *privatePortal) checkOneEach() stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		pipelines, err := p.client.ListPipelines(ctx, hubspot.TicketObjectType)
		if err != nil {
			return err
		}
		count := map[string]int{}
		for _, pl := range pipelines {
			count["pipeline "+pl.Label]++
			for _, st := range pl.Stages {
				count["stage "+st.Label]++
			}
		}
		groups, err := p.client.ListPropertyGroups(ctx, hubspot.TicketObjectType)
		if err != nil {
			return err
		}
		for _, g := range groups {
			count["group "+g.Name]++
		}
		props, err := p.client.ListProperties(ctx, hubspot.TicketObjectType, hubspot.PropertyQuery{})
		if err != nil {
			return err
		}
		for _, pr := range props {
			count["property "+pr.Name]++
		}
		types, err := p.client.ListAssociationTypes(ctx, "tickets", "contacts")
		if err != nil {
			return err
		}
		for _, ty := range types {
			count["label "+ty.LabelText()]++
		}
		for _, want := range []string{"pipeline Escalations", "stage Needs engineering", "group escalation", "property escalation_reason", "label Requester"} {
			if count[want] != 1 {
				return fmt.Errorf("HubSpot has %d of %s, want 1 (all: %v)", count[want], want, count)
			}
		}
		for _, addr := range []string{"hubspot_ticket_pipeline.p", "hubspot_ticket_pipeline_stage.s", "hubspot_ticket_property_group.g", "hubspot_ticket_property.p", "hubspot_association_label.l"} {
			if id, err := stateString(s, addr, "id"); err != nil || id == "" {
				return fmt.Errorf("%s: id %q, %v", addr, id, err)
			}
		}
		return nil
	}
}

// checkStageKeys checks the pipeline's stage keys in the state.
func (p *privatePortal) checkStageKeys(keys ...string) stateCheck {
	return func(_ context.Context, s *tfjson.State) error {
		a, err := stateAttributes(s, "hubspot_ticket_pipeline.p")
		if err != nil {
			return err
		}
		ids, _ := a["stage_ids"].(map[string]any)
		if len(ids) != len(keys) {
			return fmt.Errorf("stage_ids = %v, want keys %v", ids, keys)
		}
		for _, k := range keys {
			if ids[k] == nil || ids[k] == "" {
				return fmt.Errorf("stage_ids = %v, want keys %v", ids, keys)
			}
		}
		return nil
	}
}

const ticketConfig = `
resource "hubspot_ticket" "t" {
  subject  = "Printer on fire"
  stage_id = "1"
  priority = "HIGH"
}
`

// checkTickets checks how many tickets HubSpot holds with the test's subject, live and
// archived, and that the state's ticket is the live one.
func (p *privatePortal) checkTickets(wantLive, wantArchived int) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		live, archived, liveID, err := p.tickets(ctx)
		if err != nil {
			return err
		}
		if live != wantLive || archived != wantArchived {
			return fmt.Errorf("HubSpot has %d live and %d archived tickets, want %d and %d", live, archived, wantLive, wantArchived)
		}
		if id, err := stateString(s, "hubspot_ticket.t", "id"); err != nil || id != liveID {
			return fmt.Errorf("the state's ticket is %q (%v), HubSpot's is %s", id, err, liveID)
		}
		return nil
	}
}

func (p *privatePortal) tickets(ctx context.Context) (live, archived int, liveID string, err error) {
	for _, arch := range []bool{false, true} {
		list, err := p.client.ListObjects(ctx, hubspot.TicketObjectType, hubspot.ListOptions{Properties: []string{"subject"}, Archived: arch})
		if err != nil {
			return 0, 0, "", err
		}
		for _, o := range list {
			if o.Properties["subject"] == "Printer on fire" {
				if arch {
					archived++
				} else {
					live, liveID = live+1, o.ID
				}
			}
		}
	}
	return live, archived, liveID, nil
}

// TestAccUncertainCreates_ticketFound loses the answer to a ticket create: the search finds the
// ticket in the same apply.
func TestAccUncertainCreates_ticketFound(t *testing.T) {
	skipUnlessAcc(t)
	portal := newPrivatePortal(t, emulator.Options{Faults: firstCreateFaults(emulator.FaultLostAnswer, "/crm/v3/objects/tickets")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: portal.config("") + ticketConfig, ConfigStateChecks: []statecheck.StateCheck{portal.checkTickets(1, 0)}},
			{Config: portal.config("") + ticketConfig, PlanOnly: true},
		},
	})
	if n := len(portal.em.InjectedFaults()); n != 1 {
		t.Fatalf("%d faults injected, want 1", n)
	}
}

// TestAccUncertainCreates_ticketNotMade fails a ticket create before HubSpot takes it: the
// apply fails saying the outcome is unknown, and the next plain apply creates the ticket once.
// It changes the search waits, so it runs on its own.
func TestAccUncertainCreates_ticketNotMade(t *testing.T) {
	skipUnlessAcc(t)
	defer func(w []time.Duration) { ticketSearchWaits = w }(ticketSearchWaits)
	ticketSearchWaits = []time.Duration{0}
	portal := newPrivatePortal(t, emulator.Options{Faults: firstCreateFaults(emulator.FaultServerError, "/crm/v3/objects/tickets")})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: portal.config("") + ticketConfig, ExpectError: regexp.MustCompile(`(?s)Ticket create outcome unknown.*found none.*next plan searches for it again`)},
			{Config: portal.config("") + ticketConfig, ConfigStateChecks: []statecheck.StateCheck{portal.checkTickets(1, 0)}},
			{Config: portal.config("") + ticketConfig, PlanOnly: true},
		},
	})
}

// TestAccUncertainCreates_ticketFoundLater loses the answer to a ticket create while search
// fails too: the create stays uncertain, the next plan finds the ticket and, the resource being
// tainted, replaces it. HubSpot ends with one live ticket.
func TestAccUncertainCreates_ticketFoundLater(t *testing.T) {
	skipUnlessAcc(t)
	defer func(w []time.Duration) { ticketSearchWaits = w }(ticketSearchWaits)
	ticketSearchWaits = []time.Duration{0}
	faults := firstCreateFaults(emulator.FaultLostAnswer, "/crm/v3/objects/tickets")
	faults.Rules = append(faults.Rules, emulator.FaultRule{Kind: emulator.FaultServerError, Probability: 1, Status: 503, Method: "POST", Path: "/crm/v3/objects/tickets/search", Max: 2})
	portal := newPrivatePortal(t, emulator.Options{Faults: faults})
	config := portal.config("  max_retries = 1\n") + ticketConfig
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ExpectError: regexp.MustCompile(`(?s)Ticket create outcome unknown.*Searching for a ticket with these values failed`)},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("hubspot_ticket.t", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{portal.checkTickets(1, 1)},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccUncertainCreates_ticketUntainted follows the troubleshooting guide's way to keep the
// ticket HubSpot made when its create's answer was lost and search did not show it in time:
// the next plan finds it and, the resource being tainted, would replace it; `terraform
// untaint` before the apply keeps it. It runs the CLI itself, since the test framework has
// no untaint step, and changes the search waits, so it runs on its own.
func TestAccUncertainCreates_ticketUntainted(t *testing.T) {
	cli := terraformCLI(t, 0)
	defer func(w []time.Duration) { ticketSearchWaits = w }(ticketSearchWaits)
	ticketSearchWaits = []time.Duration{0}
	faults := firstCreateFaults(emulator.FaultLostAnswer, "/crm/v3/objects/tickets")
	faults.Rules = append(faults.Rules, emulator.FaultRule{Kind: emulator.FaultServerError, Probability: 1, Status: 503, Method: "POST", Path: "/crm/v3/objects/tickets/search", Max: 2})
	portal := newPrivatePortal(t, emulator.Options{Faults: faults})
	dir := t.TempDir()
	config := providerRequirement + portal.config("  max_retries = 1\n") + ticketConfig
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runTerraform(t, cli, dir, "apply", "-auto-approve", "-no-color"); code != 1 || !strings.Contains(errOut, "Ticket create outcome unknown") {
		t.Fatalf("first apply: exit %d, want 1 with the outcome unknown:\n%s", code, errOut)
	}
	if out := mustTerraform(t, cli, dir, "plan", "-no-color"); !strings.Contains(out, "must be replaced") {
		t.Fatalf("the plan after the lost create does not replace the tainted ticket:\n%s", out)
	}
	mustTerraform(t, cli, dir, "untaint", "-no-color", "hubspot_ticket.t")
	mustTerraform(t, cli, dir, "apply", "-auto-approve", "-no-color")
	live, archived, liveID, err := portal.tickets(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if live != 1 || archived != 0 {
		t.Errorf("HubSpot has %d live and %d archived tickets, want the one HubSpot made and none archived", live, archived)
	}
	if out := mustTerraform(t, cli, dir, "state", "show", "-no-color", "hubspot_ticket.t"); !regexp.MustCompile(`id\s+= "` + liveID + `"`).MatchString(out) {
		t.Errorf("the state's ticket is not HubSpot's %s:\n%s", liveID, out)
	}
	if code, out, errOut := runTerraform(t, cli, dir, "plan", "-detailed-exitcode", "-no-color"); code != 0 {
		t.Errorf("the plan after the untainted apply exits %d, want 0 (no changes):\n%s%s", code, out, errOut)
	}
}
