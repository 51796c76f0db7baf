data "hubspot_ticket_property_groups" "all" {}

# Group names by label, e.g. { "Ticket information" = "ticketinformation" }.
output "ticket_property_groups" {
  value = { for g in data.hubspot_ticket_property_groups.all.groups : g.label => g.name }
}
