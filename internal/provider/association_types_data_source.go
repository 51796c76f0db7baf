package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

// NewAssociationTypesDataSource returns the hubspot_association_types data source, which lists
// the association types from one object type to another.
func NewAssociationTypesDataSource() datasource.DataSource {
	return &dataSource[AssociationTypesDataSourceModel]{
		typeName: "_association_types",
		schema: schema.Schema{
			MarkdownDescription: "Lists the association types from one object type to another, e.g. from tickets to contacts: HubSpot's own types and custom labels, with their type ids, " +
				"so that configurations never hard-code ids such as 16 (ticket to contact) or 26 (ticket to primary company).\n\n" +
				"Association types have a direction: tickets to contacts (16) and contacts to tickets (15) are different types. Any pair of object types can be read; " +
				"to look up a single type by its label, use `hubspot_association_type`.",
			Attributes: map[string]schema.Attribute{
				"from_object_type": schema.StringAttribute{
					MarkdownDescription: "The object type the associations start from. " + associationObjectTypeDescription,
					Required:            true,
					Validators:          validators.ObjectType(),
				},
				"to_object_type": schema.StringAttribute{
					MarkdownDescription: "The object type the associations point to. " + associationObjectTypeDescription,
					Required:            true,
					Validators:          validators.ObjectType(),
				},
				"default_type_id": schema.Int64Attribute{
					MarkdownDescription: "The id of HubSpot's unlabeled association type for the pair, the one every association between two records has (e.g. 16 from tickets to contacts, 339 from tickets to companies). Null when the pair has none.",
					Computed:            true,
				},
				"type_ids": schema.MapAttribute{
					MarkdownDescription: "The ids of the labeled association types, by label (e.g. `Primary` = 26 from tickets to companies). The unlabeled type is `default_type_id`, not an entry here.",
					ElementType:         types.Int64Type,
					Computed:            true,
				},
				"types": schema.ListNestedAttribute{
					MarkdownDescription: "Every association type of the pair, ordered by type id.",
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"type_id": schema.Int64Attribute{
								MarkdownDescription: "The association type id, used when associating records.",
								Computed:            true,
							},
							"label": schema.StringAttribute{
								MarkdownDescription: "The label; null for the unlabeled type.",
								Computed:            true,
							},
							"category": schema.StringAttribute{
								MarkdownDescription: "`HUBSPOT_DEFINED` for HubSpot's own types, `USER_DEFINED` for custom labels, `INTEGRATOR_DEFINED` for types an app created.",
								Computed:            true,
							},
						},
					},
				},
			},
		},
		read: readAssociationTypes,
	}
}

// AssociationTypesDataSourceModel is the data source's data.
type AssociationTypesDataSourceModel struct {
	FromObjectType types.String           `tfsdk:"from_object_type"`
	ToObjectType   types.String           `tfsdk:"to_object_type"`
	DefaultTypeID  types.Int64            `tfsdk:"default_type_id"`
	TypeIDs        types.Map              `tfsdk:"type_ids"`
	Types          []AssociationTypeModel `tfsdk:"types"`
}

// AssociationTypeModel is one entry of the types list.
type AssociationTypeModel struct {
	TypeID   types.Int64  `tfsdk:"type_id"`
	Label    types.String `tfsdk:"label"`
	Category types.String `tfsdk:"category"`
}

func readAssociationTypes(ctx context.Context, c hubspot.API, data *AssociationTypesDataSourceModel, diags *diag.Diagnostics) {
	from, to := data.FromObjectType.ValueString(), data.ToObjectType.ValueString()
	list, ok := listAssociationTypes(ctx, c, from, to, diags)
	if !ok {
		return
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].TypeID < list[j].TypeID })

	data.DefaultTypeID = types.Int64Null()
	if t, ok := defaultAssociationType(list); ok {
		data.DefaultTypeID = types.Int64Value(int64(t.TypeID))
	}
	ids := map[string]attr.Value{}
	data.Types = make([]AssociationTypeModel, 0, len(list))
	for _, t := range list {
		m := AssociationTypeModel{
			TypeID:   types.Int64Value(int64(t.TypeID)),
			Label:    types.StringPointerValue(t.Label),
			Category: types.StringValue(t.Category),
		}
		data.Types = append(data.Types, m)
		if t.Label == nil {
			continue
		}
		if prev, dup := ids[*t.Label]; dup {
			diags.AddAttributeWarning(path.Root("type_ids"), "Duplicate association label",
				fmt.Sprintf("Two association types from %s to %s have the label %q: %s and %d. type_ids holds the first; both are in types.", from, to, *t.Label, prev, t.TypeID))
			continue
		}
		ids[*t.Label] = types.Int64Value(int64(t.TypeID))
	}
	m, d := types.MapValue(types.Int64Type, ids)
	diags.Append(d...)
	data.TypeIDs = m
}

// defaultAssociationType is the pair's unlabeled HubSpot-defined type, the one HubSpot uses for
// an association without a label. Should there be several unlabeled types (an app can define
// one), HubSpot's own wins.
func defaultAssociationType(list []hubspot.AssociationType) (hubspot.AssociationType, bool) {
	var found *hubspot.AssociationType
	for i, t := range list {
		if t.Label != nil {
			continue
		}
		if found == nil || (t.Category == hubspot.AssociationCategoryHubSpotDefined && found.Category != hubspot.AssociationCategoryHubSpotDefined) {
			found = &list[i]
		}
	}
	if found == nil {
		return hubspot.AssociationType{}, false
	}
	return *found, true
}

// listAssociationTypes reads the association types from one object type to another for the
// association type data sources, and reports a failure.
func listAssociationTypes(ctx context.Context, c hubspot.API, from, to string, diags *diag.Diagnostics) ([]hubspot.AssociationType, bool) {
	list, err := c.ListAssociationTypes(ctx, from, to)
	if err != nil {
		diags.AddError("Unable to read association types", fmt.Sprintf("Reading the association types from %s to %s failed: %s", from, to, err))
		return nil, false
	}
	return list, true
}
