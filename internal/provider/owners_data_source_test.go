package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccOwnersDataSource(t *testing.T) {
	owner := testAccPersonOwner(t)
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
data "hubspot_owners" "all" {}

data "hubspot_owners" "one" {
  email = %q
}

data "hubspot_owners" "none" {
  email = "tf-acc-nobody@example.invalid"
}
`, owner.Email),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hubspot_owners.all", tfjsonpath.New("owners"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(owner.ID), "email": knownvalue.StringExact(owner.Email), "type": knownvalue.StringExact("PERSON")})})),
					statecheck.ExpectKnownValue("data.hubspot_owners.one", tfjsonpath.New("owners"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.hubspot_owners.one", tfjsonpath.New("owners").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(owner.ID)),
					statecheck.ExpectKnownValue("data.hubspot_owners.none", tfjsonpath.New("owners"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
