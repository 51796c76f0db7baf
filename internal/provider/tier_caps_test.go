package provider

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func TestAddTierCapError(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{
			name: "cap in the message",
			err: &hubspot.Error{StatusCode: 400, Category: "API_LIMIT", Message: "You have reached your limit of 1 ticket pipelines.",
				Context: map[string][]string{"maximum pipelines": {"1"}}},
			want: "The HubSpot account has a limit of 1 ticket pipelines, and it is reached",
		},
		{
			name: "cap only in the context",
			err:  &hubspot.Error{StatusCode: 400, Category: "API_LIMIT", Message: "Limit reached.", Context: map[string][]string{"maximum pipelines": {"2"}}},
			want: "The HubSpot account has a limit of 2 ticket pipelines, and it is reached",
		},
		{
			name: "cap not given",
			err:  &hubspot.Error{StatusCode: 400, Category: "API_LIMIT", Message: "Limit reached."},
			want: "The HubSpot account has a limit on the number of ticket pipelines, and it is reached",
		},
		{
			name: "not a cap",
			err:  errors.New("connection reset"),
			want: "connection reset",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.Diagnostics
			addTierCapError(&diags, "Unable to create ticket pipeline", "ticket pipelines", c.err)
			if len(diags) != 1 || diags[0].Summary() != "Unable to create ticket pipeline" {
				t.Fatalf("diagnostics = %v, want one error", diags)
			}
			if got := diags[0].Detail(); !strings.HasPrefix(got, c.want) {
				t.Errorf("detail = %q, want it to start with %q", got, c.want)
			}
		})
	}
}

// TestAccTierCap_freePipeline creates a second ticket pipeline on a Free account, which
// allows one: the error says what the cap is and what to do, and nothing is written.
func TestAccTierCap_freePipeline(t *testing.T) {
	skipUnlessAcc(t)
	portal := newPrivatePortal(t, emulator.Options{Tier: emulator.TierFree})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: portal.config("") + `
resource "hubspot_ticket_pipeline" "p" {
  label  = "Escalations"
  stages = [{ key = "new", label = "New", ticket_state = "OPEN" }]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Unable to create ticket pipeline.*limit of 1 ticket\s+pipelines.*upgrade`),
		}},
	})
	if w := portal.writes(); len(w) != 1 {
		t.Errorf("writes = %v, want the one refused create", w)
	}
}
