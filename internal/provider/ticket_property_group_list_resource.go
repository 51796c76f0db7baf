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

var _ resource.ResourceWithIdentity = &TicketPropertyGroupResource{}

// TicketPropertyGroupIdentityModel is the hubspot_ticket_property_group resource's identity.
type TicketPropertyGroupIdentityModel struct {
	Name types.String `tfsdk:"name"`
}

func (r *TicketPropertyGroupResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = stringIdentitySchema(map[string]string{
		"name": "The group's internal name.",
	})
}

// TicketPropertyGroupListModel is the list block's configuration.
type TicketPropertyGroupListModel struct {
	IncludeHubSpotDefined types.Bool `tfsdk:"include_hubspot_defined"`
}

// NewTicketPropertyGroupListResource returns the hubspot_ticket_property_group list resource:
// the account's ticket property groups.
func NewTicketPropertyGroupListResource() list.ListResource {
	return &listResource[TicketPropertyGroupListModel]{
		typeName: "_ticket_property_group",
		schema: listschema.Schema{
			MarkdownDescription: "Lists the account's ticket property groups for `terraform query`.",
			Attributes: map[string]listschema.Attribute{
				"include_hubspot_defined": includeHubSpotDefinedAttribute("HubSpot's own groups (those that hold HubSpot's own properties, such as `ticketinformation`)"),
			},
		},
		fill: listTicketPropertyGroups,
	}
}

func listTicketPropertyGroups(ctx context.Context, c hubspot.API, cfg TicketPropertyGroupListModel, out *results) diag.Diagnostics {
	groups, err := c.ListPropertyGroups(ctx, propertyObjectType)
	if err != nil {
		return listFailure("ticket property groups", err)
	}
	var properties []hubspot.Property
	if !cfg.IncludeHubSpotDefined.ValueBool() {
		// As the destroy rule does, HubSpot's own properties are looked for in the one list
		// every token can read.
		if properties, err = c.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{}); err != nil {
			return listFailure("ticket properties", err)
		}
	}
	for _, g := range groups {
		if g.Archived || (!cfg.IncludeHubSpotDefined.ValueBool() && groupIsHubSpots(g.Name, properties)) {
			continue
		}
		var m TicketPropertyGroupResourceModel
		propertyGroupToModel(&g, &m)
		if !out.add(g.Label, TicketPropertyGroupIdentityModel{Name: types.StringValue(g.Name)}, m) {
			break
		}
	}
	return nil
}
