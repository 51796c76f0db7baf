package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// `terraform query` needs Terraform 1.14 (identity import blocks 1.12): the check skips the
// test on an older CLI, and on OpenTofu, which has neither.
var testAccNeedsQuery = []tfversion.TerraformVersionCheck{notOnOpenTofu("terraform query"), tfversion.SkipBelow(tfversion.Version1_14_0)}

// testAccQueryConfig is a .tfquery.hcl file: the provider and the given list blocks.
func testAccQueryConfig(lists ...string) string {
	return "provider \"hubspot\" {}\n\n" + strings.Join(lists, "\n")
}

// testAccListBlock is one list block with include_resource set and the given config lines.
func testAccListBlock(typ, name string, config ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "list %q %q {\n  provider         = hubspot\n  include_resource = true\n  limit            = 1000\n", typ, name)
	if len(config) > 0 {
		b.WriteString("  config {\n")
		for _, c := range config {
			b.WriteString("    " + c + "\n")
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// capturedString checks a value against one an earlier step captured (an id HubSpot chose).
type capturedString struct{ v *string }

func (c capturedString) CheckValue(other any) error {
	s, ok := other.(string)
	if !ok {
		return fmt.Errorf("expected a string, got %T", other)
	}
	if s != *c.v {
		return fmt.Errorf("expected %q, got %q", *c.v, s)
	}
	return nil
}

func (c capturedString) String() string { return *c.v }

var _ knownvalue.Check = capturedString{}

// capturedInt64 is capturedString for a number, which the query's JSON holds as json.Number.
type capturedInt64 struct{ v *int64 }

func (c capturedInt64) CheckValue(other any) error {
	n, ok := other.(json.Number)
	if !ok {
		return fmt.Errorf("expected a json.Number, got %T", other)
	}
	if n.String() != strconv.FormatInt(*c.v, 10) {
		return fmt.Errorf("expected %d, got %s", *c.v, n)
	}
	return nil
}

func (c capturedInt64) String() string { return strconv.FormatInt(*c.v, 10) }

// testAccPipeline creates a pipeline with open stages of the given labels outside Terraform,
// for tests whose configuration needs its ids as literals, and deletes it afterwards.
func testAccPipeline(t *testing.T, stages ...string) *hubspot.Pipeline {
	t.Helper()
	in := hubspot.PipelineInput{Label: testName()}
	for i, s := range stages {
		in.Stages = append(in.Stages, hubspot.PipelineStageInput{Label: s, DisplayOrder: i, Metadata: map[string]string{hubspot.MetadataTicketState: hubspot.TicketStateOpen}})
	}
	c := testAccClient(t)
	p, err := c.CreatePipeline(testCtx(t), pipelineObjectType, in)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.DeletePipeline(context.Background(), pipelineObjectType, p.ID, hubspot.DeleteOptions{}); err != nil && !hubspot.IsNotFound(err) {
			t.Errorf("deleting pipeline %s: %v", p.ID, err)
		}
	})
	return p
}

// listTest is the acceptance test of a list resource: the configuration is applied and its
// state checked (the identity matching the state, values HubSpot chose captured for the
// query), the resource at importAddr is imported by its identity, then the query runs.
type listTest struct {
	config       string
	stateChecks  []statecheck.StateCheck
	importAddr   string
	lists        []string
	queryChecks  []querycheck.QueryResultCheck
	checkDestroy resource.TestCheckFunc
	// serial runs the case while no parallel case does, for one that changes what others
	// assert (the stages of the shared default pipeline).
	serial bool
}

func testAccList(t *testing.T, lt listTest) {
	t.Helper()
	run := testAccParallel
	if lt.serial {
		run = testAccSerial
	}
	run(t, resource.TestCase{
		TerraformVersionChecks: testAccNeedsQuery,
		CheckDestroy:           lt.checkDestroy,
		Steps: []resource.TestStep{
			{Config: lt.config, ConfigStateChecks: lt.stateChecks},
			{Config: lt.config, ResourceName: lt.importAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Query: true, Config: testAccQueryConfig(lt.lists...), QueryResultChecks: lt.queryChecks},
		},
	})
}

// identityMatches checks that the identity of the resource at address holds its state's
// values of attrs.
func identityMatches(address string, attrs ...string) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, len(attrs))
	for i, a := range attrs {
		checks[i] = statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New(a))
	}
	return checks
}

func TestAccTicketPipelineList(t *testing.T) {
	label := testName()
	var id string
	byLabel := queryfilter.ByDisplayName(knownvalue.StringExact(label))
	testAccList(t, listTest{
		config:       testAccTicketPipelineConfig(label, 3, tpStage{"new", "New", "OPEN"}, tpStage{"done", "Done", "CLOSED"}),
		stateChecks:  append(identityMatches(testAccPipelineName, "id"), captureString(testAccPipelineName, "id", &id)),
		importAddr:   testAccPipelineName,
		checkDestroy: testAccCheckTicketPipelineDestroy(t),
		lists: []string{
			testAccListBlock("hubspot_ticket_pipeline", "custom"),
			testAccListBlock("hubspot_ticket_pipeline", "all", "include_hubspot_defined = true"),
		},
		queryChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectIdentity("hubspot_ticket_pipeline.custom", map[string]knownvalue.Check{"id": capturedString{&id}}),
			querycheck.ExpectResourceDisplayName("hubspot_ticket_pipeline.custom", byLabel, knownvalue.StringExact(label)),
			querycheck.ExpectResourceKnownValues("hubspot_ticket_pipeline.custom", byLabel, []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("display_order"), KnownValue: knownvalue.Int64Exact(3)},
				{Path: tfjsonpath.New("stages"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("new"), "label": knownvalue.StringExact("New"), "ticket_state": knownvalue.StringExact("OPEN")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("done"), "label": knownvalue.StringExact("Done"), "ticket_state": knownvalue.StringExact("CLOSED")}),
				})},
			}),
			// The default pipeline is HubSpot's: listed only when asked for.
			querycheck.ExpectNoIdentity("hubspot_ticket_pipeline.custom", map[string]knownvalue.Check{"id": knownvalue.StringExact("0")}),
			querycheck.ExpectIdentity("hubspot_ticket_pipeline.all", map[string]knownvalue.Check{"id": knownvalue.StringExact("0")}),
			querycheck.ExpectIdentity("hubspot_ticket_pipeline.all", map[string]knownvalue.Check{"id": capturedString{&id}}),
		},
	})
}

func TestAccTicketPipelineStageList(t *testing.T) {
	label := testName()
	other := testAccPipeline(t, "Queued", "Working", "Parked")
	var id string
	byLabel := queryfilter.ByDisplayName(knownvalue.StringExact(label))
	testAccList(t, listTest{
		config:       testAccTicketPipelineStageConfig("0", label, "OPEN", ""),
		stateChecks:  append(identityMatches(testAccStageName, "pipeline_id", "id"), captureString(testAccStageName, "id", &id)),
		importAddr:   testAccStageName,
		checkDestroy: testAccCheckTicketPipelineStageDestroy(t),
		serial:       true,
		lists: []string{
			testAccListBlock("hubspot_ticket_pipeline_stage", "added", `pipeline_id = "0"`),
			testAccListBlock("hubspot_ticket_pipeline_stage", "all", `pipeline_id = "0"`, "include_hubspot_defined = true"),
			testAccListBlock("hubspot_ticket_pipeline_stage", "other", `pipeline_id = "`+other.ID+`"`),
		},
		queryChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectIdentity("hubspot_ticket_pipeline_stage.added", map[string]knownvalue.Check{
				"pipeline_id": knownvalue.StringExact("0"), "id": capturedString{&id},
			}),
			querycheck.ExpectResourceKnownValues("hubspot_ticket_pipeline_stage.added", byLabel, []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("pipeline_id"), KnownValue: knownvalue.StringExact("0")},
				{Path: tfjsonpath.New("ticket_state"), KnownValue: knownvalue.StringExact("OPEN")},
				{Path: tfjsonpath.New("display_order"), KnownValue: knownvalue.NotNull()},
			}),
			// Stage "1" (New) came with the account: listed only when asked for.
			querycheck.ExpectNoIdentity("hubspot_ticket_pipeline_stage.added", map[string]knownvalue.Check{
				"pipeline_id": knownvalue.StringExact("0"), "id": knownvalue.StringExact("1"),
			}),
			querycheck.ExpectIdentity("hubspot_ticket_pipeline_stage.all", map[string]knownvalue.Check{
				"pipeline_id": knownvalue.StringExact("0"), "id": knownvalue.StringExact("1"),
			}),
			querycheck.ExpectLength("hubspot_ticket_pipeline_stage.other", 3),
			querycheck.ExpectResourceDisplayName("hubspot_ticket_pipeline_stage.other",
				queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"pipeline_id": knownvalue.StringExact(other.ID), "id": knownvalue.StringExact(other.Stages[1].ID)}),
				knownvalue.StringExact("Working")),
		},
	})
}

func TestAccAssociationLabelList(t *testing.T) {
	requester, followUp := testPropertyName(), testPropertyName()
	config := fmt.Sprintf(`
resource "hubspot_association_label" "requester" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
  name             = %q
  label            = "Requester"
  inverse_label    = "Requested"
}

resource "hubspot_association_label" "follow_up" {
  from_object_type = "tickets"
  to_object_type   = "tickets"
  name             = %q
  label            = "Follow-up of"
  inverse_label    = "Followed up by"
}
`, requester, followUp)
	var requesterID, followUpID, followUpInverseID int64
	testAccList(t, listTest{
		config: config,
		stateChecks: append(identityMatches("hubspot_association_label.requester", "type_id", "from_object_type"),
			captureInt64("hubspot_association_label.requester", "type_id", &requesterID),
			captureInt64("hubspot_association_label.follow_up", "type_id", &followUpID),
			captureInt64("hubspot_association_label.follow_up", "inverse_type_id", &followUpInverseID)),
		importAddr:   "hubspot_association_label.follow_up",
		checkDestroy: testAccCheckAssociationLabelDestroy(t),
		lists: []string{
			testAccListBlock("hubspot_association_label", "contacts", `to_object_type = "contacts"`),
			testAccListBlock("hubspot_association_label", "tickets", `to_object_type = "tickets"`),
		},
		queryChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectIdentity("hubspot_association_label.contacts", map[string]knownvalue.Check{
				"from_object_type": knownvalue.StringExact("tickets"), "to_object_type": knownvalue.StringExact("contacts"), "type_id": capturedInt64{&requesterID},
			}),
			querycheck.ExpectResourceKnownValues("hubspot_association_label.contacts", queryfilter.ByDisplayName(knownvalue.StringExact(requester)), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("label"), KnownValue: knownvalue.StringExact("Requester")},
				{Path: tfjsonpath.New("inverse_label"), KnownValue: knownvalue.StringExact("Requested")},
			}),
			// A paired label between tickets is listed once, by its first type id.
			querycheck.ExpectIdentity("hubspot_association_label.tickets", map[string]knownvalue.Check{
				"from_object_type": knownvalue.StringExact("tickets"), "to_object_type": knownvalue.StringExact("tickets"), "type_id": capturedInt64{&followUpID},
			}),
			querycheck.ExpectNoIdentity("hubspot_association_label.tickets", map[string]knownvalue.Check{
				"from_object_type": knownvalue.StringExact("tickets"), "to_object_type": knownvalue.StringExact("tickets"), "type_id": capturedInt64{&followUpInverseID},
			}),
			querycheck.ExpectResourceKnownValues("hubspot_association_label.tickets", queryfilter.ByDisplayName(knownvalue.StringExact(followUp)), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("label"), KnownValue: knownvalue.StringExact("Follow-up of")},
				{Path: tfjsonpath.New("inverse_label"), KnownValue: knownvalue.StringExact("Followed up by")},
				{Path: tfjsonpath.New("inverse_type_id"), KnownValue: capturedInt64{&followUpInverseID}},
			}),
		},
	})
}

func TestAccTicketList(t *testing.T) {
	name := testName()
	p := testAccPipeline(t, "Open", "Waiting")
	open, waiting := p.Stages[0].ID, p.Stages[1].ID
	ticket := func(key, stage, priority, content string) string {
		body := ""
		if content != "" {
			body = fmt.Sprintf("  content     = %q\n", content)
		}
		return fmt.Sprintf(`
resource "hubspot_ticket" %q {
  subject     = "%s %s"
  pipeline_id = %q
  stage_id    = %q
  priority    = %q
%s}
`, key, name, key, p.ID, stage, priority, body)
	}
	config := ticket("a1", open, "HIGH", "") + ticket("a2", open, "LOW", "") + ticket("b1", waiting, "HIGH", "Printer on fire")
	var a1 string
	byB1 := queryfilter.ByDisplayName(knownvalue.StringExact(name + " b1"))
	pipeline := fmt.Sprintf("pipeline_id = %q", p.ID)
	testAccList(t, listTest{
		config:       config,
		stateChecks:  append(identityMatches("hubspot_ticket.b1", "id"), captureString("hubspot_ticket.a1", "id", &a1)),
		importAddr:   "hubspot_ticket.b1",
		checkDestroy: testAccCheckTicketDestroy(t),
		lists: []string{
			testAccListBlock("hubspot_ticket", "pipeline", pipeline),
			testAccListBlock("hubspot_ticket", "stage", fmt.Sprintf("stage_id = %q", open)),
			testAccListBlock("hubspot_ticket", "high", pipeline, `property_values = { hs_ticket_priority = "HIGH" }`),
			testAccListBlock("hubspot_ticket", "all"),
			fmt.Sprintf("list \"hubspot_ticket\" \"first\" {\n  provider = hubspot\n  limit    = 1\n  config {\n    %s\n  }\n}\n", pipeline),
		},
		queryChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectLength("hubspot_ticket.pipeline", 3),
			querycheck.ExpectLength("hubspot_ticket.stage", 2),
			querycheck.ExpectLength("hubspot_ticket.high", 2),
			querycheck.ExpectIdentity("hubspot_ticket.high", map[string]knownvalue.Check{"id": capturedString{&a1}}),
			querycheck.ExpectLength("hubspot_ticket.first", 1),
			querycheck.ExpectIdentity("hubspot_ticket.all", map[string]knownvalue.Check{"id": capturedString{&a1}}),
			querycheck.ExpectResourceKnownValues("hubspot_ticket.pipeline", byB1, []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("pipeline_id"), KnownValue: knownvalue.StringExact(p.ID)},
				{Path: tfjsonpath.New("stage_id"), KnownValue: knownvalue.StringExact(waiting)},
				{Path: tfjsonpath.New("priority"), KnownValue: knownvalue.StringExact("HIGH")},
				{Path: tfjsonpath.New("content"), KnownValue: knownvalue.StringExact("Printer on fire")},
				{Path: tfjsonpath.New("owner_id"), KnownValue: knownvalue.Null()},
				{Path: tfjsonpath.New("properties"), KnownValue: knownvalue.Null()},
				{Path: tfjsonpath.New("associations"), KnownValue: knownvalue.Null()},
			}),
		},
	})
}

func TestAccTicketPropertyGroupList(t *testing.T) {
	name := testPropertyName()
	const addr = "hubspot_ticket_property_group.test"
	byName := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)})
	testAccList(t, listTest{
		config:       testAccPropertyGroupConfig(name, "Listed group", 7),
		stateChecks:  identityMatches(addr, "name"),
		importAddr:   addr,
		checkDestroy: testAccCheckPropertyGroupDestroy(t),
		lists: []string{
			testAccListBlock("hubspot_ticket_property_group", "custom"),
			testAccListBlock("hubspot_ticket_property_group", "all", "include_hubspot_defined = true"),
		},
		queryChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectIdentity("hubspot_ticket_property_group.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}),
			querycheck.ExpectResourceDisplayName("hubspot_ticket_property_group.custom", byName, knownvalue.StringExact("Listed group")),
			querycheck.ExpectResourceKnownValues("hubspot_ticket_property_group.custom", byName, []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("label"), KnownValue: knownvalue.StringExact("Listed group")},
				{Path: tfjsonpath.New("display_order"), KnownValue: knownvalue.Int64Exact(7)},
			}),
			// ticketinformation holds HubSpot's own properties: listed only when asked for.
			querycheck.ExpectNoIdentity("hubspot_ticket_property_group.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact("ticketinformation")}),
			querycheck.ExpectIdentity("hubspot_ticket_property_group.all", map[string]knownvalue.Check{"name": knownvalue.StringExact("ticketinformation")}),
			querycheck.ExpectIdentity("hubspot_ticket_property_group.all", map[string]knownvalue.Check{"name": knownvalue.StringExact(name)}),
		},
	})
}

func TestAccTicketPropertyList(t *testing.T) {
	group, tier, amount := testPropertyName(), testPropertyName(), testPropertyName()
	const addr = "hubspot_ticket_property.tier"
	config := testAccGroupBlock(group) + fmt.Sprintf(`
resource "hubspot_ticket_property" "tier" {
  name       = %q
  label      = "Tier"
  type       = "enumeration"
  field_type = "select"
  group_name = hubspot_ticket_property_group.g.name
  options = [
    { value = "gold", label = "Gold" },
    { value = "silver", label = "Silver", description = "The middle tier" },
  ]
}

resource "hubspot_ticket_property" "amount" {
  name                = %q
  label               = "Amount"
  type                = "number"
  field_type          = "number"
  group_name          = hubspot_ticket_property_group.g.name
  number_display_hint = "currency"
}
`, tier, amount)
	byName := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(tier)})
	testAccList(t, listTest{
		config:       config,
		stateChecks:  identityMatches(addr, "name"),
		importAddr:   addr,
		checkDestroy: testAccCheckPropertyDestroy(t),
		lists: []string{
			testAccListBlock("hubspot_ticket_property", "group", fmt.Sprintf("group_name = %q", group)),
			testAccListBlock("hubspot_ticket_property", "custom"),
			testAccListBlock("hubspot_ticket_property", "hubspot", `group_name = "ticketinformation"`, "include_hubspot_defined = true"),
		},
		queryChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectLength("hubspot_ticket_property.group", 2),
			querycheck.ExpectIdentity("hubspot_ticket_property.group", map[string]knownvalue.Check{"name": knownvalue.StringExact(amount)}),
			querycheck.ExpectResourceDisplayName("hubspot_ticket_property.group", byName, knownvalue.StringExact("Tier")),
			querycheck.ExpectResourceKnownValues("hubspot_ticket_property.group", byName, []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("group_name"), KnownValue: knownvalue.StringExact(group)},
				{Path: tfjsonpath.New("options"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"value": knownvalue.StringExact("gold"), "label": knownvalue.StringExact("Gold"), "description": knownvalue.StringExact(""), "hidden": knownvalue.Bool(false)}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"value": knownvalue.StringExact("silver"), "label": knownvalue.StringExact("Silver"), "description": knownvalue.StringExact("The middle tier"), "hidden": knownvalue.Bool(false)}),
				})},
				{Path: tfjsonpath.New("hubspot_defined"), KnownValue: knownvalue.Bool(false)},
			}),
			querycheck.ExpectIdentity("hubspot_ticket_property.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact(tier)}),
			// HubSpot's own properties are listed only when asked for.
			querycheck.ExpectNoIdentity("hubspot_ticket_property.custom", map[string]knownvalue.Check{"name": knownvalue.StringExact("subject")}),
			querycheck.ExpectIdentity("hubspot_ticket_property.hubspot", map[string]knownvalue.Check{"name": knownvalue.StringExact("subject")}),
		},
	})
}
