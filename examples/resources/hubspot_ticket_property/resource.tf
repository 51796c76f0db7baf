resource "hubspot_ticket_property_group" "support" {
  name  = "support_details"
  label = "Support details"
}

# A dropdown. Options are listed in display order and identified by value: tickets store the
# value, so options can be reordered, relabelled, hidden, added or removed without changing
# what any ticket holds.
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
    { value = "legacy", label = "Legacy plan", hidden = true },
  ]
}

# A multi-select (checkbox) enumeration.
resource "hubspot_ticket_property" "affected_products" {
  name       = "affected_products"
  label      = "Affected products"
  type       = "enumeration"
  field_type = "checkbox"
  group_name = hubspot_ticket_property_group.support.name

  options = [
    { value = "web", label = "Web app", description = "app.example.com" },
    { value = "mobile", label = "Mobile apps" },
    { value = "api", label = "Public API" },
  ]
}

# A unique, single-line text property. has_unique_value cannot change on an existing property.
resource "hubspot_ticket_property" "external_reference" {
  name             = "external_reference"
  label            = "External reference"
  type             = "string"
  field_type       = "text"
  group_name       = hubspot_ticket_property_group.support.name
  has_unique_value = true
}

# A number shown as money.
resource "hubspot_ticket_property" "refund_amount" {
  name                 = "refund_amount"
  label                = "Refund amount"
  type                 = "number"
  field_type           = "number"
  group_name           = hubspot_ticket_property_group.support.name
  number_display_hint  = "currency"
  show_currency_symbol = true
}

# A property that picks a HubSpot user: its options are the account's owners.
resource "hubspot_ticket_property" "reviewer" {
  name                   = "reviewer"
  label                  = "Reviewer"
  type                   = "enumeration"
  field_type             = "select"
  group_name             = hubspot_ticket_property_group.support.name
  external_options       = true
  referenced_object_type = "OWNER"
}

# A calculated property.
resource "hubspot_ticket_property" "refund_with_tax" {
  name                = "refund_with_tax"
  label               = "Refund with tax"
  type                = "number"
  field_type          = "calculation_equation"
  group_name          = hubspot_ticket_property_group.support.name
  calculation_formula = "refund_amount * 1.2"
}
