package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
	testAccParallel(t, resource.TestCase{
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
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hubspot_owner.by_email", tfjsonpath.New("id"), knownvalue.StringExact(owner.ID)),
					statecheck.ExpectKnownValue("data.hubspot_owner.by_email", tfjsonpath.New("email"), knownvalue.StringExact(strings.ToUpper(owner.Email))),
					statecheck.ExpectKnownValue("data.hubspot_owner.by_email", tfjsonpath.New("type"), knownvalue.StringExact("PERSON")),
					statecheck.ExpectKnownValue("data.hubspot_owner.by_email", tfjsonpath.New("first_name"), knownvalue.StringExact(owner.FirstName)),
					statecheck.ExpectKnownValue("data.hubspot_owner.by_email", tfjsonpath.New("user_id"), knownvalue.Int64Exact(int64(owner.UserID))),
					statecheck.ExpectKnownValue("data.hubspot_owner.by_email", tfjsonpath.New("teams"), knownvalue.ListSizeExact(len(owner.Teams))),
					statecheck.ExpectKnownValue("data.hubspot_owner.by_id", tfjsonpath.New("email"), knownvalue.StringExact(owner.Email)),
					statecheck.CompareValuePairs("data.hubspot_owner.by_id", tfjsonpath.New("last_name"), "data.hubspot_owner.by_email", tfjsonpath.New("last_name"), compare.ValuesSame()),
				},
			},
		},
	})
}

func TestAccOwnerDataSource_errors(t *testing.T) {
	testAccParallel(t, resource.TestCase{
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
