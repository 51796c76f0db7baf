package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewTicketPipelineDataSource returns the hubspot_ticket_pipeline data source, which reads one
// ticket pipeline by id or by label.
func NewTicketPipelineDataSource() datasource.DataSource {
	return &dataSource[TicketPipelineDataSourceModel]{
		typeName: "_ticket_pipeline",
		schema: schema.Schema{
			MarkdownDescription: "Reads one ticket pipeline, by `id` or by `label`, with its stages. Use it to look up stage ids, " +
				"for example of the default Support Pipeline (`id = \"0\"`).",
			Attributes: map[string]schema.Attribute{
				"id": schema.StringAttribute{
					MarkdownDescription: "The pipeline's id. Exactly one of `id` and `label` must be set.",
					Optional:            true,
					Computed:            true,
				},
				"label": schema.StringAttribute{
					MarkdownDescription: "The pipeline's label, matched exactly. Exactly one of `id` and `label` must be set.",
					Optional:            true,
					Computed:            true,
				},
				"display_order": schema.Int64Attribute{
					MarkdownDescription: "The pipeline's display order.",
					Computed:            true,
				},
				"stages": pipelineDataStagesSchema(),
				"stage_ids": schema.MapAttribute{
					MarkdownDescription: "The stages' ids by stage label.",
					Computed:            true,
					ElementType:         types.StringType,
				},
			},
		},
		validators: []datasource.ConfigValidator{
			datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("label")),
		},
		read: readTicketPipeline,
	}
}

// TicketPipelineDataSourceModel is the hubspot_ticket_pipeline data source's data.
type TicketPipelineDataSourceModel struct {
	ID           types.String `tfsdk:"id"`
	Label        types.String `tfsdk:"label"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
	Stages       types.List   `tfsdk:"stages"`
	StageIDs     types.Map    `tfsdk:"stage_ids"`
}

var pipelineDataStageAttrTypes = map[string]attr.Type{
	"id":            types.StringType,
	"label":         types.StringType,
	"display_order": types.Int64Type,
	"ticket_state":  types.StringType,
}

var pipelineDataStageType = types.ObjectType{AttrTypes: pipelineDataStageAttrTypes}

// pipelineDataStagesSchema is the stages attribute of both pipeline data sources.
func pipelineDataStagesSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The pipeline's stages in display order.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"id":            schema.StringAttribute{MarkdownDescription: "The stage's id (the value of a ticket's `hs_pipeline_stage`).", Computed: true},
				"label":         schema.StringAttribute{MarkdownDescription: "The stage's name.", Computed: true},
				"display_order": schema.Int64Attribute{MarkdownDescription: "The stage's display order.", Computed: true},
				"ticket_state":  schema.StringAttribute{MarkdownDescription: "`OPEN` or `CLOSED`; null when HubSpot reports none.", Computed: true},
			},
		},
	}
}

// pipelineDataValues maps a pipeline's stages to the data sources' stages list and their
// label-to-id map.
func pipelineDataValues(p *hubspot.Pipeline) (types.List, types.Map) {
	stages := sortedActiveStages(p.Stages)
	elems := make([]attr.Value, len(stages))
	ids := make(map[string]attr.Value, len(stages))
	for i, s := range stages {
		state := types.StringNull()
		if st := s.TicketState(); st != "" {
			state = types.StringValue(st)
		}
		elems[i] = types.ObjectValueMust(pipelineDataStageAttrTypes, map[string]attr.Value{
			"id": types.StringValue(s.ID), "label": types.StringValue(s.Label),
			"display_order": types.Int64Value(int64(s.DisplayOrder)), "ticket_state": state,
		})
		ids[s.Label] = types.StringValue(s.ID)
	}
	return types.ListValueMust(pipelineDataStageType, elems), types.MapValueMust(types.StringType, ids)
}

func readTicketPipeline(ctx context.Context, c hubspot.API, cfg *TicketPipelineDataSourceModel, diags *diag.Diagnostics) {
	var p *hubspot.Pipeline
	if !cfg.ID.IsNull() {
		var err error
		p, err = c.GetPipeline(ctx, pipelineObjectType, cfg.ID.ValueString())
		if err != nil {
			if hubspot.IsNotFound(err) {
				diags.AddAttributeError(path.Root("id"), "Ticket pipeline not found",
					fmt.Sprintf("HubSpot has no ticket pipeline with id %q: %s", cfg.ID.ValueString(), err))
				return
			}
			diags.AddError("Unable to read ticket pipeline", err.Error())
			return
		}
	} else {
		list, err := c.ListPipelines(ctx, pipelineObjectType)
		if err != nil {
			diags.AddError("Unable to list ticket pipelines", err.Error())
			return
		}
		want := cfg.Label.ValueString()
		var labels []string
		for i := range list {
			labels = append(labels, fmt.Sprintf("%q", list[i].Label))
			if list[i].Label == want {
				p = &list[i]
			}
		}
		if p == nil {
			sort.Strings(labels)
			diags.AddAttributeError(path.Root("label"), "Ticket pipeline not found",
				fmt.Sprintf("HubSpot has no ticket pipeline labelled %q. The account's ticket pipelines are: %s.", want, strings.Join(labels, ", ")))
			return
		}
	}
	stages, ids := pipelineDataValues(p)
	*cfg = TicketPipelineDataSourceModel{
		ID:           types.StringValue(p.ID),
		Label:        types.StringValue(p.Label),
		DisplayOrder: types.Int64Value(int64(p.DisplayOrder)),
		Stages:       stages,
		StageIDs:     ids,
	}
}
