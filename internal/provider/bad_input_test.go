package provider

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// The bad-input corpus: configurations HubSpot would refuse, each of which must fail before
// anything is written, with a diagnostic that names the attribute and says what is allowed.
// Each entry says where it is caught, and the harness proves it:
//
//   - validate: the entries are planned in groups, against a provider block that the provider
//     refuses when it is configured (runValidateGroup). Terraform configures providers only
//     once the whole configuration has validated, so a diagnostic the run shows was raised at
//     validate time; no request can reach the portal, and the test checks that none did.
//   - plan: each entry is planned on its own against a portal of its own, seeded as the entry
//     says before its request log is emptied (runPlanEntry); the portal's request log must
//     then hold no write.

// caughtAt is where a bad input is caught.
type caughtAt string

const (
	atValidate caughtAt = "validate"
	atPlan     caughtAt = "plan"
)

// badInput is one invalid configuration of the corpus.
type badInput struct {
	name   string
	at     caughtAt
	config string
	// want are the parts of the expected error, in order (see errorRE).
	want []string
	// seed prepares the portal before the plan, for entries that depend on what HubSpot has.
	seed func(t *testing.T, c *hubspot.Client)
}

// runBadInputs runs the entries caught at plan time one by one, each against a portal of its
// own, and those caught at validate time in groups (see runValidateGroup), all in parallel.
func runBadInputs(t *testing.T, entries []badInput) {
	t.Helper()
	skipUnlessAcc(t)
	var validate []badInput
	for _, e := range entries {
		if e.at == atValidate {
			validate = append(validate, e)
			continue
		}
		t.Run(e.name, func(t *testing.T) { runPlanEntry(t, e) })
	}
	for i := 0; i < len(validate); i += validateGroupSize {
		group := validate[i:min(i+validateGroupSize, len(validate))]
		t.Run(fmt.Sprintf("validate %d", i/validateGroupSize), func(t *testing.T) {
			t.Parallel()
			runValidateGroup(t, group)
		})
	}
}

// runPlanEntry plans one entry's configuration against a portal seeded as the entry says.
func runPlanEntry(t *testing.T, e badInput) {
	portal := newPrivatePortal(t, emulator.Options{})
	if e.seed != nil {
		e.seed(t, portal.client)
	}
	portal.em.ResetStats()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      portal.config("") + e.config,
			PlanOnly:    true,
			ExpectError: errorRE(e.want...),
		}},
	})
	if w := portal.writes(); len(w) > 0 {
		t.Errorf("the plan wrote to HubSpot: %v", w)
	}
}

// validateGroupSize is how many entries caught at validate time share one plan: few enough
// groups to run in parallel, each one CLI run instead of one per entry.
const validateGroupSize = 20

// resourceHeader finds the resource blocks of a configuration, to give each entry's resources
// names of their own.
var resourceHeader = regexp.MustCompile(`resource "(hubspot_[a-z_]+)" "([^"]+)"`)

// diagnosticResource finds the resource a diagnostic is about, and the entry it belongs to.
var diagnosticResource = regexp.MustCompile(`with hubspot_[a-z_]+\.e(\d+)_`)

// runValidateGroup plans the entries together, each entry's resources renamed eN_<name>, with
// a provider block whose base_url the provider refuses when it is configured: Terraform
// configures providers only once the whole configuration has validated, so every diagnostic
// the run shows was raised at validate time. Each error block is matched to its entry by the
// resource it names; each entry must have a block that matches what it expects, and no block
// may be left unexplained.
func runValidateGroup(t *testing.T, entries []badInput) {
	cli := terraformCLI(t, 0)
	portal := newPrivatePortal(t, emulator.Options{})
	u, err := url.Parse(portal.url)
	if err != nil {
		t.Fatal(err)
	}
	u.Scheme = "ftp"
	config := fmt.Sprintf("terraform {\n  required_providers {\n    hubspot = {\n      source = %q\n    }\n  }\n}\n", "supportops/hubspot") +
		providerBlock(u.String(), fmt.Sprintf("access_token = %q", privatePortalToken))
	for i, e := range entries {
		config += resourceHeader.ReplaceAllString(e.config, fmt.Sprintf(`resource "$1" "e%d_$2"`, i))
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	mustTerraform(t, cli, dir, "init", "-no-color")
	code, out, errOut := runTerraform(t, cli, dir, "plan", "-no-color", "-input=false")
	if code == 0 {
		t.Fatalf("the plan passed:\n%s", out)
	}
	blocks := map[int][]string{}
	for _, block := range strings.Split(errOut, "Error: ")[1:] {
		m := diagnosticResource.FindStringSubmatch(block)
		if m == nil {
			t.Errorf("an error the corpus does not expect:\nError: %s", block)
			continue
		}
		i, _ := strconv.Atoi(m[1])
		blocks[i] = append(blocks[i], "Error: "+block)
	}
	for i, e := range entries {
		t.Run(e.name, func(t *testing.T) {
			re := errorRE(e.want...)
			for _, b := range blocks[i] {
				if re.MatchString(b) {
					return
				}
			}
			t.Errorf("no error matches %s; the errors for this entry:\n%s", re, strings.Join(blocks[i], "\n"))
		})
	}
	if n := len(portal.em.Requests()); n > 0 {
		t.Errorf("configurations refused at validate time reached HubSpot with %d requests: %v", n, portal.writes())
	}
}

// TestBadInputCorpusSize keeps the corpus at the size the project promises, and reports how
// many entries each stage catches.
func TestBadInputCorpusSize(t *testing.T) {
	counts := map[caughtAt]int{}
	names := map[string]bool{}
	for _, e := range badInputCorpus() {
		if names[e.name] {
			t.Errorf("two entries are named %q", e.name)
		}
		names[e.name] = true
		if e.at != atValidate && e.at != atPlan {
			t.Errorf("%s: caught at %q", e.name, e.at)
		}
		if e.at == atValidate && e.seed != nil {
			t.Errorf("%s: an entry caught at validate time cannot depend on what HubSpot has", e.name)
		}
		counts[e.at]++
	}
	total := counts[atValidate] + counts[atPlan]
	t.Logf("bad-input corpus: %d entries, %d caught at validate, %d at plan", total, counts[atValidate], counts[atPlan])
	if total < 60 {
		t.Errorf("the corpus has %d entries; it must keep at least 60", total)
	}
}

// badInputCorpus is every entry, from the files that hold them by resource.
func badInputCorpus() []badInput {
	var all []badInput
	for _, part := range [][]badInput{pipelineBadInputs(), propertyBadInputs(), labelAndTicketBadInputs()} {
		all = append(all, part...)
	}
	return all
}

// TestAccBadInput plans every configuration of the corpus.
func TestAccBadInput(t *testing.T) { runBadInputs(t, badInputCorpus()) }

// stagesBlock renders n stages with keys s0, s1, … and distinct labels.
func stagesBlock(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    { key = \"s%d\", label = \"Stage %d\", ticket_state = \"OPEN\" },\n", i, i)
	}
	return b.String()
}

// seedProperty creates a ticket property in the portal.
func seedProperty(t *testing.T, c *hubspot.Client, in hubspot.PropertyCreate) {
	t.Helper()
	if in.GroupName == "" {
		in.GroupName = "ticketinformation"
	}
	if in.Label == "" {
		in.Label = in.Name
	}
	if _, err := c.CreateProperty(testCtx(t), hubspot.TicketObjectType, in); err != nil {
		t.Fatalf("seeding property %s: %v", in.Name, err)
	}
}

// seedUniqueProperties creates n text properties with unique values, u0 … u(n-1).
func seedUniqueProperties(n int) func(*testing.T, *hubspot.Client) {
	return func(t *testing.T, c *hubspot.Client) {
		for i := range n {
			seedProperty(t, c, hubspot.PropertyCreate{Name: fmt.Sprintf("u%d", i), Type: "string", FieldType: "text", HasUniqueValue: true})
		}
	}
}

// seedLabels creates n custom labels between tickets and contacts, seeded0 … seeded(n-1).
func seedLabels(n int) func(*testing.T, *hubspot.Client) {
	return func(t *testing.T, c *hubspot.Client) {
		for i := range n {
			name := fmt.Sprintf("seeded%d", i)
			if _, err := c.CreateAssociationLabel(testCtx(t), "tickets", "contacts", hubspot.AssociationLabelInput{Name: name, Label: "Seeded " + name}); err != nil {
				t.Fatalf("seeding label %s: %v", name, err)
			}
		}
	}
}
