# The group's internal name.
terraform import hubspot_ticket_property_group.escalation escalation
