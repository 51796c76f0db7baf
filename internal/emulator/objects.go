package emulator

// CRM records (tickets-v3, objects-generic-v3 and the 2026-03 tickets specs): create, read,
// list, update, archive and the batch forms, for tickets, contacts, companies and deals.
//
// Choices where HubSpot's behaviour is not documented:
//
//   - Records are stored for contacts, companies, deals and tickets; the other standard object
//     types answer 400 on the record routes (they exist only as association targets), and
//     unknown names answer 400 "Unable to infer object type from: X".
//   - Ticket property values are checked against the portal's ticket property definitions: an
//     unknown or archived property (PROPERTY_DOESNT_EXIST), a read-only one (READ_ONLY_VALUE),
//     an enumeration value that is not an option (INVALID_OPTION; checkbox values are
//     ";"-separated), an owner id that is not an owner (INVALID_OWNER_ID, for properties that
//     reference owners), a number (INVALID_NUMBER), bool (INVALID_BOOLEAN), date (INVALID_DATE:
//     midnight UTC as YYYY-MM-DD or epoch ms) or datetime (INVALID_DATETIME: ISO 8601 or epoch
//     ms) that does not parse, and strings over 65,536 characters (INVALID_STRING_LENGTH). All
//     of a request's problems are reported at once in HubSpot's "Property values were not
//     valid: [...]" 400. Dates are stored as YYYY-MM-DD and datetimes as ISO 8601 UTC with
//     milliseconds, the forms HubSpot renders them in; booleans are stored lowercase.
//   - No property definitions exist for contacts, companies and deals: any property name is
//     accepted for them and every value is stored as given.
//   - hs_pipeline_stage is required when a ticket is created (REQUIRED_PROPERTY) and must be an
//     active stage of the ticket's pipeline, on create and on update (INVALID_OPTION).
//     hs_pipeline defaults to the default pipeline: the active ticket pipeline with the lowest
//     displayOrder (earliest created on a tie), which is "0" in a new portal. Moving a ticket
//     to another pipeline without a stage of that pipeline is refused.
//   - Set on create and never writable through the API as the portal defines them: createdate,
//     hs_object_id, the last-modified date (lastmodifieddate for contacts, hs_lastmodifieddate
//     otherwise, updated on every change) and, for tickets, hs_ticket_id (the record id).
//   - Tickets also get the values HubSpot derives: hs_is_closed from the stage's ticketState,
//     closed_date and time_to_close when the ticket enters a closed stage (cleared when it
//     reopens; a closed_date given in the same request is kept), and hubspot_owner_assigneddate
//     when the owner changes.
//   - An empty string clears a value; a cleared property reads back as null, like one never set.
//   - Reads return the requested properties that are defined (null when unset), or the type's
//     default set when none are requested, plus createdate, the last-modified date and
//     hs_object_id. For contacts, companies and deals every requested name counts as defined.
//   - Create and update responses carry every property the record has a value for.
//   - Records are listed in id order; the after cursor is the id of the next page's first record.
//     limit is 10 by default and refused above 100.
//   - DELETE answers 204 for an archived or unknown id as well (archiving is idempotent).
//     Archived records answer 404 on reads unless archived=true is given, and are left out of
//     lists and searches. Archiving a record removes its associations (HubSpot no longer lists
//     them, and the emulator has no restore), so they do not keep a custom label in use.
//   - Batch create and update are atomic for validation: one invalid input refuses the whole
//     batch with 400, naming the input. Batch read and update report unknown ids together in one
//     OBJECT_NOT_FOUND error with context.ids and answer 207; batch archive ignores unknown ids.
//     Duplicate ids in a batch update answer 400. Every batch takes at most 100 inputs.
//   - Associations given on create are validated before anything is stored: the type id must
//     exist from the record's object type with the category given (else 400
//     crm.associations.INVALID_ASSOCIATION_TYPE), and the target record must exist (else 400).
//   - The associations query parameter of a read lists associated ids per target type with
//     the legacy v3 type names (as /crm/v3/associations/{from}/{to}/types names them).
//   - batch/upsert and merge are not emulated (404).
//   - An input's objectWriteTraceId (batch create and update inputs; a single create's body when
//     it has one) comes back as objectWriteTraceId on the record written from it, the field the
//     spec's SimplePublicObject has for it; records not written in the request have none.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

var objectPrefixes = []string{"/crm/v3/objects", "/crm/objects/2026-03"}

func (e *Emulator) registerObjects() {
	e.handle("GET", objectPrefixes, "/{objectType}", rateGeneral, e.listObjects)
	e.handle("POST", objectPrefixes, "/{objectType}", rateGeneral, e.createObject)
	e.handle("GET", objectPrefixes, "/{objectType}/{objectId}", rateGeneral, e.getObject)
	e.handle("PATCH", objectPrefixes, "/{objectType}/{objectId}", rateGeneral, e.updateObject)
	e.handle("DELETE", objectPrefixes, "/{objectType}/{objectId}", rateGeneral, e.archiveObject)
	e.handle("POST", objectPrefixes, "/{objectType}/batch/read", rateGeneral, e.batchReadObjects)
	e.handle("POST", objectPrefixes, "/{objectType}/batch/create", rateGeneral, e.batchCreateObjects)
	e.handle("POST", objectPrefixes, "/{objectType}/batch/update", rateGeneral, e.batchUpdateObjects)
	e.handle("POST", objectPrefixes, "/{objectType}/batch/archive", rateGeneral, e.batchArchiveObjects)
	e.handle("POST", objectPrefixes, "/{objectType}/search", rateSearch, e.searchObjects)
}

const (
	ticketTypeID   = "0-5"
	contactTypeID  = "0-1"
	maxBatchInputs = 100
	maxListLimit   = 100
	maxStringValue = 65536
	hubspotTimeFmt = "2006-01-02T15:04:05.000Z"
)

// defaultProperties are the properties reads return when none are requested (for tickets,
// the spec's table; for the others, the properties HubSpot's guides name as the defaults).
var defaultProperties = map[string][]string{
	"0-5": {"content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"},
	"0-1": {"email", "firstname", "lastname"},
	"0-2": {"domain", "name"},
	"0-3": {"amount", "closedate", "dealname", "dealstage", "pipeline"},
}

func lastModifiedProperty(t objectType) string {
	if t.id == contactTypeID {
		return "lastmodifieddate"
	}
	return "hs_lastmodifieddate"
}

// systemProperties are set by the portal and returned with every record.
func systemProperties(t objectType) []string {
	return []string{"createdate", "hs_object_id", lastModifiedProperty(t)}
}

func hubspotTime(t time.Time) string { return t.UTC().Format(hubspotTimeFmt) }

// simpleObject is the spec's SimplePublicObject(WithAssociations).
type simpleObject struct {
	ID           string                      `json:"id"`
	Properties   map[string]*string          `json:"properties"`
	CreatedAt    string                      `json:"createdAt"`
	UpdatedAt    string                      `json:"updatedAt"`
	Archived     bool                        `json:"archived"`
	ArchivedAt   string                      `json:"archivedAt,omitempty"`
	Associations map[string]associatedIDList `json:"associations,omitempty"`
	// ObjectWriteTraceID echoes the trace id of the write input the record came from.
	ObjectWriteTraceID string `json:"objectWriteTraceId,omitempty"`
}

type associatedIDList struct {
	Results []associatedID `json:"results"`
}

type associatedID struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// recordType resolves the {objectType} path segment to a type whose records are stored.
func recordType(name string) (objectType, error) {
	t, ok := lookupObjectType(name)
	if !ok {
		return t, badRequest("Unable to infer object type from: " + name)
	}
	if !t.record {
		return t, badRequest(fmt.Sprintf("Records of object type %s are not emulated; this portal stores contacts, companies, deals and tickets", name))
	}
	return t, nil
}

// requestedProperties reads a properties query parameter, given repeated or comma-separated.
func requestedProperties(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// definedProperty reports whether name is a property of type t that reads can return.
func (p *portal) definedProperty(t objectType, name string) bool {
	if t.id != ticketTypeID {
		return true
	}
	d := p.Properties[name]
	return d != nil && !d.Archived
}

// render returns a record as reads return it: the requested properties (or the type's
// defaults), plus the system properties. With all set, every property with a value.
func (p *portal) render(t objectType, o *Object, requested []string, all bool) simpleObject {
	out := simpleObject{
		ID: o.ID, Properties: map[string]*string{}, Archived: o.Archived,
		CreatedAt: hubspotTime(o.CreatedAt), UpdatedAt: hubspotTime(o.UpdatedAt),
	}
	if o.ArchivedAt != nil {
		out.ArchivedAt = hubspotTime(*o.ArchivedAt)
	}
	if all {
		for k, v := range o.Properties {
			out.Properties[k] = &v
		}
		return out
	}
	names := requested
	if len(names) == 0 {
		names = defaultProperties[t.id]
	}
	for _, n := range append(append([]string{}, names...), systemProperties(t)...) {
		if v, ok := o.Properties[n]; ok {
			out.Properties[n] = &v
		} else if p.definedProperty(t, n) {
			out.Properties[n] = nil
		}
	}
	return out
}

// findRecord returns the record id names (or, with idProperty, the record whose value of that
// property is id). Archived records are found only when archived is true.
func (p *portal) findRecord(t objectType, id, idProperty string, archived bool) (*Object, error) {
	var o *Object
	if idProperty == "" || idProperty == "hs_object_id" {
		o = p.Objects[t.id][id]
	} else {
		for _, c := range p.Objects[t.id] {
			if c.Properties[idProperty] == id {
				o = c
				break
			}
		}
	}
	if o == nil || o.Archived != archived {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil && idProperty == "" {
			return nil, notFound("Object not found.  objectId are usually numeric.")
		}
		return nil, notFound("resource not found")
	}
	return o, nil
}

// liveRecord reports whether a record of type id typeID exists and is not archived.
func (p *portal) liveRecord(typeID, id string) bool {
	o := p.Objects[typeID][id]
	return o != nil && !o.Archived
}

func (e *Emulator) getObject(r *http.Request) (int, any, error) {
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	archived, err := queryBool(r, "archived", false)
	if err != nil {
		return 0, nil, err
	}
	o, err := e.p.findRecord(t, r.PathValue("objectId"), r.URL.Query().Get("idProperty"), archived)
	if err != nil {
		return 0, nil, err
	}
	out := e.p.render(t, o, requestedProperties(r.URL.Query()["properties"]), false)
	if assoc := requestedProperties(r.URL.Query()["associations"]); len(assoc) > 0 {
		out.Associations = e.p.v3Associations(t, o.ID, assoc)
	}
	return http.StatusOK, out, nil
}

// v3Associations lists, per requested target type, the records o is associated with, named
// as the legacy v3 API names association types. Unknown types are ignored, as the spec says.
func (p *portal) v3Associations(t objectType, id string, targets []string) map[string]associatedIDList {
	out := map[string]associatedIDList{}
	for _, name := range targets {
		to, ok := lookupObjectType(name)
		if !ok {
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

func (e *Emulator) listObjects(r *http.Request) (int, any, error) {
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	archived, err := queryBool(r, "archived", false)
	if err != nil {
		return 0, nil, err
	}
	limit, err := queryLimit(q.Get("limit"), 10, maxListLimit)
	if err != nil {
		return 0, nil, err
	}
	var after uint64
	if a := q.Get("after"); a != "" {
		if after, err = strconv.ParseUint(a, 10, 64); err != nil {
			return 0, nil, badRequest(fmt.Sprintf("Invalid paging cursor after=%q", a))
		}
	}
	props := requestedProperties(q["properties"])
	assoc := requestedProperties(q["associations"])
	records := e.p.recordsInOrder(t.id, archived)
	results := []simpleObject{}
	var next *Object
	for _, o := range records {
		if n, _ := strconv.ParseUint(o.ID, 10, 64); n < after {
			continue
		}
		if len(results) == limit {
			next = o
			break
		}
		out := e.p.render(t, o, props, false)
		if len(assoc) > 0 {
			out.Associations = e.p.v3Associations(t, o.ID, assoc)
		}
		results = append(results, out)
	}
	body := map[string]any{"results": results}
	if next != nil {
		body["paging"] = nextPage(r, next.ID)
	}
	return http.StatusOK, body, nil
}

// nextPage is the spec's ForwardPaging for a cursor, with the link HubSpot adds.
func nextPage(r *http.Request, after string) map[string]any {
	u := *r.URL
	q := u.Query()
	q.Set("after", after)
	u.RawQuery = q.Encode()
	return map[string]any{"next": map[string]string{"after": after, "link": "https://api.hubapi.com" + u.RequestURI()}}
}

func queryLimit(v string, def, maxLimit int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badRequest(fmt.Sprintf("limit must be an integer between 1 and %d, got %q", maxLimit, v))
	}
	return n, nil
}

// recordsInOrder returns the records of a type in id order, archived ones or active ones.
func (p *portal) recordsInOrder(typeID string, archived bool) []*Object {
	var out []*Object
	for _, o := range p.Objects[typeID] {
		if o.Archived == archived {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return idLess(out[i].ID, out[j].ID) })
	return out
}

// idLess orders numeric ids numerically.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// createInput is the spec's SimplePublicObjectInputForCreate (and the batch form's item).
type createInput struct {
	Properties         map[string]json.RawMessage `json:"properties"`
	Associations       []associationInput         `json:"associations"`
	ObjectWriteTraceID string                     `json:"objectWriteTraceId"`
}

// associationInput is the spec's PublicAssociationsForObject.
type associationInput struct {
	To *struct {
		ID flexID `json:"id"`
	} `json:"to"`
	Types []associationSpec `json:"types"`
}

// associationSpec is the spec's AssociationSpec.
type associationSpec struct {
	Category string `json:"associationCategory"`
	TypeID   *int   `json:"associationTypeId"`
}

// flexID is a record id sent as a JSON string or, as HubSpot's guides show it, a number.
type flexID string

func (f *flexID) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("an id must be a string or a number, got %s", data)
	}
	*f = flexID(n.String())
	return nil
}

// pendingLink is an association to add once the record it starts from has an id.
type pendingLink struct {
	toType, toID string
	t            *AssociationType
}

func (e *Emulator) createObject(r *http.Request) (int, any, error) {
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	var in createInput
	if err := decodeBody(r, "SimplePublicObjectInputForCreate", &in); err != nil {
		return 0, nil, err
	}
	props, links, err := e.prepareCreate(t, in)
	if err != nil {
		return 0, nil, err
	}
	o := e.commitCreate(t, props, links)
	out := e.p.render(t, o, nil, true)
	out.ObjectWriteTraceID = in.ObjectWriteTraceID
	return http.StatusCreated, out, nil
}

// prepareCreate validates a create input without changing anything: the values to store and
// the associations to add.
func (e *Emulator) prepareCreate(t objectType, in createInput) (map[string]string, []pendingLink, error) {
	if in.Properties == nil {
		return nil, nil, missingFields("SimplePublicObjectInputForCreate", "properties")
	}
	props, err := e.checkProperties(t, in.Properties, nil)
	if err != nil {
		return nil, nil, err
	}
	var links []pendingLink
	for _, a := range in.Associations {
		if a.To == nil || a.To.ID == "" || len(a.Types) == 0 {
			return nil, nil, missingFields("PublicAssociationsForObject", "to", "types")
		}
		for _, s := range a.Types {
			if s.TypeID == nil || s.Category == "" {
				return nil, nil, missingFields("AssociationSpec", "associationCategory", "associationTypeId")
			}
			at := e.p.typeFrom(t.id, *s.TypeID, s.Category)
			if at == nil {
				return nil, nil, invalidAssociationType(t, *s.TypeID, s.Category)
			}
			if !e.p.liveRecord(at.ToObjectTypeID, string(a.To.ID)) {
				to, _ := lookupObjectType(at.ToObjectTypeID)
				ae := badRequest(fmt.Sprintf("No %s with id %s exists to associate with", to.singular, a.To.ID))
				ae.Context = map[string][]string{"toObjectId": {string(a.To.ID)}, "toObjectType": {to.plural}}
				return nil, nil, ae
			}
			links = append(links, pendingLink{toType: at.ToObjectTypeID, toID: string(a.To.ID), t: at})
		}
	}
	return props, links, nil
}

// typeFrom finds an association type from object type from by id and category, whatever
// the target type.
func (p *portal) typeFrom(from string, typeID int, category string) *AssociationType {
	for key, types := range p.AssociationTypes {
		if !strings.HasPrefix(key, from+"/") {
			continue
		}
		for _, at := range types {
			if at.TypeID == typeID && at.Category == category {
				return at
			}
		}
	}
	return nil
}

func invalidAssociationType(from objectType, typeID int, category string) *apiError {
	ae := badRequest(fmt.Sprintf("%d is not a valid association type id of category %s from %s", typeID, category, from.plural))
	ae.SubCategory = "crm.associations.INVALID_ASSOCIATION_TYPE"
	ae.Context = map[string][]string{"associationTypeId": {strconv.Itoa(typeID)}, "associationCategory": {category}, "fromObjectType": {from.plural}}
	return ae
}

// commitCreate stores a validated record and its associations.
func (e *Emulator) commitCreate(t objectType, props map[string]string, links []pendingLink) *Object {
	now := e.now().UTC().Truncate(time.Millisecond)
	id := e.p.nextID()
	o := &Object{ID: id, Properties: props, CreatedAt: now, UpdatedAt: now}
	ts := hubspotTime(now)
	o.Properties["createdate"] = ts
	o.Properties[lastModifiedProperty(t)] = ts
	o.Properties["hs_object_id"] = id
	if t.id == ticketTypeID {
		o.Properties["hs_ticket_id"] = id
		e.p.refreshTicket(o, nil, now)
	}
	if e.p.Objects[t.id] == nil {
		e.p.Objects[t.id] = map[string]*Object{}
	}
	e.p.Objects[t.id][id] = o
	for _, l := range links {
		e.p.addLink(t.id, id, l.toType, l.toID, l.t)
	}
	return o
}

func (e *Emulator) updateObject(r *http.Request) (int, any, error) {
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	o, err := e.p.findRecord(t, r.PathValue("objectId"), r.URL.Query().Get("idProperty"), false)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := decodeBody(r, "SimplePublicObjectInput", &in); err != nil {
		return 0, nil, err
	}
	if in.Properties == nil {
		return 0, nil, missingFields("SimplePublicObjectInput", "properties")
	}
	props, err := e.checkProperties(t, in.Properties, o.Properties)
	if err != nil {
		return 0, nil, err
	}
	e.applyUpdate(t, o, props)
	return http.StatusOK, e.p.render(t, o, nil, true), nil
}

// applyUpdate stores validated values: an empty value clears the property.
func (e *Emulator) applyUpdate(t objectType, o *Object, props map[string]string) {
	before := make(map[string]string, len(o.Properties))
	for k, v := range o.Properties {
		before[k] = v
	}
	for k, v := range props {
		if v == "" {
			delete(o.Properties, k)
		} else {
			o.Properties[k] = v
		}
	}
	now := e.now().UTC().Truncate(time.Millisecond)
	o.UpdatedAt = now
	o.Properties[lastModifiedProperty(t)] = hubspotTime(now)
	if t.id == ticketTypeID {
		e.p.refreshTicket(o, before, now)
	}
}

// refreshTicket sets the ticket properties HubSpot derives from others after a change
// (before is nil on create): hs_is_closed follows the stage's ticketState, closed_date and
// time_to_close are set when the ticket enters a closed stage and cleared when it reopens,
// and hubspot_owner_assigneddate records an owner change.
func (p *portal) refreshTicket(o *Object, before map[string]string, now time.Time) {
	closed := false
	if pl := p.Pipelines[o.Properties["hs_pipeline"]]; pl != nil {
		for _, s := range pl.Stages {
			if s.ID == o.Properties["hs_pipeline_stage"] {
				closed = s.Metadata["ticketState"] == "CLOSED"
			}
		}
	}
	wasClosed := before != nil && before["hs_is_closed"] == "true"
	o.Properties["hs_is_closed"] = strconv.FormatBool(closed)
	switch {
	case closed && !wasClosed:
		// A close date given in the same request wins over the clock.
		given := o.Properties["closed_date"] != "" && (before == nil || o.Properties["closed_date"] != before["closed_date"])
		if !given {
			o.Properties["closed_date"] = hubspotTime(now)
		}
		o.Properties["time_to_close"] = strconv.FormatInt(now.Sub(o.CreatedAt).Milliseconds(), 10)
	case !closed && wasClosed:
		delete(o.Properties, "closed_date")
		delete(o.Properties, "time_to_close")
	}
	if owner := o.Properties["hubspot_owner_id"]; owner != "" && (before == nil || before["hubspot_owner_id"] != owner) {
		o.Properties["hubspot_owner_assigneddate"] = hubspotTime(now)
	}
}

func (e *Emulator) archiveObject(r *http.Request) (int, any, error) {
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	e.archiveRecord(t, r.PathValue("objectId"))
	return http.StatusNoContent, nil, nil
}

func (e *Emulator) archiveRecord(t objectType, id string) {
	o := e.p.Objects[t.id][id]
	if o == nil || o.Archived {
		return
	}
	now := e.now().UTC().Truncate(time.Millisecond)
	o.Archived, o.ArchivedAt, o.UpdatedAt = true, &now, now
	// The emulator cannot restore records, so an archived record's associations are dropped
	// rather than hidden: they no longer hold a label in use.
	kept := e.p.Associations[:0]
	for _, l := range e.p.Associations {
		if !(l.FromType == t.id && l.FromID == id) && !(l.ToType == t.id && l.ToID == id) {
			kept = append(kept, l)
		}
	}
	e.p.Associations = kept
}

// notFoundIDs is a batch's errors for the ids it could not find: none, or one naming them all.
func notFoundIDs(t objectType, ids []string) []standardError {
	if len(ids) == 0 {
		return nil
	}
	return []standardError{{
		Status: "error", Category: catNotFound,
		Message: fmt.Sprintf("Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", strings.ToUpper(t.singular)),
		Context: map[string][]string{"ids": ids}, Errors: []errorDetail{}, Links: map[string]string{},
	}}
}

func (e *Emulator) batchReadObjects(r *http.Request) (int, any, error) {
	started := e.now()
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	archived, err := queryBool(r, "archived", false)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs []struct {
			ID flexID `json:"id"`
		} `json:"inputs"`
		Properties []string `json:"properties"`
		IDProperty string   `json:"idProperty"`
	}
	if err := decodeBatch(r, "BatchReadInputSimplePublicObjectId", &in, &in.Inputs, maxBatchInputs); err != nil {
		return 0, nil, err
	}
	results := []simpleObject{}
	var missing []string
	seen := map[string]bool{}
	for _, input := range in.Inputs {
		id := string(input.ID)
		if seen[id] {
			continue
		}
		seen[id] = true
		o, err := e.p.findRecord(t, id, in.IDProperty, archived)
		if err != nil {
			missing = append(missing, id)
			continue
		}
		results = append(results, e.p.render(t, o, in.Properties, false))
	}
	status, body := batchResponse(started, e.now(), results, notFoundIDs(t, missing))
	return status, body, nil
}

func (e *Emulator) batchCreateObjects(r *http.Request) (int, any, error) {
	started := e.now()
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs []createInput `json:"inputs"`
	}
	if err := decodeBatch(r, "BatchInputSimplePublicObjectBatchInputForCreate", &in, &in.Inputs, maxBatchInputs); err != nil {
		return 0, nil, err
	}
	type prepared struct {
		props map[string]string
		links []pendingLink
		trace string
	}
	all := make([]prepared, len(in.Inputs))
	for i, input := range in.Inputs {
		props, links, err := e.prepareCreate(t, input)
		if err != nil {
			return 0, nil, inBatchInput(err, i)
		}
		all[i] = prepared{props, links, input.ObjectWriteTraceID}
	}
	results := []simpleObject{}
	for _, p := range all {
		out := e.p.render(t, e.commitCreate(t, p.props, p.links), nil, true)
		out.ObjectWriteTraceID = p.trace
		results = append(results, out)
	}
	_, body := batchResponse(started, e.now(), results, nil)
	return http.StatusCreated, body, nil
}

// inBatchInput names the batch input an error came from.
func inBatchInput(err error, i int) error {
	if ae, ok := err.(*apiError); ok {
		c := *ae
		c.Message = fmt.Sprintf("inputs[%d]: %s", i, ae.Message)
		return &c
	}
	return err
}

func (e *Emulator) batchUpdateObjects(r *http.Request) (int, any, error) {
	started := e.now()
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs []struct {
			ID                 flexID                     `json:"id"`
			IDProperty         string                     `json:"idProperty"`
			Properties         map[string]json.RawMessage `json:"properties"`
			ObjectWriteTraceID string                     `json:"objectWriteTraceId"`
		} `json:"inputs"`
	}
	if err := decodeBatch(r, "BatchInputSimplePublicObjectBatchInput", &in, &in.Inputs, maxBatchInputs); err != nil {
		return 0, nil, err
	}
	seen := map[string]bool{}
	var dups []string
	for _, input := range in.Inputs {
		if seen[string(input.ID)] {
			dups = append(dups, string(input.ID))
		}
		seen[string(input.ID)] = true
	}
	if len(dups) > 0 {
		return 0, nil, badRequest(fmt.Sprintf("Duplicate IDs found in batch input: [%s]. IDs must be unique", strings.Join(dups, ", ")))
	}
	type update struct {
		o     *Object
		props map[string]string
		trace string
	}
	var updates []update
	var missing []string
	for i, input := range in.Inputs {
		if input.ID == "" || input.Properties == nil {
			return 0, nil, inBatchInput(missingFields("SimplePublicObjectBatchInput", "id", "properties"), i)
		}
		o, err := e.p.findRecord(t, string(input.ID), input.IDProperty, false)
		if err != nil {
			missing = append(missing, string(input.ID))
			continue
		}
		props, err := e.checkProperties(t, input.Properties, o.Properties)
		if err != nil {
			return 0, nil, inBatchInput(err, i)
		}
		updates = append(updates, update{o, props, input.ObjectWriteTraceID})
	}
	results := []simpleObject{}
	for _, u := range updates {
		e.applyUpdate(t, u.o, u.props)
		out := e.p.render(t, u.o, nil, true)
		out.ObjectWriteTraceID = u.trace
		results = append(results, out)
	}
	status, body := batchResponse(started, e.now(), results, notFoundIDs(t, missing))
	return status, body, nil
}

func (e *Emulator) batchArchiveObjects(r *http.Request) (int, any, error) {
	t, err := recordType(r.PathValue("objectType"))
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs []struct {
			ID flexID `json:"id"`
		} `json:"inputs"`
	}
	if err := decodeBatch(r, "BatchInputSimplePublicObjectId", &in, &in.Inputs, maxBatchInputs); err != nil {
		return 0, nil, err
	}
	for _, input := range in.Inputs {
		e.archiveRecord(t, string(input.ID))
	}
	return http.StatusNoContent, nil, nil
}

// propertyIssue is one entry of HubSpot's "Property values were not valid" list.
type propertyIssue struct {
	IsValid bool   `json:"isValid"`
	Message string `json:"message"`
	Error   string `json:"error"`
	Name    string `json:"name"`
}

func issue(name, code, format string, args ...any) propertyIssue {
	return propertyIssue{Name: name, Error: code, Message: fmt.Sprintf(format, args...)}
}

// rawValue reads a property value: HubSpot takes strings, and numbers and booleans as their
// text; null clears the value, like an empty string.
func rawValue(v json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, true
	}
	var x any
	dec := json.NewDecoder(strings.NewReader(string(v)))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return "", false
	}
	switch x := x.(type) {
	case nil:
		return "", true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// checkProperties validates the values of a create (current is nil) or an update of a record
// of type t and returns them as they are to be stored ("" clears a value on update).
func (e *Emulator) checkProperties(t objectType, raw map[string]json.RawMessage, current map[string]string) (map[string]string, error) {
	values := map[string]string{}
	var issues []propertyIssue
	for _, name := range sortedNames(raw) {
		s, ok := rawValue(raw[name])
		if !ok {
			issues = append(issues, issue(name, "INVALID_VALUE", "%s is not a valid value for property %q: values are strings", raw[name], name))
			continue
		}
		values[name] = s
	}
	if t.id == ticketTypeID {
		for _, name := range sortedNames(values) {
			norm, iss := e.p.checkTicketValue(name, values[name])
			if iss != nil {
				issues = append(issues, *iss)
				continue
			}
			values[name] = norm
		}
		if len(issues) == 0 {
			issues = append(issues, e.p.checkTicketPipeline(values, current)...)
		}
	} else {
		for _, name := range append(systemProperties(t), "hs_ticket_id") {
			if _, ok := values[name]; ok {
				issues = append(issues, issue(name, "READ_ONLY_VALUE", "%q is a read only property; its value cannot be set", name))
			}
		}
	}
	if len(issues) > 0 {
		data, _ := json.Marshal(issues)
		return nil, badRequest("Property values were not valid: " + string(data))
	}
	if current == nil {
		for k, v := range values {
			if v == "" {
				delete(values, k)
			}
		}
	}
	return values, nil
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// checkTicketValue checks one ticket property value against its definition and returns the
// value as it is stored.
func (p *portal) checkTicketValue(name, value string) (string, *propertyIssue) {
	d := p.Properties[name]
	if d == nil || d.Archived {
		iss := issue(name, "PROPERTY_DOESNT_EXIST", "Property %q does not exist", name)
		return "", &iss
	}
	readOnly := d.Calculated || (d.ModificationMetadata != nil && d.ModificationMetadata.ReadOnlyValue)
	for _, sys := range append(systemProperties(objectType{id: ticketTypeID}), "hs_ticket_id") {
		readOnly = readOnly || name == sys
	}
	if readOnly {
		iss := issue(name, "READ_ONLY_VALUE", "%q is a read only property; its value cannot be set", name)
		return "", &iss
	}
	if value == "" || name == "hs_pipeline" || name == "hs_pipeline_stage" {
		// Pipelines and stages are checked together, by checkTicketPipeline.
		return value, nil
	}
	fail := func(code, format string, args ...any) (string, *propertyIssue) {
		iss := issue(name, code, format, args...)
		return "", &iss
	}
	switch d.Type {
	case "enumeration":
		if strings.EqualFold(d.ReferencedObjectType, "OWNER") {
			for _, o := range p.Owners {
				if o.ID == value && !o.Archived {
					return value, nil
				}
			}
			return fail("INVALID_OWNER_ID", "%s is not a valid owner id", value)
		}
		if d.ExternalOptions {
			// Options kept elsewhere that the emulator does not model are not checked.
			return value, nil
		}
		allowed := make([]string, 0, len(d.Options))
		ok := map[string]bool{}
		for _, o := range d.Options {
			allowed = append(allowed, o.Value)
			ok[o.Value] = true
		}
		values := []string{value}
		if d.FieldType == "checkbox" {
			values = strings.Split(value, ";")
		}
		for _, v := range values {
			if !ok[v] {
				return fail("INVALID_OPTION", "%s was not one of the allowed options: [%s]", v, strings.Join(allowed, ", "))
			}
		}
		return value, nil
	case "number":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || f != f || f > 1e300 || f < -1e300 {
			return fail("INVALID_NUMBER", "%s is not a valid number", value)
		}
		return value, nil
	case "bool":
		switch strings.ToLower(value) {
		case "true", "false":
			return strings.ToLower(value), nil
		}
		return fail("INVALID_BOOLEAN", "%s is not a valid boolean: use true or false", value)
	case "date":
		t, ok := parseHubSpotTime(value)
		if !ok || t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			return fail("INVALID_DATE", "%s is not a valid date: use midnight UTC as YYYY-MM-DD or epoch milliseconds", value)
		}
		return t.Format("2006-01-02"), nil
	case "datetime":
		t, ok := parseHubSpotTime(value)
		if !ok {
			return fail("INVALID_DATETIME", "%s is not a valid datetime: use ISO 8601 or epoch milliseconds", value)
		}
		return hubspotTime(t), nil
	}
	if len(value) > maxStringValue {
		return fail("INVALID_STRING_LENGTH", "the value of %q has %d characters; at most %d are allowed", name, len(value), maxStringValue)
	}
	return value, nil
}

// parseHubSpotTime reads a date or datetime as HubSpot accepts them: epoch milliseconds,
// ISO 8601 with a time, or a bare date (midnight UTC).
func parseHubSpotTime(s string) (time.Time, bool) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// checkTicketPipeline checks a ticket's pipeline and stage after a create or update with
// values: the pipeline must be active and the stage an active stage of it. On create the
// pipeline defaults to the default pipeline, and values gets it.
func (p *portal) checkTicketPipeline(values, current map[string]string) []propertyIssue {
	pipelineID, pipelineGiven := values["hs_pipeline"]
	stageID, stageGiven := values["hs_pipeline_stage"]
	creating := current == nil
	var pl *Pipeline
	switch {
	case pipelineGiven && pipelineID == "":
		return []propertyIssue{issue("hs_pipeline", "REQUIRED_PROPERTY", "Property \"hs_pipeline\" cannot be cleared: a ticket is always in a pipeline")}
	case pipelineGiven:
		pl = p.Pipelines[pipelineID]
		if pl == nil || pl.Archived {
			return []propertyIssue{issue("hs_pipeline", "INVALID_OPTION", "%s was not one of the allowed options: [%s]", pipelineID, strings.Join(p.activePipelineIDs(), ", "))}
		}
	case creating:
		pl = p.defaultTicketPipeline()
		if pl == nil {
			return []propertyIssue{issue("hs_pipeline", "REQUIRED_PROPERTY", "The account has no active ticket pipeline")}
		}
		values["hs_pipeline"] = pl.ID
	default:
		if !stageGiven {
			return nil
		}
		pl = p.Pipelines[current["hs_pipeline"]]
	}
	if !stageGiven {
		if creating {
			return []propertyIssue{issue("hs_pipeline_stage", "REQUIRED_PROPERTY", "Property \"hs_pipeline_stage\" is required")}
		}
		// Moving pipelines keeps the stage only when the new pipeline has it.
		stageID = current["hs_pipeline_stage"]
	}
	if stageID == "" {
		return []propertyIssue{issue("hs_pipeline_stage", "REQUIRED_PROPERTY", "Property \"hs_pipeline_stage\" is required")}
	}
	var allowed []string
	if pl != nil {
		for _, s := range pl.Stages {
			if s.Archived {
				continue
			}
			if s.ID == stageID {
				return nil
			}
			allowed = append(allowed, s.ID)
		}
	}
	plID := ""
	if pl != nil {
		plID = pl.ID
	}
	return []propertyIssue{issue("hs_pipeline_stage", "INVALID_OPTION", "%s was not one of the allowed options for pipeline %s: [%s]", stageID, plID, strings.Join(allowed, ", "))}
}

func (p *portal) activePipelineIDs() []string {
	var ids []string
	for id, pl := range p.Pipelines {
		if !pl.Archived {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return idLess(ids[i], ids[j]) })
	return ids
}

// defaultTicketPipeline is the pipeline tickets land in when none is given: the first active
// pipeline in display order.
func (p *portal) defaultTicketPipeline() *Pipeline {
	var best *Pipeline
	for _, pl := range p.Pipelines {
		if pl.Archived {
			continue
		}
		if best == nil || pl.DisplayOrder < best.DisplayOrder ||
			(pl.DisplayOrder == best.DisplayOrder && (pl.CreatedAt.Before(best.CreatedAt) || (pl.CreatedAt.Equal(best.CreatedAt) && idLess(pl.ID, best.ID)))) {
			best = pl
		}
	}
	return best
}
