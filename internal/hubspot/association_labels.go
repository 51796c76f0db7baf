package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// standardObjectTypes maps the names HubSpot's API accepts for its standard object types
// (singular and plural) to their object type ids, as HubSpot's object type id table lists them.
var standardObjectTypes = func() map[string]string {
	m := map[string]string{}
	for _, t := range []struct{ id, singular, plural string }{
		{"0-1", "contact", "contacts"},
		{"0-2", "company", "companies"},
		{"0-3", "deal", "deals"},
		{"0-5", "ticket", "tickets"},
		{"0-7", "product", "products"},
		{"0-8", "line_item", "line_items"},
		{"0-14", "quote", "quotes"},
		{"0-18", "communication", "communications"},
		{"0-19", "feedback_submission", "feedback_submissions"},
		{"0-27", "task", "tasks"},
		{"0-46", "note", "notes"},
		{"0-47", "meeting", "meetings"},
		{"0-48", "call", "calls"},
		{"0-49", "email", "emails"},
		{"0-53", "invoice", "invoices"},
		{"0-69", "subscription", "subscriptions"},
		{"0-101", "payment", "payments"},
		{"0-116", "postal_mail", "postal_mail"},
		{"0-123", "order", "orders"},
		{"0-136", "lead", "leads"},
		{"0-142", "cart", "carts"},
		{"0-162", "service", "services"},
		{"0-410", "course", "courses"},
		{"0-420", "listing", "listings"},
		{"0-421", "appointment", "appointments"},
		{"0-970", "project", "projects"},
	} {
		m[t.id], m[t.singular], m[t.plural] = t.id, t.id, t.id
	}
	return m
}()

// ObjectTypeID returns the object type id ("0-5") of a standard object type given by id or by
// name, singular or plural, in any case. ok is false for anything else, such as a custom
// object's name or id, which callers pass to HubSpot as given.
func ObjectTypeID(objectType string) (id string, ok bool) {
	id, ok = standardObjectTypes[strings.ToLower(strings.TrimSpace(objectType))]
	return id, ok
}

// CanonicalObjectType is the one form of an object type: the id for standard types, so that
// "tickets", "ticket" and "0-5" are one type wherever types are compared or used as keys; the
// value as given (trimmed) otherwise, such as a custom object's name.
func CanonicalObjectType(objectType string) string {
	if id, ok := ObjectTypeID(objectType); ok {
		return id
	}
	return strings.TrimSpace(objectType)
}

// Association categories.
const (
	AssociationCategoryHubSpotDefined = "HUBSPOT_DEFINED"
	AssociationCategoryUserDefined    = "USER_DEFINED"
)

// AssociationType is one association type from one object type to another, as the v4 labels
// endpoint lists it (the spec's AssociationSpecWithLabel). Label is nil for the unlabeled type.
// FromObjectTypeID and ToObjectTypeID are set only by HubSpot versions that send them.
type AssociationType struct {
	Category         string  `json:"category"`
	TypeID           int     `json:"typeId"`
	Label            *string `json:"label"`
	FromObjectTypeID string  `json:"fromObjectTypeId,omitempty"`
	ToObjectTypeID   string  `json:"toObjectTypeId,omitempty"`
}

// LabelText is the type's label, or "" for the unlabeled type.
func (t AssociationType) LabelText() string {
	if t.Label == nil {
		return ""
	}
	return *t.Label
}

func labelsPath(fromObjectType, toObjectType string) string {
	return "/crm/v4/associations/" + pathEscape(CanonicalObjectType(fromObjectType)) + "/" + pathEscape(CanonicalObjectType(toObjectType)) + "/labels"
}

// ListAssociationTypes returns every association type from one object type to another:
// HubSpot's own, with and without a label, and custom labels. Object types are names or ids.
func (c *Client) ListAssociationTypes(ctx context.Context, fromObjectType, toObjectType string) ([]AssociationType, error) {
	return results[AssociationType](ctx, c, labelsPath(fromObjectType, toObjectType), nil)
}

// CloneAssociationTypes returns a deep copy of in, for callers that hand out a shared list.
func CloneAssociationTypes(in []AssociationType) []AssociationType {
	out := make([]AssociationType, len(in))
	for i, t := range in {
		if t.Label != nil {
			label := *t.Label
			t.Label = &label
		}
		out[i] = t
	}
	return out
}

// AssociationLabelInput defines a custom association label. Name is the internal name; it
// cannot contain hyphens or start with a digit. InverseLabel, when set, makes a paired label:
// Label reads from the first object type to the second, InverseLabel the other way. Without
// it, Label applies in both directions.
type AssociationLabelInput struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	InverseLabel string `json:"inverseLabel,omitempty"`
}

// AssociationLabelIDs are the type ids of a custom label: TypeID from the first object type
// to the second, InverseTypeID the other way. Between two records of the same object type a
// single (unpaired) label has one type id, which is both.
type AssociationLabelIDs struct {
	TypeID        int
	InverseTypeID int
}

// CreateAssociationLabel creates a custom (USER_DEFINED) label between two object types and
// returns its type ids in both directions.
func (c *Client) CreateAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, in AssociationLabelInput) (AssociationLabelIDs, error) {
	out, err := call[struct {
		Results []AssociationType `json:"results"`
	}](ctx, c, request{method: http.MethodPost, path: labelsPath(fromObjectType, toObjectType), body: in,
		create: &UncertainCreateError{Kind: "association label", ObjectType: fromObjectType, Parent: toObjectType, Key: in.Name}})
	if err != nil {
		return AssociationLabelIDs{}, err
	}
	return c.labelIDs(ctx, fromObjectType, toObjectType, in, out.Results)
}

// labelIDs tells which of the types a create returned reads in which direction. Newer HubSpot
// versions say so in fromObjectTypeId; older ones do not, and then a paired label is told
// apart by its labels and a single one by the list of the first direction.
func (c *Client) labelIDs(ctx context.Context, fromObjectType, toObjectType string, in AssociationLabelInput, created []AssociationType) (AssociationLabelIDs, error) {
	fail := func(why string) (AssociationLabelIDs, error) {
		return AssociationLabelIDs{}, fmt.Errorf("HubSpot created the association label %q from %s to %s but %s; its type ids are unknown (create response: %+v)", in.Name, fromObjectType, toObjectType, why, created)
	}
	switch len(created) {
	case 0:
		return fail("returned no association types")
	case 1:
		return AssociationLabelIDs{TypeID: created[0].TypeID, InverseTypeID: created[0].TypeID}, nil
	case 2:
	default:
		return fail("returned more than two association types")
	}
	a, b := created[0], created[1]
	from, to := CanonicalObjectType(fromObjectType), CanonicalObjectType(toObjectType)
	if from != to && a.FromObjectTypeID != "" && b.FromObjectTypeID != "" {
		switch {
		case a.FromObjectTypeID == from && b.FromObjectTypeID == to:
			return AssociationLabelIDs{TypeID: a.TypeID, InverseTypeID: b.TypeID}, nil
		case b.FromObjectTypeID == from && a.FromObjectTypeID == to:
			return AssociationLabelIDs{TypeID: b.TypeID, InverseTypeID: a.TypeID}, nil
		}
	}
	if in.InverseLabel != "" && in.InverseLabel != in.Label {
		switch {
		case a.LabelText() == in.Label && b.LabelText() == in.InverseLabel:
			return AssociationLabelIDs{TypeID: a.TypeID, InverseTypeID: b.TypeID}, nil
		case b.LabelText() == in.Label && a.LabelText() == in.InverseLabel:
			return AssociationLabelIDs{TypeID: b.TypeID, InverseTypeID: a.TypeID}, nil
		}
		return fail("the returned labels match neither label nor inverse label")
	}
	if from == to {
		// Both ids read in both directions; the lower one is the first, as HubSpot numbers them.
		lo, hi := min(a.TypeID, b.TypeID), max(a.TypeID, b.TypeID)
		return AssociationLabelIDs{TypeID: lo, InverseTypeID: hi}, nil
	}
	types, err := c.ListAssociationTypes(ctx, fromObjectType, toObjectType)
	if err != nil {
		return AssociationLabelIDs{}, err
	}
	for _, t := range types {
		switch t.TypeID {
		case a.TypeID:
			return AssociationLabelIDs{TypeID: a.TypeID, InverseTypeID: b.TypeID}, nil
		case b.TypeID:
			return AssociationLabelIDs{TypeID: b.TypeID, InverseTypeID: a.TypeID}, nil
		}
	}
	return fail(fmt.Sprintf("neither type is listed from %s to %s", fromObjectType, toObjectType))
}

// UpdateAssociationLabel changes the label of a custom association type and, for a paired
// label, its inverse label (leave inverseLabel empty to keep it). The type id and the internal
// name cannot change.
func (c *Client) UpdateAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, typeID int, label, inverseLabel string) error {
	body := struct {
		AssociationTypeID int    `json:"associationTypeId"`
		Label             string `json:"label"`
		InverseLabel      string `json:"inverseLabel,omitempty"`
	}{typeID, label, inverseLabel}
	return c.do(ctx, request{method: http.MethodPut, path: labelsPath(fromObjectType, toObjectType), body: body})
}

// DeleteAssociationLabel deletes a custom association label, in both directions. HubSpot
// refuses while records are associated with the label.
func (c *Client) DeleteAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, typeID int) error {
	path := labelsPath(fromObjectType, toObjectType) + "/" + strconv.Itoa(typeID)
	return c.do(ctx, request{method: http.MethodDelete, path: path})
}

// AssociationTypeNames returns the internal names of the association types from one object
// type to another, by type id, from the v3 types endpoint: the v4 labels endpoint does not
// return names.
func (c *Client) AssociationTypeNames(ctx context.Context, fromObjectType, toObjectType string) (map[int]string, error) {
	type definition struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	path := "/crm/v3/associations/" + pathEscape(CanonicalObjectType(fromObjectType)) + "/" + pathEscape(CanonicalObjectType(toObjectType)) + "/types"
	defs, err := results[definition](ctx, c, path, nil)
	if err != nil {
		return nil, err
	}
	names := make(map[int]string, len(defs))
	for _, r := range defs {
		id, err := strconv.Atoi(r.ID)
		if err != nil {
			return nil, fmt.Errorf("HubSpot API GET %s: association type id %q is not a number", path, r.ID)
		}
		names[id] = r.Name
	}
	return names, nil
}

// AssociationLabels returns the labels of a pair's labeled types, sorted, for messages that
// say which labels exist.
func AssociationLabels(types []AssociationType) []string {
	var labels []string
	for _, t := range types {
		if t.Label != nil {
			labels = append(labels, *t.Label)
		}
	}
	sort.Strings(labels)
	return labels
}
