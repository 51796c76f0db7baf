package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/supportops/terraform-provider-hubspot/internal/coalesce"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func TestCheckBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.hubapi.com": true,
		"http://127.0.0.1:8080":  true,
		"http://localhost:8080":  true,
		"http://[::1]:8080":      true,
		"http://api.hubapi.com":  false,
		"http://10.0.0.5:8080":   false,
		"ftp://api.hubapi.com":   false,
		"api.hubapi.com":         false,
		"https://":               false,
	} {
		err := checkBaseURL(raw)
		if (err == nil) != ok {
			t.Errorf("checkBaseURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}

// configure runs the provider's Configure on a configuration given as attribute values; nil
// blocks are left out.
func configure(t *testing.T, attrs map[string]tftypes.Value) *provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var sresp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	cfg := tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, vals)}
	resp := &provider.ConfigureResponse{}
	// As Terraform does, validate the configuration first and configure only a valid one.
	for _, v := range p.(provider.ProviderWithConfigValidators).ConfigValidators(ctx) {
		vresp := &provider.ValidateConfigResponse{}
		v.ValidateProvider(ctx, provider.ValidateConfigRequest{Config: cfg}, vresp)
		resp.Diagnostics.Append(vresp.Diagnostics...)
	}
	if resp.Diagnostics.HasError() {
		return resp
	}
	p.Configure(ctx, provider.ConfigureRequest{Config: cfg, TerraformVersion: "1.11.4"}, resp)
	return resp
}

func oauthBlock(id, secret, refresh any) tftypes.Value {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"client_id": tftypes.String, "client_secret": tftypes.String, "refresh_token": tftypes.String}}
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"client_id":     tftypes.NewValue(tftypes.String, id),
		"client_secret": tftypes.NewValue(tftypes.String, secret),
		"refresh_token": tftypes.NewValue(tftypes.String, refresh),
	})
}

func str(v any) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }

func diagText(resp *provider.ConfigureResponse) string {
	var b strings.Builder
	for _, d := range resp.Diagnostics {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func TestConfigureDiagnostics(t *testing.T) {
	for _, env := range []string{EnvAccessToken, EnvBaseURL, EnvClientID, EnvClientSecret, EnvRefreshToken} {
		t.Setenv(env, "")
	}
	cases := []struct {
		name  string
		attrs map[string]tftypes.Value
		want  string
	}{
		{"no credentials", nil, "Missing HubSpot credentials"},
		{"both styles", map[string]tftypes.Value{"access_token": str("pat-x"), "oauth": oauthBlock("id", "secret", "refresh")}, "cannot be configured together: [access_token,oauth]"},
		{"unknown token", map[string]tftypes.Value{"access_token": str(tftypes.UnknownValue)}, "Unknown access token"},
		{"partial oauth", map[string]tftypes.Value{"oauth": oauthBlock("id", nil, nil)}, "Missing OAuth client_secret"},
		{"http to a remote host", map[string]tftypes.Value{"access_token": str("pat-x"), "base_url": str("http://api.example.com")}, "unencrypted"},
		{"not a URL", map[string]tftypes.Value{"access_token": str("pat-x"), "base_url": str("api.hubapi.com")}, "not an absolute URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := configure(t, tc.attrs)
			text := diagText(resp)
			if !resp.Diagnostics.HasError() || !strings.Contains(text, tc.want) {
				t.Fatalf("diagnostics %q, want an error containing %q", text, tc.want)
			}
			if strings.Contains(text, "pat-x") || strings.Contains(text, "secret\"") {
				t.Fatalf("a diagnostic echoes a secret: %s", text)
			}
		})
	}
}

func TestConfigureFromEnvironment(t *testing.T) {
	t.Setenv(EnvAccessToken, "pat-from-env")
	t.Setenv(EnvBaseURL, "http://127.0.0.1:9")
	resp := configure(t, nil)
	if resp.Diagnostics.HasError() {
		t.Fatal(diagText(resp))
	}
	data, ok := resp.ResourceData.(*providerData)
	if !ok || data.client == nil || data.plans == nil {
		t.Fatalf("ResourceData = %#v", resp.ResourceData)
	}
	// Requests are shared unless coalesce_requests = false, which hands out the plain client.
	if _, ok := data.client.(*coalesce.Client); !ok {
		t.Fatalf("client = %T, want the request-sharing layer", data.client)
	}
	off := configure(t, map[string]tftypes.Value{"coalesce_requests": tftypes.NewValue(tftypes.Bool, false)})
	if d, ok := off.ResourceData.(*providerData); !ok {
		t.Fatalf("ResourceData = %T", off.ResourceData)
	} else if _, ok := d.client.(*hubspot.Client); !ok {
		t.Fatalf("with coalesce_requests = false, client = %T, want the plain client", d.client)
	}
	if again := configure(t, nil); again.ResourceData == resp.ResourceData {
		t.Fatal("two configurations share the provider's data: one run's plans would reach the next")
	}

	t.Setenv(EnvAccessToken, "")
	t.Setenv(EnvClientID, "cid")
	t.Setenv(EnvClientSecret, "csecret")
	t.Setenv(EnvRefreshToken, "rtoken")
	if resp := configure(t, nil); resp.Diagnostics.HasError() {
		t.Fatalf("OAuth from the environment: %s", diagText(resp))
	}
	if resp := configure(t, map[string]tftypes.Value{"oauth": oauthBlock(nil, nil, nil)}); resp.Diagnostics.HasError() {
		t.Fatalf("an empty oauth block with the environment set: %s", diagText(resp))
	}
}

// TestAccProvider_conflictingCredentials checks that Terraform refuses a provider block with
// both ways to authenticate while validating it, before anything is planned.
func TestAccProvider_conflictingCredentials(t *testing.T) {
	testAccParallel(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `provider "hubspot" {
  access_token = "pat-conflicting"
  oauth {
    client_id     = "id"
    client_secret = "secret"
    refresh_token = "refresh"
  }
}

data "hubspot_owners" "all" {}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)cannot be configured together.*access_token,oauth`),
		}},
	})
}
