# Everything `terraform query -generate-config-out=portal.tf` adopts: the objects made in the
# portal (HubSpot's own pipeline, stages, properties and groups are left out unless a list
# sets include_hubspot_defined = true), the stages added to the default Support Pipeline, and
# every ticket. Narrow the ticket list with pipeline_id, stage_id or property_values to adopt
# a slice of a large portal.

list "hubspot_ticket_pipeline" "all" {
  provider         = hubspot
  include_resource = true
}

list "hubspot_ticket_pipeline_stage" "default_pipeline" {
  provider         = hubspot
  include_resource = true
  config {
    pipeline_id = "0"
  }
}

list "hubspot_ticket_property_group" "all" {
  provider         = hubspot
  include_resource = true
}

list "hubspot_ticket_property" "all" {
  provider         = hubspot
  include_resource = true
}

list "hubspot_association_label" "contacts" {
  provider         = hubspot
  include_resource = true
  config {
    to_object_type = "contacts"
  }
}

list "hubspot_association_label" "companies" {
  provider         = hubspot
  include_resource = true
  config {
    to_object_type = "companies"
  }
}

list "hubspot_association_label" "tickets" {
  provider         = hubspot
  include_resource = true
  config {
    to_object_type = "tickets"
  }
}

list "hubspot_ticket" "all" {
  provider         = hubspot
  include_resource = true
  limit            = 1000
}
