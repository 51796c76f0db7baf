package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewTicketPropertyGroupsDataSource returns the hubspot_ticket_property_groups data source,
// which lists the ticket property groups.
func NewTicketPropertyGroupsDataSource() datasource.DataSource {
	return &dataSource[TicketPropertyGroupsDataSourceModel]{
		typeName: "_ticket_property_groups",
		schema: schema.Schema{
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
		},
		read: readTicketPropertyGroups,
	}
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

func readTicketPropertyGroups(ctx context.Context, c hubspot.API, data *TicketPropertyGroupsDataSourceModel, diags *diag.Diagnostics) {
	groups, err := c.ListPropertyGroups(ctx, propertyObjectType)
	if err != nil {
		diags.AddError("Unable to list ticket property groups", fmt.Sprintf("Listing the ticket property groups failed: %s", err))
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
	*data = TicketPropertyGroupsDataSourceModel{Names: []types.String{}, Groups: []TicketPropertyGroupDataModel{}}
	for _, g := range groups {
		data.Names = append(data.Names, types.StringValue(g.Name))
		data.Groups = append(data.Groups, TicketPropertyGroupDataModel{
			Name: types.StringValue(g.Name), Label: types.StringValue(g.Label), DisplayOrder: types.Int64Value(int64(g.DisplayOrder)),
		})
	}
}
