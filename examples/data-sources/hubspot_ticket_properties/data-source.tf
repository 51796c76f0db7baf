# Every ticket property of one group.
data "hubspot_ticket_properties" "ticket_information" {
  group_name = "ticketinformation"
}

# The custom properties among all ticket properties.
data "hubspot_ticket_properties" "all" {}

output "custom_ticket_properties" {
  value = [for p in data.hubspot_ticket_properties.all.properties : p.name if !p.hubspot_defined]
}
