import {
  to = hubspot_ticket_pipeline.escalations
  identity = {
    id = "812723471"
  }
}
