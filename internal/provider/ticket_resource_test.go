package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func init() {
	addSweeper("hubspot_ticket", func(ctx context.Context, c *hubspot.Client) error {
		list, err := c.ListObjects(ctx, hubspot.TicketObjectType, hubspot.ListOptions{Properties: []string{hubspot.TicketPropSubject}})
		if err != nil {
			return err
		}
		var ids []string
		for _, t := range list {
			if strings.HasPrefix(t.Properties[hubspot.TicketPropSubject], testNamePrefix) {
				ids = append(ids, t.ID)
			}
		}
		return c.BatchArchiveObjects(ctx, hubspot.TicketObjectType, ids)
	})
	// The contacts and companies the ticket tests associate tickets with.
	addSweeper("hubspot_ticket_records", func(ctx context.Context, c *hubspot.Client) error {
		var errs []error
		for objectType, prop := range map[string]string{"contacts": "email", "companies": "name"} {
			list, err := c.ListObjects(ctx, objectType, hubspot.ListOptions{Properties: []string{prop}})
			if err != nil {
				errs = append(errs, err)
				continue
			}
			var ids []string
			for _, o := range list {
				if strings.HasPrefix(o.Properties[prop], testNamePrefix) {
					ids = append(ids, o.ID)
				}
			}
			errs = append(errs, c.BatchArchiveObjects(ctx, objectType, ids))
		}
		return errors.Join(errs...)
	})
}

const testAccTicketAddr = "hubspot_ticket.test"

// testAccTicketID reads the test ticket's id from the state into id, for later steps'
// out-of-band changes.
func testAccTicketID(id *string) stateCheck {
	return captureString(testAccTicketAddr, "id", id)
}

// testAccCheckTicketInHubSpot reads the test ticket through the API and checks it.
func testAccCheckTicketInHubSpot(t *testing.T, props []string, check func(tk *hubspot.Ticket) error) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		var id string
		if err := testAccTicketID(&id)(ctx, s); err != nil {
			return err
		}
		tk, err := testAccClient(t).GetObject(ctx, hubspot.TicketObjectType, id, props)
		if err != nil {
			return err
		}
		return check(tk)
	}
}

// testAccTicketProps checks property values in HubSpot; "" means the property has no value.
func testAccTicketProps(t *testing.T, want map[string]string) stateCheck {
	names := make([]string, 0, len(want))
	for k := range want {
		names = append(names, k)
	}
	sort.Strings(names)
	return testAccCheckTicketInHubSpot(t, names, func(tk *hubspot.Ticket) error {
		for _, n := range names {
			if got := tk.Properties[n]; got != want[n] {
				return fmt.Errorf("ticket %s: %s = %q in HubSpot, want %q", tk.ID, n, got, want[n])
			}
		}
		return nil
	})
}

func testAccCheckTicketDestroy(t *testing.T) resource.TestCheckFunc {
	return testAccCheckGone(map[string]func(*terraform.ResourceState) error{
		"hubspot_ticket": func(rs *terraform.ResourceState) error {
			_, err := testAccClient(t).GetObject(testCtx(t), hubspot.TicketObjectType, rs.Primary.ID, nil)
			return err
		},
	})
}

func TestAccTicket_lifecycle(t *testing.T) {
	name := testName()
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	created, updated, closed := testAccTicketLifecycleConfigs(name)

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("pipeline_id"), knownvalue.StringExact("0")),
					statecheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("owner_id"), knownvalue.Null()),
					testAccTicketID(&id),
					testAccTicketProps(t, map[string]string{"subject": name, "content": "First report", "hs_pipeline": "0", "hs_pipeline_stage": "1", "hs_ticket_priority": "LOW"}),
				},
			},
			{
				Config:           updated,
				ConfigPlanChecks: expectAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketProps(t, map[string]string{"content": "Second report", "hs_pipeline_stage": "2", "hs_ticket_priority": "HIGH",
					"hs_ticket_category": "BILLING_ISSUE;PRODUCT_ISSUE", "source_type": "EMAIL"})},
			},
			{
				Config:            closed,
				ConfigPlanChecks:  expectAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketProps(t, map[string]string{"hs_pipeline_stage": "4", "hs_ticket_priority": ""})},
			},
			importStep(testAccTicketAddr),
			{
				// Changed outside Terraform: the configured subject shows as drift and is put back;
				// a priority set in HubSpot, which the configuration does not set, is left alone.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					_, err := c.UpdateObject(ctx, hubspot.TicketObjectType, id, map[string]string{"subject": "renamed in HubSpot", "hs_ticket_priority": "MEDIUM"})
					return err
				}),
				Config: closed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("subject"), knownvalue.StringExact(name)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketProps(t, map[string]string{"subject": name, "hs_ticket_priority": "MEDIUM"})},
			},
			{
				// Deleted outside Terraform: the plan creates it again.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.ArchiveObject(ctx, hubspot.TicketObjectType, id)
				}),
				Config:           closed,
				ConfigPlanChecks: expectAction(testAccTicketAddr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("id"), knownvalue.StringFunc(func(got string) error {
						if got == id {
							return fmt.Errorf("the recreated ticket kept the archived ticket's id %s", id)
						}
						return nil
					})),
					testAccTicketProps(t, map[string]string{"subject": name, "hs_pipeline_stage": "4"}),
				},
			},
		},
	})
}

// testAccTicketLifecycleConfigs are the configurations TestAccTicket_lifecycle walks through: a
// new ticket, the same edited, then closed.
func testAccTicketLifecycleConfigs(name string) (created, updated, closed string) {
	config := func(body string) string {
		return fmt.Sprintf("resource \"hubspot_ticket\" \"test\" {\n  subject = %q\n%s}\n", name, body)
	}
	created = config(`  content  = "First report"
  stage_id = "1"
  priority = "LOW"
`)
	updated = config(`  content     = "Second report"
  stage_id    = "2"
  priority    = "HIGH"
  category    = "BILLING_ISSUE;PRODUCT_ISSUE"
  source_type = "EMAIL"
`)
	// Closing sets HubSpot's computed properties (closed_date, hs_is_closed, ...), which must
	// not show as changes; dropping priority clears it.
	closed = config(`  content     = "Second report"
  stage_id    = "4"
  category    = "BILLING_ISSUE;PRODUCT_ISSUE"
  source_type = "EMAIL"
`)
	return created, updated, closed
}

func TestAccTicket_pipelineMove(t *testing.T) {
	testAccPreCheck(t)
	c := testAccClient(t)
	// A display order after the default pipeline's, so that tickets without pipeline_id in
	// other tests still land in the default pipeline.
	pl, err := c.CreatePipeline(testCtx(t), hubspot.TicketObjectType, hubspot.PipelineInput{
		Label: testName(), DisplayOrder: 50,
		Stages: []hubspot.PipelineStageInput{
			{Label: "Triage", DisplayOrder: 0, Metadata: map[string]string{hubspot.MetadataTicketState: hubspot.TicketStateOpen}},
			{Label: "Resolved", DisplayOrder: 1, Metadata: map[string]string{hubspot.MetadataTicketState: hubspot.TicketStateClosed}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := testAccClient(t).DeletePipeline(context.Background(), hubspot.TicketObjectType, pl.ID, hubspot.DeleteOptions{}); err != nil && !hubspot.IsNotFound(err) {
			t.Errorf("deleting pipeline %s: %v", pl.ID, err)
		}
	})
	triage, resolved := pl.Stages[0].ID, pl.Stages[1].ID
	name := testName()
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(pipeline, stage string) string {
		return fmt.Sprintf("resource \"hubspot_ticket\" \"test\" {\n  subject     = %q\n  pipeline_id = %q\n  stage_id    = %q\n}\n", name, pipeline, stage)
	}
	moved := config(pl.ID, resolved)
	update := expectAction(testAccTicketAddr, plancheck.ResourceActionUpdate)

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketDestroy(t),
		Steps: []resource.TestStep{
			{
				Config:            config("0", "1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketID(&id)},
			},
			{
				Config:            config(pl.ID, triage),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketProps(t, map[string]string{"hs_pipeline": pl.ID, "hs_pipeline_stage": triage})},
			},
			{
				Config:            moved,
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketProps(t, map[string]string{"hs_pipeline": pl.ID, "hs_pipeline_stage": resolved})},
			},
			{
				// Moved back to the default pipeline in HubSpot: the plan moves it again, in place.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					_, err := c.UpdateObject(ctx, hubspot.TicketObjectType, id, map[string]string{"hs_pipeline": "0", "hs_pipeline_stage": "2"})
					return err
				}),
				Config: moved,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("pipeline_id"), knownvalue.StringExact(pl.ID)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(testAccTicketAddr, tfjsonpath.New("id")), testAccTicketProps(t, map[string]string{"hs_pipeline": pl.ID, "hs_pipeline_stage": resolved})},
			},
		},
	})
}

// testAccTicketProperty creates a custom ticket property for a test and archives it after.
func testAccTicketProperty(t *testing.T, typ, fieldType string) string {
	t.Helper()
	name := strings.ReplaceAll(testName(), "-", "_")
	_, err := testAccClient(t).CreateProperty(testCtx(t), hubspot.TicketObjectType, hubspot.PropertyCreate{
		Name: name, Label: name, Type: typ, FieldType: fieldType, GroupName: "ticketinformation",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := testAccClient(t).ArchiveProperty(context.Background(), hubspot.TicketObjectType, name); err != nil {
			t.Errorf("archiving property %s: %v", name, err)
		}
	})
	return name
}

func TestAccTicket_properties(t *testing.T) {
	testAccPreCheck(t)
	text := testAccTicketProperty(t, "string", "text")
	number := testAccTicketProperty(t, "number", "number")
	when := testAccTicketProperty(t, "datetime", "date")
	name := testName()
	var id string
	config := func(props string) string {
		return fmt.Sprintf("resource \"hubspot_ticket\" \"test\" {\n  subject  = %q\n  stage_id = \"1\"\n  properties = {\n%s  }\n}\n", name, props)
	}
	// The datetime is written in a form HubSpot renders differently; that is not a change.
	first := config(fmt.Sprintf("    %s = \"alpha\"\n    %s = \"1.50\"\n    %s = \"2026-03-02T10:30:00+01:00\"\n", text, number, when))
	second := config(fmt.Sprintf("    %s = \"beta\"\n    %s = \"2026-03-02T10:30:00+01:00\"\n", text, when))

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					testAccTicketID(&id),
					testAccTicketProps(t, map[string]string{text: "alpha"}),
					testAccCheckTicketInHubSpot(t, []string{number, when}, func(tk *hubspot.Ticket) error {
						if tk.Properties[number] == "" || tk.Properties[when] == "" {
							return fmt.Errorf("properties not set: %v", tk.Properties)
						}
						return nil
					}),
				},
			},
			{
				// Removing a key clears the property.
				Config:            second,
				ConfigPlanChecks:  expectAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{testAccTicketProps(t, map[string]string{text: "beta", number: ""})},
			},
			{
				// Changed outside Terraform: drift, put back by the apply.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					_, err := c.UpdateObject(ctx, hubspot.TicketObjectType, id, map[string]string{text: "changed in HubSpot"})
					return err
				}),
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(testAccTicketAddr, tfjsonpath.New("properties").AtMapKey(text), knownvalue.StringExact("beta")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{testAccTicketProps(t, map[string]string{text: "beta"})},
			},
			{
				// Cleared outside Terraform: drift as well.
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					_, err := c.UpdateObject(ctx, hubspot.TicketObjectType, id, map[string]string{text: ""})
					return err
				}),
				Config:             second,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config:            second,
				ConfigStateChecks: []statecheck.StateCheck{testAccTicketProps(t, map[string]string{text: "beta"})},
			},
			{
				// properties are not imported: HubSpot cannot say which ones the configuration manages.
				ResourceName:            testAccTicketAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"properties"},
			},
		},
	})
}

// TestAccTicket_validation covers the errors found at plan time, before anything is sent.
func TestAccTicket_validation(t *testing.T) {
	ticket := func(body string) string {
		return fmt.Sprintf("resource \"hubspot_ticket\" \"test\" {\n  subject = %q\n%s}\n", testName(), body)
	}
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: ticket(body), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			step("  stage_id = \"1\"\n  properties = { no_such_property_tfacc = \"x\" }\n", `Unknown ticket property`),
			step("  stage_id = \"1\"\n  properties = { createdate = \"2026-01-01\" }\n", `Read-only ticket property`),
			step("  stage_id = \"1\"\n  properties = { hs_ticket_priority = \"HIGH\" }\n", `(?s)Property set by a ticket attribute.*priority`),
			step("  stage_id = \"1\"\n  properties = { \"Ticket tier\" = \"gold\" }\n", `Invalid property name`),
			step("  stage_id = \"1\"\n  priority = \"SOMEDAY\"\n", `(?s)"SOMEDAY" is not an option of property.*hs_ticket_priority.*LOW, MEDIUM, HIGH`),
			step("  stage_id = \"1\"\n  category = \"BILLING_ISSUE;NOPE\"\n", `"NOPE" is not an option`),
			step("  stage_id = \"1\"\n  owner_id = \"1\"\n", `not the id of an active owner`),
			step("  stage_id = \"1\"\n  content = \"\"\n", `Attribute content string length must be at least 1`),
			step("  pipeline_id = \"0\"\n  stage_id = \"999999\"\n", `(?s)Stage not in pipeline.*1 \(New\)`),
			step("  stage_id = \"999999\"\n", `Stage not in pipeline`),
			step("  pipeline_id = \"999999\"\n  stage_id = \"1\"\n", `Unknown ticket pipeline`),
			step("  stage_id = \"1\"\n  associations = [{ object_type = \"contacts\", record_id = \"1\", type_id = 9999 }]\n", `(?s)Unknown association type.*16 \(unlabeled, HUBSPOT_DEFINED\)`),
			step("  stage_id = \"1\"\n  associations = [{ object_type = \"contacts\", record_id = \"1\", type_id = 16, category = \"USER_DEFINED\" }]\n", `Wrong association category`),
			step("  stage_id = \"1\"\n  associations = [{ object_type = \"widgets\", record_id = \"1\", type_id = 16 }]\n", `Invalid association object type`),
			step("  stage_id = \"1\"\n  associations = [{ object_type = \"contacts\", record_id = \"abc\", type_id = 16 }]\n", `must be a record id`),
			step("  stage_id = \"1\"\n  associations = [{ object_type = \"contacts\", record_id = \"1\", type_id = 16 }, { object_type = \"contact\", record_id = \"1\", type_id = 16 }]\n", `Duplicate association`),
		},
	})
}

// TestAccTicket_sameConfigurationDefinitions plans a ticket that uses a property, a pipeline
// and a stage the same configuration creates: nothing is known of them yet, so the plan-time
// checks must wait rather than fail.
func TestAccTicket_sameConfigurationDefinitions(t *testing.T) {
	prop := strings.ReplaceAll(testName(), "-", "_")
	config := fmt.Sprintf(`
resource "hubspot_ticket_property" "tier" {
  name       = %q
  label      = %q
  type       = "enumeration"
  field_type = "select"
  group_name = "ticketinformation"
  options    = [{ value = "gold", label = "Gold" }]
}

resource "hubspot_ticket_pipeline" "escalations" {
  label         = %q
  display_order = 50
  stages = [
    { key = "open", label = "Open", ticket_state = "OPEN" },
  ]
}

resource "hubspot_ticket" "test" {
  subject     = %q
  pipeline_id = hubspot_ticket_pipeline.escalations.id
  stage_id    = hubspot_ticket_pipeline.escalations.stage_ids["open"]
  properties  = { (hubspot_ticket_property.tier.id) = "gold" }
}
`, prop, prop, testName(), testName())
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config, PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}

// TestAccTicket_sameConfigurationLiteralValues applies a ticket that names, by literal name and
// value, a property and then an option the same configuration adds: once the ticket depends on
// the property, the plan-time checks accept them, and still refuse a value no option has.
func TestAccTicket_sameConfigurationLiteralValues(t *testing.T) {
	prop, name := testPropertyName(), testName()
	config := func(options, value string) string {
		return fmt.Sprintf(`
resource "hubspot_ticket_property" "tier" {
  name       = %q
  label      = "Tier"
  type       = "enumeration"
  field_type = "select"
  group_name = "ticketinformation"
  options    = [%s]
}

resource "hubspot_ticket" "test" {
  subject    = %q
  stage_id   = "1"
  properties = { %s = %q }
  depends_on = [hubspot_ticket_property.tier]
}
`, prop, options, name, prop, value)
	}
	gold := `{ value = "gold", label = "Gold" }`
	withPlatinum := gold + `, { value = "platinum", label = "Platinum" }`
	testAccParallel(t, resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(
			testAccCheckTicketDestroy(t),
			testAccCheckPropertyDestroy(t),
		),
		Steps: []resource.TestStep{
			{
				// The property does not exist yet when the ticket is planned.
				Config:            config(gold, "gold"),
				ConfigStateChecks: []statecheck.StateCheck{testAccTicketProps(t, map[string]string{prop: "gold"})},
			},
			{
				// The option does not exist yet when the ticket is planned.
				Config: config(withPlatinum, "platinum"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hubspot_ticket_property.tier", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(testAccTicketAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{testAccTicketProps(t, map[string]string{prop: "platinum"})},
			},
			{
				Config:      config(withPlatinum, "silver"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid ticket property value.*"silver" is not an option of\s+property.*gold, platinum`),
			},
		},
	})
}

func TestSameTicketValue(t *testing.T) {
	def := func(typ, fieldType string) *hubspot.Property {
		return &hubspot.Property{Type: typ, FieldType: fieldType}
	}
	for _, tc := range []struct {
		def  *hubspot.Property
		a, b string
		same bool
	}{
		{nil, "x", "x", true},
		{nil, "1.50", "1.5", false},
		{def("number", "number"), "1.50", "1.5", true},
		{def("number", "number"), "1.5", "2", false},
		{def("datetime", "date"), "2026-03-02T10:30:00+01:00", "2026-03-02T09:30:00.000Z", true},
		{def("datetime", "date"), "1772443800000", "2026-03-02T09:30:00.000Z", true},
		{def("datetime", "date"), "2026-03-02T10:30:00Z", "2026-03-02T09:30:00.000Z", false},
		{def("date", "date"), "2026-03-02", "1772409600000", true},
		{def("bool", "booleancheckbox"), "TRUE", "true", true},
		{def("enumeration", "checkbox"), "B;A", "A;B", true},
		{def("enumeration", "select"), "B;A", "A;B", false},
		{def("string", "text"), "Hello", "hello", false},
	} {
		if got := sameTicketValue(tc.def, tc.a, tc.b); got != tc.same {
			t.Errorf("sameTicketValue(%v, %q, %q) = %v, want %v", tc.def, tc.a, tc.b, got, tc.same)
		}
	}
}

func TestTicketDefaultPipeline(t *testing.T) {
	epoch := time.Unix(0, 0)
	later := epoch.Add(time.Hour)
	list := []hubspot.Pipeline{
		{ID: "9", DisplayOrder: 0, CreatedAt: later},
		{ID: "0", DisplayOrder: 0, CreatedAt: epoch},
		{ID: "5", DisplayOrder: -1, CreatedAt: later, Archived: true},
		{ID: "7", DisplayOrder: 3, CreatedAt: epoch},
	}
	if p := ticketDefaultPipeline(list); p == nil || p.ID != "0" {
		t.Errorf("default = %v, want 0", p)
	}
	if p := ticketDefaultPipeline(nil); p != nil {
		t.Errorf("default of none = %v", p)
	}
}
