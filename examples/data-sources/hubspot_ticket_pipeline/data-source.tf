# The default Support Pipeline, by id.
data "hubspot_ticket_pipeline" "support" {
  id = "0"
}

# A pipeline by its label.
data "hubspot_ticket_pipeline" "escalations" {
  label = "Escalations"
}

# Stage ids by label, e.g. for a ticket's hs_pipeline_stage.
output "support_closed_stage_id" {
  value = data.hubspot_ticket_pipeline.support.stage_ids["Closed"]
}

# The stages tickets can be closed in.
output "escalations_closed_stages" {
  value = [for s in data.hubspot_ticket_pipeline.escalations.stages : s.id if s.ticket_state == "CLOSED"]
}
