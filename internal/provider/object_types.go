package provider

import (
	"strings"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

const associationObjectTypeDescription = "An object type, by name (singular or plural, e.g. `tickets`, `contact`) or by object type id (e.g. `0-5` for tickets, `0-1` contacts, `0-2` companies, `0-3` deals, `2-…` custom objects)."

// objectTypeKey is the one form in which the provider compares object types, and sends
// them: the object type id for HubSpot's standard types, however they are spelled
// (tickets, ticket, 0-5), and otherwise the value trimmed and in lower case.
func objectTypeKey(objectType string) string {
	if id, ok := hubspot.ObjectTypeID(objectType); ok {
		return id
	}
	return strings.ToLower(strings.TrimSpace(objectType))
}
