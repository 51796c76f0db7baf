package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccAssociationTypeDataSource(t *testing.T) {
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: `
data "hubspot_association_type" "primary_company" {
  from_object_type = "tickets"
  to_object_type   = "companies"
  label            = "Primary"
}

data "hubspot_association_type" "company" {
  from_object_type = "tickets"
  to_object_type   = "companies"
}

data "hubspot_association_type" "contact_to_ticket" {
  from_object_type = "contacts"
  to_object_type   = "0-5"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hubspot_association_type.primary_company", tfjsonpath.New("type_id"), knownvalue.Int64Exact(26)),
					statecheck.ExpectKnownValue("data.hubspot_association_type.primary_company", tfjsonpath.New("category"), knownvalue.StringExact("HUBSPOT_DEFINED")),
					statecheck.ExpectKnownValue("data.hubspot_association_type.company", tfjsonpath.New("type_id"), knownvalue.Int64Exact(339)),
					statecheck.ExpectKnownValue("data.hubspot_association_type.contact_to_ticket", tfjsonpath.New("type_id"), knownvalue.Int64Exact(15)),
				},
			},
		},
	})
}

func TestAccAssociationTypeDataSource_unknownLabel(t *testing.T) {
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// The error names the labels that do exist.
				Config: `
data "hubspot_association_type" "test" {
  from_object_type = "tickets"
  to_object_type   = "companies"
  label            = "No such label"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Association label not found.*"No such label".*labels that exist.*"Primary"`),
			},
			{
				Config: `
data "hubspot_association_type" "test" {
  from_object_type = "tickets"
  to_object_type   = "companies"
  label            = ""
}
`,
				ExpectError: regexp.MustCompile(`(?s)label.*string length must be at least 1`),
			},
		},
	})
}
