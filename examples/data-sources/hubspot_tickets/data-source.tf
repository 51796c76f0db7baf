# Open high-priority tickets of the default pipeline, newest first.
data "hubspot_tickets" "urgent" {
  filter_groups = [{
    filters = [
      { property = "hs_pipeline", operator = "EQ", value = "0" },
      { property = "hs_pipeline_stage", operator = "IN", values = ["1", "2", "3"] },
      { property = "hs_ticket_priority", operator = "EQ", value = "HIGH" },
    ]
  }]
  sort       = { property = "createdate", direction = "DESCENDING" }
  properties = ["closed_date", "hs_lastmodifieddate"]
  limit      = 50
}

# Tickets that mention a word, or have no owner yet: filter groups are alternatives.
data "hubspot_tickets" "triage" {
  filter_groups = [
    { filters = [{ property = "subject", operator = "CONTAINS_TOKEN", value = "outage" }] },
    { filters = [{ property = "hubspot_owner_id", operator = "NOT_HAS_PROPERTY" }] },
  ]
}

output "urgent_ticket_subjects" {
  value = [for t in data.hubspot_tickets.urgent.tickets : t.subject]
}

output "urgent_ticket_count" {
  # All matches, which can be more than the limit returned.
  value = data.hubspot_tickets.urgent.total
}
