package emulator

// Record associations (associations-v4-records spec, and the per-record routes of the
// 2026-03 objects spec).
//
// Rules enforced: both records exist and are active; every type exists for the pair with the
// category given (400 crm.associations.INVALID_ASSOCIATION_TYPE [2nd]); batch read takes at
// most 1,000 inputs and batch create 2,000 [DOCS] (the other batches 2,000, choice); status
// codes as the spec gives them (PUT labelled 201, PUT default 200, DELETE and archives 204)
// [SPEC].
//
// Choices where HubSpot's behaviour is not documented:
//
//   - A link is stored once, in the direction it was made; the other direction is read
//     through the type's inverse (ticket→contact 16 reads as contact→ticket 15). A type
//     without an inverse is seen only from its own side.
//   - Adding a labeled or custom type between two records also adds the pair's unlabeled
//     HubSpot-defined type, as HubSpot keeps the default association under every label;
//     removing the unlabeled type removes every type between the pair (as the spec says of
//     batch/labels/archive), removing a label leaves the others.
//   - Both records must exist and be active (404 on the per-record routes, a per-input error in
//     batches), and every type must exist for the pair with the category given (400
//     crm.associations.INVALID_ASSOCIATION_TYPE, "X is not a valid association type between
//     A and B"). Links to archived records are kept but not listed.
//   - PUT (labelled) adds the given types to those already there and answers 201 with the
//     labels of every labeled type now between the pair; PUT default answers 200 with the one
//     association made.
//   - Lists are in target id order; toObjectId is a string, as the spec types it. GET pages
//     by 500 at most (the default); batch read pages each input's targets by 500, with the
//     cursor in that result's paging.
//   - Batch read reports an input whose record does not exist (OBJECT_NOT_FOUND) or has no
//     associations of the target type (OBJECT_NOT_FOUND, subCategory
//     crm.associations.NO_ASSOCIATIONS_FOUND), each as a StandardError with
//     context.fromObjectId, and answers 207. Batch read takes 1,000 inputs, batch create
//     2,000, the other batches 2,000; more is 400.
//   - Batch create applies the valid inputs and reports the others (207); batch archive and
//     batch labels/archive answer 204 and ignore pairs that are not associated.

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
)

var (
	recordAssociationPrefixes = []string{"/crm/v4/objects"}
	dateVersionedObjectPrefix = []string{"/crm/objects/2026-03"}
	associationBatchPrefixes  = []string{"/crm/v4/associations"}
)

const (
	maxAssociationPage       = 500
	maxAssociationBatchRead  = 1000
	maxAssociationBatchWrite = 2000
)

func (e *Emulator) registerAssociationRecords() {
	for _, prefixes := range [][]string{recordAssociationPrefixes, dateVersionedObjectPrefix} {
		e.handle("PUT", prefixes, "/{objectType}/{objectId}/associations/default/{toObjectType}/{toObjectId}", rateAssociations, e.putDefaultAssociation)
		e.handle("PUT", prefixes, "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", rateAssociations, e.putLabelledAssociation)
		e.handle("DELETE", prefixes, "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", rateAssociations, e.deleteAssociations)
	}
	e.handle("GET", recordAssociationPrefixes, "/{objectType}/{objectId}/associations/{toObjectType}", rateAssociations, e.listRecordAssociations)
	e.handle("POST", associationBatchPrefixes, "/{from}/{to}/batch/read", rateAssociations, e.batchReadAssociations)
	e.handle("POST", associationBatchPrefixes, "/{from}/{to}/batch/create", rateAssociations, e.batchCreateAssociations)
	e.handle("POST", associationBatchPrefixes, "/{from}/{to}/batch/associate/default", rateAssociations, e.batchDefaultAssociations)
	e.handle("POST", associationBatchPrefixes, "/{from}/{to}/batch/labels/archive", rateAssociations, e.batchArchiveAssociationLabels)
	e.handle("POST", associationBatchPrefixes, "/{from}/{to}/batch/archive", rateAssociations, e.batchArchiveAssociations)
}

// assocTarget is one associated record and the types linking to it, read from one side.
type assocTarget struct {
	toID  string
	types []*AssociationType
}

// associationsOf returns the active records of type toType that record fromID of type
// fromType is associated with, in id order, each with the types read from fromType's side.
func (p *portal) associationsOf(fromType, fromID, toType string) []assocTarget {
	byTarget := map[string][]*AssociationType{}
	for _, l := range p.Associations {
		var toID string
		var t *AssociationType
		switch {
		case l.FromType == fromType && l.FromID == fromID && l.ToType == toType:
			toID, t = l.ToID, p.findType(fromType, toType, l.TypeID)
		case l.ToType == fromType && l.ToID == fromID && l.FromType == toType:
			if st := p.findType(l.FromType, l.ToType, l.TypeID); st != nil {
				toID, t = l.FromID, p.inverseOf(st)
			}
		}
		if t == nil || !p.liveRecord(toType, toID) {
			continue
		}
		dup := false
		for _, x := range byTarget[toID] {
			dup = dup || x == t
		}
		if !dup {
			byTarget[toID] = append(byTarget[toID], t)
		}
	}
	out := make([]assocTarget, 0, len(byTarget))
	for id, types := range byTarget {
		sort.Slice(types, func(i, j int) bool { return types[i].TypeID < types[j].TypeID })
		out = append(out, assocTarget{toID: id, types: types})
	}
	sort.Slice(out, func(i, j int) bool { return idLess(out[i].toID, out[j].toID) })
	return out
}

// linkIndex finds the stored link for a type between two records, stored either way.
func (p *portal) linkIndex(fromType, fromID, toType, toID string, t *AssociationType) int {
	inv := p.inverseOf(t)
	for i, l := range p.Associations {
		if l.FromType == fromType && l.FromID == fromID && l.ToType == toType && l.ToID == toID && l.TypeID == t.TypeID {
			return i
		}
		if inv != nil && l.FromType == toType && l.FromID == toID && l.ToType == fromType && l.ToID == fromID && l.TypeID == inv.TypeID {
			return i
		}
	}
	return -1
}

// defaultTypeOf is the pair's unlabeled HubSpot-defined type, the default association.
func (p *portal) defaultTypeOf(fromType, toType string) *AssociationType {
	for _, t := range p.AssociationTypes[pairKey(fromType, toType)] {
		if t.Category == "HUBSPOT_DEFINED" && t.Label == nil {
			return t
		}
	}
	return nil
}

// addLink associates two records with type t (from fromType's side), with the pair's default
// type under it.
func (p *portal) addLink(fromType, fromID, toType, toID string, t *AssociationType) {
	if def := p.defaultTypeOf(fromType, toType); def != nil && def != t {
		p.addLink(fromType, fromID, toType, toID, def)
	}
	if p.linkIndex(fromType, fromID, toType, toID, t) >= 0 {
		return
	}
	p.Associations = append(p.Associations, &AssociationLink{FromType: fromType, FromID: fromID, ToType: toType, ToID: toID, TypeID: t.TypeID, Category: t.Category})
}

// removeLink removes type t between two records; removing the default type removes them all.
func (p *portal) removeLink(fromType, fromID, toType, toID string, t *AssociationType) {
	if t.Category == "HUBSPOT_DEFINED" && t.Label == nil {
		p.removePair(fromType, fromID, toType, toID)
		return
	}
	if i := p.linkIndex(fromType, fromID, toType, toID, t); i >= 0 {
		p.Associations = append(p.Associations[:i], p.Associations[i+1:]...)
	}
}

// removePair removes every link between two records.
func (p *portal) removePair(fromType, fromID, toType, toID string) {
	kept := p.Associations[:0]
	for _, l := range p.Associations {
		if (l.FromType == fromType && l.FromID == fromID && l.ToType == toType && l.ToID == toID) ||
			(l.FromType == toType && l.FromID == toID && l.ToType == fromType && l.ToID == fromID) {
			continue
		}
		kept = append(kept, l)
	}
	p.Associations = kept
}

// resolveTypes checks association specs for a pair and returns the stored types.
func (p *portal) resolveTypes(from, to objectType, specs []associationSpec) ([]*AssociationType, error) {
	if len(specs) == 0 {
		return nil, badRequest("Invalid input JSON: at least one association type is required")
	}
	var out []*AssociationType
	for _, s := range specs {
		if s.TypeID == nil || s.Category == "" {
			return nil, missingFields("AssociationSpec", "associationCategory", "associationTypeId")
		}
		t := p.findType(from.id, to.id, int(*s.TypeID))
		if t == nil || t.Category != s.Category {
			ae := badRequest(fmt.Sprintf("%d is not a valid association type between %s and %s", int(*s.TypeID), from.plural, to.plural))
			ae.SubCategory = "crm.associations.INVALID_ASSOCIATION_TYPE"
			ae.Context = map[string][]string{"type": {strconv.Itoa(int(*s.TypeID))}, "category": {s.Category}, "fromObjectType": {from.plural}, "toObjectType": {to.plural}}
			return nil, ae
		}
		out = append(out, t)
	}
	return out, nil
}

// recordMissing is the error for a record an association names that does not exist.
func recordMissing(t objectType, id string) *apiError {
	ae := notFound(fmt.Sprintf("%s %s does not exist", t.singular, id))
	ae.Context = map[string][]string{"objectType": {t.plural}, "objectId": {id}}
	return ae
}

// checkBothLive refuses a pair of records unless both exist and are active.
func (p *portal) checkBothLive(from, to objectType, fromID, toID string) error {
	if !p.liveRecord(from.id, fromID) {
		return recordMissing(from, fromID)
	}
	if !p.liveRecord(to.id, toID) {
		return recordMissing(to, toID)
	}
	return nil
}

// labelsBetween is the spec's LabelsBetweenObjectPair for two records.
func (p *portal) labelsBetween(from, to objectType, fromID, toID string) map[string]any {
	labels := []string{}
	for _, a := range p.associationsOf(from.id, fromID, to.id) {
		if a.toID != toID {
			continue
		}
		for _, t := range a.types {
			if t.Label != nil {
				labels = append(labels, *t.Label)
			}
		}
	}
	sort.Strings(labels)
	return map[string]any{"fromObjectTypeId": from.id, "fromObjectId": fromID, "toObjectTypeId": to.id, "toObjectId": toID, "labels": labels}
}

func (e *Emulator) putLabelledAssociation(r *http.Request) (int, any, error) {
	from, to, err := pathTypePair(r, "objectType", "toObjectType", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	fromID, toID := r.PathValue("objectId"), r.PathValue("toObjectId")
	var specs []associationSpec
	if err := decodeBody(r, "AssociationSpec[]", &specs); err != nil {
		return 0, nil, err
	}
	types, err := e.p.resolveTypes(from, to, specs)
	if err != nil {
		return 0, nil, err
	}
	if err := e.p.checkBothLive(from, to, fromID, toID); err != nil {
		return 0, nil, err
	}
	for _, t := range types {
		e.p.addLink(from.id, fromID, to.id, toID, t)
	}
	return http.StatusCreated, e.p.labelsBetween(from, to, fromID, toID), nil
}

func (e *Emulator) putDefaultAssociation(r *http.Request) (int, any, error) {
	started := e.now()
	from, to, err := pathTypePair(r, "objectType", "toObjectType", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	fromID, toID := r.PathValue("objectId"), r.PathValue("toObjectId")
	res, err := e.p.associateDefault(from, to, fromID, toID)
	if err != nil {
		return 0, nil, err
	}
	_, body := batchResponse(started, e.now(), []any{res}, nil)
	return http.StatusOK, body, nil
}

// associateDefault links two records with the pair's default type and returns the spec's
// PublicDefaultAssociation.
func (p *portal) associateDefault(from, to objectType, fromID, toID string) (map[string]any, error) {
	def := p.defaultTypeOf(from.id, to.id)
	if def == nil {
		ae := badRequest(fmt.Sprintf("There is no default association type between %s and %s", from.plural, to.plural))
		ae.SubCategory = "crm.associations.INVALID_ASSOCIATION_TYPE"
		return nil, ae
	}
	if err := p.checkBothLive(from, to, fromID, toID); err != nil {
		return nil, err
	}
	p.addLink(from.id, fromID, to.id, toID, def)
	return map[string]any{
		"from": map[string]string{"id": fromID}, "to": map[string]string{"id": toID},
		"associationSpec": map[string]any{"associationCategory": def.Category, "associationTypeId": def.TypeID},
	}, nil
}

func (e *Emulator) deleteAssociations(r *http.Request) (int, any, error) {
	from, to, err := pathTypePair(r, "objectType", "toObjectType", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	e.p.removePair(from.id, r.PathValue("objectId"), to.id, r.PathValue("toObjectId"))
	return http.StatusNoContent, nil, nil
}

// multiAssociated is the spec's MultiAssociatedObjectWithLabel.
type multiAssociated struct {
	ToObjectID       string                     `json:"toObjectId"`
	AssociationTypes []associationSpecWithLabel `json:"associationTypes"`
}

func renderTargets(targets []assocTarget) []multiAssociated {
	out := make([]multiAssociated, 0, len(targets))
	for _, a := range targets {
		m := multiAssociated{ToObjectID: a.toID}
		for _, t := range a.types {
			m.AssociationTypes = append(m.AssociationTypes, renderAssociationType(t))
		}
		out = append(out, m)
	}
	return out
}

// pageTargets cuts one page from targets at the offset cursor after; next is the following
// page's cursor, or "".
func pageTargets(targets []assocTarget, after string, limit int) (page []assocTarget, next string, err error) {
	offset, err := parseOffset(after, "after")
	if err != nil {
		return nil, "", err
	}
	offset = min(offset, len(targets))
	end := min(offset+limit, len(targets))
	if end < len(targets) {
		next = strconv.Itoa(end)
	}
	return targets[offset:end], next, nil
}

func (e *Emulator) listRecordAssociations(r *http.Request) (int, any, error) {
	from, to, err := pathTypePair(r, "objectType", "toObjectType", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	fromID := r.PathValue("objectId")
	limit, err := queryLimit(r.URL.Query().Get("limit"), maxAssociationPage, maxAssociationPage)
	if err != nil {
		return 0, nil, err
	}
	if !e.p.liveRecord(from.id, fromID) {
		return 0, nil, recordMissing(from, fromID)
	}
	page, next, err := pageTargets(e.p.associationsOf(from.id, fromID, to.id), r.URL.Query().Get("after"), limit)
	if err != nil {
		return 0, nil, err
	}
	body := map[string]any{"results": renderTargets(page)}
	if next != "" {
		body["paging"] = nextPage(r, next)
	}
	return http.StatusOK, body, nil
}

func (e *Emulator) batchReadAssociations(r *http.Request) (int, any, error) {
	started := e.now()
	from, to, err := pathTypePair(r, "from", "to", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	type fetchInput struct {
		ID    flexID `json:"id"`
		After string `json:"after"`
	}
	inputs, err := decodeInputs[fetchInput](r, "BatchInputPublicFetchAssociationsBatchRequest", maxAssociationBatchRead)
	if err != nil {
		return 0, nil, err
	}
	results := []map[string]any{}
	var errs []standardError
	for _, input := range inputs {
		id := string(input.ID)
		ctx := map[string][]string{"fromObjectId": {id}}
		if !e.p.liveRecord(from.id, id) {
			errs = append(errs, newStandardError(notFound(fmt.Sprintf("%s %s does not exist", from.singular, id)), ctx))
			continue
		}
		targets := e.p.associationsOf(from.id, id, to.id)
		if len(targets) == 0 {
			ae := notFound(fmt.Sprintf("No %s is associated with %s %s.", to.singular, from.singular, id))
			ae.SubCategory = "crm.associations.NO_ASSOCIATIONS_FOUND"
			errs = append(errs, newStandardError(ae, ctx))
			continue
		}
		page, next, err := pageTargets(targets, input.After, maxAssociationPage)
		if err != nil {
			return 0, nil, err
		}
		res := map[string]any{"from": map[string]string{"id": id}, "to": renderTargets(page)}
		if next != "" {
			res["paging"] = map[string]any{"next": map[string]string{"after": next}}
		}
		results = append(results, res)
	}
	status, body := batchResponse(started, e.now(), results, errs)
	return status, body, nil
}

type associationBatchInput struct {
	From  *idRef            `json:"from"`
	To    *idRef            `json:"to"`
	Types []associationSpec `json:"types"`
}

// associationBatch resolves a batch route's pair and decodes its body, inputs of
// associationBatchInput under schema.
func associationBatch(r *http.Request, schema string) (from, to objectType, inputs []associationBatchInput, err error) {
	if from, to, err = pathTypePair(r, "from", "to", recordTypes); err != nil {
		return
	}
	inputs, err = decodeInputs[associationBatchInput](r, schema, maxAssociationBatchWrite)
	return from, to, inputs, err
}

func inputError(err error, from, to string) standardError {
	ae, _ := err.(*apiError)
	if ae == nil {
		ae = badRequest(err.Error())
	}
	return newStandardError(ae, map[string][]string{"fromObjectId": {from}, "toObjectId": {to}})
}

// batchPairs runs apply on each from/to input of an association batch and answers the
// results, with the refused inputs as per-input errors. item and fields name the input schema
// and its required fields.
func (e *Emulator) batchPairs(r *http.Request, schema, item string, fields []string,
	apply func(from, to objectType, fromID, toID string, in associationBatchInput) (any, error)) (int, map[string]any, error) {
	started := e.now()
	from, to, inputs, err := associationBatch(r, schema)
	if err != nil {
		return 0, nil, err
	}
	results := []any{}
	var errs []standardError
	for _, input := range inputs {
		if input.From == nil || input.To == nil {
			return 0, nil, missingFields(item, fields...)
		}
		fromID, toID := string(input.From.ID), string(input.To.ID)
		res, err := apply(from, to, fromID, toID, input)
		if err != nil {
			errs = append(errs, inputError(err, fromID, toID))
			continue
		}
		results = append(results, res)
	}
	status, body := batchResponse(started, e.now(), results, errs)
	return status, body, nil
}

func (e *Emulator) batchCreateAssociations(r *http.Request) (int, any, error) {
	status, body, err := e.batchPairs(r, "BatchInputPublicAssociationMultiPost", "PublicAssociationMultiPost", []string{"from", "to", "types"},
		func(from, to objectType, fromID, toID string, in associationBatchInput) (any, error) {
			types, err := e.p.resolveTypes(from, to, in.Types)
			if err == nil {
				err = e.p.checkBothLive(from, to, fromID, toID)
			}
			if err != nil {
				return nil, err
			}
			for _, t := range types {
				e.p.addLink(from.id, fromID, to.id, toID, t)
			}
			return e.p.labelsBetween(from, to, fromID, toID), nil
		})
	if status == http.StatusOK {
		status = http.StatusCreated
	}
	return status, body, err
}

func (e *Emulator) batchDefaultAssociations(r *http.Request) (int, any, error) {
	_, body, err := e.batchPairs(r, "BatchInputPublicDefaultAssociationMultiPost", "PublicDefaultAssociationMultiPost", []string{"from", "to"},
		func(from, to objectType, fromID, toID string, _ associationBatchInput) (any, error) {
			return e.p.associateDefault(from, to, fromID, toID)
		})
	if err != nil {
		return 0, nil, err
	}
	// The spec gives this route one success response, 200, whose body carries the errors.
	return http.StatusOK, body, nil
}

func (e *Emulator) batchArchiveAssociationLabels(r *http.Request) (int, any, error) {
	from, to, inputs, err := associationBatch(r, "BatchInputPublicAssociationMultiPost")
	if err != nil {
		return 0, nil, err
	}
	type removal struct {
		fromID, toID string
		types        []*AssociationType
	}
	var removals []removal
	for _, input := range inputs {
		if input.From == nil || input.To == nil {
			return 0, nil, missingFields("PublicAssociationMultiPost", "from", "to", "types")
		}
		types, err := e.p.resolveTypes(from, to, input.Types)
		if err != nil {
			return 0, nil, err
		}
		removals = append(removals, removal{string(input.From.ID), string(input.To.ID), types})
	}
	for _, rm := range removals {
		for _, t := range rm.types {
			e.p.removeLink(from.id, rm.fromID, to.id, rm.toID, t)
		}
	}
	return http.StatusNoContent, nil, nil
}

func (e *Emulator) batchArchiveAssociations(r *http.Request) (int, any, error) {
	from, to, err := pathTypePair(r, "from", "to", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	type multiArchive struct {
		From *idRef  `json:"from"`
		To   []idRef `json:"to"`
	}
	inputs, err := decodeInputs[multiArchive](r, "BatchInputPublicAssociationMultiArchive", maxAssociationBatchWrite)
	if err != nil {
		return 0, nil, err
	}
	for _, input := range inputs {
		if input.From == nil || input.To == nil {
			return 0, nil, missingFields("PublicAssociationMultiArchive", "from", "to")
		}
	}
	for _, input := range inputs {
		for _, to2 := range input.To {
			e.p.removePair(from.id, string(input.From.ID), to.id, string(to2.ID))
		}
	}
	return http.StatusNoContent, nil, nil
}
