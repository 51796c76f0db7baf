import {
  to = hubspot_ticket_property_group.escalation
  identity = {
    name = "escalation"
  }
}
