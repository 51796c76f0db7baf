# Every custom ticket property, of every data sensitivity level.
list "hubspot_ticket_property" "all" {
  provider         = hubspot
  include_resource = true
}

# The properties of one group, HubSpot's own included.
list "hubspot_ticket_property" "ticket_information" {
  provider = hubspot
  config {
    group_name              = "ticketinformation"
    include_hubspot_defined = true
  }
}
