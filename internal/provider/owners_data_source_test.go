package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccOwnersDataSource(t *testing.T) {
	owner := testAccPersonOwner(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckTypeSetElemNestedAttrs("data.hubspot_owners.all", "owners.*", map[string]string{
						"id": owner.ID, "email": owner.Email, "type": "PERSON",
					}),
					resource.TestCheckResourceAttr("data.hubspot_owners.one", "owners.#", "1"),
					resource.TestCheckResourceAttr("data.hubspot_owners.one", "owners.0.id", owner.ID),
					resource.TestCheckResourceAttr("data.hubspot_owners.none", "owners.#", "0"),
				),
			},
		},
	})
}
