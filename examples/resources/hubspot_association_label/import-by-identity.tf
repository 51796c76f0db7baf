import {
  to = hubspot_association_label.requester
  identity = {
    from_object_type = "tickets"
    to_object_type   = "contacts"
    type_id          = 1000123
  }
}
