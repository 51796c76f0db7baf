# An example portal configuration: a support team's ticket setup. `make demo` applies it to
# the built-in HubSpot emulator; point HUBSPOT_BASE_URL and HUBSPOT_ACCESS_TOKEN at a test
# portal to apply it there.
terraform {
  required_providers {
    hubspot = {
      source = "supportops/hubspot"
    }
  }
}

provider "hubspot" {}

# A pipeline for escalated tickets. Stage keys keep each stage (and its tickets) across
# renames and reordering.
resource "hubspot_ticket_pipeline" "escalations" {
  label         = "Escalations"
  display_order = 1

  stages = [
    { key = "triage", label = "Triage", ticket_state = "OPEN" },
    { key = "investigating", label = "Investigating", ticket_state = "OPEN" },
    { key = "waiting_on_customer", label = "Waiting on customer", ticket_state = "OPEN" },
    { key = "resolved", label = "Resolved", ticket_state = "CLOSED" },
  ]
}

# One more stage on the account's default Support Pipeline ("0").
resource "hubspot_ticket_pipeline_stage" "needs_engineering" {
  pipeline_id  = "0"
  label        = "Needs engineering"
  ticket_state = "OPEN"
}

# Custom ticket fields in a group of their own.
resource "hubspot_ticket_property_group" "support" {
  name  = "support_details"
  label = "Support details"
}

resource "hubspot_ticket_property" "support_tier" {
  name        = "support_tier"
  label       = "Support tier"
  description = "The support plan of the customer who opened the ticket"
  type        = "enumeration"
  field_type  = "select"
  group_name  = hubspot_ticket_property_group.support.name

  options = [
    { value = "enterprise", label = "Enterprise" },
    { value = "professional", label = "Professional" },
    { value = "starter", label = "Starter" },
  ]
}

resource "hubspot_ticket_property" "refund_amount" {
  name                = "refund_amount"
  label               = "Refund amount"
  type                = "number"
  field_type          = "number"
  group_name          = hubspot_ticket_property_group.support.name
  number_display_hint = "currency"
}

# A custom association label between tickets, with its inverse.
resource "hubspot_association_label" "follow_up" {
  from_object_type = "tickets"
  to_object_type   = "tickets"
  name             = "follow_up_of"
  label            = "Follow-up of"
  inverse_label    = "Followed up by"
}

# Association type ids by name rather than HubSpot's numbers.
data "hubspot_association_types" "ticket_to_contact" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
}

data "hubspot_owner" "lead" {
  email = "alex.morgan@example.com"
}

# Read after the stage above is added, so its stage list includes it.
data "hubspot_ticket_pipeline" "support" {
  label      = "Support Pipeline"
  depends_on = [hubspot_ticket_pipeline_stage.needs_engineering]
}

# A ticket in the escalation pipeline with custom property values, owned by the team lead.
resource "hubspot_ticket" "outage" {
  subject     = "Checkout is down for EU customers"
  content     = "Payments fail with a timeout since 09:12 UTC."
  pipeline_id = hubspot_ticket_pipeline.escalations.id
  stage_id    = hubspot_ticket_pipeline.escalations.stage_ids["investigating"]
  priority    = "HIGH"
  owner_id    = data.hubspot_owner.lead.id

  # A property created in the same configuration is named through its resource's id, so the
  # plan-time check of the value waits until the property exists.
  properties = {
    (hubspot_ticket_property.support_tier.id)  = "enterprise"
    (hubspot_ticket_property.refund_amount.id) = "120"
  }
}

# Its follow-up in the default pipeline, linked to it with the custom label.
resource "hubspot_ticket" "follow_up" {
  subject     = "Refund EU customers affected by the checkout outage"
  pipeline_id = data.hubspot_ticket_pipeline.support.id
  stage_id    = data.hubspot_ticket_pipeline.support.stage_ids["New"]
  priority    = "MEDIUM"

  associations = [
    {
      object_type = "tickets"
      record_id   = hubspot_ticket.outage.id
      type_id     = hubspot_association_label.follow_up.type_id
      category    = "USER_DEFINED"
    },
  ]
}

output "escalation_pipeline_id" {
  value = hubspot_ticket_pipeline.escalations.id
}

output "escalation_stage_ids" {
  value = hubspot_ticket_pipeline.escalations.stage_ids
}

output "support_pipeline_stage_ids" {
  value = data.hubspot_ticket_pipeline.support.stage_ids
}

output "ticket_ids" {
  value = {
    outage    = hubspot_ticket.outage.id
    follow_up = hubspot_ticket.follow_up.id
  }
}

output "ticket_to_contact_type_id" {
  value = data.hubspot_association_types.ticket_to_contact.default_type_id
}

output "follow_up_label_type_ids" {
  value = {
    follow_up_of   = hubspot_association_label.follow_up.type_id
    followed_up_by = hubspot_association_label.follow_up.inverse_type_id
  }
}
