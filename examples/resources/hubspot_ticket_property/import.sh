# The property's internal name. HubSpot's own properties (such as hs_ticket_priority) can be
# imported too, to manage their options; remove them from the state with `terraform state rm`
# or a `removed` block, as HubSpot does not let them be deleted.
terraform import hubspot_ticket_property.support_tier support_tier
