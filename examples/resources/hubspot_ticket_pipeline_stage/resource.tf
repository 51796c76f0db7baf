# An extra stage on the default Support Pipeline, which no hubspot_ticket_pipeline in this
# configuration manages.
resource "hubspot_ticket_pipeline_stage" "escalated" {
  pipeline_id  = "0"
  label        = "Escalated to engineering"
  ticket_state = "OPEN"
}
