# A single label: it reads "Requester" from the ticket and from the contact.
resource "hubspot_association_label" "requester" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
  name             = "ticket_requester"
  label            = "Requester"
}

# A paired label: "Escalated to" from the ticket, "Escalation contact for" from the company.
resource "hubspot_association_label" "escalation" {
  from_object_type = "tickets"
  to_object_type   = "companies"
  name             = "ticket_escalation"
  label            = "Escalated to"
  inverse_label    = "Escalation contact for"
}

# type_id associates a ticket with a company under this label; inverse_type_id is the same
# label read from the company's side.
output "escalation_type_ids" {
  value = {
    ticket_to_company = hubspot_association_label.escalation.type_id
    company_to_ticket = hubspot_association_label.escalation.inverse_type_id
  }
}
