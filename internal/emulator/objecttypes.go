package emulator

import "strings"

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

// lookupObjectType resolves an object type as the API accepts it: by id, singular or plural
// name, case-insensitively.
func lookupObjectType(s string) (objectType, bool) {
	s = strings.ToLower(s)
	for _, t := range objectTypes {
		if s == t.id || s == t.singular || s == t.plural {
			return t, true
		}
	}
	return objectType{}, false
}
