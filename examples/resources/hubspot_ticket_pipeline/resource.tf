# A pipeline for escalated tickets. Each stage has a key you choose: it keeps the stage (and
# its tickets) across renames and reordering, so change labels and the list order freely, but
# keep the keys.
resource "hubspot_ticket_pipeline" "escalations" {
  label         = "Escalations"
  display_order = 1

  stages = [
    { key = "triage", label = "Triage", ticket_state = "OPEN" },
    { key = "investigating", label = "Investigating", ticket_state = "OPEN" },
    { key = "waiting_on_customer", label = "Waiting on customer", ticket_state = "OPEN" },
    { key = "resolved", label = "Resolved", ticket_state = "CLOSED" },
  ]
}

# Stage ids by key, for example to create tickets in a given stage.
output "triage_stage_id" {
  value = hubspot_ticket_pipeline.escalations.stage_ids["triage"]
}

# The account's default Support Pipeline, brought under management with an import block. The
# keys are the ones an import derives from the labels, so the first plan is empty. This
# pipeline cannot be destroyed; to let it go, replace the resource block with a removed block
# with lifecycle { destroy = false }.
import {
  to = hubspot_ticket_pipeline.support
  id = "0"
}

resource "hubspot_ticket_pipeline" "support" {
  label = "Support Pipeline"

  stages = [
    { key = "new", label = "New", ticket_state = "OPEN" },
    { key = "waiting_on_contact", label = "Waiting on contact", ticket_state = "OPEN" },
    { key = "waiting_on_us", label = "Waiting on us", ticket_state = "OPEN" },
    { key = "closed", label = "Closed", ticket_state = "CLOSED" },
  ]
}
