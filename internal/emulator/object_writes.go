package emulator

// Record writes: creates with their associations, updates with the values tickets derive,
// archives, and the batch forms of each (the rules are listed in objects.go's header).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// createInput is the spec's SimplePublicObjectInputForCreate (and the batch form's item).
type createInput struct {
	Properties         map[string]json.RawMessage `json:"properties"`
	Associations       []associationInput         `json:"associations"`
	ObjectWriteTraceID string                     `json:"objectWriteTraceId"`
}

// associationInput is the spec's PublicAssociationsForObject.
type associationInput struct {
	To    *idRef            `json:"to"`
	Types []associationSpec `json:"types"`
}

// associationSpec is the spec's AssociationSpec.
type associationSpec struct {
	Category string `json:"associationCategory"`
	TypeID   *int32 `json:"associationTypeId"`
}

// pendingLink is an association to add once the record it starts from has an id.
type pendingLink struct {
	toType, toID string
	t            *AssociationType
}

// preparedCreate is a validated create, not yet stored.
type preparedCreate struct {
	write recordWrite
	links []pendingLink
	trace string
}

// prepareCreate validates a create input without changing anything: the values to store and
// the associations to add. input is its position in a batch, -1 for a single create.
func (e *Emulator) prepareCreate(t objectType, in createInput, input int) (preparedCreate, error) {
	if in.Properties == nil {
		return preparedCreate{}, missingFields("SimplePublicObjectInputForCreate", "properties")
	}
	props, err := e.p.checkProperties(t, in.Properties, nil)
	if err != nil {
		return preparedCreate{}, err
	}
	c := preparedCreate{write: recordWrite{input: input, props: props}, trace: in.ObjectWriteTraceID}
	for _, a := range in.Associations {
		if a.To == nil || a.To.ID == "" || len(a.Types) == 0 {
			return preparedCreate{}, missingFields("PublicAssociationsForObject", "to", "types")
		}
		for _, s := range a.Types {
			if s.TypeID == nil || s.Category == "" {
				return preparedCreate{}, missingFields("AssociationSpec", "associationCategory", "associationTypeId")
			}
			at := e.p.typeFrom(t.id, int(*s.TypeID), s.Category)
			if at == nil {
				return preparedCreate{}, invalidAssociationType(t, int(*s.TypeID), s.Category)
			}
			if !e.p.liveRecord(at.ToObjectTypeID, string(a.To.ID)) {
				to := typeByID(at.ToObjectTypeID)
				ae := badRequest(fmt.Sprintf("No %s with id %s exists to associate with", to.singular, a.To.ID))
				ae.Context = map[string][]string{"toObjectId": {string(a.To.ID)}, "toObjectType": {to.plural}}
				return preparedCreate{}, ae
			}
			c.links = append(c.links, pendingLink{toType: at.ToObjectTypeID, toID: string(a.To.ID), t: at})
		}
	}
	return c, nil
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
func (e *Emulator) commitCreate(t objectType, c preparedCreate) *Object {
	now := e.now().UTC().Truncate(time.Millisecond)
	id := e.p.nextID()
	o := &Object{ID: id, Properties: c.write.props, CreatedAt: now, UpdatedAt: now}
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
	for _, l := range c.links {
		e.p.addLink(t.id, id, l.toType, l.toID, l.t)
	}
	return o
}

// applyUpdate stores validated values: an empty value clears the property.
func (e *Emulator) applyUpdate(t objectType, o *Object, props map[string]string) {
	before := o.Properties
	o.Properties = afterUpdate(o.Properties, props)
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
		if s := findPipelineStage(pl, o.Properties["hs_pipeline_stage"]); s != nil {
			closed = s.Metadata[pipelineMetaTicketState] == "CLOSED"
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
	return []standardError{newStandardError(notFound(fmt.Sprintf(
		"Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", strings.ToUpper(t.singular))),
		map[string][]string{"ids": ids})}
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

func (e *Emulator) batchReadObjects(r *http.Request) (int, any, error) {
	started := e.now()
	t, archived, err := recordRead(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs                []idRef   `json:"inputs"`
		Properties            []string  `json:"properties"`
		PropertiesWithHistory *[]string `json:"propertiesWithHistory"`
		IDProperty            string    `json:"idProperty"`
	}
	if err := decodeBatch(r, "BatchReadInputSimplePublicObjectId", &in, &in.Inputs, maxBatchInputs); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("BatchReadInputSimplePublicObjectId", requiredField{"properties", in.Properties != nil},
		requiredField{"propertiesWithHistory", in.PropertiesWithHistory != nil}); err != nil {
		return 0, nil, err
	}
	if in.IDProperty != "" {
		if err := e.p.checkIDProperty(t, in.IDProperty, "read"); err != nil {
			return 0, nil, err
		}
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
		o, err := e.p.findRecord(t, id, in.IDProperty, "read", archived)
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
	t, inputs, err := recordBatch[createInput](r, "BatchInputSimplePublicObjectBatchInputForCreate")
	if err != nil {
		return 0, nil, err
	}
	all := make([]preparedCreate, len(inputs))
	writes := make([]recordWrite, len(inputs))
	for i, input := range inputs {
		if all[i], err = e.prepareCreate(t, input, i); err != nil {
			return 0, nil, inBatchInput(err, i)
		}
		writes[i] = all[i].write
	}
	if err := e.p.checkUniqueValues(t, writes); err != nil {
		return 0, nil, err
	}
	results := []simpleObject{}
	for _, c := range all {
		out := e.p.render(t, e.commitCreate(t, c), nil, true)
		out.ObjectWriteTraceID = c.trace
		results = append(results, out)
	}
	_, body := batchResponse(started, e.now(), results, nil)
	return http.StatusCreated, body, nil
}

// batchUpdateInput is the spec's SimplePublicObjectBatchInput.
type batchUpdateInput struct {
	ID                 flexID                     `json:"id"`
	IDProperty         string                     `json:"idProperty"`
	Properties         map[string]json.RawMessage `json:"properties"`
	ObjectWriteTraceID string                     `json:"objectWriteTraceId"`
}

func (e *Emulator) batchUpdateObjects(r *http.Request) (int, any, error) {
	started := e.now()
	t, inputs, err := recordBatch[batchUpdateInput](r, "BatchInputSimplePublicObjectBatchInput")
	if err != nil {
		return 0, nil, err
	}
	if err := checkDistinctIDs(inputs); err != nil {
		return 0, nil, err
	}
	type update struct {
		o     *Object
		props map[string]string
		trace string
	}
	var updates []update
	var writes []recordWrite
	var missing []string
	for i, input := range inputs {
		if input.ID == "" || input.Properties == nil {
			return 0, nil, inBatchInput(missingFields("SimplePublicObjectBatchInput", "id", "properties"), i)
		}
		if input.IDProperty != "" {
			if err := e.p.checkIDProperty(t, input.IDProperty, "update"); err != nil {
				return 0, nil, inBatchInput(err, i)
			}
		}
		o, err := e.p.findRecord(t, string(input.ID), input.IDProperty, "update", false)
		if err != nil {
			missing = append(missing, string(input.ID))
			continue
		}
		props, err := e.p.checkProperties(t, input.Properties, o.Properties)
		if err != nil {
			return 0, nil, inBatchInput(err, i)
		}
		updates = append(updates, update{o, props, input.ObjectWriteTraceID})
		writes = append(writes, recordWrite{id: o.ID, input: i, props: afterUpdate(o.Properties, props)})
	}
	if err := e.p.checkUniqueValues(t, writes); err != nil {
		return 0, nil, err
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

// checkDistinctIDs refuses a batch update naming one record twice.
func checkDistinctIDs(inputs []batchUpdateInput) error {
	seen := map[string]bool{}
	var dups []string
	for _, input := range inputs {
		if seen[string(input.ID)] {
			dups = append(dups, string(input.ID))
		}
		seen[string(input.ID)] = true
	}
	if len(dups) > 0 {
		return badRequest(fmt.Sprintf("Duplicate IDs found in batch input: [%s]. IDs must be unique", strings.Join(dups, ", ")))
	}
	return nil
}

func (e *Emulator) batchArchiveObjects(r *http.Request) (int, any, error) {
	t, inputs, err := recordBatch[idRef](r, "BatchInputSimplePublicObjectId")
	if err != nil {
		return 0, nil, err
	}
	for _, input := range inputs {
		e.archiveRecord(t, string(input.ID))
	}
	return http.StatusNoContent, nil, nil
}
