package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

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
	addSweeper("hubspot_association_label", sweepAssociationLabels)
}

// sweepAssociationLabels deletes the custom labels tests left behind: those whose label starts
// with the test prefix, between tickets and the object types the tests use.
func sweepAssociationLabels(ctx context.Context, c *hubspot.Client) error {
	var failed []string
	for _, other := range []string{"contacts", "companies", "deals", "tickets"} {
		for _, pair := range [][2]string{{"tickets", other}, {other, "tickets"}} {
			types, err := c.ListAssociationTypes(ctx, pair[0], pair[1])
			if err != nil {
				return err
			}
			for _, t := range types {
				if t.Category != hubspot.AssociationCategoryUserDefined || !strings.HasPrefix(t.LabelText(), testNamePrefix) {
					continue
				}
				if err := c.DeleteAssociationLabel(ctx, pair[0], pair[1], t.TypeID); err != nil && !hubspot.IsNotFound(err) {
					failed = append(failed, err.Error())
				}
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("deleting association labels: %s", strings.Join(failed, "; "))
	}
	return nil
}

// testLabelName is an internal name for a test label: the unique test name without the hyphens
// HubSpot refuses in names.
func testLabelName() string { return strings.ReplaceAll(testName(), "-", "_") }

func testAccAssociationLabelConfig(from, to, name, label, inverseLabel string) string {
	inverse := ""
	if inverseLabel != "" {
		inverse = fmt.Sprintf("  inverse_label    = %q\n", inverseLabel)
	}
	return fmt.Sprintf(`
resource "hubspot_association_label" "test" {
  from_object_type = %q
  to_object_type   = %q
  name             = %q
  label            = %q
%s}
`, from, to, name, label, inverse)
}

// testAccLabelAddr is the address of the label testAccAssociationLabelConfig declares.
const testAccLabelAddr = "hubspot_association_label.test"

// labelIDs captures the type ids of the label in state, for later steps to compare with.
type labelIDs struct{ typeID, inverseTypeID int }

func (ids *labelIDs) capture() stateCheck {
	return func(_ context.Context, s *tfjson.State) error {
		a, err := stateAttributes(s, testAccLabelAddr)
		if err != nil {
			return err
		}
		var err1, err2 error
		ids.typeID, err1 = stateInt(a, "type_id")
		ids.inverseTypeID, err2 = stateInt(a, "inverse_type_id")
		if err1 != nil || err2 != nil {
			return fmt.Errorf("type ids %v, %v", a["type_id"], a["inverse_type_id"])
		}
		return nil
	}
}

// testAccCheckLabelInHubSpot checks through the API that the label in state reads label from
// the first object type and inverseLabel back (label again when inverseLabel is empty).
func testAccCheckLabelInHubSpot(t *testing.T, label, inverseLabel string) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		a, err := stateAttributes(s, testAccLabelAddr)
		if err != nil {
			return err
		}
		typeID, _ := stateInt(a, "type_id")
		inverseID, _ := stateInt(a, "inverse_type_id")
		from, _ := a["from_object_type"].(string)
		to, _ := a["to_object_type"].(string)
		c := testAccClient(t)
		fwd, err := hubspot.FindAssociationType(ctx, c, from, to, typeID)
		if err != nil {
			return err
		}
		if fwd.Category != hubspot.AssociationCategoryUserDefined || fwd.LabelText() != label {
			return fmt.Errorf("type %d from %s to %s is %+v, want USER_DEFINED %q", typeID, from, to, fwd, label)
		}
		if inverseLabel == "" {
			inverseLabel = label
		}
		inv, err := hubspot.FindAssociationType(ctx, c, to, from, inverseID)
		if err != nil {
			return err
		}
		if inv.LabelText() != inverseLabel {
			return fmt.Errorf("inverse type %d reads %q, want %q", inverseID, inv.LabelText(), inverseLabel)
		}
		return nil
	}
}

// testAccCheckAssociationLabelDestroy checks through the API that no label in state remains,
// in either direction.
func testAccCheckAssociationLabelDestroy(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := testAccClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "hubspot_association_label" {
				continue
			}
			a := rs.Primary.Attributes
			for _, d := range []struct{ from, to, id string }{
				{a["from_object_type"], a["to_object_type"], a["type_id"]},
				{a["to_object_type"], a["from_object_type"], a["inverse_type_id"]},
			} {
				id, _ := strconv.Atoi(d.id)
				_, err := hubspot.FindAssociationType(testCtx(t), c, d.from, d.to, id)
				if err == nil {
					return fmt.Errorf("association type %d from %s to %s still exists", id, d.from, d.to)
				}
				if !hubspot.IsNotFound(err) {
					return err
				}
			}
		}
		return nil
	}
}

// testAccCheckLabelGone checks through the API that the label a replacement destroyed, whose
// ids an earlier step captured, no longer exists in either direction.
func testAccCheckLabelGone(t *testing.T, from, to string, ids *labelIDs) stateCheck {
	return func(context.Context, *tfjson.State) error {
		for _, d := range []struct {
			from, to string
			id       int
		}{{from, to, ids.typeID}, {to, from, ids.inverseTypeID}} {
			_, err := hubspot.FindAssociationType(testCtx(t), testAccClient(t), d.from, d.to, d.id)
			if err == nil {
				return fmt.Errorf("the replaced label's type %d from %s to %s still exists", d.id, d.from, d.to)
			}
			if !hubspot.IsNotFound(err) {
				return err
			}
		}
		return nil
	}
}

func TestAccAssociationLabel(t *testing.T) {
	const addr = testAccLabelAddr
	name, renamed := testLabelName(), testLabelName()
	label := testName()
	relabeled, inverse, reinverted := label+" relabeled", label+" inverse", label+" inverse 2"
	var first, paired, recreated labelIDs

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckAssociationLabelDestroy(t),
		Steps: []resource.TestStep{
			testAccLabelCreatedStep(t, name, label, &first),
			// Relabeling keeps the type ids.
			planStep(testAccAssociationLabelConfig("tickets", "deals", name, relabeled, ""), addr, plancheck.ResourceActionUpdate,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (sameID(&first.typeID))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("inverse_type_id"), (sameID(&first.inverseTypeID))),
				testAccCheckLabelInHubSpot(t, relabeled, ""),
			),
			importStep(addr),
			// Adding an inverse label makes a paired label: a new definition.
			planStep(testAccAssociationLabelConfig("tickets", "deals", name, relabeled, inverse), addr, plancheck.ResourceActionDestroyBeforeCreate,
				testAccCheckLabelGone(t, "tickets", "deals", &first),
				paired.capture(),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (differentID(&first.typeID))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("inverse_label"), knownvalue.StringExact(inverse)),
				testAccCheckLabelInHubSpot(t, relabeled, inverse),
			),
			// The inverse label of a paired label changes in place.
			planStep(testAccAssociationLabelConfig("tickets", "deals", name, relabeled, reinverted), addr, plancheck.ResourceActionUpdate,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (sameID(&paired.typeID))),
				testAccCheckLabelInHubSpot(t, relabeled, reinverted),
			),
			importStep(addr),
			// HubSpot cannot rename: a new name is a new label.
			planStep(testAccAssociationLabelConfig("tickets", "deals", renamed, relabeled, reinverted), addr, plancheck.ResourceActionDestroyBeforeCreate,
				// Before capture() overwrites the ids of the label this step replaced.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (differentID(&paired.typeID))),
				testAccCheckLabelGone(t, "tickets", "deals", &paired),
				paired.capture(),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(renamed)),
				testAccCheckLabelInHubSpot(t, relabeled, reinverted),
			),
			// Another spelling of the same object types changes nothing in HubSpot.
			planStep(testAccAssociationLabelConfig("0-5", "deal", renamed, relabeled, reinverted), addr, plancheck.ResourceActionUpdate,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (sameID(&paired.typeID))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("from_object_type"), knownvalue.StringExact("0-5")),
				testAccCheckLabelInHubSpot(t, relabeled, reinverted),
			),
			// Relabeled outside Terraform: the plan puts the label back in place.
			{
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.UpdateAssociationLabel(ctx, "deals", "tickets", paired.inverseTypeID, "changed outside", "also changed")
				}),
				Config:           testAccAssociationLabelConfig("0-5", "deal", renamed, relabeled, reinverted),
				ConfigPlanChecks: expectAction(addr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (sameID(&paired.typeID))),
					testAccCheckLabelInHubSpot(t, relabeled, reinverted),
				},
			},
			// Deleted outside Terraform: the plan creates it again.
			{
				PreConfig: behindTerraform(t, func(ctx context.Context, c *hubspot.Client) error {
					return c.DeleteAssociationLabel(ctx, "tickets", "deals", paired.typeID)
				}),
				Config:           testAccAssociationLabelConfig("0-5", "deal", renamed, relabeled, reinverted),
				ConfigPlanChecks: expectAction(addr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					recreated.capture(),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), (differentID(&paired.typeID))),
					testAccCheckLabelInHubSpot(t, relabeled, reinverted),
				},
			},
		},
	})
}

// testAccLabelCreatedStep creates a single label from tickets to deals, which has a type id in
// each direction, and captures them in first.
func testAccLabelCreatedStep(t *testing.T, name, label string, first *labelIDs) resource.TestStep {
	const addr = testAccLabelAddr
	return resource.TestStep{
		Config: testAccAssociationLabelConfig("tickets", "deals", name, label, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			first.capture(),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("inverse_label"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
				if v != "tickets/deals/"+strconv.Itoa(first.typeID) {
					return fmt.Errorf("id %q", v)
				}
				if first.typeID == first.inverseTypeID {
					return fmt.Errorf("tickets to deals and back share type id %d", first.typeID)
				}
				return nil
			})),
			testAccCheckLabelInHubSpot(t, label, ""),
		},
	}
}

// TestAccAssociationLabel_betweenTickets covers a label between two tickets, with the object
// types spelled as a singular name and as an id: a single label there has one type id.
func TestAccAssociationLabel_betweenTickets(t *testing.T) {
	const addr = testAccLabelAddr
	name, label := testLabelName(), testName()
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckAssociationLabelDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: testAccAssociationLabelConfig("ticket", "0-5", name, label, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(addr, tfjsonpath.New("type_id"), addr, tfjsonpath.New("inverse_type_id"), compare.ValuesSame()),
					testAccCheckLabelInHubSpot(t, label, ""),
				},
			},
			importStep(addr),
		},
	})
}

func TestAccAssociationLabel_invalid(t *testing.T) {
	label := testName()
	valid := testAccAssociationLabelConfig("tickets", "companies", testLabelName(), label, "")
	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckAssociationLabelDestroy(t),
		Steps: []resource.TestStep{
			{
				Config:      testAccAssociationLabelConfig("tickets", "contacts", "tf-acc-label", "X", ""),
				ExpectError: regexp.MustCompile(`(?s)Attribute name must not contain hyphens`),
			},
			{
				Config:      testAccAssociationLabelConfig("tickets", "contacts", "2nd_line", "X", ""),
				ExpectError: regexp.MustCompile(`(?s)Attribute name must not begin with a digit`),
			},
			{
				Config:      testAccAssociationLabelConfig("tickets", "contacts", "blank", "  ", ""),
				ExpectError: regexp.MustCompile(`(?s)Attribute label must not be empty or blank`),
			},
			{
				Config:      testAccAssociationLabelConfig("tickets", "contacts", "padded", " Padded", ""),
				ExpectError: regexp.MustCompile(`(?s)Attribute label must not begin or end with whitespace`),
			},
			{
				Config:      testAccAssociationLabelConfig("tickets", "contacts", "same", "Same", "Same"),
				ExpectError: regexp.MustCompile(`(?s)Inverse label equals label.*must differ from label`),
			},
			{
				Config:      testAccAssociationLabelConfig("contacts", "companies", "no_tickets", "X", ""),
				ExpectError: regexp.MustCompile(`(?s)Association label without tickets.*"contacts".*"companies".*Set one of them to tickets`),
			},
			{
				Config:      testAccAssociationLabelConfig("tickets", "contacts/x", "slash", "X", ""),
				ExpectError: regexp.MustCompile(`(?s)to_object_type.*must be an object type name`),
			},
			// What only HubSpot knows fails at apply with HubSpot's reason: the label exists.
			{
				Config: valid + `
resource "hubspot_association_label" "twin" {
  from_object_type = "tickets"
  to_object_type   = "companies"
  name             = "` + testLabelName() + `"
  label            = hubspot_association_label.test.label
}
`,
				ExpectError: regexp.MustCompile(`(?s)Unable to create association label.*already\s+exists`),
			},
			{
				Config:        valid,
				ResourceName:  "hubspot_association_label.test",
				ImportState:   true,
				ImportStateId: "tickets/companies",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*FROM_OBJECT_TYPE/TO_OBJECT_TYPE/TYPE_ID`),
			},
			{
				Config:        valid,
				ResourceName:  "hubspot_association_label.test",
				ImportState:   true,
				ImportStateId: "tickets/companies/26",
				ExpectError:   regexp.MustCompile(`(?s)Not a custom association label.*HUBSPOT_DEFINED`),
			},
		},
	})
}

func sameID(want *int) knownvalue.Check {
	return knownvalue.Int64Func(func(v int64) error {
		if v != int64(*want) {
			return fmt.Errorf("type id %d, want the earlier %d", v, *want)
		}
		return nil
	})
}

func differentID(old *int) knownvalue.Check {
	return knownvalue.Int64Func(func(v int64) error {
		if v == int64(*old) {
			return fmt.Errorf("type id is still %d; a new label was expected", v)
		}
		return nil
	})
}
