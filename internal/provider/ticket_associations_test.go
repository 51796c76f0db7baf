package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// testAccRecord creates a contact or company for a test and archives it after.
func testAccRecord(t *testing.T, objectType string, props map[string]string) string {
	t.Helper()
	o, err := testAccClient(t).CreateObject(testCtx(t), objectType, hubspot.ObjectInput{Properties: props})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := testAccClient(t).ArchiveObject(context.Background(), objectType, o.ID); err != nil {
			t.Errorf("archiving %s %s: %v", objectType, o.ID, err)
		}
	})
	return o.ID
}

// testAccTicketLinks checks the ticket's associations with one object type in HubSpot:
// want maps record ids to the sorted type ids between them.
func testAccTicketLinks(t *testing.T, objectType string, want map[string]string) stateCheck {
	return func(ctx context.Context, s *tfjson.State) error {
		var id string
		if err := testAccTicketID(&id)(ctx, s); err != nil {
			return err
		}
		recs, err := testAccClient(t).ListRecordAssociations(ctx, hubspot.TicketObjectType, id, objectType)
		if err != nil {
			return err
		}
		got := map[string]string{}
		for _, r := range recs {
			var ids []string
			for _, ty := range r.Types {
				ids = append(ids, fmt.Sprint(ty.TypeID))
			}
			sort.Strings(ids)
			got[r.ToObjectID] = strings.Join(ids, ",")
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("ticket %s's %s associations in HubSpot = %v, want %v", id, objectType, got, want)
		}
		return nil
	}
}

func TestAccTicket_associations(t *testing.T) {
	testAccPreCheck(t)
	c1 := testAccRecord(t, "contacts", map[string]string{"email": testName() + "@example.com"})
	c2 := testAccRecord(t, "contacts", map[string]string{"email": testName() + "@example.com"})
	company := testAccRecord(t, "companies", map[string]string{"name": testName()})
	name := testName()
	var id string
	config := func(links ...string) string {
		body := ""
		if len(links) > 0 {
			body = "  associations = [\n" + strings.Join(links, "") + "  ]\n"
		}
		return fmt.Sprintf("resource \"hubspot_ticket\" \"test\" {\n  subject  = %q\n  stage_id = \"1\"\n%s}\n", name, body)
	}
	link := func(objectType, recordID string, typeID int) string {
		return fmt.Sprintf("    { object_type = %q, record_id = %q, type_id = %d },\n", objectType, recordID, typeID)
	}
	first := config(link("contacts", c1, 16), link("companies", company, 26))
	second := config(link("contacts", c2, 16), link("0-2", company, 339))
	update := expectAction(testAccTicketAddr, plancheck.ResourceActionUpdate)

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketDestroy(t),
		Steps: []resource.TestStep{
			{
				// Made with the ticket; HubSpot adds its unlabeled type under the Primary label.
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					testAccTicketID(&id),
					testAccTicketLinks(t, "contacts", map[string]string{c1: "16"}),
					testAccTicketLinks(t, "companies", map[string]string{company: "26,339"}),
				},
			},
			{
				// Changed in place: another contact, and the company without the Primary label.
				Config:           second,
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					testAccTicketLinks(t, "contacts", map[string]string{c2: "16"}),
					testAccTicketLinks(t, "companies", map[string]string{company: "339"}),
				},
			},
			{
				// In HubSpot, a managed link is removed and another one made: the removed one
				// shows as drift and comes back; the other one is left alone.
				PreConfig: func() {
					ctx, c := testCtx(t), testAccClient(t)
					if err := c.DeleteRecordAssociations(ctx, hubspot.TicketObjectType, id, "contacts", c2); err != nil {
						t.Fatal(err)
					}
					if _, err := c.CreateRecordAssociation(ctx, hubspot.TicketObjectType, id, "contacts", c1, []hubspot.AssociationSpec{{Category: hubspot.AssociationCategoryHubSpotDefined, TypeID: 16}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:            second,
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{testAccTicketLinks(t, "contacts", map[string]string{c1: "16", c2: "16"})},
			},
			{
				ResourceName:            testAccTicketAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"associations"},
			},
			{
				// Dropping the attribute removes the managed links only.
				Config:           config(),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					testAccTicketLinks(t, "contacts", map[string]string{c1: "16"}),
					testAccTicketLinks(t, "companies", map[string]string{}),
				},
			},
		},
	})
}
