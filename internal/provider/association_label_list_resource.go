package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
)

var _ resource.ResourceWithIdentity = &AssociationLabelResource{}

// AssociationLabelIdentityModel is the hubspot_association_label resource's identity: the
// label's type id from one object type to the other, with the two types as the state spells
// them.
type AssociationLabelIdentityModel struct {
	FromObjectType types.String `tfsdk:"from_object_type"`
	ToObjectType   types.String `tfsdk:"to_object_type"`
	TypeID         types.Int64  `tfsdk:"type_id"`
}

func (r *AssociationLabelResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"from_object_type": identityschema.StringAttribute{
				Description:       "The object type the label reads from.",
				RequiredForImport: true,
			},
			"to_object_type": identityschema.StringAttribute{
				Description:       "The object type the label reads to.",
				RequiredForImport: true,
			},
			"type_id": identityschema.Int64Attribute{
				Description:       "The label's association type id from from_object_type to to_object_type.",
				RequiredForImport: true,
			},
		},
	}
}

// AssociationLabelListModel is the list block's configuration.
type AssociationLabelListModel struct {
	FromObjectType types.String `tfsdk:"from_object_type"`
	ToObjectType   types.String `tfsdk:"to_object_type"`
}

// NewAssociationLabelListResource returns the hubspot_association_label list resource: the
// custom association labels between two object types.
func NewAssociationLabelListResource() list.ListResource {
	return &listResource[AssociationLabelListModel]{
		typeName: "_association_label",
		schema: listschema.Schema{
			MarkdownDescription: "Lists the custom (`USER_DEFINED`) association labels between two object types, one of them tickets, for `terraform query`. " +
				"Each label is listed once, as read from `from_object_type`; a paired label between two tickets, which HubSpot lists in both directions, " +
				"is listed by its first type id. HubSpot's own association types are never listed: they cannot be managed.",
			Attributes: map[string]listschema.Attribute{
				"from_object_type": listschema.StringAttribute{
					MarkdownDescription: "The object type the labels read from. Defaults to `tickets`. " + associationObjectTypeDescription,
					Optional:            true,
					Validators:          validators.ObjectType(),
				},
				"to_object_type": listschema.StringAttribute{
					MarkdownDescription: "The object type the labels read to. " + associationObjectTypeDescription,
					Required:            true,
					Validators:          validators.ObjectType(),
				},
			},
		},
		fill: listAssociationLabels,
	}
}

func listAssociationLabels(ctx context.Context, c hubspot.API, cfg AssociationLabelListModel, out *results) diag.Diagnostics {
	from, to := "tickets", cfg.ToObjectType.ValueString()
	if !cfg.FromObjectType.IsNull() {
		from = cfg.FromObjectType.ValueString()
	}
	var diags diag.Diagnostics
	fromID, _ := hubspot.ObjectTypeID(from)
	toID, _ := hubspot.ObjectTypeID(to)
	if fromID != hubspot.TicketObjectTypeID && toID != hubspot.TicketObjectTypeID {
		diags.AddError("Association labels without tickets",
			fmt.Sprintf("This provider manages labels between tickets and another object type, but neither %q nor %q is tickets.", from, to))
		return diags
	}
	all, err := c.ListAssociationTypes(ctx, from, to)
	if err != nil {
		return listFailure(fmt.Sprintf("association types from %s to %s", from, to), err)
	}
	reader := &AssociationLabelResource{client: c}
	for _, t := range all {
		if t.Category != hubspot.AssociationCategoryUserDefined || t.Label == nil {
			continue
		}
		m, err := reader.listedLabel(ctx, from, to, t)
		if err != nil {
			diags.AddError("Unable to list association labels", err.Error())
			return diags
		}
		if objectTypeKey(from) == objectTypeKey(to) && m.InverseTypeID.ValueInt64() < m.TypeID.ValueInt64() {
			continue // the other half of a paired label, listed by its first type id
		}
		id := AssociationLabelIdentityModel{FromObjectType: m.FromObjectType, ToObjectType: m.ToObjectType, TypeID: m.TypeID}
		if !out.add(m.Name.ValueString(), id, m) {
			break
		}
	}
	return nil
}

// listedLabel is the state a listed label has once imported and read (see Read).
func (r *AssociationLabelResource) listedLabel(ctx context.Context, from, to string, t hubspot.AssociationType) (AssociationLabelResourceModel, error) {
	name, inverseID, err := r.importedDetails(ctx, from, to, t.TypeID)
	if err != nil {
		return AssociationLabelResourceModel{}, err
	}
	inverseLabel := types.StringNull()
	if inverseID != t.TypeID {
		inv, err := hubspot.FindAssociationType(ctx, r.client, to, from, inverseID)
		if err != nil {
			return AssociationLabelResourceModel{}, fmt.Errorf("reading the inverse type %d (from %s to %s) of association label %d failed: %w", inverseID, to, from, t.TypeID, err)
		}
		if inv.LabelText() != *t.Label {
			inverseLabel = types.StringValue(inv.LabelText())
		}
	}
	return AssociationLabelResourceModel{
		ID:             types.StringValue(associationLabelID(from, to, t.TypeID)),
		FromObjectType: types.StringValue(from),
		ToObjectType:   types.StringValue(to),
		Name:           types.StringValue(name),
		Label:          types.StringValue(*t.Label),
		InverseLabel:   inverseLabel,
		TypeID:         types.Int64Value(int64(t.TypeID)),
		InverseTypeID:  types.Int64Value(int64(inverseID)),
	}, nil
}
