package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// The adoption tests take over a portal the way a user would: a portal of their own (an
// emulator that no other test touches), the real Terraform CLI run on a working directory as
// a user runs it, and the provider served from this process through Terraform's reattach
// mechanism, as the acceptance tests' framework does.

const adoptToken = "pat-adopt-test"

// adoptPortal is a fresh emulated portal at HubSpot's Free rate limit, with a client for it.
type adoptPortal struct {
	url    string
	em     *emulator.Emulator
	client *hubspot.Client
}

func newAdoptPortal(t *testing.T) *adoptPortal {
	t.Helper()
	p := newPrivatePortal(t, emulator.Options{Token: adoptToken})
	return &adoptPortal{url: p.url, em: p.em, client: p.client}
}

// requests is the number of API requests the portal served since the last call.
func (p *adoptPortal) requests() int {
	n := 0
	for _, c := range p.em.Stats() {
		n += c
	}
	p.em.ResetStats()
	return n
}

// providerBlock configures the provider for this portal alone: the tests' environment points
// at the shared portal.
func (p *adoptPortal) providerBlock() string {
	return fmt.Sprintf(`terraform {
  required_providers {
    hubspot = {
      source = "supportops/hubspot"
    }
  }
}

provider "hubspot" {
  base_url     = %q
  access_token = %q
}
`, p.url, adoptToken)
}

// terraformCLI returns the CLI the acceptance tests run (TF_ACC_TERRAFORM_PATH, else the one on
// PATH) and its version, skipping the test outside TF_ACC=1 or below minVersion.
func terraformCLI(t *testing.T, minMinor int) string {
	t.Helper()
	skipUnlessAcc(t)
	if minMinor >= 12 {
		skipOnOpenTofu(t, "terraform query and resource identity")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		var err error
		if cli, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no Terraform CLI on PATH")
		}
	}
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	parts := strings.SplitN(v.Version, ".", 3)
	minor := 0
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	if parts[0] == "1" && minor < minMinor {
		t.Skipf("%s is %s; this test needs 1.%d or later", cli, v.Version, minMinor)
	}
	return cli
}

// runTerraform runs one CLI command in dir against a provider served from this process, and
// returns its exit code, its output and its error output.
func runTerraform(t *testing.T, cli, dir string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		err := tf6server.Serve(Address, NewServer("test"),
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider did not start")
	}
	conf := map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": cfg.Test,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}
	// OpenTofu looks providers up under its own registry's host.
	attach, err := json.Marshal(map[string]any{Address: conf, "registry.opentofu.org/supportops/hubspot": conf})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cli, args...)
	cmd.Dir = dir
	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(rc, []byte("disable_checkpoint = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(attach), "TF_CLI_CONFIG_FILE="+rc,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	cancel()
	<-closed
	code := 0
	if runErr != nil {
		var exit *exec.ExitError
		if !errors.As(runErr, &exit) {
			t.Fatalf("%s %s: %v", cli, strings.Join(args, " "), runErr)
		}
		code = exit.ExitCode()
	}
	return code, out.String(), errOut.String()
}

// mustTerraform is runTerraform for a command that must succeed.
func mustTerraform(t *testing.T, cli, dir string, args ...string) string {
	t.Helper()
	code, out, errOut := runTerraform(t, cli, dir, args...)
	if code != 0 {
		t.Fatalf("terraform %s exited %d:\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// adoptionPlan checks a saved plan: every resource change must import without changing
// anything. It returns the number of imports.
func adoptionPlan(t *testing.T, cli, dir, planFile string) int {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(mustTerraform(t, cli, dir, "show", "-json", planFile)), &plan); err != nil {
		t.Fatalf("decoding the plan: %v", err)
	}
	imports := 0
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "no-op" {
			t.Errorf("%s: planned %v, want only an import", rc.Address, rc.Change.Actions)
		}
		if len(rc.Change.Importing) > 0 && string(rc.Change.Importing) != "null" {
			imports++
		} else {
			t.Errorf("%s is not imported", rc.Address)
		}
	}
	return imports
}

// seededPortal is what seedPortal made, by kind.
type seededPortal struct {
	pipelines, defaultStages, groups, properties, labels, tickets int
	labelIDs                                                      []string // FROM/TO/TYPE_ID of each label
}

func (s seededPortal) String() string {
	return fmt.Sprintf("%d objects (%d pipelines, %d stages of the default pipeline, %d groups, %d properties, %d labels, %d tickets)",
		s.total(), s.pipelines, s.defaultStages, s.groups, s.properties, s.labels, s.tickets)
}

func (s seededPortal) total() int {
	return s.pipelines + s.defaultStages + s.groups + s.properties + s.labels + s.tickets
}

// seedPortal fills the portal with a support team's configuration: pipelines with their
// stages, stages added to the default pipeline, property groups with properties of every
// kind, association labels, and tickets spread over the pipelines.
func seedPortal(t *testing.T, c *hubspot.Client) seededPortal {
	t.Helper()
	ctx := testCtx(t)
	var s seededPortal
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var stages [][2]string // pipeline id, stage id
	for i, name := range []string{"Escalations", "Billing", "Onboarding"} {
		in := hubspot.PipelineInput{Label: name, DisplayOrder: i + 1}
		for j, st := range []string{"Triage", "In progress", "Waiting on customer", "Done"} {
			state := hubspot.TicketStateOpen
			if st == "Done" {
				state = hubspot.TicketStateClosed
			}
			in.Stages = append(in.Stages, hubspot.PipelineStageInput{Label: st, DisplayOrder: j, Metadata: map[string]string{hubspot.MetadataTicketState: state}})
		}
		p, err := c.CreatePipeline(ctx, pipelineObjectType, in)
		must(err)
		for _, st := range p.Stages {
			stages = append(stages, [2]string{p.ID, st.ID})
		}
		s.pipelines++
	}
	for _, label := range []string{"Needs engineering", "Escalated to vendor"} {
		_, err := c.CreatePipelineStage(ctx, pipelineObjectType, hubspot.DefaultTicketPipelineID, hubspot.PipelineStageInput{
			Label: label, DisplayOrder: 10 + s.defaultStages, Metadata: map[string]string{hubspot.MetadataTicketState: hubspot.TicketStateOpen},
		})
		must(err)
		s.defaultStages++
	}
	for i, g := range []string{"support_details", "billing_details", "sla_tracking"} {
		order := i
		_, err := c.CreatePropertyGroup(ctx, propertyObjectType, hubspot.PropertyGroupCreate{Name: g, Label: strings.ReplaceAll(g, "_", " "), DisplayOrder: &order})
		must(err)
		s.groups++
	}
	for _, p := range seedProperties() {
		_, err := c.CreateProperty(ctx, propertyObjectType, p)
		must(err)
		s.properties++
	}
	for _, l := range []struct{ to, name, label, inverse string }{
		{"contacts", "requester", "Requester", "Requested"},
		{"tickets", "follow_up_of", "Follow-up of", "Followed up by"},
		{"companies", "billed_company", "Billed company", ""},
	} {
		ids, err := c.CreateAssociationLabel(ctx, "tickets", l.to, hubspot.AssociationLabelInput{Name: l.name, Label: l.label, InverseLabel: l.inverse})
		must(err)
		s.labelIDs = append(s.labelIDs, fmt.Sprintf("tickets/%s/%d", l.to, ids.TypeID))
		s.labels++
	}
	priorities := []string{"LOW", "MEDIUM", "HIGH"}
	tiers := []string{"enterprise", "professional", "starter"}
	var in []hubspot.TicketInput
	for i := range 60 {
		st := stages[i%len(stages)]
		props := map[string]string{
			"subject": fmt.Sprintf("Ticket %02d", i), "hs_pipeline": st[0], "hs_pipeline_stage": st[1],
			"hs_ticket_priority": priorities[i%3], "support_tier": tiers[i%3],
		}
		if i%4 == 0 {
			props["content"] = fmt.Sprintf("Report %d from the customer", i)
		}
		in = append(in, hubspot.TicketInput{Properties: props})
	}
	_, err := c.BatchCreateObjects(ctx, hubspot.TicketObjectType, in)
	must(err)
	s.tickets = len(in)
	return s
}

// seedProperties are custom ticket properties of every kind a support team uses.
func seedProperties() []hubspot.PropertyCreate {
	on := true
	opts := func(values ...string) []hubspot.PropertyOption {
		var out []hubspot.PropertyOption
		for i, v := range values {
			out = append(out, hubspot.PropertyOption{Value: v, Label: strings.ToUpper(v[:1]) + v[1:], DisplayOrder: i})
		}
		return out
	}
	return []hubspot.PropertyCreate{
		{Name: "support_tier", Label: "Support tier", Type: "enumeration", FieldType: "select", GroupName: "support_details", Description: "The customer's plan", Options: opts("enterprise", "professional", "starter")},
		{Name: "product_area", Label: "Product area", Type: "enumeration", FieldType: "checkbox", GroupName: "support_details", Options: opts("api", "billing", "mobile", "web")},
		{Name: "affected_version", Label: "Affected version", Type: "string", FieldType: "text", GroupName: "support_details"},
		{Name: "reproduction_steps", Label: "Reproduction steps", Type: "string", FieldType: "textarea", GroupName: "support_details", Description: "How to see the problem"},
		{Name: "order_number", Label: "Order number", Type: "string", FieldType: "text", GroupName: "billing_details", HasUniqueValue: true},
		{Name: "refund_amount", Label: "Refund amount", Type: "number", FieldType: "number", GroupName: "billing_details", NumberDisplayHint: "currency", ShowCurrencySymbol: &on},
		{Name: "invoice_date", Label: "Invoice date", Type: "date", FieldType: "date", GroupName: "billing_details"},
		{Name: "vip_customer", Label: "VIP customer", Type: "bool", FieldType: "booleancheckbox", GroupName: "billing_details"},
		{Name: "sla_due", Label: "SLA due", Type: "datetime", FieldType: "date", GroupName: "sla_tracking"},
		{Name: "sla_breached", Label: "SLA breached", Type: "enumeration", FieldType: "radio", GroupName: "sla_tracking", Options: opts("yes", "no"), Hidden: true},
		{Name: "escalation_owner", Label: "Escalation owner", Type: "enumeration", FieldType: "select", GroupName: "sla_tracking", ExternalOptions: true, ReferencedObjectType: "OWNER"},
		{Name: "customer_phone", Label: "Customer phone", Type: "string", FieldType: "text", GroupName: "sla_tracking", TextDisplayHint: "phone_number", FormField: true},
	}
}

// adoptDir is a working directory with the given example's files, and a main.tf that points
// the provider at the test's own portal instead of the one in the environment.
func adoptDir(t *testing.T, portal *adoptPortal, example string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "examples", "adopt", example)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "main.tf" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(portal.providerBlock()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// adoptAndCheck plans the adoption, checks that the plan only imports, want objects of them,
// applies it and checks that the next plan is empty. It returns the requests of the plan, the
// apply and the next plan.
func adoptAndCheck(t *testing.T, cli, dir string, portal *adoptPortal, want int) (plan, apply, again int) {
	t.Helper()
	portal.requests()
	mustTerraform(t, cli, dir, "plan", "-out=adopt.tfplan")
	plan = portal.requests()
	if n := adoptionPlan(t, cli, dir, "adopt.tfplan"); n != want {
		t.Errorf("the plan imports %d objects, want %d", n, want)
	}
	portal.requests()
	out := mustTerraform(t, cli, dir, "apply", "adopt.tfplan")
	apply = portal.requests()
	if msg := fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed.", want); !strings.Contains(out, msg) {
		t.Errorf("the apply did not say %q:\n%s", msg, out)
	}
	code, out, errOut := runTerraform(t, cli, dir, "plan", "-detailed-exitcode")
	again = portal.requests()
	if code != 0 {
		t.Errorf("the plan after the adoption exited %d, want 0 (no changes):\n%s%s", code, out, errOut)
	}
	return plan, apply, again
}

// TestAccAdoptPortal_query adopts a whole portal on Terraform 1.14 as the guide does:
// terraform query writes its configuration, the apply imports every object and changes
// nothing, and the next plan is empty.
func TestAccAdoptPortal_query(t *testing.T) {
	cli := terraformCLI(t, 14)
	portal := newAdoptPortal(t)
	seeded := seedPortal(t, portal.client)
	dir := adoptDir(t, portal, "query")
	mustTerraform(t, cli, dir, "init")
	portal.requests()

	mustTerraform(t, cli, dir, "query", "-generate-config-out=portal.tf")
	query := portal.requests()
	generated, err := os.ReadFile(filepath.Join(dir, "portal.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^import \{`).FindAll(generated, -1)); n != seeded.total() {
		t.Errorf("the generated configuration imports %d objects, the portal has %d made in it", n, seeded.total())
	}
	plan, apply, again := adoptAndCheck(t, cli, dir, portal, seeded.total())
	t.Logf("adopted %s; requests: query %d, plan %d, apply %d, next plan %d", seeded, query, plan, apply, again)
}

// TestAccAdoptPortal_importBlocks adopts the same portal as the guide does on a Terraform
// without query: data sources and import blocks with for_each, and for the association
// labels, whose internal names no data source reads, import blocks with generated
// configuration.
func TestAccAdoptPortal_importBlocks(t *testing.T) {
	cli := terraformCLI(t, 7)
	portal := newAdoptPortal(t)
	seeded := seedPortal(t, portal.client)
	dir := adoptDir(t, portal, "import-blocks")
	var labels strings.Builder
	for i, id := range seeded.labelIDs {
		fmt.Fprintf(&labels, "import {\n  to = hubspot_association_label.label_%d\n  id = %q\n}\n\n", i, id)
	}
	if err := os.WriteFile(filepath.Join(dir, "labels.tf"), []byte(labels.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	mustTerraform(t, cli, dir, "init")
	mustTerraform(t, cli, dir, "plan", "-generate-config-out=labels_generated.tf")
	plan, apply, again := adoptAndCheck(t, cli, dir, portal, seeded.total())
	t.Logf("adopted %s; requests: plan %d, apply %d, next plan %d", seeded, plan, apply, again)
}
