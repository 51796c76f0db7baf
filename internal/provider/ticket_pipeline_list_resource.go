package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var _ resource.ResourceWithIdentity = &TicketPipelineResource{}

// TicketPipelineIdentityModel is the hubspot_ticket_pipeline resource's identity.
type TicketPipelineIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *TicketPipelineResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = stringIdentitySchema(map[string]string{
		"id": "The pipeline's id.",
	})
}

// TicketPipelineListModel is the list block's configuration.
type TicketPipelineListModel struct {
	IncludeHubSpotDefined types.Bool `tfsdk:"include_hubspot_defined"`
}

// NewTicketPipelineListResource returns the hubspot_ticket_pipeline list resource: the
// account's ticket pipelines, each with all its stages.
func NewTicketPipelineListResource() list.ListResource {
	return &listResource[TicketPipelineListModel]{
		typeName: "_ticket_pipeline",
		schema: listschema.Schema{
			MarkdownDescription: "Lists the account's ticket pipelines, each with all of its stages, for `terraform query`. " +
				"Stage keys are derived from the labels as on import, so the generated configuration plans no change.",
			Attributes: map[string]listschema.Attribute{
				"include_hubspot_defined": includeHubSpotDefinedAttribute("the default Support Pipeline (`\"0\"`)"),
			},
		},
		fill: listTicketPipelines,
	}
}

func listTicketPipelines(ctx context.Context, c hubspot.API, cfg TicketPipelineListModel, out *results) diag.Diagnostics {
	pipelines, err := c.ListPipelines(ctx, pipelineObjectType)
	if err != nil {
		return listFailure("ticket pipelines", err)
	}
	for _, p := range pipelines {
		if p.Archived || (pipelineIsHubSpots(p) && !cfg.IncludeHubSpotDefined.ValueBool()) {
			continue
		}
		if !out.add(p.Label, TicketPipelineIdentityModel{ID: types.StringValue(p.ID)}, ticketPipelineModel(&p, nil)) {
			break
		}
	}
	return nil
}
