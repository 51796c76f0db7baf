package emulator

// Association labels (v4 associations schema) and the legacy v3 association types.
//
// Rules enforced (tags as in NOTES.md §0; "choice" where HubSpot documents nothing):
//
//   - label and name are required [SPEC]; blank ones answer 400 (choice). Names cannot contain
//     hyphens or start with a digit (400) [DOCS, HubSpot's labels guide].
//   - At most 10 custom labels per pair of object types [DOCS]; the 11th answers 400 API_LIMIT.
//     Choice: the limit counts definitions (a paired label is one) between an unordered pair.
//   - A name is unique among the custom labels of a pair (409 OBJECT_ALREADY_EXISTS, choice); a
//     label is unique, ignoring case, among all types in one direction, HubSpot's own
//     "Primary" included (400, choice).
//   - HUBSPOT_DEFINED types cannot be changed or deleted [DOCS]: 400 VALIDATION_ERROR. An
//     unknown type id answers 404 (choice). associationTypeId is an int32 [SPEC].
//   - DELETE is refused (400) while records are associated with the label in either direction,
//     as HubSpot's guide requires labels to be removed from associations first [DOCS].
//   - No length limit is documented for labels or names, and none is applied.
//
// Other choices where HubSpot's behaviour is not documented:
//
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
//   - PUT changes the label of both directions of a single label. inverseLabel can change only
//     a paired label: sending a different inverseLabel for a single label answers 400, since
//     HubSpot documents inverseLabel on updates only "if editing a paired label". A paired
//     label whose two labels are equal is indistinguishable from a single one.
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
	from, to, err := pathTypePair(r, "from", "to", anyType)
	if err != nil {
		return 0, nil, err
	}
	results := []associationSpecWithLabel{}
	for _, t := range e.p.AssociationTypes[pairKey(from.id, to.id)] {
		results = append(results, renderAssociationType(t))
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

// labelCreate is the spec's PublicAssociationDefinitionCreateRequest.
type labelCreate struct {
	Label        *string `json:"label"`
	Name         *string `json:"name"`
	InverseLabel *string `json:"inverseLabel"`
}

func (e *Emulator) createLabel(r *http.Request) (int, any, error) {
	from, to, err := pathTypePair(r, "from", "to", anyType)
	if err != nil {
		return 0, nil, err
	}
	var in labelCreate
	if err := decodeBody(r, "PublicAssociationDefinitionCreateRequest", &in); err != nil {
		return 0, nil, err
	}
	if err := e.p.checkLabelCreate(from, to, &in); err != nil {
		return 0, nil, err
	}
	name, label := *in.Name, *in.Label
	reverseLabel := label
	if in.InverseLabel != nil {
		reverseLabel = *in.InverseLabel
	}
	paired := reverseLabel != label
	forward := &AssociationType{Category: "USER_DEFINED", FromObjectTypeID: from.id, ToObjectTypeID: to.id, Name: name, Label: &label}
	forward.TypeID, _ = strconv.Atoi(e.p.nextID())
	types := []*AssociationType{forward}
	if from.id == to.id && !paired {
		forward.InverseTypeID = forward.TypeID
	} else {
		reverse := &AssociationType{Category: "USER_DEFINED", FromObjectTypeID: to.id, ToObjectTypeID: from.id, Name: name, Label: &reverseLabel}
		reverse.TypeID, _ = strconv.Atoi(e.p.nextID())
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

// checkLabelCreate applies the rules of a new label between two object types.
func (p *portal) checkLabelCreate(from, to objectType, in *labelCreate) error {
	if err := checkRequired("PublicAssociationDefinitionCreateRequest", requiredField{"label", in.Label != nil}, requiredField{"name", in.Name != nil}); err != nil {
		return err
	}
	if !from.record || !to.record {
		return badRequest(fmt.Sprintf("Association labels are not supported between %s and %s", from.plural, to.plural))
	}
	name, label := *in.Name, *in.Label
	if err := checkLabelName(name); err != nil {
		return err
	}
	if strings.TrimSpace(label) == "" {
		return badRequest("label cannot be empty")
	}
	reverseLabel := label
	if in.InverseLabel != nil {
		if strings.TrimSpace(*in.InverseLabel) == "" {
			return badRequest("inverseLabel cannot be empty; leave it out for a single label")
		}
		reverseLabel = *in.InverseLabel
	}
	defs := p.customDefinitions(from.id, to.id)
	for _, d := range defs {
		if d.Name == name {
			ae := conflict(fmt.Sprintf("An association label named %s already exists between %s and %s", name, from.plural, to.plural))
			ae.Context = map[string][]string{"name": {name}}
			return ae
		}
	}
	if len(defs) >= maxCustomLabelsPerPair {
		ae := badRequest(fmt.Sprintf("You have reached the limit of %d association labels between %s and %s", maxCustomLabelsPerPair, from.plural, to.plural))
		ae.Category = catAPILimit
		ae.Context = map[string][]string{"limit": {strconv.Itoa(maxCustomLabelsPerPair)}}
		return ae
	}
	if err := p.checkLabelFree(from, to, label); err != nil {
		return err
	}
	return p.checkLabelFree(to, from, reverseLabel)
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
	from, to, err := pathTypePair(r, "from", "to", anyType)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		AssociationTypeID *int32  `json:"associationTypeId"`
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
	t, err := e.p.editableType(from, to, int(*in.AssociationTypeID), "changed")
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
	from, to, err := pathTypePair(r, "from", "to", anyType)
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
	from, to, err := pathTypePair(r, "from", "to", anyType)
	if err != nil {
		return 0, nil, err
	}
	type definition struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	results := []definition{}
	for _, t := range e.p.AssociationTypes[pairKey(from.id, to.id)] {
		results = append(results, definition{ID: strconv.Itoa(t.TypeID), Name: e.p.v3TypeName(from, to, t)})
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

// v3TypeName names an association type as GET /crm/v3/associations/{from}/{to}/types does.
func (p *portal) v3TypeName(from, to objectType, t *AssociationType) string {
	if t.Category != "HUBSPOT_DEFINED" {
		return t.Name
	}
	name := from.singular + "_to_" + to.singular
	if t.Label != nil {
		return name
	}
	for _, x := range p.AssociationTypes[pairKey(from.id, to.id)] {
		if x.Category == "HUBSPOT_DEFINED" && x.Label != nil {
			return name + "_unlabeled"
		}
	}
	return name
}

// associatedIDList is the spec's CollectionResponseAssociatedId, a record read's associations
// of one target type.
type associatedIDList struct {
	Results []associatedID `json:"results"`
}

type associatedID struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// v3Associations lists, per requested target type, the records a record is associated with,
// named as the legacy v3 API names association types. Unknown types are ignored, as the spec
// says.
func (p *portal) v3Associations(t objectType, id string, targets []string) map[string]associatedIDList {
	out := map[string]associatedIDList{}
	for _, name := range targets {
		to, err := resolveObjectType(name, anyType)
		if err != nil {
			continue
		}
		list := associatedIDList{Results: []associatedID{}}
		for _, a := range p.associationsOf(t.id, id, to.id) {
			for _, typ := range a.types {
				list.Results = append(list.Results, associatedID{ID: a.toID, Type: p.v3TypeName(t, to, typ)})
			}
		}
		if len(list.Results) > 0 {
			out[to.plural] = list
		}
	}
	return out
}
