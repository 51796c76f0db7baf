package hubspot

import (
	"context"
	"time"
)

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

// Ticket is a ticket record. Properties holds the values HubSpot returned; a property without
// a value is absent.
type Ticket struct {
	ID         string
	Properties map[string]string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Archived   bool
}

// TicketInput is a ticket to create: its properties (hs_pipeline_stage is required;
// hs_pipeline defaults to the account's default pipeline) and the records it is associated
// with from the start.
type TicketInput struct {
	Properties   map[string]string
	Associations []AssociationInput
}

func tickets(objs []Object) []Ticket {
	out := make([]Ticket, len(objs))
	for i := range objs {
		out[i] = Ticket(objs[i])
	}
	return out
}

func ticket(o *Object, err error) (*Ticket, error) {
	if err != nil {
		return nil, err
	}
	return (*Ticket)(o), nil
}

// CreateTicket creates a ticket. Concurrent calls share batch create requests of up to 100
// tickets unless the client was configured with NoCoalescing; each caller gets its own ticket
// or its own error. When HubSpot's answer is lost (a transport error or a 5xx), the create is
// not sent again and the error is an *UncertainRecordCreateError saying how to look for the
// ticket.
func (c *Client) CreateTicket(ctx context.Context, in TicketInput) (*Ticket, error) {
	return ticket(c.CreateObject(ctx, TicketObjectType, ObjectInput(in)))
}

// GetTicket reads a ticket with the given properties (HubSpot's default set when properties
// is empty: subject, content, hs_pipeline, hs_pipeline_stage, hs_ticket_category,
// hs_ticket_priority). An archived or unknown ticket is a not-found *Error. Unless the client
// was configured with NoCoalescing, a run that reads many of the account's tickets lists them
// all once and serves the reads from that listing (see recordPrefetcher), and concurrent calls
// are otherwise coalesced into batch reads of up to 100 tickets.
func (c *Client) GetTicket(ctx context.Context, id string, properties []string) (*Ticket, error) {
	return ticket(c.GetObject(ctx, TicketObjectType, id, properties))
}

// UpdateTicket sets property values on a ticket; an empty string clears a value. Concurrent
// calls share batch update requests unless the client was configured with NoCoalescing; a
// ticket HubSpot does not have is a not-found *Error for its caller alone.
func (c *Client) UpdateTicket(ctx context.Context, id string, properties map[string]string) (*Ticket, error) {
	return ticket(c.UpdateObject(ctx, TicketObjectType, id, properties))
}

// ArchiveTicket moves a ticket to the recycle bin. Concurrent calls share batch archive
// requests unless the client was configured with NoCoalescing.
func (c *Client) ArchiveTicket(ctx context.Context, id string) error {
	return c.ArchiveObject(ctx, TicketObjectType, id)
}

// ListTickets returns every ticket, following HubSpot's paging.
func (c *Client) ListTickets(ctx context.Context, opts ListOptions) ([]Ticket, error) {
	objs, err := c.ListObjects(ctx, TicketObjectType, opts)
	return tickets(objs), err
}

// BatchReadTickets reads tickets by id, 100 per request; missing ids are reported by a
// *PartialError returned with the tickets found.
func (c *Client) BatchReadTickets(ctx context.Context, ids, properties []string) ([]Ticket, error) {
	objs, err := c.BatchReadObjects(ctx, TicketObjectType, ids, properties)
	return tickets(objs), err
}

// BatchCreateTickets creates tickets, 100 per request.
func (c *Client) BatchCreateTickets(ctx context.Context, in []TicketInput) ([]Ticket, error) {
	objs := make([]ObjectInput, len(in))
	for i := range in {
		objs[i] = ObjectInput(in[i])
	}
	out, err := c.BatchCreateObjects(ctx, TicketObjectType, objs)
	return tickets(out), err
}

// BatchUpdateTickets updates tickets, 100 per request.
func (c *Client) BatchUpdateTickets(ctx context.Context, in []ObjectUpdate) ([]Ticket, error) {
	out, err := c.BatchUpdateObjects(ctx, TicketObjectType, in)
	return tickets(out), err
}

// BatchArchiveTickets archives tickets, 100 per request.
func (c *Client) BatchArchiveTickets(ctx context.Context, ids []string) error {
	return c.BatchArchiveObjects(ctx, TicketObjectType, ids)
}

// TicketSearchResult is what a ticket search found; Total can exceed the tickets returned.
type TicketSearchResult struct {
	Total   int
	Tickets []Ticket
}

// SearchTickets searches tickets and pages through the results up to r.Limit.
func (c *Client) SearchTickets(ctx context.Context, r SearchRequest) (*TicketSearchResult, error) {
	res, err := c.SearchObjects(ctx, TicketObjectType, r)
	if err != nil {
		return nil, err
	}
	return &TicketSearchResult{Total: res.Total, Tickets: tickets(res.Objects)}, nil
}
