# The stages added to the default Support Pipeline, to adopt them one by one.
list "hubspot_ticket_pipeline_stage" "support" {
  provider         = hubspot
  include_resource = true
  config {
    pipeline_id = "0"
  }
}
