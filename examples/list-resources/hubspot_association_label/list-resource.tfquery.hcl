# The custom labels from tickets to contacts (from_object_type defaults to tickets).
list "hubspot_association_label" "to_contacts" {
  provider         = hubspot
  include_resource = true
  config {
    to_object_type = "contacts"
  }
}

# And those from companies to tickets.
list "hubspot_association_label" "from_companies" {
  provider = hubspot
  config {
    from_object_type = "companies"
    to_object_type   = "tickets"
  }
}
