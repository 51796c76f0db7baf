import {
  to = hubspot_ticket_pipeline.support
  identity = {
    id = "0"
  }
}
