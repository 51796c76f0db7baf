package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewTicketsDataSource returns the hubspot_tickets data source, which finds tickets with
// HubSpot's search API.
func NewTicketsDataSource() datasource.DataSource {
	return &dataSource[TicketsDataSourceModel]{
		typeName: "_tickets",
		schema:   ticketsSchema(),
		validate: validateTickets,
		read:     readTickets,
	}
}
func ticketsSchema() schema.Schema {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return schema.Schema{
		MarkdownDescription: "Finds tickets with HubSpot's CRM search: filters on ticket properties, a free-text query, one sort, and a limit.\n\n" +
			"HubSpot's search limits apply and are checked before the search is sent: at most " + fmt.Sprint(hubspot.MaxFilterGroups) + " filter groups, " +
			fmt.Sprint(hubspot.MaxFiltersPerGroup) + " filters in a group and " + fmt.Sprint(hubspot.MaxFiltersTotal) + " in all, a query of at most " +
			fmt.Sprint(hubspot.MaxSearchQueryChars) + " characters, and no more than " + fmt.Sprint(hubspot.MaxSearchResults) + " results for any search. " +
			"Results are fetched " + fmt.Sprint(hubspot.MaxSearchPageSize) + " per request under HubSpot's separate search rate limit. " +
			"HubSpot indexes new and changed tickets for search within a few moments, so a ticket created in the same apply may not be found yet.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A digest of the search's arguments.",
				Computed:            true,
			},
			"filter_groups": schema.ListNestedAttribute{
				MarkdownDescription: "Filter groups: a ticket matches when all filters of any one group match. Without groups every ticket matches.",
				Optional:            true,
				Validators:          []validator.List{listvalidator.SizeAtMost(hubspot.MaxFilterGroups)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"filters": schema.ListNestedAttribute{
							MarkdownDescription: "The group's filters, all of which must match.",
							Required:            true,
							Validators:          []validator.List{listvalidator.SizeBetween(1, hubspot.MaxFiltersPerGroup)},
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"property": schema.StringAttribute{
										MarkdownDescription: "The internal name of the ticket property to filter on, such as `hs_pipeline_stage`.",
										Required:            true,
										Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
									},
									"operator": schema.StringAttribute{
										MarkdownDescription: "The comparison: `EQ`, `NEQ`, `LT`, `LTE`, `GT`, `GTE`, `BETWEEN` (with `value` and `high_value`), `IN` and `NOT_IN` (with `values`), `HAS_PROPERTY`, `NOT_HAS_PROPERTY` (no value), `CONTAINS_TOKEN` and `NOT_CONTAINS_TOKEN` (a word; `*` matches any characters).",
										Required:            true,
										Validators:          []validator.String{stringvalidator.OneOf(hubspot.SearchOperators...)},
									},
									"value": schema.StringAttribute{
										MarkdownDescription: "The value to compare with (the low end for `BETWEEN`). Dates and datetimes are compared as epoch milliseconds or ISO 8601.",
										Optional:            true,
									},
									"values": schema.ListAttribute{
										MarkdownDescription: "The values for `IN` and `NOT_IN`.",
										Optional:            true,
										ElementType:         types.StringType,
									},
									"high_value": schema.StringAttribute{
										MarkdownDescription: "The high end for `BETWEEN`.",
										Optional:            true,
									},
								},
							},
						},
					},
				},
			},
			"query": schema.StringAttribute{
				MarkdownDescription: "Free text that tickets' default searchable properties (such as the subject and content) must contain.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, hubspot.MaxSearchQueryChars)},
			},
			"sort": schema.SingleNestedAttribute{
				MarkdownDescription: "The order of the results (HubSpot sorts by one property).",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"property": schema.StringAttribute{
						MarkdownDescription: "The property to sort by, such as `createdate`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"direction": schema.StringAttribute{
						MarkdownDescription: "`ASCENDING` (the default) or `DESCENDING`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.OneOf("ASCENDING", "DESCENDING")},
					},
				},
			},
			"properties": schema.ListAttribute{
				MarkdownDescription: "Further properties to return in each ticket's `properties` map, besides those with their own attribute.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("The most tickets to return, up to %d. Defaults to %d.", hubspot.MaxSearchResults, ticketsDefaultLimit),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, hubspot.MaxSearchResults)},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many tickets match in all, which can be more than are returned.",
				Computed:            true,
			},
			"tickets": schema.ListNestedAttribute{
				MarkdownDescription: "The tickets found, in the sort order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":          computed("The ticket's id."),
						"subject":     computed("The ticket's name (`subject`)."),
						"content":     computed("The ticket's description (`content`)."),
						"pipeline_id": computed("The ticket's pipeline id (`hs_pipeline`)."),
						"stage_id":    computed("The ticket's stage id (`hs_pipeline_stage`)."),
						"priority":    computed("The ticket's priority (`hs_ticket_priority`)."),
						"category":    computed("The ticket's category (`hs_ticket_category`)."),
						"owner_id":    computed("The ticket's owner id (`hubspot_owner_id`)."),
						"source_type": computed("The ticket's source (`source_type`)."),
						"created_at":  propComputedTime("When the ticket was created (RFC 3339)."),
						"updated_at":  propComputedTime("When the ticket was last changed (RFC 3339)."),
						"properties": schema.MapAttribute{
							MarkdownDescription: "The values of the requested `properties` that the ticket has.",
							Computed:            true,
							ElementType:         types.StringType,
						},
					},
				},
			},
		},
	}
}

// TicketsDataSourceModel is the hubspot_tickets data source's data.
type TicketsDataSourceModel struct {
	ID           types.String `tfsdk:"id"`
	FilterGroups types.List   `tfsdk:"filter_groups"`
	Query        types.String `tfsdk:"query"`
	Sort         types.Object `tfsdk:"sort"`
	Properties   types.List   `tfsdk:"properties"`
	Limit        types.Int64  `tfsdk:"limit"`
	Total        types.Int64  `tfsdk:"total"`
	Tickets      types.List   `tfsdk:"tickets"`
}

// TicketsFilterGroupModel is one element of filter_groups.
type TicketsFilterGroupModel struct {
	Filters []TicketsFilterModel `tfsdk:"filters"`
}

// TicketsFilterModel is one search filter.
type TicketsFilterModel struct {
	Property  types.String `tfsdk:"property"`
	Operator  types.String `tfsdk:"operator"`
	Value     types.String `tfsdk:"value"`
	Values    types.List   `tfsdk:"values"`
	HighValue types.String `tfsdk:"high_value"`
}

// TicketsSortModel is the sort block.
type TicketsSortModel struct {
	Property  types.String `tfsdk:"property"`
	Direction types.String `tfsdk:"direction"`
}

// TicketsTicketModel is one ticket found.
type TicketsTicketModel struct {
	ID         types.String      `tfsdk:"id"`
	Subject    types.String      `tfsdk:"subject"`
	Content    types.String      `tfsdk:"content"`
	PipelineID types.String      `tfsdk:"pipeline_id"`
	StageID    types.String      `tfsdk:"stage_id"`
	Priority   types.String      `tfsdk:"priority"`
	Category   types.String      `tfsdk:"category"`
	OwnerID    types.String      `tfsdk:"owner_id"`
	SourceType types.String      `tfsdk:"source_type"`
	CreatedAt  timetypes.RFC3339 `tfsdk:"created_at"`
	UpdatedAt  timetypes.RFC3339 `tfsdk:"updated_at"`
	Properties types.Map         `tfsdk:"properties"`
}

var ticketsTicketAttrTypes = map[string]attr.Type{
	"id": types.StringType, "subject": types.StringType, "content": types.StringType, "pipeline_id": types.StringType,
	"stage_id": types.StringType, "priority": types.StringType, "category": types.StringType, "owner_id": types.StringType,
	"source_type": types.StringType, "created_at": timetypes.RFC3339Type{}, "updated_at": timetypes.RFC3339Type{},
	"properties": types.MapType{ElemType: types.StringType},
}

const ticketsDefaultLimit = 100

func validateTickets(ctx context.Context, cfg *TicketsDataSourceModel, diags *diag.Diagnostics) {
	if !isKnown(cfg.FilterGroups) {
		return
	}
	var groups []TicketsFilterGroupModel
	diags.Append(cfg.FilterGroups.ElementsAs(ctx, &groups, false)...)
	if diags.HasError() {
		return
	}
	total := 0
	for gi, g := range groups {
		total += len(g.Filters)
		for fi, f := range g.Filters {
			at := path.Root("filter_groups").AtListIndex(gi).AtName("filters").AtListIndex(fi)
			if !isKnown(f.Operator) {
				continue
			}
			op := f.Operator.ValueString()
			need := func(name string, set bool, why string) {
				if !set {
					diags.AddAttributeError(at.AtName(name), "Missing filter operand", fmt.Sprintf("Operator %s %s.", op, why))
				}
			}
			forbid := func(name string, set bool) {
				if set {
					diags.AddAttributeError(at.AtName(name), "Unused filter operand", fmt.Sprintf("Operator %s does not take %s; remove it.", op, name))
				}
			}
			hasValue, hasValues, hasHigh := !f.Value.IsNull(), !f.Values.IsNull(), !f.HighValue.IsNull()
			switch op {
			case hubspot.OpIn, hubspot.OpNotIn:
				need("values", hasValues, "compares with a list: set values")
				forbid("value", hasValue)
				forbid("high_value", hasHigh)
			case hubspot.OpBetween:
				need("value", hasValue, "needs a range: set value (the low end) and high_value")
				need("high_value", hasHigh, "needs a range: set value (the low end) and high_value")
				forbid("values", hasValues)
			case hubspot.OpHasProperty, hubspot.OpNotHasProperty:
				forbid("value", hasValue)
				forbid("values", hasValues)
				forbid("high_value", hasHigh)
			default:
				need("value", hasValue, "compares with one value: set value")
				forbid("values", hasValues)
				forbid("high_value", hasHigh)
			}
		}
	}
	if total > hubspot.MaxFiltersTotal {
		diags.AddAttributeError(path.Root("filter_groups"), "Too many filters",
			fmt.Sprintf("The filter groups have %d filters in all; HubSpot's search takes at most %d.", total, hubspot.MaxFiltersTotal))
	}
}

func readTickets(ctx context.Context, c hubspot.API, cfg *TicketsDataSourceModel, diags *diag.Diagnostics) {
	sr, extra := ticketsSearchRequest(ctx, cfg, diags)
	if diags.HasError() {
		return
	}
	res, err := c.SearchObjects(ctx, hubspot.TicketObjectType, sr)
	if err != nil {
		diags.AddError("Unable to search tickets", err.Error())
		return
	}
	list, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: ticketsTicketAttrTypes}, ticketsFound(res.Objects, extra, diags))
	diags.Append(d...)
	digest, _ := json.Marshal(struct {
		Groups     []hubspot.FilterGroup
		Query      string
		Sort       *hubspot.Sort
		Properties []string
		Limit      int
	}{sr.FilterGroups, sr.Query, sr.Sort, sr.Properties, sr.Limit})
	sum := sha256.Sum256(digest)
	cfg.ID = types.StringValue(hex.EncodeToString(sum[:8]))
	cfg.Total = types.Int64Value(int64(res.Total))
	cfg.Tickets = list
}

// ticketsSearchRequest is the search the configuration asks for, and the extra properties
// it asks for in each ticket's properties map.
func ticketsSearchRequest(ctx context.Context, cfg *TicketsDataSourceModel, diags *diag.Diagnostics) (hubspot.SearchRequest, []string) {
	sr := hubspot.SearchRequest{Query: cfg.Query.ValueString(), Limit: ticketsDefaultLimit}
	if !cfg.Limit.IsNull() {
		sr.Limit = int(cfg.Limit.ValueInt64())
	}
	if !cfg.FilterGroups.IsNull() {
		var groups []TicketsFilterGroupModel
		diags.Append(cfg.FilterGroups.ElementsAs(ctx, &groups, false)...)
		for _, g := range groups {
			fg := hubspot.FilterGroup{Filters: []hubspot.Filter{}}
			for _, f := range g.Filters {
				hf := hubspot.Filter{PropertyName: f.Property.ValueString(), Operator: f.Operator.ValueString(), Value: f.Value.ValueString(), HighValue: f.HighValue.ValueString()}
				if !f.Values.IsNull() {
					diags.Append(f.Values.ElementsAs(ctx, &hf.Values, false)...)
				}
				fg.Filters = append(fg.Filters, hf)
			}
			sr.FilterGroups = append(sr.FilterGroups, fg)
		}
	}
	if !cfg.Sort.IsNull() {
		var s TicketsSortModel
		diags.Append(cfg.Sort.As(ctx, &s, basetypes.ObjectAsOptions{})...)
		sr.Sort = &hubspot.Sort{PropertyName: s.Property.ValueString(), Descending: s.Direction.ValueString() == "DESCENDING"}
	}
	var extra []string
	if !cfg.Properties.IsNull() {
		diags.Append(cfg.Properties.ElementsAs(ctx, &extra, false)...)
	}
	for _, a := range ticketAttrs {
		sr.Properties = append(sr.Properties, a.property)
	}
	sr.Properties = append(sr.Properties, extra...)
	return sr, extra
}

// ticketsFound maps the tickets found to the data source's list, with the extra properties
// each has.
func ticketsFound(tickets []hubspot.Ticket, extra []string, diags *diag.Diagnostics) []TicketsTicketModel {
	str := func(t *hubspot.Ticket, name string) types.String {
		if v, ok := t.Properties[name]; ok {
			return types.StringValue(v)
		}
		return types.StringNull()
	}
	found := make([]TicketsTicketModel, 0, len(tickets))
	for i := range tickets {
		t := &tickets[i]
		props := map[string]attr.Value{}
		for _, name := range extra {
			if v, ok := t.Properties[name]; ok {
				props[name] = types.StringValue(v)
			}
		}
		pm, d := types.MapValue(types.StringType, props)
		diags.Append(d...)
		found = append(found, TicketsTicketModel{
			ID: types.StringValue(t.ID), Subject: str(t, hubspot.TicketPropSubject), Content: str(t, hubspot.TicketPropContent),
			PipelineID: str(t, hubspot.TicketPropPipeline), StageID: str(t, hubspot.TicketPropStage), Priority: str(t, hubspot.TicketPropPriority),
			Category: str(t, hubspot.TicketPropCategory), OwnerID: str(t, hubspot.TicketPropOwner), SourceType: str(t, hubspot.TicketPropSource),
			CreatedAt: timetypes.NewRFC3339TimeValue(t.CreatedAt.UTC()), UpdatedAt: timetypes.NewRFC3339TimeValue(t.UpdatedAt.UTC()),
			Properties: pm,
		})
	}
	return found
}
