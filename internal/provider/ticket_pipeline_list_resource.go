package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithIdentity  = &TicketPipelineResource{}
	_ list.ListResourceWithConfigure = &TicketPipelineListResource{}
)

// TicketPipelineIdentityModel is the hubspot_ticket_pipeline resource's identity.
type TicketPipelineIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *TicketPipelineResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = stringIdentitySchema(map[string]string{
		"id": "The pipeline's id.",
	})
}

// NewTicketPipelineListResource returns the hubspot_ticket_pipeline list resource.
func NewTicketPipelineListResource() list.ListResource { return &TicketPipelineListResource{} }

// TicketPipelineListResource lists the account's ticket pipelines, each with all its stages.
type TicketPipelineListResource struct {
	listClient
}

// TicketPipelineListModel is the list block's configuration.
type TicketPipelineListModel struct {
	IncludeHubSpotDefined types.Bool `tfsdk:"include_hubspot_defined"`
}

func (r *TicketPipelineListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_pipeline"
}

func (r *TicketPipelineListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the account's ticket pipelines, each with all of its stages, for `terraform query`. " +
			"Stage keys are derived from the labels as on import, so the generated configuration plans no change.",
		Attributes: map[string]listschema.Attribute{
			"include_hubspot_defined": includeHubSpotDefinedAttribute("the default Support Pipeline (`\"0\"`)"),
		},
	}
}

func (r *TicketPipelineListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cfg, ok := listConfig[TicketPipelineListModel](ctx, req, stream)
	if !ok {
		return
	}
	stream.Results = streamResults(ctx, req, func(out *results) diag.Diagnostics {
		pipelines, err := r.client.ListPipelines(ctx, pipelineObjectType)
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
	})
}
