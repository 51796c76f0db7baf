package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

// TestAccPlanChecks_failClosed plans a ticket with a stage no pipeline has and a priority that
// is not an option, when HubSpot cannot be asked: the plan must fail, naming the check and
// HubSpot's answer, instead of passing what nobody checked.
func TestAccPlanChecks_failClosed(t *testing.T) {
	skipUnlessAcc(t)
	const ticket = `
resource "hubspot_ticket" "t" {
  subject  = "Plan-time checks"
  stage_id = "999999"
  priority = "SUPER_URGENT"
}
`
	cases := []struct {
		name     string
		opts     emulator.Options
		provider func(p *privatePortal) string
		want     string
	}{
		{
			name:     "wrong token",
			provider: func(p *privatePortal) string { return providerBlock(p.url, `access_token = "pat-wrong"`) },
			want:     `(?s)Plan-time check could not run.*401.*HubSpot refused the credentials`,
		},
		{
			name: "wrong OAuth secret",
			opts: emulator.Options{OAuth: &emulator.OAuthApp{ClientID: "app", ClientSecret: "secret", RefreshToken: "refresh"}},
			provider: func(p *privatePortal) string {
				return providerBlock(p.url, `oauth {
    client_id     = "app"
    client_secret = "not-the-secret"
    refresh_token = "refresh"
  }`)
			},
			want: `(?s)Plan-time check could not run.*refreshing the OAuth access token.*client secret`,
		},
		{
			name:     "every read fails",
			opts:     emulator.Options{Faults: emulator.Faults{Seed: 1, Rules: []emulator.FaultRule{{Kind: emulator.FaultServerError, Probability: 1, Method: "GET", Status: 503}}}},
			provider: func(p *privatePortal) string { return p.config("  max_retries = 1\n") },
			want:     `(?s)Plan-time check could not run.*503.*server error through every retry`,
		},
		{
			name:     "daily limit spent",
			opts:     emulator.Options{Faults: emulator.Faults{Seed: 1, Rules: []emulator.FaultRule{{Kind: emulator.FaultRateLimit, Probability: 1, Policy: "DAILY"}}}},
			provider: func(p *privatePortal) string { return p.config("") },
			want:     `(?s)Plan-time check could not run.*daily API request limit is spent.*resets at midnight`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			portal := newPrivatePortal(t, tc.opts)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider(portal) + ticket,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if w := portal.writes(); len(w) > 0 {
				t.Errorf("the plan wrote to HubSpot: %v", w)
			}
		})
	}
}

// providerBlock is a provider block for the portal at url with the given credentials.
func providerBlock(url, credentials string) string {
	return fmt.Sprintf("\nprovider \"hubspot\" {\n  base_url = %q\n  %s\n}\n", url, credentials)
}
