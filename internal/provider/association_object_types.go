package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// associationObjectTypeValidators check an object type argument before it becomes a path
// segment: a name such as tickets or an id such as 0-5 or 2-123456 never holds a slash or a
// space. Whether HubSpot knows the type is for HubSpot to say.
func associationObjectTypeValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.RegexMatches(regexp.MustCompile(`^[^/\s?#%]+$`),
			"must be an object type name such as tickets, contacts or companies, or an object type id such as 0-5, without slashes or spaces"),
	}
}

const associationObjectTypeDescription = "An object type, by name (singular or plural, e.g. `tickets`, `contact`) or by object type id (e.g. `0-5` for tickets, `0-1` contacts, `0-2` companies, `0-3` deals, `2-…` custom objects)."
