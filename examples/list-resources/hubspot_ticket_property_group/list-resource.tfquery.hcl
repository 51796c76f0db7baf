# The property groups made in the portal.
list "hubspot_ticket_property_group" "all" {
  provider         = hubspot
  include_resource = true
}
