import {
  to = hubspot_ticket_pipeline_stage.escalated
  identity = {
    pipeline_id = "0"
    id          = "1000123"
  }
}
