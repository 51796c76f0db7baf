package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// testAccPersonOwner returns an active owner with an email address, found through the API so
// that the tests hold against any portal.
func testAccPersonOwner(t *testing.T) hubspot.Owner {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skip("acceptance tests run only with " + resource.EnvTfAcc + " set")
	}
	testAccPreCheck(t)
	owners, err := testAccClient(t).ListOwners(testCtx(t), hubspot.ListOwnersOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range owners {
		if o.Email != "" && o.Type == "PERSON" {
			return o
		}
	}
	t.Skip("the portal has no owner with an email address")
	return hubspot.Owner{}
}

func TestAccOwnerDataSource(t *testing.T) {
	owner := testAccPersonOwner(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Email addresses match without regard to case.
				Config: fmt.Sprintf(`
data "hubspot_owner" "by_email" {
  email = %q
}

data "hubspot_owner" "by_id" {
  id = %q
}
`, strings.ToUpper(owner.Email), owner.ID),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.hubspot_owner.by_email", "id", owner.ID),
					resource.TestCheckResourceAttr("data.hubspot_owner.by_email", "email", strings.ToUpper(owner.Email)),
					resource.TestCheckResourceAttr("data.hubspot_owner.by_email", "type", "PERSON"),
					resource.TestCheckResourceAttr("data.hubspot_owner.by_email", "first_name", owner.FirstName),
					resource.TestCheckResourceAttr("data.hubspot_owner.by_email", "user_id", fmt.Sprint(owner.UserID)),
					resource.TestCheckResourceAttr("data.hubspot_owner.by_email", "teams.#", fmt.Sprint(len(owner.Teams))),
					resource.TestCheckResourceAttr("data.hubspot_owner.by_id", "email", owner.Email),
					resource.TestCheckResourceAttrPair("data.hubspot_owner.by_id", "last_name", "data.hubspot_owner.by_email", "last_name"),
				),
			},
		},
	})
}

func TestAccOwnerDataSource_errors(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `data "hubspot_owner" "test" {}`,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured: \[id,email\]`),
			},
			{
				Config: `
data "hubspot_owner" "test" {
  id    = "20000001"
  email = "alex.morgan@example.com"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured`),
			},
			{
				Config:      `data "hubspot_owner" "test" { id = "alex" }`,
				ExpectError: regexp.MustCompile(`(?s)Attribute id must be a numeric owner id`),
			},
			{
				Config:      `data "hubspot_owner" "test" { email = "not an address" }`,
				ExpectError: regexp.MustCompile(`(?s)Attribute email must be an email address`),
			},
			{
				Config:      `data "hubspot_owner" "test" { email = "tf-acc-nobody@example.invalid" }`,
				ExpectError: regexp.MustCompile(`(?s)Owner not found.*no active owner with email address tf-acc-nobody@example.invalid`),
			},
			{
				Config:      `data "hubspot_owner" "test" { id = "1" }`,
				ExpectError: regexp.MustCompile(`(?s)Owner not found.*no active owner with id 1\.`),
			},
		},
	})
}
