package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var _ resource.ResourceWithIdentity = &TicketPipelineStageResource{}

// TicketPipelineStageIdentityModel is the hubspot_ticket_pipeline_stage resource's identity.
type TicketPipelineStageIdentityModel struct {
	PipelineID types.String `tfsdk:"pipeline_id"`
	ID         types.String `tfsdk:"id"`
}

func (r *TicketPipelineStageResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = stringIdentitySchema(map[string]string{
		"pipeline_id": "The id of the pipeline the stage belongs to.",
		"id":          "The stage's id.",
	})
}

// TicketPipelineStageListModel is the list block's configuration.
type TicketPipelineStageListModel struct {
	PipelineID            types.String `tfsdk:"pipeline_id"`
	IncludeHubSpotDefined types.Bool   `tfsdk:"include_hubspot_defined"`
}

// NewTicketPipelineStageListResource returns the hubspot_ticket_pipeline_stage list resource:
// the stages of one pipeline.
func NewTicketPipelineStageListResource() list.ListResource {
	return &listResource[TicketPipelineStageListModel]{
		typeName: "_ticket_pipeline_stage",
		schema: listschema.Schema{
			MarkdownDescription: "Lists the stages of one ticket pipeline, in display order, for `terraform query`: typically the stages added to the " +
				"default Support Pipeline (`\"0\"`), which a configuration manages one by one. A pipeline adopted whole with " +
				"`hubspot_ticket_pipeline` owns its stages; do not adopt them here as well.",
			Attributes: map[string]listschema.Attribute{
				"pipeline_id": listschema.StringAttribute{
					MarkdownDescription: "The id of the pipeline whose stages to list.",
					Required:            true,
					Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				},
				"include_hubspot_defined": includeHubSpotDefinedAttribute("the stages HubSpot created with the account (those of the default pipeline it started with)"),
			},
		},
		fill: listTicketPipelineStages,
	}
}

func listTicketPipelineStages(ctx context.Context, c hubspot.API, cfg TicketPipelineStageListModel, out *results) diag.Diagnostics {
	pipelineID := cfg.PipelineID.ValueString()
	stages, err := c.ListPipelineStages(ctx, pipelineObjectType, pipelineID)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to list pipeline stages", pipelineReadFailure(pipelineID, err))
		return diags
	}
	for _, s := range sortedActiveStages(stages) {
		if stageIsHubSpots(s) && !cfg.IncludeHubSpotDefined.ValueBool() {
			continue
		}
		id := TicketPipelineStageIdentityModel{PipelineID: types.StringValue(pipelineID), ID: types.StringValue(s.ID)}
		if !out.add(s.Label, id, ticketPipelineStageModel(pipelineID, &s)) {
			break
		}
	}
	return nil
}
