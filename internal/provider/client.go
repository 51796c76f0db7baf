package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// providerData is what Configure hands every resource and data source: the API client and
// the registry of what this run plans. Configure makes a new one for each run, so nothing
// one run records outlives it or reaches another.
type providerData struct {
	client hubspot.API
	plans  *runplan.Registry
	// keys are the keys HubSpot held before the run's first create of each kind.
	keys *keysBefore
}

// configuredData returns the provider's data, for a resource's or data source's Configure.
// It returns nil without error before the provider is configured.
func configuredData(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	d, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return d
}

// configuredClient returns the client the provider configured, or nil before the provider is
// configured.
func configuredClient(data any, diags *diag.Diagnostics) hubspot.API {
	if d := configuredData(data, diags); d != nil {
		return d.client
	}
	return nil
}
