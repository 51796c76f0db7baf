package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewTicketPropertiesDataSource returns the hubspot_ticket_properties data source, which lists
// the ticket properties.
func NewTicketPropertiesDataSource() datasource.DataSource {
	return &dataSource[TicketPropertiesDataSourceModel]{
		typeName: "_ticket_properties",
		schema:   ticketPropertiesSchema(),
		read:     readTicketProperties,
	}
}
func ticketPropertiesSchema() schema.Schema {
	attrs := ticketPropertyDataAttributes()
	attrs["name"] = propComputedString("The property's internal name.")
	return schema.Schema{
		MarkdownDescription: "Lists the active ticket properties, HubSpot's own and custom ones, of every data sensitivity level, optionally only those of one property group.",
		Attributes: map[string]schema.Attribute{
			"group_name": schema.StringAttribute{
				MarkdownDescription: "Only list the properties of this property group, e.g. `ticketinformation`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"names": schema.ListAttribute{
				MarkdownDescription: "The names of the listed properties, sorted.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"properties": schema.ListNestedAttribute{
				MarkdownDescription: "The listed properties, sorted by name.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

// TicketPropertiesDataSourceModel is the data source's data.
type TicketPropertiesDataSourceModel struct {
	GroupName  types.String                    `tfsdk:"group_name"`
	Names      []types.String                  `tfsdk:"names"`
	Properties []TicketPropertyDataSourceModel `tfsdk:"properties"`
}

func readTicketProperties(ctx context.Context, c hubspot.API, data *TicketPropertiesDataSourceModel, diags *diag.Diagnostics) {
	var all []hubspot.Property
	for _, s := range hubspot.DataSensitivities {
		list, err := c.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{DataSensitivity: s})
		if err != nil {
			diags.AddError("Unable to list ticket properties", fmt.Sprintf("Listing the %s ticket properties failed: %s", s, err))
			return
		}
		all = append(all, list...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	data.Names = []types.String{}
	data.Properties = []TicketPropertyDataSourceModel{}
	for i := range all {
		if !data.GroupName.IsNull() && all[i].GroupName != data.GroupName.ValueString() {
			continue
		}
		data.Names = append(data.Names, types.StringValue(all[i].Name))
		data.Properties = append(data.Properties, propertyToDataModel(&all[i]))
	}
}
