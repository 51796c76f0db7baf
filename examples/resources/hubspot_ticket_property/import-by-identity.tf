import {
  to = hubspot_ticket_property.support_tier
  identity = {
    name = "support_tier"
  }
}
