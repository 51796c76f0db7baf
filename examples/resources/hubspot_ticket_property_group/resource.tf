# A section of its own for the escalation fields on ticket records.
resource "hubspot_ticket_property_group" "escalation" {
  name          = "escalation"
  label         = "Escalation"
  display_order = 2
}

# Properties refer to the group through the resource, so that Terraform creates the group
# before them and destroys it after them.
resource "hubspot_ticket_property" "escalation_level" {
  name       = "escalation_level"
  label      = "Escalation level"
  type       = "number"
  field_type = "number"
  group_name = hubspot_ticket_property_group.escalation.name
}
