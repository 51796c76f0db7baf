# Every association type from tickets to companies: HubSpot's unlabeled type (339), its
# "Primary" type (26) and any custom labels.
data "hubspot_association_types" "ticket_to_company" {
  from_object_type = "tickets"
  to_object_type   = "companies"
}

output "ticket_to_company_default" {
  value = data.hubspot_association_types.ticket_to_company.default_type_id # 339
}

output "ticket_to_primary_company" {
  value = data.hubspot_association_types.ticket_to_company.type_ids["Primary"] # 26
}

# Types have a direction: contacts to tickets is 15, tickets to contacts 16.
data "hubspot_association_types" "contact_to_ticket" {
  from_object_type = "contacts"
  to_object_type   = "tickets"
}

output "contact_to_ticket_types" {
  value = {
    for t in data.hubspot_association_types.contact_to_ticket.types :
    coalesce(t.label, "(unlabeled)") => t.type_id
  }
}
