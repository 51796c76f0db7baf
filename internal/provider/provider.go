// Package provider is the Terraform glue between the framework and the HubSpot client.
package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supportops/terraform-provider-hubspot/internal/coalesce"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// Address is the provider's registry source address.
const Address = "registry.terraform.io/supportops/hubspot"

// Environment variables read when the matching provider argument is not set.
const (
	EnvAccessToken  = "HUBSPOT_ACCESS_TOKEN"
	EnvBaseURL      = "HUBSPOT_BASE_URL"
	EnvClientID     = "HUBSPOT_CLIENT_ID"
	EnvClientSecret = "HUBSPOT_CLIENT_SECRET"
	EnvRefreshToken = "HUBSPOT_REFRESH_TOKEN"
)

var (
	_ provider.Provider                     = &HubspotProvider{}
	_ provider.ProviderWithConfigValidators = &HubspotProvider{}
)

// HubspotProvider is the hubspot provider.
type HubspotProvider struct {
	version string
}

// HubspotProviderModel is the provider configuration.
type HubspotProviderModel struct {
	AccessToken      types.String    `tfsdk:"access_token"`
	OAuth            *OAuthModel     `tfsdk:"oauth"`
	BaseURL          types.String    `tfsdk:"base_url"`
	RateLimit        *RateLimitModel `tfsdk:"rate_limit"`
	MaxRetries       types.Int64     `tfsdk:"max_retries"`
	CoalesceRequests types.Bool      `tfsdk:"coalesce_requests"`
}

// OAuthModel is the provider's oauth block.
type OAuthModel struct {
	ClientID     types.String `tfsdk:"client_id"`
	ClientSecret types.String `tfsdk:"client_secret"`
	RefreshToken types.String `tfsdk:"refresh_token"`
}

// RateLimitModel is the provider's rate_limit block.
type RateLimitModel struct {
	Requests                types.Int64 `tfsdk:"requests"`
	IntervalSeconds         types.Int64 `tfsdk:"interval_seconds"`
	SearchRequestsPerSecond types.Int64 `tfsdk:"search_requests_per_second"`
}

// New returns the provider factory for a build of the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &HubspotProvider{version: version} }
}

func (p *HubspotProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hubspot"
	resp.Version = p.version
}

func (p *HubspotProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a HubSpot account's ticket configuration: pipelines and stages, ticket properties and groups, tickets and their associations, and association labels.\n\n" +
			"Authenticate with a private app access token (`access_token` or `" + EnvAccessToken + "`) or with an OAuth app (`oauth`).",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A private app access token. Defaults to the `" + EnvAccessToken + "` environment variable. Conflicts with `oauth`.",
				Optional:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The HubSpot API's base URL. Defaults to `" + EnvBaseURL + "`, then `" + hubspot.DefaultBaseURL + "`. Must be HTTPS unless the host is a loopback address.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request that is safe to repeat is retried after a server or connection error. Defaults to 5. A rate-limited request (429), which HubSpot did not process, is retried more patiently: up to four times this number, and at least 20 times. `0` turns every retry off. A create whose answer is lost is never sent again.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"coalesce_requests": schema.BoolAttribute{
				MarkdownDescription: "Share requests among the resources of a run: pipelines, properties, groups and association labels are read from one list per object type; ticket reads, creates, updates and archives, and property creates and archives, travel in batch requests; and a run that reads many tickets lists them once. Defaults to `true`; turn off only to diagnose, since every object then costs requests of its own.",
				Optional:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"oauth": schema.SingleNestedBlock{
				MarkdownDescription: "Authenticate as an OAuth app: the provider exchanges the refresh token for access tokens and renews them before they expire. Conflicts with `access_token`.",
				Attributes: map[string]schema.Attribute{
					"client_id": schema.StringAttribute{
						MarkdownDescription: "The app's client id. Defaults to `" + EnvClientID + "`.",
						Optional:            true,
					},
					"client_secret": schema.StringAttribute{
						MarkdownDescription: "The app's client secret. Defaults to `" + EnvClientSecret + "`.",
						Optional:            true,
						Sensitive:           true,
					},
					"refresh_token": schema.StringAttribute{
						MarkdownDescription: "A refresh token of the app's installation on the account. Defaults to `" + EnvRefreshToken + "`.",
						Optional:            true,
						Sensitive:           true,
					},
				},
			},
			"rate_limit": schema.SingleNestedBlock{
				MarkdownDescription: "The client-side rate limits. The defaults are HubSpot's Free and Starter limits; the provider also adapts to the limits HubSpot reports in its response headers.",
				Attributes: map[string]schema.Attribute{
					"requests": schema.Int64Attribute{
						MarkdownDescription: "Requests allowed per interval. Defaults to 100.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(1, 10000)},
					},
					"interval_seconds": schema.Int64Attribute{
						MarkdownDescription: "The interval's length in seconds. Defaults to 10.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(1, 3600)},
					},
					"search_requests_per_second": schema.Int64Attribute{
						MarkdownDescription: "Search requests allowed per second. Defaults to 5.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(1, 100)},
					},
				},
			},
		},
	}
}

// ConfigValidators check what one attribute's validators cannot, so that terraform validate
// reports it before any plan.
func (p *HubspotProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{
		providervalidator.Conflicting(path.MatchRoot("access_token"), path.MatchRoot("oauth")),
	}
}

func (p *HubspotProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg HubspotProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	requireKnown(&cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	hc := hubspot.Config{
		BaseURL:   stringOr(cfg.BaseURL, os.Getenv(EnvBaseURL)),
		UserAgent: fmt.Sprintf("terraform-provider-hubspot/%s (+https://%s) Terraform/%s", p.version, Address, req.TerraformVersion),
	}
	setCredentials(&cfg, &hc, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if hc.BaseURL != "" {
		if err := checkBaseURL(hc.BaseURL); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid base URL", err.Error())
			return
		}
	}
	if cfg.RateLimit != nil {
		hc.RequestsPerInterval = int(cfg.RateLimit.Requests.ValueInt64())
		hc.Interval = time.Duration(cfg.RateLimit.IntervalSeconds.ValueInt64()) * time.Second
		hc.SearchPerSecond = float64(cfg.RateLimit.SearchRequestsPerSecond.ValueInt64())
	}
	if !cfg.MaxRetries.IsNull() {
		hc.MaxRetries = int(cfg.MaxRetries.ValueInt64())
		if hc.MaxRetries == 0 {
			hc.MaxRetries = -1
		}
	}
	plain, err := hubspot.New(hc)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the HubSpot client", err.Error())
		return
	}
	// Every run shares its requests through one coalescing layer, unless told not to.
	var client hubspot.API = plain
	shared := cfg.CoalesceRequests.IsNull() || cfg.CoalesceRequests.ValueBool()
	if shared {
		client = coalesce.New(plain)
	}
	tflog.Debug(ctx, "configured HubSpot client", map[string]any{"base_url": hc.BaseURL, "oauth": hc.OAuth != nil, "coalesce_requests": shared})
	data := &providerData{client: client, plans: runplan.New(), keys: newKeysBefore()}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
}

// requireKnown refuses configuration values that are only known after apply: the provider
// must authenticate to plan.
func requireKnown(cfg *HubspotProviderModel, diags *diag.Diagnostics) {
	unknown := func(v types.String, at path.Path, name string) {
		if v.IsUnknown() {
			diags.AddAttributeError(at, "Unknown "+name,
				"The provider cannot be configured with a "+name+" that is only known after apply. Set it to a value known at plan time, or use the matching environment variable.")
		}
	}
	unknown(cfg.AccessToken, path.Root("access_token"), "access token")
	unknown(cfg.BaseURL, path.Root("base_url"), "base URL")
	if cfg.OAuth != nil {
		unknown(cfg.OAuth.ClientID, path.Root("oauth").AtName("client_id"), "OAuth client id")
		unknown(cfg.OAuth.ClientSecret, path.Root("oauth").AtName("client_secret"), "OAuth client secret")
		unknown(cfg.OAuth.RefreshToken, path.Root("oauth").AtName("refresh_token"), "OAuth refresh token")
	}
}

// setCredentials chooses how the client authenticates: the oauth block, access_token, then
// the environment. ConfigValidators have already refused access_token with an oauth block.
func setCredentials(cfg *HubspotProviderModel, hc *hubspot.Config, diags *diag.Diagnostics) {
	token := stringOr(cfg.AccessToken, "")
	oauthSet := cfg.OAuth != nil && (!cfg.OAuth.ClientID.IsNull() || !cfg.OAuth.ClientSecret.IsNull() || !cfg.OAuth.RefreshToken.IsNull())
	switch {
	case oauthSet:
		hc.OAuth = &hubspot.OAuth{
			ClientID:     stringOr(cfg.OAuth.ClientID, os.Getenv(EnvClientID)),
			ClientSecret: stringOr(cfg.OAuth.ClientSecret, os.Getenv(EnvClientSecret)),
			RefreshToken: stringOr(cfg.OAuth.RefreshToken, os.Getenv(EnvRefreshToken)),
		}
		for name, v := range map[string]string{"client_id": hc.OAuth.ClientID, "client_secret": hc.OAuth.ClientSecret, "refresh_token": hc.OAuth.RefreshToken} {
			if v == "" {
				diags.AddAttributeError(path.Root("oauth").AtName(name), "Missing OAuth "+name,
					"The oauth block needs client_id, client_secret and refresh_token (or the "+EnvClientID+", "+EnvClientSecret+" and "+EnvRefreshToken+" environment variables).")
			}
		}
	case token != "":
		hc.AccessToken = token
	case os.Getenv(EnvAccessToken) != "":
		hc.AccessToken = os.Getenv(EnvAccessToken)
	case os.Getenv(EnvRefreshToken) != "" || os.Getenv(EnvClientID) != "":
		hc.OAuth = &hubspot.OAuth{ClientID: os.Getenv(EnvClientID), ClientSecret: os.Getenv(EnvClientSecret), RefreshToken: os.Getenv(EnvRefreshToken)}
	default:
		diags.AddAttributeError(path.Root("access_token"), "Missing HubSpot credentials",
			"Set access_token (or the "+EnvAccessToken+" environment variable) to a private app access token, or configure the oauth block. "+
				"A private app token is created in HubSpot under Settings > Integrations > Private Apps and needs the tickets and crm.schemas.tickets scopes.")
	}
}

// checkBaseURL refuses URLs that would send the token in clear text to another machine.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL such as %s", raw, hubspot.DefaultBaseURL)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return nil
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			return nil
		}
		return fmt.Errorf("%q uses http: the access token would travel unencrypted. Use https, or http only with a loopback host (localhost, 127.0.0.1, [::1])", raw)
	}
	return fmt.Errorf("%q has scheme %q; use https", raw, u.Scheme)
}

func stringOr(v types.String, def string) string {
	if !isKnown(v) || strings.TrimSpace(v.ValueString()) == "" {
		return def
	}
	return v.ValueString()
}

func (p *HubspotProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewTicketPipelineResource,
		NewTicketPipelineStageResource,
		NewTicketPropertyGroupResource,
		NewTicketPropertyResource,
		NewTicketResource,
		NewAssociationLabelResource,
	}
}

func (p *HubspotProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewTicketPipelineDataSource,
		NewTicketPipelinesDataSource,
		NewTicketPropertyDataSource,
		NewTicketPropertiesDataSource,
		NewTicketPropertyGroupsDataSource,
		NewTicketsDataSource,
		NewAssociationTypesDataSource,
		NewAssociationTypeDataSource,
		NewOwnerDataSource,
		NewOwnersDataSource,
	}
}
