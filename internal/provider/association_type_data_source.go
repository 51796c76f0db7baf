package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

// NewAssociationTypeDataSource returns the hubspot_association_type data source, which looks up
// one association type by object pair and label.
func NewAssociationTypeDataSource() datasource.DataSource {
	return &dataSource[AssociationTypeDataSourceModel]{
		typeName: "_association_type",
		schema: schema.Schema{
			MarkdownDescription: "Looks up the id of one association type from one object type to another by its label, or the unlabeled default type when `label` is left out. " +
				"Use it instead of hard-coding ids such as 16 (ticket to contact), 339 (ticket to company) or 26 (ticket to primary company).\n\n" +
				"Reading fails, naming the labels that exist, when the pair has no type with the label.",
			Attributes: map[string]schema.Attribute{
				"from_object_type": schema.StringAttribute{
					MarkdownDescription: "The object type the association starts from. " + associationObjectTypeDescription,
					Required:            true,
					Validators:          validators.ObjectType(),
				},
				"to_object_type": schema.StringAttribute{
					MarkdownDescription: "The object type the association points to. " + associationObjectTypeDescription,
					Required:            true,
					Validators:          validators.ObjectType(),
				},
				"label": schema.StringAttribute{
					MarkdownDescription: "The label of the type, as HubSpot shows it (e.g. `Primary`), matched exactly. Leave it out for the unlabeled default type.",
					Optional:            true,
					Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				},
				"type_id": schema.Int64Attribute{
					MarkdownDescription: "The association type id.",
					Computed:            true,
				},
				"category": schema.StringAttribute{
					MarkdownDescription: "`HUBSPOT_DEFINED` for HubSpot's own types, `USER_DEFINED` for custom labels, `INTEGRATOR_DEFINED` for types an app created. Use it with `type_id` when associating records.",
					Computed:            true,
				},
			},
		},
		read: readAssociationType,
	}
}

// AssociationTypeDataSourceModel is the data source's data.
type AssociationTypeDataSourceModel struct {
	FromObjectType types.String `tfsdk:"from_object_type"`
	ToObjectType   types.String `tfsdk:"to_object_type"`
	Label          types.String `tfsdk:"label"`
	TypeID         types.Int64  `tfsdk:"type_id"`
	Category       types.String `tfsdk:"category"`
}

func readAssociationType(ctx context.Context, c hubspot.API, data *AssociationTypeDataSourceModel, diags *diag.Diagnostics) {
	from, to := data.FromObjectType.ValueString(), data.ToObjectType.ValueString()
	list, ok := listAssociationTypes(ctx, c, from, to, diags)
	if !ok {
		return
	}

	var found *hubspot.AssociationType
	if data.Label.IsNull() {
		if t, ok := defaultAssociationType(list); ok {
			found = &t
		} else {
			diags.AddAttributeError(path.Root("label"), "No unlabeled association type",
				fmt.Sprintf("HubSpot has no unlabeled association type from %s to %s. %s", from, to, labelsHint(list)))
			return
		}
	} else {
		label := data.Label.ValueString()
		for i, t := range list {
			if t.Label != nil && *t.Label == label {
				found = &list[i]
				break
			}
		}
		if found == nil {
			diags.AddAttributeError(path.Root("label"), "Association label not found",
				fmt.Sprintf("No association type from %s to %s has the label %q. %s Leave label out for the unlabeled default type.", from, to, label, labelsHint(list)))
			return
		}
	}
	data.TypeID = types.Int64Value(int64(found.TypeID))
	data.Category = types.StringValue(found.Category)
}

// labelsHint names the labels a pair has, for errors about a label that is not there.
func labelsHint(list []hubspot.AssociationType) string {
	labels := hubspot.AssociationLabels(list)
	if len(labels) == 0 {
		return "The pair has no labeled association types."
	}
	quoted := make([]string, len(labels))
	for i, l := range labels {
		quoted[i] = strconv.Quote(l)
	}
	return "The labels that exist are: " + strings.Join(quoted, ", ") + "."
}
