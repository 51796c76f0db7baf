# The unlabeled type from tickets to contacts (16): leave label out.
data "hubspot_association_type" "ticket_to_contact" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
}

# A labeled type, found by its label: tickets to their primary company (26).
data "hubspot_association_type" "ticket_to_primary_company" {
  from_object_type = "tickets"
  to_object_type   = "companies"
  label            = "Primary"
}

output "association_type_ids" {
  value = {
    contact         = data.hubspot_association_type.ticket_to_contact.type_id
    primary_company = data.hubspot_association_type.ticket_to_primary_company.type_id
  }
}
