# The pipelines made in the portal, each with all of its stages.
list "hubspot_ticket_pipeline" "all" {
  provider         = hubspot
  include_resource = true
}

# The same, and the default Support Pipeline ("0") too.
list "hubspot_ticket_pipeline" "with_default" {
  provider = hubspot
  config {
    include_hubspot_defined = true
  }
}
