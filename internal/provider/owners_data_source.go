package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// NewOwnersDataSource returns the hubspot_owners data source, which lists the account's active
// owners.
func NewOwnersDataSource() datasource.DataSource {
	return &dataSource[OwnersDataSourceModel]{
		typeName: "_owners",
		schema: schema.Schema{
			MarkdownDescription: "Lists the account's active HubSpot owners (users who can own records, and queues), optionally only the one with a given email address. " +
				"To look up a single owner and fail when it does not exist, use `hubspot_owner`.",
			Attributes: map[string]schema.Attribute{
				"email": schema.StringAttribute{
					MarkdownDescription: "List only the owner with this email address (matched without regard to case). The list is empty when there is none.",
					Optional:            true,
					Validators:          []validator.String{stringvalidator.RegexMatches(ownerEmailPattern, "must be an email address")},
				},
				"owners": schema.ListNestedAttribute{
					MarkdownDescription: "The owners, ordered as HubSpot lists them.",
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"id":         schema.StringAttribute{MarkdownDescription: "The owner id, the value of a record's `hubspot_owner_id`.", Computed: true},
							"email":      schema.StringAttribute{MarkdownDescription: "The owner's email address; null for queues.", Computed: true},
							"type":       schema.StringAttribute{MarkdownDescription: "`PERSON` or `QUEUE`.", Computed: true},
							"first_name": schema.StringAttribute{MarkdownDescription: "The owner's first name.", Computed: true},
							"last_name":  schema.StringAttribute{MarkdownDescription: "The owner's last name.", Computed: true},
							"user_id":    schema.Int64Attribute{MarkdownDescription: "The id of the HubSpot user behind the owner; null for queues.", Computed: true},
							"teams":      ownerTeamsAttribute(),
						},
					},
				},
			},
		},
		read: readOwners,
	}
}

// OwnersDataSourceModel is the data source's data.
type OwnersDataSourceModel struct {
	Email  types.String           `tfsdk:"email"`
	Owners []OwnerDataSourceModel `tfsdk:"owners"`
}

func readOwners(ctx context.Context, c hubspot.API, data *OwnersDataSourceModel, diags *diag.Diagnostics) {
	var owners []hubspot.Owner
	if data.Email.IsNull() {
		var err error
		if owners, err = c.ListOwners(ctx, hubspot.ListOwnersOptions{}); err != nil {
			diags.AddError("Unable to list owners", err.Error())
			return
		}
	} else {
		o, err := hubspot.FindOwnerByEmail(ctx, c, data.Email.ValueString())
		switch {
		case hubspot.IsNotFound(err):
		case err != nil:
			diags.AddError("Unable to list owners", fmt.Sprintf("Looking up the owner with email address %s failed: %s", data.Email.ValueString(), err))
			return
		default:
			owners = append(owners, *o)
		}
	}
	data.Owners = make([]OwnerDataSourceModel, len(owners))
	for i := range owners {
		ownerToModel(&owners[i], &data.Owners[i], diags)
	}
}
