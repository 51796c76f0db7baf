package emulator

// Association labels (v4 associations schema) and the legacy v3 association types.
//
// Choices where HubSpot's behaviour is not documented:
//
//   - An object type in the path that is neither a standard type's id nor its singular or
//     plural name is refused with 400 "Unable to infer object type from: X", the message
//     HubSpot gives for unknown object types.
//   - Custom labels can be created between contacts, companies, deals and tickets only, the
//     standard objects HubSpot's guide names for labels (custom objects are not emulated);
//     other pairs answer 400.
//   - A custom label is one definition seen from both sides: every label has a type id in each
//     direction, carrying the same label for a single label and label/inverseLabel for a
//     paired one. A single label between two records of the same object type has one type id,
//     which is its own inverse (as HubSpot's contact-to-contact type 449 is).
//   - Type ids of custom labels come from the portal's id counter, so they never repeat and
//     never equal a HubSpot-defined type id. (HubSpot numbers each category separately, from
//     smaller numbers.)
//   - POST returns both directions, the inverse first as in HubSpot's guide, each with
//     fromObjectTypeId and toObjectTypeId as the newer spec renders them.
//   - The 10-label limit counts definitions (a paired label is one) between an unordered pair
//     of object types; the 11th answers 400 API_LIMIT.
//   - A name is unique among the custom labels of a pair (409 OBJECT_ALREADY_EXISTS); a label
//     is unique, ignoring case, among all types in one direction, HubSpot's own "Primary"
//     included (400). Names cannot contain hyphens or start with a digit (400), as HubSpot's
//     guide says.
//   - PUT changes the label of both directions of a single label. inverseLabel can change only
//     a paired label: sending a different inverseLabel for a single label answers 400, since
//     HubSpot documents inverseLabel on updates only "if editing a paired label". A paired
//     label whose two labels are equal is indistinguishable from a single one.
//   - HUBSPOT_DEFINED types cannot be changed or deleted: 400 VALIDATION_ERROR. An unknown type
//     id answers 404.
//   - DELETE removes both directions. It is refused (400) while records are associated with
//     the label in either direction, as HubSpot's guide requires labels to be removed from
//     associations first.
//   - GET /crm/v3/associations/{from}/{to}/types names HubSpot-defined types
//     "<from>_to_<to>" (singular names); where the direction also has a labeled HubSpot type
//     (Primary), the labeled one takes that name and the unlabeled one gets "_unlabeled".
//     Custom labels are listed under their internal names.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

var labelPrefixes = []string{"/crm/v4/associations", "/crm/associations/v4", "/crm/associations/2026-03"}

// maxCustomLabelsPerPair is HubSpot's limit of custom association labels between two object
// types.
const maxCustomLabelsPerPair = 10

func (e *Emulator) registerAssociationLabels() {
	e.handle("GET", labelPrefixes, "/{from}/{to}/labels", rateAssociations, e.listLabels)
	e.handle("POST", labelPrefixes, "/{from}/{to}/labels", rateAssociations, e.createLabel)
	e.handle("PUT", labelPrefixes, "/{from}/{to}/labels", rateAssociations, e.updateLabel)
	e.handle("DELETE", labelPrefixes, "/{from}/{to}/labels/{typeId}", rateAssociations, e.deleteLabel)
	e.handle("GET", []string{"/crm/v3/associations"}, "/{from}/{to}/types", rateAssociations, e.listV3AssociationTypes)
}

// associationSpecWithLabel is the spec's AssociationSpecWithLabel, the wire form of a stored
// AssociationType (whose name and inverse stay inside the emulator).
type associationSpecWithLabel struct {
	Category         string  `json:"category"`
	TypeID           int     `json:"typeId"`
	Label            *string `json:"label"`
	FromObjectTypeID string  `json:"fromObjectTypeId"`
	ToObjectTypeID   string  `json:"toObjectTypeId"`
}

func renderAssociationType(t *AssociationType) associationSpecWithLabel {
	out := associationSpecWithLabel{Category: t.Category, TypeID: t.TypeID, FromObjectTypeID: t.FromObjectTypeID, ToObjectTypeID: t.ToObjectTypeID}
	if t.Label != nil {
		label := *t.Label
		out.Label = &label
	}
	return out
}

// objectTypePair resolves the {from} and {to} path segments.
func objectTypePair(r *http.Request) (from, to objectType, err error) {
	for i, name := range []string{r.PathValue("from"), r.PathValue("to")} {
		t, ok := lookupObjectType(name)
		if !ok {
			return from, to, badRequest("Unable to infer object type from: " + name)
		}
		if i == 0 {
			from = t
		} else {
			to = t
		}
	}
	return from, to, nil
}

func pairKey(from, to string) string { return from + "/" + to }

// findType returns the type with the given id from one object type to another.
func (p *portal) findType(from, to string, typeID int) *AssociationType {
	for _, t := range p.AssociationTypes[pairKey(from, to)] {
		if t.TypeID == typeID {
			return t
		}
	}
	return nil
}

// inverseOf returns the type that reads t the other way (t itself for a type that is its own
// inverse), or nil.
func (p *portal) inverseOf(t *AssociationType) *AssociationType {
	if t.InverseTypeID == 0 {
		return nil
	}
	return p.findType(t.ToObjectTypeID, t.FromObjectTypeID, t.InverseTypeID)
}

func (e *Emulator) listLabels(r *http.Request) (int, any, error) {
	from, to, err := objectTypePair(r)
	if err != nil {
		return 0, nil, err
	}
	results := []associationSpecWithLabel{}
	for _, t := range e.p.AssociationTypes[pairKey(from.id, to.id)] {
		results = append(results, renderAssociationType(t))
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

func (e *Emulator) createLabel(r *http.Request) (int, any, error) {
	from, to, err := objectTypePair(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Label        *string `json:"label"`
		Name         *string `json:"name"`
		InverseLabel *string `json:"inverseLabel"`
	}
	if err := decodeBody(r, "PublicAssociationDefinitionCreateRequest", &in); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("PublicAssociationDefinitionCreateRequest", requiredField{"label", in.Label != nil}, requiredField{"name", in.Name != nil}); err != nil {
		return 0, nil, err
	}
	if !from.record || !to.record {
		return 0, nil, badRequest(fmt.Sprintf("Association labels are not supported between %s and %s", from.plural, to.plural))
	}
	name, label := *in.Name, *in.Label
	inverse := ""
	if in.InverseLabel != nil {
		inverse = *in.InverseLabel
	}
	if err := checkLabelName(name); err != nil {
		return 0, nil, err
	}
	if strings.TrimSpace(label) == "" {
		return 0, nil, badRequest("label cannot be empty")
	}
	if in.InverseLabel != nil && strings.TrimSpace(inverse) == "" {
		return 0, nil, badRequest("inverseLabel cannot be empty; leave it out for a single label")
	}
	defs := e.p.customDefinitions(from.id, to.id)
	for _, d := range defs {
		if d.Name == name {
			ae := conflict(fmt.Sprintf("An association label named %s already exists between %s and %s", name, from.plural, to.plural))
			ae.Context = map[string][]string{"name": {name}}
			return 0, nil, ae
		}
	}
	if len(defs) >= maxCustomLabelsPerPair {
		ae := badRequest(fmt.Sprintf("You have reached the limit of %d association labels between %s and %s", maxCustomLabelsPerPair, from.plural, to.plural))
		ae.Category = catAPILimit
		ae.Context = map[string][]string{"limit": {strconv.Itoa(maxCustomLabelsPerPair)}}
		return 0, nil, ae
	}
	paired := inverse != "" && inverse != label
	reverseLabel := label
	if paired {
		reverseLabel = inverse
	}
	if err := e.p.checkLabelFree(from, to, label); err != nil {
		return 0, nil, err
	}
	if err := e.p.checkLabelFree(to, from, reverseLabel); err != nil {
		return 0, nil, err
	}

	forward := &AssociationType{Category: "USER_DEFINED", FromObjectTypeID: from.id, ToObjectTypeID: to.id, Name: name, Label: &label}
	id, _ := strconv.Atoi(e.p.nextID())
	forward.TypeID = id
	types := []*AssociationType{forward}
	if from.id == to.id && !paired {
		forward.InverseTypeID = forward.TypeID
	} else {
		rl := reverseLabel
		reverse := &AssociationType{Category: "USER_DEFINED", FromObjectTypeID: to.id, ToObjectTypeID: from.id, Name: name, Label: &rl}
		id, _ := strconv.Atoi(e.p.nextID())
		reverse.TypeID = id
		forward.InverseTypeID, reverse.InverseTypeID = reverse.TypeID, forward.TypeID
		types = append(types, reverse)
	}
	results := []associationSpecWithLabel{}
	for i := len(types) - 1; i >= 0; i-- {
		t := types[i]
		key := pairKey(t.FromObjectTypeID, t.ToObjectTypeID)
		e.p.AssociationTypes[key] = append(e.p.AssociationTypes[key], t)
		results = append(results, renderAssociationType(t))
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

// checkLabelName applies HubSpot's documented rules for internal names.
func checkLabelName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return badRequest("name cannot be empty")
	case strings.Contains(name, "-"):
		return badRequest(fmt.Sprintf("Invalid association label name %q: names cannot contain hyphens", name))
	case name[0] >= '0' && name[0] <= '9':
		return badRequest(fmt.Sprintf("Invalid association label name %q: names cannot begin with a number", name))
	}
	return nil
}

// customDefinitions returns one type per custom label between two object types, in either
// direction: the definitions the per-pair limit counts.
func (p *portal) customDefinitions(a, b string) []*AssociationType {
	var out []*AssociationType
	seen := map[int]bool{}
	keys := []string{pairKey(a, b)}
	if a != b {
		keys = append(keys, pairKey(b, a))
	}
	for _, key := range keys {
		for _, t := range p.AssociationTypes[key] {
			if t.Category != "USER_DEFINED" || seen[t.TypeID] {
				continue
			}
			seen[t.TypeID], seen[t.InverseTypeID] = true, true
			out = append(out, t)
		}
	}
	return out
}

// checkLabelFree refuses a label already used by another type from one object type to the
// other; except lists the types being relabeled.
func (p *portal) checkLabelFree(from, to objectType, label string, except ...*AssociationType) error {
next:
	for _, t := range p.AssociationTypes[pairKey(from.id, to.id)] {
		for _, x := range except {
			if t == x {
				continue next
			}
		}
		if t.Label != nil && strings.EqualFold(*t.Label, label) {
			ae := badRequest(fmt.Sprintf("The association label %q already exists from %s to %s (type %d)", label, from.plural, to.plural, t.TypeID))
			ae.Context = map[string][]string{"label": {label}}
			return ae
		}
	}
	return nil
}

func (e *Emulator) updateLabel(r *http.Request) (int, any, error) {
	from, to, err := objectTypePair(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		AssociationTypeID *int    `json:"associationTypeId"`
		Label             *string `json:"label"`
		InverseLabel      *string `json:"inverseLabel"`
	}
	if err := decodeBody(r, "PublicAssociationDefinitionUpdateRequest", &in); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("PublicAssociationDefinitionUpdateRequest",
		requiredField{"associationTypeId", in.AssociationTypeID != nil}, requiredField{"label", in.Label != nil}); err != nil {
		return 0, nil, err
	}
	t, err := e.p.editableType(from, to, *in.AssociationTypeID, "changed")
	if err != nil {
		return 0, nil, err
	}
	label := *in.Label
	if strings.TrimSpace(label) == "" {
		return 0, nil, badRequest("label cannot be empty")
	}
	inv := e.p.inverseOf(t)
	single := inv == nil || inv == t || (inv.Label != nil && t.Label != nil && *inv.Label == *t.Label)
	if single {
		if in.InverseLabel != nil && *in.InverseLabel != label {
			return 0, nil, badRequest(fmt.Sprintf("Association type %d is a single label: inverseLabel can only be changed on a paired label", t.TypeID))
		}
		if err := e.p.checkLabelFree(from, to, label, t, inv); err != nil {
			return 0, nil, err
		}
		if inv != nil && inv != t {
			if err := e.p.checkLabelFree(to, from, label, t, inv); err != nil {
				return 0, nil, err
			}
			l := label
			inv.Label = &l
		}
		t.Label = &label
		return http.StatusNoContent, nil, nil
	}
	if err := e.p.checkLabelFree(from, to, label, t); err != nil {
		return 0, nil, err
	}
	if in.InverseLabel != nil {
		inverse := *in.InverseLabel
		if strings.TrimSpace(inverse) == "" {
			return 0, nil, badRequest("inverseLabel cannot be empty")
		}
		if err := e.p.checkLabelFree(to, from, inverse, inv); err != nil {
			return 0, nil, err
		}
		inv.Label = &inverse
	}
	t.Label = &label
	return http.StatusNoContent, nil, nil
}

// editableType finds a custom type for a change or a delete: unknown ids answer 404 and
// HubSpot's own types 400.
func (p *portal) editableType(from, to objectType, typeID int, verb string) (*AssociationType, error) {
	t := p.findType(from.id, to.id, typeID)
	if t == nil {
		ae := notFound(fmt.Sprintf("No association type %d exists from %s to %s", typeID, from.plural, to.plural))
		ae.Context = map[string][]string{"associationTypeId": {strconv.Itoa(typeID)}}
		return nil, ae
	}
	if t.Category != "USER_DEFINED" {
		ae := badRequest(fmt.Sprintf("Association type %d is %s and cannot be %s; only USER_DEFINED association labels can", typeID, t.Category, verb))
		ae.Context = map[string][]string{"associationTypeId": {strconv.Itoa(typeID)}, "category": {t.Category}}
		return nil, ae
	}
	return t, nil
}

func (e *Emulator) deleteLabel(r *http.Request) (int, any, error) {
	from, to, err := objectTypePair(r)
	if err != nil {
		return 0, nil, err
	}
	raw := r.PathValue("typeId")
	typeID, convErr := strconv.ParseInt(raw, 10, 32)
	if convErr != nil {
		return 0, nil, badRequest(fmt.Sprintf("Invalid associationTypeId %q: expected a 32-bit integer", raw))
	}
	t, err := e.p.editableType(from, to, int(typeID), "deleted")
	if err != nil {
		return 0, nil, err
	}
	doomed := []*AssociationType{t}
	if inv := e.p.inverseOf(t); inv != nil && inv != t {
		doomed = append(doomed, inv)
	}
	inUse := 0
	for _, l := range e.p.Associations {
		for _, d := range doomed {
			if l.TypeID == d.TypeID && ((l.FromType == d.FromObjectTypeID && l.ToType == d.ToObjectTypeID) || (l.FromType == d.ToObjectTypeID && l.ToType == d.FromObjectTypeID)) {
				inUse++
				break
			}
		}
	}
	if inUse > 0 {
		ae := badRequest(fmt.Sprintf("Association label %d is used by %d record associations; remove the label from them before deleting it", t.TypeID, inUse))
		ae.Context = map[string][]string{"associationTypeId": {strconv.Itoa(t.TypeID)}}
		return 0, nil, ae
	}
	for _, d := range doomed {
		key := pairKey(d.FromObjectTypeID, d.ToObjectTypeID)
		kept := e.p.AssociationTypes[key][:0]
		for _, x := range e.p.AssociationTypes[key] {
			if x != d {
				kept = append(kept, x)
			}
		}
		e.p.AssociationTypes[key] = kept
	}
	return http.StatusNoContent, nil, nil
}

// listV3AssociationTypes serves the legacy GET /crm/v3/associations/{from}/{to}/types.
func (e *Emulator) listV3AssociationTypes(r *http.Request) (int, any, error) {
	from, to, err := objectTypePair(r)
	if err != nil {
		return 0, nil, err
	}
	types := e.p.AssociationTypes[pairKey(from.id, to.id)]
	hasLabeled := false
	for _, t := range types {
		if t.Category == "HUBSPOT_DEFINED" && t.Label != nil {
			hasLabeled = true
		}
	}
	type definition struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	results := []definition{}
	for _, t := range types {
		name := t.Name
		if t.Category == "HUBSPOT_DEFINED" {
			name = from.singular + "_to_" + to.singular
			if t.Label == nil && hasLabeled {
				name += "_unlabeled"
			}
		}
		results = append(results, definition{ID: strconv.Itoa(t.TypeID), Name: name})
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}
