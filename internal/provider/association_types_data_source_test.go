package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccAssociationTypesDataSource(t *testing.T) {
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// Names, singular names and ids all name the same types; direction matters.
				Config: `
data "hubspot_association_types" "ticket_contact" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
}

data "hubspot_association_types" "contact_ticket" {
  from_object_type = "0-1"
  to_object_type   = "ticket"
}

data "hubspot_association_types" "ticket_company" {
  from_object_type = "tickets"
  to_object_type   = "companies"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hubspot_association_types.ticket_contact", tfjsonpath.New("default_type_id"), knownvalue.Int64Exact(16)),
					statecheck.ExpectKnownValue("data.hubspot_association_types.contact_ticket", tfjsonpath.New("default_type_id"), knownvalue.Int64Exact(15)),
					statecheck.ExpectKnownValue("data.hubspot_association_types.ticket_company", tfjsonpath.New("default_type_id"), knownvalue.Int64Exact(339)),
					statecheck.ExpectKnownValue("data.hubspot_association_types.ticket_company", tfjsonpath.New("type_ids").AtMapKey("Primary"), knownvalue.Int64Exact(26)),
					statecheck.ExpectKnownValue("data.hubspot_association_types.ticket_contact", tfjsonpath.New("types"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"type_id": knownvalue.Int64Exact(16), "category": knownvalue.StringExact("HUBSPOT_DEFINED")})})),
					statecheck.ExpectKnownValue("data.hubspot_association_types.contact_ticket", tfjsonpath.New("types"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"type_id": knownvalue.Int64Exact(15), "category": knownvalue.StringExact("HUBSPOT_DEFINED")})})),
					statecheck.ExpectKnownValue("data.hubspot_association_types.ticket_company", tfjsonpath.New("types"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"type_id": knownvalue.Int64Exact(26), "category": knownvalue.StringExact("HUBSPOT_DEFINED"), "label": knownvalue.StringExact("Primary")})})),
					statecheck.ExpectKnownValue("data.hubspot_association_types.ticket_company", tfjsonpath.New("types"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"type_id": knownvalue.Int64Exact(339), "category": knownvalue.StringExact("HUBSPOT_DEFINED")})})),
					// The unlabeled types are not in the label maps.
					testAccCheckNotInTypeIDs("data.hubspot_association_types.ticket_contact", "16"),
					testAccCheckNotInTypeIDs("data.hubspot_association_types.ticket_company", "339"),
				},
			},
		},
	})
}

func TestAccAssociationTypesDataSource_invalid(t *testing.T) {
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: `
data "hubspot_association_types" "test" {
  from_object_type = "tickets/contacts"
  to_object_type   = "contacts"
}
`,
				ExpectError: regexp.MustCompile(`(?s)from_object_type.*must be an object type name`),
			},
			{
				Config: `
data "hubspot_association_types" "test" {
  from_object_type = "tickets"
  to_object_type   = "widgets"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Unable to read association types.*widgets`),
			},
		},
	})
}

// testAccCheckNotInTypeIDs checks that no label in the data source's type_ids maps to typeID.
// Other labels may exist in a real portal, so the check looks for the id, not for an empty map.
func testAccCheckNotInTypeIDs(name, typeID string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(name, tfjsonpath.New("type_ids"), valueFunc[map[string]any](func(ids map[string]any) error {
		for k, v := range ids {
			if fmt.Sprint(v) == typeID {
				return fmt.Errorf("%s: type_ids[%q] = %v, but type %s is unlabeled and belongs in default_type_id only", name, k, v, typeID)
			}
		}
		return nil
	}))
}
