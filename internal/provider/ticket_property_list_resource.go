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

var _ resource.ResourceWithIdentity = &TicketPropertyResource{}

// TicketPropertyIdentityModel is the hubspot_ticket_property resource's identity.
type TicketPropertyIdentityModel struct {
	Name types.String `tfsdk:"name"`
}

func (r *TicketPropertyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = stringIdentitySchema(map[string]string{
		"name": "The property's internal name.",
	})
}

// TicketPropertyListModel is the list block's configuration.
type TicketPropertyListModel struct {
	GroupName             types.String `tfsdk:"group_name"`
	IncludeHubSpotDefined types.Bool   `tfsdk:"include_hubspot_defined"`
}

// NewTicketPropertyListResource returns the hubspot_ticket_property list resource: the
// account's ticket properties.
func NewTicketPropertyListResource() list.ListResource {
	return &listResource[TicketPropertyListModel]{
		typeName: "_ticket_property",
		schema: listschema.Schema{
			MarkdownDescription: "Lists the account's custom ticket properties, of every data sensitivity level, for `terraform query`.",
			Attributes: map[string]listschema.Attribute{
				"group_name": listschema.StringAttribute{
					MarkdownDescription: "Only the properties of this group.",
					Optional:            true,
				},
				"include_hubspot_defined": includeHubSpotDefinedAttribute("HubSpot's own properties (`hubspot_defined`), which can be adopted to manage their options where HubSpot allows"),
			},
		},
		fill: listTicketProperties,
	}
}

func listTicketProperties(ctx context.Context, c hubspot.API, cfg TicketPropertyListModel, out *results) diag.Diagnostics {
	properties, err := allTicketProperties(ctx, c)
	if err != nil {
		return listFailure("ticket properties", err)
	}
	for _, p := range properties {
		if p.HubspotDefined && !cfg.IncludeHubSpotDefined.ValueBool() {
			continue
		}
		if !cfg.GroupName.IsNull() && p.GroupName != cfg.GroupName.ValueString() {
			continue
		}
		var m TicketPropertyResourceModel
		propertyToModel(&p, &m)
		if !out.add(p.Label, TicketPropertyIdentityModel{Name: types.StringValue(p.Name)}, m) {
			break
		}
	}
	return nil
}

// allTicketProperties lists the active ticket properties of every data sensitivity level:
// HubSpot lists each level on its own.
func allTicketProperties(ctx context.Context, c hubspot.API) ([]hubspot.Property, error) {
	var all []hubspot.Property
	for _, s := range hubspot.DataSensitivities {
		list, err := c.ListProperties(ctx, propertyObjectType, hubspot.PropertyQuery{DataSensitivity: s})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	return all, nil
}
