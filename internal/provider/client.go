package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// configuredClient returns the client the provider configured, for a resource's or data
// source's Configure. It returns nil without error before the provider is configured.
func configuredClient(data any, diags *diag.Diagnostics) hubspot.API {
	if data == nil {
		return nil
	}
	c, ok := data.(hubspot.API)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected a HubSpot API client, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return c
}
