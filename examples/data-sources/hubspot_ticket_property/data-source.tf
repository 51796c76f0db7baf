# HubSpot's own priority property, with its options.
data "hubspot_ticket_property" "priority" {
  name = "hs_ticket_priority"
}

# The option values, e.g. ["LOW", "MEDIUM", "HIGH"], to set a ticket's priority without
# hard-coding them.
output "priority_values" {
  value = [for o in data.hubspot_ticket_property.priority.options : o.value]
}
