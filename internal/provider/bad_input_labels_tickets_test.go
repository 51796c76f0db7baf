package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// labelAndTicketBadInputs are the corpus' association labels and tickets.
func labelAndTicketBadInputs() []badInput {
	label := func(resName, from, to, name, text, extra string) string {
		return fmt.Sprintf("resource \"hubspot_association_label\" %q {\n  from_object_type = %q\n  to_object_type   = %q\n  name             = %q\n  label            = %q\n%s}\n",
			resName, from, to, name, text, extra)
	}
	ticket := func(resName, body string) string {
		return fmt.Sprintf("resource \"hubspot_ticket\" %q {\n  subject  = \"Ticket %s\"\n  stage_id = \"1\"\n%s}\n", resName, resName, body)
	}
	orderNumber := func(t *testing.T, c *hubspot.Client) {
		seedProperty(t, c, hubspot.PropertyCreate{Name: "order_number", Type: "string", FieldType: "text", HasUniqueValue: true})
	}
	return []badInput{
		{name: "label name with a hyphen", at: atValidate, config: label("l", "tickets", "contacts", "billing-contact", "Billing contact", ""),
			want: []string{"name must not contain hyphens", "use underscores"}},
		{name: "label name starting with a digit", at: atValidate, config: label("l", "tickets", "contacts", "2nd_contact", "Second contact", ""),
			want: []string{"name must not begin with a digit"}},
		{name: "label empty name", at: atValidate, config: label("l", "tickets", "contacts", "", "Requester", ""),
			want: []string{"name string length must be at least 1"}},
		{name: "label blank label", at: atValidate, config: label("l", "tickets", "contacts", "requester", "", ""),
			want: []string{"label must not be empty or blank"}},
		{name: "label padded inverse label", at: atValidate, config: label("l", "tickets", "contacts", "requester", "Requester", "  inverse_label = \"Requested \"\n"),
			want: []string{"inverse_label must not begin or end with whitespace"}},
		{name: "label inverse equal to label", at: atValidate, config: label("l", "tickets", "contacts", "requester", "Requester", "  inverse_label = \"Requester\"\n"),
			want: []string{"Inverse label equals label", "inverse_label", "must differ from label"}},
		{name: "label without tickets", at: atValidate, config: label("l", "contacts", "companies", "employer", "Employer", ""),
			want: []string{"Association label without tickets", "to_object_type", "Set one of them to tickets"}},
		{name: "label object type with a slash", at: atValidate, config: label("l", "tickets", "contacts/x", "requester", "Requester", ""),
			want: []string{"to_object_type must be an object type name such as tickets"}},
		{name: "two labels with one name for a pair", at: atPlan,
			config: label("a", "tickets", "contacts", "requester", "Requester", "") + label("b", "contacts", "0-5", "requester", "Asked by", ""),
			want:   []string{"Duplicate association label", `The association label name "requester"`, "is also planned by the hubspot_association_label", "HubSpot keeps one custom label of a name"}},
		{name: "eleven labels for a pair in one configuration", at: atPlan, config: manyLabels(label, 11),
			want: []string{"Too many association labels", "name", "at most 10 custom association labels", "the account has 0 and this configuration adds 11"}},
		{name: "labels past the limit with those HubSpot has", at: atPlan, seed: seedLabels(8), config: manyLabels(label, 3),
			want: []string{"Too many association labels", "name", "the account has 8 and this configuration adds 3"}},
		{name: "one more label when HubSpot has 10", at: atPlan, seed: seedLabels(10), config: label("l", "contacts", "tickets", "requester", "Requester", ""),
			want: []string{"Too many association labels", "name", "the account has 10 and this configuration adds 1 (requester)"}},
		{name: "two tickets with one unique value", at: atPlan, seed: orderNumber,
			config: ticket("a", "  properties = { order_number = \"A-1\" }\n") + ticket("b", "  properties = { order_number = \"A-1\" }\n"),
			want:   []string{"Duplicate unique ticket property value", `properties["order_number"]`, "is also planned by the hubspot_ticket with subject", "requires the values of the unique property", "to differ between tickets"}},
		{name: "counted tickets with one unique value", at: atPlan, seed: orderNumber,
			config: "resource \"hubspot_ticket\" \"t\" {\n  count    = 2\n  subject  = \"Ticket ${count.index}\"\n  stage_id = \"1\"\n  properties = { order_number = \"A-1\" }\n}\n",
			want:   []string{"Duplicate unique ticket property value", `The value "A-1" of properties["order_number"]`, "requires the values of the unique property", "to differ between tickets"}},
		{name: "tickets with one value of a unique property the configuration creates", at: atPlan,
			config: "resource \"hubspot_ticket_property\" \"order\" {\n  name = \"order_ref\"\n  label = \"Order\"\n  group_name = \"ticketinformation\"\n  type = \"string\"\n  field_type = \"text\"\n  has_unique_value = true\n}\n" +
				ticket("a", "  properties = { (hubspot_ticket_property.order.name) = \"R-7\" }\n") + ticket("b", "  properties = { (hubspot_ticket_property.order.name) = \"R-7\" }\n"),
			want: []string{"Duplicate unique ticket property value", `The value "R-7"`, "requires the values of the unique property", "to differ between tickets"}},
		{name: "ticket setting an unknown property", at: atPlan, config: ticket("t", "  properties = { no_such_property = \"x\" }\n"),
			want: []string{"Unknown ticket property", `the account has no ticket property named "no_such_property"`}},
		{name: "ticket priority not an option", at: atPlan, config: ticket("t", "  priority = \"SUPER_URGENT\"\n"),
			want: []string{"Invalid ticket property value", `"SUPER_URGENT" is not an option of property hs_ticket_priority`, "Allowed values:"}},
		{name: "ticket stage of no pipeline", at: atPlan, config: strings.Replace(ticket("t", "  pipeline_id = \"0\"\n"), `"1"`, `"999"`, 1),
			want: []string{"Stage not in pipeline", "stage_id", `has no stage with id "999"`, "Its stages are:"}},
		{name: "ticket text value too long", at: atPlan, config: ticket("t", fmt.Sprintf("  content = %q\n", strings.Repeat("x", 65537))),
			want: []string{"Invalid ticket property value", "the value has 65537 characters", "at most 65536"}},
		{name: "ticket number value not a number", at: atPlan,
			seed: func(t *testing.T, c *hubspot.Client) {
				seedProperty(t, c, hubspot.PropertyCreate{Name: "units", Type: "number", FieldType: "number"})
			},
			config: ticket("t", "  properties = { units = \"twelve\" }\n"),
			want:   []string{"Invalid ticket property value", `properties["units"]`, `"twelve" is not a number`}},
		{name: "ticket checkbox value with one unknown choice", at: atPlan,
			seed: func(t *testing.T, c *hubspot.Client) {
				seedProperty(t, c, hubspot.PropertyCreate{Name: "channels", Type: "enumeration", FieldType: "checkbox",
					Options: []hubspot.PropertyOption{{Value: "email", Label: "Email"}, {Value: "chat", Label: "Chat"}}})
			},
			config: ticket("t", "  properties = { channels = \"email;fax\" }\n"),
			want:   []string{"Invalid ticket property value", `properties["channels"]`, `"fax" is not an option of property channels`, "Allowed values: email, chat", `separated by ";"`}},
		{name: "ticket date value with a time", at: atPlan,
			seed: func(t *testing.T, c *hubspot.Client) {
				seedProperty(t, c, hubspot.PropertyCreate{Name: "due", Type: "date", FieldType: "date"})
			},
			config: ticket("t", "  properties = { due = \"2026-03-02T09:30:00Z\" }\n"),
			want:   []string{"Invalid ticket property value", `properties["due"]`, "is not a date", "YYYY-MM-DD"}},
	}
}

// manyLabels renders n labels between tickets and contacts, with distinct names and labels.
func manyLabels(label func(resName, from, to, name, text, extra string) string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(label(fmt.Sprintf("l%d", i), "tickets", "contacts", fmt.Sprintf("planned_%d", i), fmt.Sprintf("Planned %d", i), ""))
	}
	return b.String()
}
