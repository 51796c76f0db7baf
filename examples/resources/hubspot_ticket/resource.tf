variable "reporter_contact_id" {
  description = "The HubSpot id of the contact who reported the problem."
  type        = string
}

variable "customer_company_id" {
  description = "The HubSpot id of the customer's company."
  type        = string
}

data "hubspot_owner" "support_lead" {
  email = "alex.morgan@example.com"
}

# A ticket in the default Support Pipeline (stage "1" is New), assigned to an owner and
# associated with the contact who reported it and, as its primary company, the customer.
resource "hubspot_ticket" "printer" {
  subject     = "Printer on fire"
  content     = "The office printer in room 4 is emitting smoke."
  stage_id    = "1"
  priority    = "HIGH"
  category    = "PRODUCT_ISSUE"
  source_type = "EMAIL"
  owner_id    = data.hubspot_owner.support_lead.id

  associations = [
    # 16: HubSpot's ticket-to-contact type.
    { object_type = "contacts", record_id = var.reporter_contact_id, type_id = 16 },
    # 26: the Primary company label (HubSpot adds the unlabeled company type, 339, under it).
    { object_type = "companies", record_id = var.customer_company_id, type_id = 26 },
  ]
}

# A ticket in a pipeline of its own, with a custom property and a custom association label.
resource "hubspot_ticket_pipeline" "escalations" {
  label = "Escalations"
  stages = [
    { key = "triage", label = "Triage", ticket_state = "OPEN" },
    { key = "fixing", label = "Fixing", ticket_state = "OPEN" },
    { key = "done", label = "Done", ticket_state = "CLOSED" },
  ]
}

resource "hubspot_ticket_property" "severity" {
  name       = "severity"
  label      = "Severity"
  type       = "enumeration"
  field_type = "select"
  group_name = "ticketinformation"
  options = [
    { value = "sev1", label = "SEV 1" },
    { value = "sev2", label = "SEV 2" },
  ]
}

resource "hubspot_association_label" "requester" {
  from_object_type = "tickets"
  to_object_type   = "contacts"
  name             = "ticket_requester"
  label            = "Requester"
}

resource "hubspot_ticket" "outage" {
  subject = "Checkout is down"

  # Moving the ticket to another stage, or another pipeline, is an update in place.
  pipeline_id = hubspot_ticket_pipeline.escalations.id
  stage_id    = hubspot_ticket_pipeline.escalations.stage_ids["triage"]

  # Other properties by internal name. Naming a property created in the same configuration
  # through its resource's id lets the plan-time check wait until the property exists.
  properties = {
    (hubspot_ticket_property.severity.id) = "sev1"
  }

  associations = [
    { object_type = "contacts", record_id = var.reporter_contact_id, type_id = hubspot_association_label.requester.type_id, category = "USER_DEFINED" },
  ]
}
