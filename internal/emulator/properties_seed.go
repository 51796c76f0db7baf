package emulator

import "time"

// seededGroups are the ticket property groups a new account has. HubSpot documents only
// ticketinformation; the others are a plausible handful so that lists and group moves have
// more than one group to work with.
var seededGroups = []PropertyGroup{
	{Name: "ticketinformation", Label: "Ticket information", DisplayOrder: 0},
	{Name: "ticket_activity", Label: "Ticket activity", DisplayOrder: 1},
	{Name: "conversationinformation", Label: "Conversation information", DisplayOrder: 2},
	{Name: "sla_information", Label: "SLA information", DisplayOrder: 3},
}

// seededProperty is one HubSpot-defined ticket property. computed marks the ones HubSpot sets
// itself (read-only values); editableOptions the enumerations whose options users may edit.
type seededProperty struct {
	name, label, typ, fieldType, group, description string
	options                                         [][2]string // value, label
	external                                        string      // referencedObjectType of externally stored options
	computed, calculated, editableOptions, unique   bool
	numberHint, dateHint                            string
}

var seededProperties = []seededProperty{
	{name: "subject", label: "Ticket name", typ: "string", fieldType: "text", group: "ticketinformation", description: "Short summary of ticket"},
	{name: "content", label: "Ticket description", typ: "string", fieldType: "textarea", group: "ticketinformation", description: "Text in body of the ticket"},
	{name: "hs_pipeline", label: "Pipeline", typ: "enumeration", fieldType: "select", group: "ticketinformation", description: "The pipeline that contains this ticket", external: "PIPELINE"},
	{name: "hs_pipeline_stage", label: "Ticket status", typ: "enumeration", fieldType: "select", group: "ticketinformation", description: "The pipeline stage that contains this ticket", external: "PIPELINE_STAGE"},
	{name: "hs_ticket_priority", label: "Priority", typ: "enumeration", fieldType: "select", group: "ticketinformation", description: "The level of attention needed on the ticket",
		options: [][2]string{{"LOW", "Low"}, {"MEDIUM", "Medium"}, {"HIGH", "High"}}, editableOptions: true},
	{name: "hs_ticket_category", label: "Category", typ: "enumeration", fieldType: "checkbox", group: "ticketinformation", description: "The main reason customer reached out for help",
		options: [][2]string{{"PRODUCT_ISSUE", "Product issue"}, {"BILLING_ISSUE", "Billing issue"}, {"FEATURE_REQUEST", "Feature request"}, {"GENERAL_INQUIRY", "General inquiry"}}, editableOptions: true},
	{name: "hubspot_owner_id", label: "Ticket owner", typ: "enumeration", fieldType: "select", group: "ticketinformation", description: "User the ticket is assigned to. Assign additional users to a ticket record by creating a custom user property.", external: "OWNER"},
	{name: "source_type", label: "Source", typ: "enumeration", fieldType: "select", group: "ticketinformation", description: "Channel where ticket was originally submitted",
		options: [][2]string{{"CHAT", "Chat"}, {"EMAIL", "Email"}, {"FORM", "Form"}, {"PHONE", "Phone"}}, editableOptions: true},
	{name: "createdate", label: "Create date", typ: "datetime", fieldType: "date", group: "ticketinformation", description: "The date the ticket was created", computed: true, dateHint: "absolute"},
	{name: "hs_lastmodifieddate", label: "Last modified date", typ: "datetime", fieldType: "date", group: "ticketinformation", description: "Most recent timestamp of any property update for this ticket", computed: true, calculated: true, dateHint: "absolute"},
	{name: "hs_object_id", label: "Record ID", typ: "number", fieldType: "number", group: "ticketinformation", description: "The unique ID for this record. This value is set automatically by HubSpot.", computed: true, numberHint: "unformatted"},
	{name: "hs_ticket_id", label: "Ticket ID", typ: "number", fieldType: "number", group: "ticketinformation", description: "The unique ID of the ticket", computed: true, numberHint: "unformatted"},
	{name: "closed_date", label: "Close date", typ: "datetime", fieldType: "date", group: "ticketinformation", description: "The date the ticket was closed", dateHint: "absolute"},
	{name: "hs_is_closed", label: "Is closed", typ: "bool", fieldType: "booleancheckbox", group: "ticketinformation", description: "Whether the ticket is in a closed stage", computed: true, calculated: true},
	{name: "time_to_close", label: "Time to close", typ: "number", fieldType: "number", group: "ticket_activity", description: "Time from ticket creation to close", computed: true, calculated: true, numberHint: "duration"},
	{name: "hubspot_owner_assigneddate", label: "Owner assigned date", typ: "datetime", fieldType: "date", group: "ticket_activity", description: "The most recent timestamp of when an owner was assigned to this ticket", computed: true, dateHint: "absolute"},
	{name: "hs_lastactivitydate", label: "Last activity date", typ: "datetime", fieldType: "date", group: "ticket_activity", description: "The last time a call, chat conversation, LinkedIn message, postal mail, meeting, note, sales email, SMS, task, or WhatsApp message was logged for this ticket", computed: true, dateHint: "absolute_with_relative"},
	{name: "last_reply_date", label: "Last customer reply date", typ: "datetime", fieldType: "date", group: "conversationinformation", description: "The last time a customer replied to this ticket", computed: true, dateHint: "time_since"},
	{name: "first_agent_reply_date", label: "First agent email reply date", typ: "datetime", fieldType: "date", group: "conversationinformation", description: "The date of the first agent reply to this ticket", computed: true, dateHint: "absolute"},
	{name: "hs_time_to_first_response_sla_status", label: "Time to first response SLA status", typ: "enumeration", fieldType: "select", group: "sla_information", description: "Status of the ticket's time to first response SLA", computed: true, calculated: true,
		options: [][2]string{{"ON_TIME", "On time"}, {"DUE_SOON", "Due soon"}, {"OVERDUE", "Overdue"}, {"MET", "Met"}, {"MISSED", "Missed"}}},
}

// seedProperties adds the default ticket property groups and HubSpot-defined ticket properties,
// created at the epoch like the default pipeline.
func seedProperties(p *portal) {
	epoch := time.Unix(0, 0).UTC()
	for i := range seededGroups {
		g := seededGroups[i]
		p.Groups[g.Name] = &g
	}
	for i, s := range seededProperties {
		order := i
		prop := &Property{
			Name: s.name, Label: s.label, Type: s.typ, FieldType: s.fieldType, GroupName: s.group,
			Description: s.description, Options: []Option{}, DisplayOrder: &order,
			Calculated: s.calculated, HubspotDefined: true, HasUniqueValue: s.unique,
			NumberDisplayHint: s.numberHint, DateDisplayHint: s.dateHint,
			DataSensitivity: sensitivityNone,
			ModificationMetadata: &ModificationMetadata{
				Archivable: false, ReadOnlyDefinition: true,
				ReadOnlyValue: s.computed, ReadOnlyOptions: !s.editableOptions,
			},
			CreatedAt: &epoch, UpdatedAt: &epoch,
		}
		if s.external != "" {
			prop.ExternalOptions, prop.ReferencedObjectType = true, s.external
		}
		// Only what a customer types in fits a support form.
		prop.FormField = s.name == "subject" || s.name == "content"
		for j, o := range s.options {
			order := j
			prop.Options = append(prop.Options, Option{Label: o[1], Value: o[0], DisplayOrder: &order})
		}
		p.Properties[prop.Name] = prop
	}
}
