# Every ticket of one pipeline, with the attributes -generate-config-out writes.
list "hubspot_ticket" "escalations" {
  provider         = hubspot
  include_resource = true
  limit            = 1000
  config {
    pipeline_id = "812723471"
  }
}

# A slice of a large portal: the open enterprise tickets of one stage.
list "hubspot_ticket" "enterprise_triage" {
  provider = hubspot
  config {
    stage_id        = "1234912"
    property_values = { support_tier = "enterprise" }
  }
}
