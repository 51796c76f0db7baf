package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var _ resource.ResourceWithIdentity = &TicketResource{}

// TicketIdentityModel is the hubspot_ticket resource's identity.
type TicketIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *TicketResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = stringIdentitySchema(map[string]string{
		"id": "The ticket's id.",
	})
}

// TicketListModel is the list block's configuration.
type TicketListModel struct {
	PipelineID     types.String `tfsdk:"pipeline_id"`
	StageID        types.String `tfsdk:"stage_id"`
	PropertyValues types.Map    `tfsdk:"property_values"`
}

// NewTicketListResource returns the hubspot_ticket list resource: tickets, all of them or
// those that match filters.
func NewTicketListResource() list.ListResource {
	notEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	return &listResource[TicketListModel]{
		typeName: "_ticket",
		schema: listschema.Schema{
			MarkdownDescription: "Lists tickets for `terraform query`: every ticket, or a slice of a large portal chosen by pipeline, stage and property values. " +
				"Without filters the tickets are listed " + fmt.Sprint(hubspot.MaxListPageSize) + " a request; with filters HubSpot's search finds them, " +
				fmt.Sprint(hubspot.MaxSearchPageSize) + " a request under its own rate limit and at most " + fmt.Sprint(hubspot.MaxSearchResults) +
				" per search, and a ticket created or changed a moment ago may not be found yet. " +
				"Terraform stops at the list block's `limit` (100 unless set).\n\n" +
				"The generated configuration has the ticket's named attributes (`subject`, `stage_id`, `priority`, …), as an import reads them; " +
				"`properties` and `associations` are left out, since HubSpot cannot tell which of them a configuration means to manage. Add them afterwards: " +
				"the next apply writes the values the ticket already has.",
			Attributes: map[string]listschema.Attribute{
				"pipeline_id": listschema.StringAttribute{
					MarkdownDescription: "Only the tickets of this pipeline (`hs_pipeline`).",
					Optional:            true,
					Validators:          notEmpty,
				},
				"stage_id": listschema.StringAttribute{
					MarkdownDescription: "Only the tickets in this stage (`hs_pipeline_stage`).",
					Optional:            true,
					Validators:          notEmpty,
				},
				"property_values": listschema.MapAttribute{
					MarkdownDescription: "Only the tickets whose properties have these values, by internal name, for example `{ support_tier = \"enterprise\" }`.",
					Optional:            true,
					ElementType:         types.StringType,
					Validators: []validator.Map{
						mapvalidator.SizeAtMost(hubspot.MaxFiltersPerGroup - 2),
						mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					},
				},
			},
		},
		fill: listTickets,
	}
}

// filters turns the configuration into one search filter group; none means every ticket.
func (m TicketListModel) filters(ctx context.Context) ([]hubspot.Filter, diag.Diagnostics) {
	var out []hubspot.Filter
	eq := func(name string, v types.String) {
		if !v.IsNull() && !v.IsUnknown() {
			out = append(out, hubspot.Filter{PropertyName: name, Operator: "EQ", Value: v.ValueString()})
		}
	}
	eq(hubspot.TicketPropPipeline, m.PipelineID)
	eq(hubspot.TicketPropStage, m.StageID)
	var values map[string]types.String
	diags := m.PropertyValues.ElementsAs(ctx, &values, false)
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		eq(name, values[name])
	}
	return out, diags
}

func listTickets(ctx context.Context, c hubspot.API, cfg TicketListModel, out *results) diag.Diagnostics {
	filters, diags := cfg.filters(ctx)
	if diags.HasError() {
		return diags
	}
	names := make([]string, len(ticketAttrs))
	for i, a := range ticketAttrs {
		names[i] = a.property
	}
	var tickets []hubspot.Ticket
	var err error
	if len(filters) == 0 {
		tickets, err = c.ListObjects(ctx, hubspot.TicketObjectType, hubspot.ListOptions{Properties: names})
	} else {
		tickets, err = searchTickets(ctx, c, filters, names, out.req.Limit)
	}
	if err != nil {
		return listFailure("tickets", err)
	}
	for _, t := range tickets {
		if !out.add(t.Properties[hubspot.TicketPropSubject], TicketIdentityModel{ID: types.StringValue(t.ID)}, importedTicketModel(&t)) {
			break
		}
	}
	return nil
}

// searchTickets finds the tickets that match every filter, up to limit (0: no limit). A search
// that matches more tickets than HubSpot's search returns is refused rather than cut short.
func searchTickets(ctx context.Context, c hubspot.API, filters []hubspot.Filter, names []string, limit int64) ([]hubspot.Ticket, error) {
	n := hubspot.MaxSearchResults
	if limit > 0 && limit < int64(n) {
		n = int(limit)
	}
	res, err := c.SearchObjects(ctx, hubspot.TicketObjectType, hubspot.SearchRequest{
		FilterGroups: []hubspot.FilterGroup{{Filters: filters}},
		Sort:         &hubspot.Sort{PropertyName: "hs_object_id"},
		Properties:   names,
		Limit:        n,
	})
	if err != nil {
		return nil, err
	}
	if res.Total > hubspot.MaxSearchResults && (limit <= 0 || limit > hubspot.MaxSearchResults) {
		return nil, fmt.Errorf("%d tickets match, and HubSpot's search returns at most %d: narrow the filters (by stage or by a property) and list each part in its own list block", res.Total, hubspot.MaxSearchResults)
	}
	return res.Objects, nil
}

// importedTicketModel is the state a ticket has once imported and read: its named attributes
// as HubSpot holds them, and no properties or associations (see the Read after an import).
func importedTicketModel(t *hubspot.Ticket) TicketResourceModel {
	m := TicketResourceModel{
		ID:           types.StringValue(t.ID),
		Properties:   types.MapNull(types.StringType),
		Associations: types.SetNull(types.ObjectType{AttrTypes: ticketAssociationAttrTypes}),
		CreatedAt:    timetypes.NewRFC3339TimeValue(t.CreatedAt.UTC()),
	}
	for _, a := range ticketAttrs {
		*a.field(&m) = types.StringNull()
		if v, ok := t.Properties[a.property]; ok {
			*a.field(&m) = types.StringValue(v)
		}
	}
	return m
}
