package emulator

import (
	"fmt"
	"net/http"
	"strings"
)

// Object type ids the emulator refers to by name.
const (
	ticketTypeID  = "0-5"
	contactTypeID = "0-1"
)

// objectType is one CRM object type: its id ("0-5") and the names the API accepts for it.
type objectType struct {
	id       string
	singular string
	plural   string
	// record is true for the types whose records the emulator stores; the others exist so that
	// association types can name them.
	record bool
}

// objectTypes are HubSpot's standard object types with their ids, as HubSpot's object type id
// table lists them.
var objectTypes = []objectType{
	{id: "0-1", singular: "contact", plural: "contacts", record: true},
	{id: "0-2", singular: "company", plural: "companies", record: true},
	{id: "0-3", singular: "deal", plural: "deals", record: true},
	{id: "0-5", singular: "ticket", plural: "tickets", record: true},
	{id: "0-18", singular: "communication", plural: "communications"},
	{id: "0-19", singular: "feedback_submission", plural: "feedback_submissions"},
	{id: "0-27", singular: "task", plural: "tasks"},
	{id: "0-46", singular: "note", plural: "notes"},
	{id: "0-47", singular: "meeting", plural: "meetings"},
	{id: "0-48", singular: "call", plural: "calls"},
	{id: "0-49", singular: "email", plural: "emails"},
	{id: "0-53", singular: "invoice", plural: "invoices"},
	{id: "0-69", singular: "subscription", plural: "subscriptions"},
	{id: "0-101", singular: "payment", plural: "payments"},
	{id: "0-116", singular: "postal_mail", plural: "postal_mail"},
	{id: "0-123", singular: "order", plural: "orders"},
	{id: "0-142", singular: "cart", plural: "carts"},
	{id: "0-162", singular: "service", plural: "services"},
	{id: "0-410", singular: "course", plural: "courses"},
	{id: "0-420", singular: "listing", plural: "listings"},
	{id: "0-421", singular: "appointment", plural: "appointments"},
	{id: "0-970", singular: "project", plural: "projects"},
}

// typeScope is the set of object types a route serves.
type typeScope int

const (
	// anyType: every standard type (association labels and types).
	anyType typeScope = iota
	// recordTypes: the types whose records are stored (records, search, record associations).
	recordTypes
	// ticketPipelines: tickets only, refused with 400 otherwise (pipelines).
	ticketPipelines
	// ticketProperties: tickets only, refused with 404 otherwise (properties and groups).
	ticketProperties
)

// resolveObjectType is the one place an object type a client names is normalised: by id,
// singular or plural name, case-insensitively, then checked against the types the route
// serves. Unknown names answer HubSpot's 400 "Unable to infer object type from: X".
func resolveObjectType(name string, scope typeScope) (objectType, error) {
	key := strings.ToLower(name)
	var t objectType
	found := false
	for _, c := range objectTypes {
		if key == c.id || key == c.singular || key == c.plural {
			t, found = c, true
			break
		}
	}
	switch {
	case !found:
		return t, badRequest("Unable to infer object type from: " + name)
	case scope == recordTypes && !t.record:
		return t, badRequest(fmt.Sprintf("Records of object type %s are not emulated; this portal stores contacts, companies, deals and tickets", name))
	case scope == ticketPipelines && t.id != ticketTypeID:
		return t, badRequest(fmt.Sprintf("Pipelines of object type %s are not kept by this portal; use tickets (0-5)", name))
	case scope == ticketProperties && t.id != ticketTypeID:
		return t, notFound(fmt.Sprintf("The emulator holds property definitions for tickets only; %s properties are not emulated", t.plural))
	}
	return t, nil
}

// typeByID returns the type with a stored id (ids the portal itself wrote, so always known).
func typeByID(id string) objectType {
	t, _ := resolveObjectType(id, anyType)
	return t
}

// pathType resolves the object type named by a path segment.
func pathType(r *http.Request, segment string, scope typeScope) (objectType, error) {
	return resolveObjectType(r.PathValue(segment), scope)
}

// pathTypePair resolves the two object types of an association route.
func pathTypePair(r *http.Request, fromSegment, toSegment string, scope typeScope) (from, to objectType, err error) {
	if from, err = pathType(r, fromSegment, scope); err != nil {
		return from, to, err
	}
	to, err = pathType(r, toSegment, scope)
	return from, to, err
}
