package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var _ datasource.DataSourceWithConfigure = &TicketPropertyGroupsDataSource{}

// NewTicketPropertyGroupsDataSource returns the hubspot_ticket_property_groups data source.
func NewTicketPropertyGroupsDataSource() datasource.DataSource {
	return &TicketPropertyGroupsDataSource{}
}

// TicketPropertyGroupsDataSource lists the ticket property groups.
type TicketPropertyGroupsDataSource struct {
	client hubspot.API
}

// TicketPropertyGroupsDataSourceModel is the data source's data.
type TicketPropertyGroupsDataSourceModel struct {
	Names  []types.String                 `tfsdk:"names"`
	Groups []TicketPropertyGroupDataModel `tfsdk:"groups"`
}

// TicketPropertyGroupDataModel is one group.
type TicketPropertyGroupDataModel struct {
	Name         types.String `tfsdk:"name"`
	Label        types.String `tfsdk:"label"`
	DisplayOrder types.Int64  `tfsdk:"display_order"`
}

func (d *TicketPropertyGroupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_property_groups"
}

func (d *TicketPropertyGroupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the active ticket property groups, HubSpot's own (such as `ticketinformation`) and custom ones.",
		Attributes: map[string]schema.Attribute{
			"names": schema.ListAttribute{
				MarkdownDescription: "The group names, in the order of `groups`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"groups": schema.ListNestedAttribute{
				MarkdownDescription: "The groups in display order: ascending `display_order`, `-1` after the others, then by name.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name":  propComputedString("The group's internal name, which properties refer to in `group_name`."),
						"label": propComputedString("The name HubSpot shows for the group."),
						"display_order": schema.Int64Attribute{
							MarkdownDescription: "Where the group appears among the groups.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *TicketPropertyGroupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *TicketPropertyGroupsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	groups, err := d.client.ListPropertyGroups(ctx, propertyObjectType)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list ticket property groups", fmt.Sprintf("Listing the ticket property groups failed: %s", err))
		return
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i].DisplayOrder, groups[j].DisplayOrder
		if (a < 0) != (b < 0) {
			return b < 0
		}
		if a != b {
			return a < b
		}
		return groups[i].Name < groups[j].Name
	})
	data := TicketPropertyGroupsDataSourceModel{Names: []types.String{}, Groups: []TicketPropertyGroupDataModel{}}
	for _, g := range groups {
		data.Names = append(data.Names, types.StringValue(g.Name))
		data.Groups = append(data.Groups, TicketPropertyGroupDataModel{
			Name: types.StringValue(g.Name), Label: types.StringValue(g.Label), DisplayOrder: types.Int64Value(int64(g.DisplayOrder)),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
