package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

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
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   testAccNeedsQuery,
		CheckDestroy:             testAccCheckAssociationLabelDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					testAccStateInt64("hubspot_association_label.requester", "type_id", &requesterID),
					testAccStateInt64("hubspot_association_label.follow_up", "type_id", &followUpID),
					testAccStateInt64("hubspot_association_label.follow_up", "inverse_type_id", &followUpInverseID),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState("hubspot_association_label.requester", tfjsonpath.New("type_id")),
					statecheck.ExpectIdentityValueMatchesState("hubspot_association_label.requester", tfjsonpath.New("from_object_type")),
				},
			},
			{
				Config:          config,
				ResourceName:    "hubspot_association_label.follow_up",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Query: true,
				Config: testAccQueryConfig(
					testAccListBlock("hubspot_association_label", "contacts", `to_object_type = "contacts"`),
					testAccListBlock("hubspot_association_label", "tickets", `to_object_type = "tickets"`),
				),
				QueryResultChecks: []querycheck.QueryResultCheck{
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
			},
		},
	})
}
