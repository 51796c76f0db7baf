package emulator

// CRM records (tickets-v3, objects-generic-v3 and the 2026-03 tickets specs): create, read,
// list, update, archive and the batch forms, for tickets, contacts, companies and deals.
//
// Rules enforced (tags as in NOTES.md §0; "choice" where HubSpot documents nothing):
//
//   - Ticket property values are checked against the portal's ticket property definitions
//     [2nd, NOTES §5.1 "Property values were not valid"]: an unknown or archived property
//     (PROPERTY_DOESNT_EXIST), a read-only one (READ_ONLY_VALUE: calculated, readOnlyValue, and
//     the system properties below), an enumeration value that is not an option (INVALID_OPTION;
//     checkbox values are ";"-separated [DOCS]), an owner id that is not an owner
//     (INVALID_OWNER_ID), a number (INVALID_NUMBER), bool (INVALID_BOOLEAN), date (INVALID_DATE:
//     midnight UTC as YYYY-MM-DD or epoch ms [DOCS]) or datetime (INVALID_DATETIME: ISO 8601 or
//     epoch ms [DOCS]) that does not parse, and strings over 65,536 characters
//     (INVALID_STRING_LENGTH [DOCS]). All of a request's problems are reported at once in one
//     400. Choice: the error codes other than PROPERTY_DOESNT_EXIST are the emulator's names.
//   - hs_pipeline_stage is required when a ticket is created (REQUIRED_PROPERTY [2nd]) and must
//     be an active stage of the ticket's pipeline, on create and on update (INVALID_OPTION).
//     hs_pipeline defaults to the default pipeline [DOCS]: choice, the first active pipeline in
//     display order, which is "0" in a new portal. Moving a ticket to another pipeline without a
//     stage of that pipeline is refused.
//   - Two live tickets never hold the same value of a property with hasUniqueValue [DOCS
//     "unique identifier properties"]: a create or update that would give a ticket a value
//     another live ticket holds answers 409 CONFLICT "Ticket already exists with the value ...
//     Existing ID: N" (the form of HubSpot's duplicate-contact answer [2nd]; the wording for
//     custom unique properties is not recorded), context propertyName, propertyValue and
//     existingId; two inputs of one batch sharing a value answer 409 naming both. Values are
//     compared as stored; archived tickets hold none.
//   - idProperty (reads and batch updates) must name an active unique property of tickets; any
//     other, hs_object_id included, answers 400 "Unable to perform <read|update> by non-unique
//     0-5 property X in portal ID N" [2nd, the batch update answer recorded by a HubSpot
//     integration]. For contacts, companies and deals any name is accepted.
//   - Set on create and never writable through the API: createdate, hs_object_id, the
//     last-modified date (lastmodifieddate for contacts, hs_lastmodifieddate otherwise, updated
//     on every change) and, for tickets, hs_ticket_id (the record id) [REC, NOTES §3.2].
//   - Batch create and update are atomic for validation (choice): one invalid input refuses the
//     whole batch with 400 (409 for a unique value), naming the input. Batch read and update
//     report unknown ids together in one OBJECT_NOT_FOUND error with context.ids and answer 207;
//     batch archive ignores unknown ids. Duplicate ids in a batch update answer 400. Every
//     batch takes at most 100 inputs [DOCS, NOTES §3.5]; list limit is 10 by default and
//     refused above 100 [DOCS]. A batch read must carry properties and propertiesWithHistory,
//     which the spec marks required (400 naming the missing ones).
//   - Associations given on create are validated before anything is stored: the type id must
//     exist from the record's object type with the category given (else 400
//     crm.associations.INVALID_ASSOCIATION_TYPE [2nd]), and the target record must exist (else
//     400, choice).
//
// Other choices where HubSpot's behaviour is not documented:
//
//   - Records are stored for contacts, companies, deals and tickets; the other standard object
//     types answer 400 on the record routes (they exist only as association targets). No
//     property definitions exist for contacts, companies and deals: any property name is
//     accepted for them and every value is stored as given.
//   - Dates are stored as YYYY-MM-DD and datetimes as ISO 8601 UTC with milliseconds, the forms
//     HubSpot renders them in; booleans are stored lowercase.
//   - Tickets also get the values HubSpot derives: hs_is_closed from the stage's ticketState,
//     closed_date and time_to_close when the ticket enters a closed stage (cleared when it
//     reopens; a closed_date given in the same request is kept), and hubspot_owner_assigneddate
//     when the owner changes.
//   - An empty string clears a value; a cleared property reads back as null, like one never set.
//   - Reads return the requested properties that are defined (null when unset), or the type's
//     default set when none are requested, plus createdate, the last-modified date and
//     hs_object_id. For contacts, companies and deals every requested name counts as defined.
//     Create and update responses carry every property the record has a value for.
//   - Records are listed in id order; the after cursor is the id of the next page's first record.
//   - DELETE answers 204 for an archived or unknown id as well (archiving is idempotent).
//     Archived records answer 404 on reads unless archived=true is given, and are left out of
//     lists and searches. Archiving a record removes its associations (HubSpot no longer lists
//     them, and the emulator has no restore), so they do not keep a custom label in use.
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
// unique property is id). Archived records are found only when archived is true. verb names
// the operation in the error for a property that is not unique.
func (p *portal) findRecord(t objectType, id, idProperty, verb string, archived bool) (*Object, error) {
	var o *Object
	if idProperty == "" {
		o = p.Objects[t.id][id]
	} else {
		if err := p.checkIDProperty(t, idProperty, verb); err != nil {
			return nil, err
		}
		for _, c := range p.Objects[t.id] {
			if c.Properties[idProperty] == id && c.Archived == archived {
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

// checkIDProperty refuses an idProperty that is not an active unique property of tickets.
func (p *portal) checkIDProperty(t objectType, name, verb string) error {
	if t.id != ticketTypeID {
		return nil
	}
	if d := p.Properties[name]; d != nil && !d.Archived && d.HasUniqueValue {
		return nil
	}
	ae := badRequest(fmt.Sprintf("Unable to perform %s by non-unique %s property %s in portal ID %d", verb, t.id, name, p.PortalID))
	ae.Context = map[string][]string{"idProperty": {name}}
	return ae
}

// liveRecord reports whether a record of type id typeID exists and is not archived.
func (p *portal) liveRecord(typeID, id string) bool {
	o := p.Objects[typeID][id]
	return o != nil && !o.Archived
}

// recordRead resolves a read's object type and its archived parameter.
func recordRead(r *http.Request) (objectType, bool, error) {
	t, err := pathType(r, "objectType", recordTypes)
	if err != nil {
		return t, false, err
	}
	archived, err := queryBool(r, "archived", false)
	return t, archived, err
}

func (e *Emulator) getObject(r *http.Request) (int, any, error) {
	t, archived, err := recordRead(r)
	if err != nil {
		return 0, nil, err
	}
	o, err := e.p.findRecord(t, r.PathValue("objectId"), r.URL.Query().Get("idProperty"), "read", archived)
	if err != nil {
		return 0, nil, err
	}
	out := e.p.render(t, o, requestedProperties(r.URL.Query()["properties"]), false)
	if assoc := requestedProperties(r.URL.Query()["associations"]); len(assoc) > 0 {
		out.Associations = e.p.v3Associations(t, o.ID, assoc)
	}
	return http.StatusOK, out, nil
}

func (e *Emulator) listObjects(r *http.Request) (int, any, error) {
	t, archived, err := recordRead(r)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
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
	props, assoc := requestedProperties(q["properties"]), requestedProperties(q["associations"])
	results := []simpleObject{}
	var next *Object
	for _, o := range e.p.recordsInOrder(t.id, archived) {
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

func (e *Emulator) createObject(r *http.Request) (int, any, error) {
	t, in, err := recordBody[createInput](r, "SimplePublicObjectInputForCreate")
	if err != nil {
		return 0, nil, err
	}
	c, err := e.prepareCreate(t, *in, -1)
	if err != nil {
		return 0, nil, err
	}
	if err := e.p.checkUniqueValues(t, []recordWrite{c.write}); err != nil {
		return 0, nil, err
	}
	out := e.p.render(t, e.commitCreate(t, c), nil, true)
	out.ObjectWriteTraceID = in.ObjectWriteTraceID
	return http.StatusCreated, out, nil
}

func (e *Emulator) updateObject(r *http.Request) (int, any, error) {
	t, err := pathType(r, "objectType", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	o, err := e.p.findRecord(t, r.PathValue("objectId"), r.URL.Query().Get("idProperty"), "update", false)
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
	props, err := e.p.checkProperties(t, in.Properties, o.Properties)
	if err != nil {
		return 0, nil, err
	}
	if err := e.p.checkUniqueValues(t, []recordWrite{{id: o.ID, input: -1, props: afterUpdate(o.Properties, props)}}); err != nil {
		return 0, nil, err
	}
	e.applyUpdate(t, o, props)
	return http.StatusOK, e.p.render(t, o, nil, true), nil
}

func (e *Emulator) archiveObject(r *http.Request) (int, any, error) {
	t, err := pathType(r, "objectType", recordTypes)
	if err != nil {
		return 0, nil, err
	}
	e.archiveRecord(t, r.PathValue("objectId"))
	return http.StatusNoContent, nil, nil
}
