package hubspot

// TicketObjectType is the object type name of tickets in API paths; "0-5" is its type id.
const (
	TicketObjectType   = "tickets"
	TicketObjectTypeID = "0-5"
)

// Ticket properties the API treats specially.
const (
	TicketPropSubject  = "subject"
	TicketPropContent  = "content"
	TicketPropPipeline = "hs_pipeline"
	TicketPropStage    = "hs_pipeline_stage"
	TicketPropPriority = "hs_ticket_priority"
	TicketPropCategory = "hs_ticket_category"
	TicketPropOwner    = "hubspot_owner_id"
	TicketPropSource   = "source_type"
)

// Ticket is a ticket record; the record methods take TicketObjectType.
type Ticket = Object

// TicketInput is a ticket to create: hs_pipeline_stage is required, and hs_pipeline defaults
// to the account's default pipeline.
type TicketInput = ObjectInput
