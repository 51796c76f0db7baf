package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewTicketPipelinesDataSource returns the hubspot_ticket_pipelines data source, which reads
// all ticket pipelines of the account.
func NewTicketPipelinesDataSource() datasource.DataSource {
	return &dataSource[TicketPipelinesDataSourceModel]{
		typeName: "_ticket_pipelines",
		schema: schema.Schema{
			MarkdownDescription: "Reads all of the account's ticket pipelines with their stages, in display order.",
			Attributes: map[string]schema.Attribute{
				"pipelines": schema.ListNestedAttribute{
					MarkdownDescription: "The ticket pipelines in display order (pipelines with the same display order sorted by label).",
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"id":            schema.StringAttribute{MarkdownDescription: "The pipeline's id (the value of a ticket's `hs_pipeline`).", Computed: true},
							"label":         schema.StringAttribute{MarkdownDescription: "The pipeline's label.", Computed: true},
							"display_order": schema.Int64Attribute{MarkdownDescription: "The pipeline's display order.", Computed: true},
							"stages":        pipelineDataStagesSchema(),
							"stage_ids": schema.MapAttribute{
								MarkdownDescription: "The stages' ids by stage label.",
								Computed:            true,
								ElementType:         types.StringType,
							},
						},
					},
				},
				"pipeline_ids": schema.MapAttribute{
					MarkdownDescription: "The pipelines' ids by pipeline label.",
					Computed:            true,
					ElementType:         types.StringType,
				},
			},
		},
		read: readTicketPipelines,
	}
}

// TicketPipelinesDataSourceModel is the hubspot_ticket_pipelines data source's data.
type TicketPipelinesDataSourceModel struct {
	Pipelines   types.List `tfsdk:"pipelines"`
	PipelineIDs types.Map  `tfsdk:"pipeline_ids"`
}

var pipelinesDataAttrTypes = map[string]attr.Type{
	"id":            types.StringType,
	"label":         types.StringType,
	"display_order": types.Int64Type,
	"stages":        types.ListType{ElemType: pipelineDataStageType},
	"stage_ids":     types.MapType{ElemType: types.StringType},
}

func readTicketPipelines(ctx context.Context, c hubspot.API, data *TicketPipelinesDataSourceModel, diags *diag.Diagnostics) {
	list, err := c.ListPipelines(ctx, pipelineObjectType)
	if err != nil {
		diags.AddError("Unable to list ticket pipelines", err.Error())
		return
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].DisplayOrder != list[j].DisplayOrder {
			return list[i].DisplayOrder < list[j].DisplayOrder
		}
		return strings.ToLower(list[i].Label) < strings.ToLower(list[j].Label)
	})
	elems := make([]attr.Value, len(list))
	ids := make(map[string]attr.Value, len(list))
	for i := range list {
		p := &list[i]
		stages, stageIDs := pipelineDataValues(p)
		elems[i] = types.ObjectValueMust(pipelinesDataAttrTypes, map[string]attr.Value{
			"id": types.StringValue(p.ID), "label": types.StringValue(p.Label),
			"display_order": types.Int64Value(int64(p.DisplayOrder)),
			"stages":        stages, "stage_ids": stageIDs,
		})
		ids[p.Label] = types.StringValue(p.ID)
	}
	*data = TicketPipelinesDataSourceModel{
		Pipelines:   types.ListValueMust(types.ObjectType{AttrTypes: pipelinesDataAttrTypes}, elems),
		PipelineIDs: types.MapValueMust(types.StringType, ids),
	}
}
