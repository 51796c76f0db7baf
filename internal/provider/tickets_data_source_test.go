package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTicketsDataSource(t *testing.T) {
	// The tickets share a content marker that no other test's tickets have.
	marker := testName()
	tickets, searches := testAccTicketsSearchConfigs(marker)
	subjects := func(suffixes ...string) knownvalue.Check {
		var checks []knownvalue.Check
		for _, s := range suffixes {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"subject": knownvalue.StringExact(marker + " " + s)}))
		}
		return knownvalue.ListExact(checks)
	}
	ds := func(name string) string { return "data.hubspot_tickets." + name }

	testAccParallel(t, resource.TestCase{
		CheckDestroy: testAccCheckTicketDestroy(t),
		Steps: []resource.TestStep{
			// The searches come in a second step, once HubSpot has the tickets.
			{Config: tickets},
			{
				Config: searches,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("total"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("tickets"), subjects("gamma", "beta", "alpha")),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("tickets").AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"priority": knownvalue.StringExact("HIGH"), "stage_id": knownvalue.StringExact("1"), "pipeline_id": knownvalue.StringExact("0"),
						"content": knownvalue.StringExact(marker), "owner_id": knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("tickets").AtSliceIndex(0).AtMapKey("properties").AtMapKey("hs_ticket_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(ds("first_two"), tfjsonpath.New("total"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(ds("first_two"), tfjsonpath.New("tickets"), subjects("alpha", "beta")),
					statecheck.ExpectKnownValue(ds("either"), tfjsonpath.New("tickets"), subjects("alpha", "gamma")),
					statecheck.ExpectKnownValue(ds("waiting"), tfjsonpath.New("tickets"), subjects("beta", "gamma")),
					statecheck.CompareValuePairs(ds("all"), tfjsonpath.New("tickets").AtSliceIndex(2).AtMapKey("id"), "hubspot_ticket.a", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}

// testAccTicketsSearchConfigs are three tickets that share the content marker, and the same with
// four searches for them.
func testAccTicketsSearchConfigs(marker string) (tickets, searches string) {
	tickets = fmt.Sprintf(`
locals {
  marker = %q
}

resource "hubspot_ticket" "a" {
  subject  = "${local.marker} alpha"
  content  = local.marker
  stage_id = "1"
  priority = "HIGH"
}

resource "hubspot_ticket" "b" {
  subject  = "${local.marker} beta"
  content  = local.marker
  stage_id = "2"
  priority = "LOW"
}

resource "hubspot_ticket" "c" {
  subject  = "${local.marker} gamma"
  content  = local.marker
  stage_id = "2"
}
`, marker)
	mine := `{ property = "content", operator = "EQ", value = local.marker }`
	searches = tickets + `
data "hubspot_tickets" "all" {
  filter_groups = [{ filters = [` + mine + `] }]
  sort          = { property = "subject", direction = "DESCENDING" }
  properties    = ["hs_ticket_id"]
}

data "hubspot_tickets" "first_two" {
  filter_groups = [{ filters = [` + mine + `] }]
  sort          = { property = "subject" }
  limit         = 2
}

data "hubspot_tickets" "either" {
  filter_groups = [
    { filters = [` + mine + `, { property = "hs_ticket_priority", operator = "EQ", value = "HIGH" }] },
    { filters = [` + mine + `, { property = "hs_ticket_priority", operator = "NOT_HAS_PROPERTY" }] },
  ]
  sort = { property = "subject" }
}

data "hubspot_tickets" "waiting" {
  filter_groups = [{ filters = [` + mine + `, { property = "hs_pipeline_stage", operator = "IN", values = ["2", "3"] }] }]
  sort          = { property = "subject" }
}
`
	return tickets, searches
}

func TestAccTicketsDataSource_validation(t *testing.T) {
	search := func(body string) string { return "data \"hubspot_tickets\" \"test\" {\n" + body + "\n}\n" }
	filter := `{ property = "subject", operator = "EQ", value = "x" }`
	group := func(n int) string {
		return "{ filters = [" + strings.TrimSuffix(strings.Repeat(filter+", ", n), ", ") + "] }"
	}
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: search(body), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{
			step(`filter_groups = [{ filters = [{ property = "subject", operator = "IN", value = "x" }] }]`, `(?s)Missing filter operand.*set values`),
			step(`filter_groups = [{ filters = [{ property = "subject", operator = "BETWEEN", value = "a" }] }]`, `(?s)Missing filter operand.*high_value`),
			step(`filter_groups = [{ filters = [{ property = "subject", operator = "HAS_PROPERTY", value = "a" }] }]`, `Unused filter operand`),
			step(`filter_groups = [{ filters = [{ property = "subject", operator = "LIKE", value = "a" }] }]`, `value must be one of`),
			step(`filter_groups = [`+group(7)+`]`, `at most 6 elements, got: 7`),
			step(`filter_groups = [`+strings.Repeat(group(1)+", ", 6)+`]`, `(?s)at most 5.*elements, got: 6`),
			step(`filter_groups = [`+group(6)+", "+group(6)+", "+group(6)+", "+group(1)+`]`, `(?s)Too many filters.*at most 18`),
			step(`limit = 10001`, `between 1 and 10000`),
			step(`query = "`+strings.Repeat("q", 3001)+`"`, `(?s)length must be between 1 and.*3000`),
		},
	})
}
