package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewOwnerDataSource returns the hubspot_owner data source, which looks up one active owner by
// id or email address.
func NewOwnerDataSource() datasource.DataSource {
	return &dataSource[OwnerDataSourceModel]{
		typeName: "_owner",
		schema: schema.Schema{
			MarkdownDescription: "Looks up one active HubSpot owner (a user who can own records, or a queue) by owner id or by email address, e.g. to set a ticket's `hubspot_owner_id` without hard-coding the id. " +
				"Exactly one of `id` and `email` must be set. Owners are managed in HubSpot's user settings, not through this provider.",
			Attributes: map[string]schema.Attribute{
				"id": schema.StringAttribute{
					MarkdownDescription: "The owner id, the value of a record's `hubspot_owner_id`. This is not the user id.",
					Optional:            true,
					Computed:            true,
					Validators:          []validator.String{stringvalidator.RegexMatches(ownerIDPattern, "must be a numeric owner id")},
				},
				"email": schema.StringAttribute{
					MarkdownDescription: "The owner's email address, matched without regard to case.",
					Optional:            true,
					Computed:            true,
					Validators:          []validator.String{stringvalidator.RegexMatches(ownerEmailPattern, "must be an email address")},
				},
				"type":       schema.StringAttribute{MarkdownDescription: "`PERSON` or `QUEUE`.", Computed: true},
				"first_name": schema.StringAttribute{MarkdownDescription: "The owner's first name.", Computed: true},
				"last_name":  schema.StringAttribute{MarkdownDescription: "The owner's last name.", Computed: true},
				"user_id": schema.Int64Attribute{
					MarkdownDescription: "The id of the HubSpot user behind the owner; null for queues.",
					Computed:            true,
				},
				"teams": ownerTeamsAttribute(),
			},
		},
		validators: []datasource.ConfigValidator{
			datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
		},
		read: readOwner,
	}
}

// OwnerDataSourceModel is the data source's data.
type OwnerDataSourceModel struct {
	ID        types.String `tfsdk:"id"`
	Email     types.String `tfsdk:"email"`
	Type      types.String `tfsdk:"type"`
	FirstName types.String `tfsdk:"first_name"`
	LastName  types.String `tfsdk:"last_name"`
	UserID    types.Int64  `tfsdk:"user_id"`
	Teams     types.List   `tfsdk:"teams"`
}

var ownerTeamAttrTypes = map[string]attr.Type{
	"id":      types.StringType,
	"name":    types.StringType,
	"primary": types.BoolType,
}

var (
	ownerIDPattern    = regexp.MustCompile(`^[0-9]+$`)
	ownerEmailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)
)

func ownerTeamsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The teams the owner belongs to.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"id":      schema.StringAttribute{MarkdownDescription: "The team id.", Computed: true},
				"name":    schema.StringAttribute{MarkdownDescription: "The team name.", Computed: true},
				"primary": schema.BoolAttribute{MarkdownDescription: "Whether this is the owner's primary team.", Computed: true},
			},
		},
	}
}

func readOwner(ctx context.Context, c hubspot.API, data *OwnerDataSourceModel, diags *diag.Diagnostics) {
	var (
		owner *hubspot.Owner
		err   error
		attr  path.Path
		what  string
	)
	if !data.ID.IsNull() {
		attr, what = path.Root("id"), "id "+data.ID.ValueString()
		owner, err = c.GetOwner(ctx, data.ID.ValueString())
	} else {
		attr, what = path.Root("email"), "email address "+data.Email.ValueString()
		owner, err = hubspot.FindOwnerByEmail(ctx, c, data.Email.ValueString())
	}
	if hubspot.IsNotFound(err) {
		diags.AddAttributeError(attr, "Owner not found",
			fmt.Sprintf("HubSpot has no active owner with %s. Deactivated users are not owners; the hubspot_owners data source lists the owners that exist.", what))
		return
	}
	if err != nil {
		diags.AddError("Unable to read owner", fmt.Sprintf("Looking up the owner with %s failed: %s", what, err))
		return
	}
	configuredEmail := data.Email
	ownerToModel(owner, data, diags)
	// Keep the address as written: it matched without regard to case.
	if !configuredEmail.IsNull() {
		data.Email = configuredEmail
	}
}

// ownerToModel maps an owner to the attributes both owner data sources share.
func ownerToModel(o *hubspot.Owner, m *OwnerDataSourceModel, diags *diag.Diagnostics) {
	m.ID = types.StringValue(o.ID)
	m.Email = ownerString(o.Email)
	m.Type = types.StringValue(o.Type)
	m.FirstName = ownerString(o.FirstName)
	m.LastName = ownerString(o.LastName)
	m.UserID = types.Int64Null()
	if o.UserID != 0 {
		m.UserID = types.Int64Value(int64(o.UserID))
	}
	teams := make([]attr.Value, 0, len(o.Teams))
	for _, t := range o.Teams {
		v, d := types.ObjectValue(ownerTeamAttrTypes, map[string]attr.Value{
			"id": types.StringValue(t.ID), "name": types.StringValue(t.Name), "primary": types.BoolValue(t.Primary),
		})
		diags.Append(d...)
		teams = append(teams, v)
	}
	l, d := types.ListValue(types.ObjectType{AttrTypes: ownerTeamAttrTypes}, teams)
	diags.Append(d...)
	m.Teams = l
}

// ownerString maps the fields HubSpot leaves out (a queue's email, say) to null.
func ownerString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
