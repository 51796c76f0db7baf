package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// TicketAssociationModel is one element of the associations set.
type TicketAssociationModel struct {
	ObjectType types.String `tfsdk:"object_type"`
	RecordID   types.String `tfsdk:"record_id"`
	TypeID     types.Int64  `tfsdk:"type_id"`
	Category   types.String `tfsdk:"category"`
}

var ticketAssociationAttrTypes = map[string]attr.Type{
	"object_type": types.StringType,
	"record_id":   types.StringType,
	"type_id":     types.Int64Type,
	"category":    types.StringType,
}

// associations reads the associations set; elements with unknown parts are returned too.
func ticketAssociations(ctx context.Context, set types.Set, diags *diag.Diagnostics) []TicketAssociationModel {
	if !isKnown(set) {
		return nil
	}
	var out []TicketAssociationModel
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	return out
}

func ticketAssociationCategory(a TicketAssociationModel) string {
	if !isKnown(a.Category) {
		return hubspot.AssociationCategoryHubSpotDefined
	}
	return a.Category.ValueString()
}

func ticketAssociationKey(a TicketAssociationModel) string {
	return fmt.Sprintf("%s/%s/%d/%s", objectTypeKey(a.ObjectType.ValueString()), a.RecordID.ValueString(), a.TypeID.ValueInt64(), ticketAssociationCategory(a))
}

func ticketAssociationPairKey(a TicketAssociationModel) string {
	return objectTypeKey(a.ObjectType.ValueString()) + "/" + a.RecordID.ValueString()
}

func ticketAssociationKnown(a TicketAssociationModel) bool {
	return isKnown(a.ObjectType) && isKnown(a.RecordID) && isKnown(a.TypeID) && !a.Category.IsUnknown()
}

func ticketDescribeAssociation(a TicketAssociationModel) string {
	return fmt.Sprintf("%s record %s with type %d", a.ObjectType.ValueString(), a.RecordID.ValueString(), a.TypeID.ValueInt64())
}

// checkAssociationTypes checks the associations the plan adds against the account's
// association types from tickets.
func (r *TicketResource) checkAssociationTypes(ctx context.Context, plan, state *TicketResourceModel, diags *diag.Diagnostics) {
	have := map[string]bool{}
	if state != nil {
		for _, a := range ticketAssociations(ctx, state.Associations, diags) {
			have[ticketAssociationKey(a)] = true
		}
	}
	for _, a := range ticketAssociations(ctx, plan.Associations, diags) {
		if !ticketAssociationKnown(a) || have[ticketAssociationKey(a)] {
			continue
		}
		objectType := a.ObjectType.ValueString()
		list, err := r.client.ListAssociationTypes(ctx, hubspot.TicketObjectType, objectType)
		if err != nil {
			if hubspot.IsValidation(err) {
				diags.AddAttributeError(path.Root("associations"), "Unknown association object type",
					fmt.Sprintf("HubSpot does not know object type %q: %s", objectType, err))
			} else {
				checkFailed(diags, path.Root("associations"), fmt.Sprintf("the association type %d from tickets to %s", a.TypeID.ValueInt64(), objectType), err)
			}
			continue
		}
		typeID := int(a.TypeID.ValueInt64())
		var match *hubspot.AssociationType
		var available []string
		for i, t := range list {
			label := "unlabeled"
			if t.Label != nil {
				label = strconv.Quote(*t.Label)
			}
			available = append(available, fmt.Sprintf("%d (%s, %s)", t.TypeID, label, t.Category))
			if t.TypeID == typeID {
				match = &list[i]
			}
		}
		switch {
		case match == nil:
			diags.AddAttributeError(path.Root("associations"), "Unknown association type",
				fmt.Sprintf("There is no association type %d from tickets to %s. The types from tickets to %s are: %s.", typeID, objectType, objectType, strings.Join(available, ", ")))
		case match.Category != ticketAssociationCategory(a):
			diags.AddAttributeError(path.Root("associations"), "Wrong association category",
				fmt.Sprintf("Association type %d from tickets to %s is %s, not %s. Set category = %q for %s.", typeID, objectType, match.Category, ticketAssociationCategory(a), match.Category, ticketDescribeAssociation(a)))
		}
	}
}

func ticketAssociationSpec(a TicketAssociationModel) hubspot.AssociationSpec {
	return hubspot.AssociationSpec{Category: ticketAssociationCategory(a), TypeID: int(a.TypeID.ValueInt64())}
}

// apiError turns a HubSpot error into a diagnostic, on the associations attribute when
// HubSpot refused an association.
func ticketAPIError(diags *diag.Diagnostics, summary string, err error) {
	var partial *hubspot.PartialError
	if hubspot.HasSubCategory(err, "crm.associations.INVALID_ASSOCIATION_TYPE") || errors.As(err, &partial) {
		diags.AddAttributeError(path.Root("associations"), summary, err.Error())
		return
	}
	diags.AddError(summary, err.Error())
}

// presentAssociations returns the managed associations HubSpot still has. Links HubSpot has
// that are not managed are not looked at.
func (r *TicketResource) presentAssociations(ctx context.Context, ticketID string, links []TicketAssociationModel) ([]TicketAssociationModel, error) {
	byType := map[string][]hubspot.AssociatedRecord{}
	for _, a := range links {
		ot := objectTypeKey(a.ObjectType.ValueString())
		if _, done := byType[ot]; done {
			continue
		}
		recs, err := r.client.ListRecordAssociations(ctx, hubspot.TicketObjectType, ticketID, a.ObjectType.ValueString())
		if err != nil {
			return nil, err
		}
		if recs == nil {
			recs = []hubspot.AssociatedRecord{}
		}
		byType[ot] = recs
	}
	kept := []TicketAssociationModel{}
	for _, a := range links {
		for _, rec := range byType[objectTypeKey(a.ObjectType.ValueString())] {
			if rec.ToObjectID != a.RecordID.ValueString() {
				continue
			}
			found := false
			for _, t := range rec.Types {
				found = found || (int64(t.TypeID) == a.TypeID.ValueInt64() && t.Category == ticketAssociationCategory(a))
			}
			if found {
				kept = append(kept, a)
			}
		}
	}
	return kept, nil
}

// updateAssociations removes the associations the plan drops and makes the ones it adds,
// per object type in batches. Removals go first: removing a pair's unlabeled type removes
// its labels too, so the planned links of every pair that lost one are made again.
func (r *TicketResource) updateAssociations(ctx context.Context, ticketID string, before, after []TicketAssociationModel) error {
	inPlan := map[string]bool{}
	for _, a := range after {
		inPlan[ticketAssociationKey(a)] = true
	}
	inState := map[string]bool{}
	touched := map[string]bool{}
	removals := map[string][]hubspot.RecordAssociationInput{}
	var order []string
	for _, a := range before {
		inState[ticketAssociationKey(a)] = true
		if inPlan[ticketAssociationKey(a)] {
			continue
		}
		ot := objectTypeKey(a.ObjectType.ValueString())
		if _, ok := removals[ot]; !ok {
			order = append(order, ot)
		}
		removals[ot] = append(removals[ot], hubspot.RecordAssociationInput{FromID: ticketID, ToID: a.RecordID.ValueString(), Types: []hubspot.AssociationSpec{ticketAssociationSpec(a)}})
		touched[ticketAssociationPairKey(a)] = true
	}
	for _, ot := range order {
		if err := r.client.BatchArchiveRecordAssociationLabels(ctx, hubspot.TicketObjectType, ot, removals[ot]); err != nil {
			return err
		}
	}
	additions := map[string][]hubspot.RecordAssociationInput{}
	order = nil
	for _, a := range after {
		if inState[ticketAssociationKey(a)] && !touched[ticketAssociationPairKey(a)] {
			continue
		}
		ot := objectTypeKey(a.ObjectType.ValueString())
		if _, ok := additions[ot]; !ok {
			order = append(order, ot)
		}
		additions[ot] = append(additions[ot], hubspot.RecordAssociationInput{FromID: ticketID, ToID: a.RecordID.ValueString(), Types: []hubspot.AssociationSpec{ticketAssociationSpec(a)}})
	}
	for _, ot := range order {
		if err := r.client.BatchCreateRecordAssociations(ctx, hubspot.TicketObjectType, ot, additions[ot]); err != nil {
			return err
		}
	}
	return nil
}
