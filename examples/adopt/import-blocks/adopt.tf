data "hubspot_ticket_pipelines" "all" {}

data "hubspot_ticket_property_groups" "all" {}

data "hubspot_ticket_properties" "all" {}

# Search returns at most 10,000 tickets; add filter_groups to adopt a slice of a larger portal.
data "hubspot_tickets" "all" {
  limit = 10000
}

locals {
  # The objects made in the portal. HubSpot's own are left out: the Support Pipeline ("0") and
  # the stages it came with ("1" to "4"), HubSpot's properties and the groups that hold them.
  pipelines = { for p in data.hubspot_ticket_pipelines.all.pipelines : p.id => p if p.id != "0" }
  default_stages = {
    for s in one([for p in data.hubspot_ticket_pipelines.all.pipelines : p.stages if p.id == "0"]) :
    s.id => s if !contains(["1", "2", "3", "4"], s.id)
  }
  hubspot_groups = toset([for p in data.hubspot_ticket_properties.all.properties : p.group_name if p.hubspot_defined])
  groups         = { for g in data.hubspot_ticket_property_groups.all.groups : g.name => g if !contains(local.hubspot_groups, g.name) }
  properties     = { for p in data.hubspot_ticket_properties.all.properties : p.name => p if !p.hubspot_defined }
  tickets        = { for t in data.hubspot_tickets.all.tickets : t.id => t }
}

import {
  for_each = local.pipelines
  to       = hubspot_ticket_pipeline.this[each.key]
  id       = each.key
}

resource "hubspot_ticket_pipeline" "this" {
  for_each      = local.pipelines
  label         = each.value.label
  display_order = each.value.display_order
  # The keys an import derives from the labels (two stages whose labels give the same key
  # need the second one's id appended; see the resource's docs).
  stages = [for s in each.value.stages : {
    key          = trim(replace(lower(s.label), "/[^a-z0-9]+/", "_"), "_")
    label        = s.label
    ticket_state = s.ticket_state
  }]
}

import {
  for_each = local.default_stages
  to       = hubspot_ticket_pipeline_stage.this[each.key]
  id       = "0/${each.key}"
}

resource "hubspot_ticket_pipeline_stage" "this" {
  for_each      = local.default_stages
  pipeline_id   = "0"
  label         = each.value.label
  ticket_state  = each.value.ticket_state
  display_order = each.value.display_order
}

import {
  for_each = local.groups
  to       = hubspot_ticket_property_group.this[each.key]
  id       = each.key
}

resource "hubspot_ticket_property_group" "this" {
  for_each      = local.groups
  name          = each.key
  label         = each.value.label
  display_order = each.value.display_order
}

import {
  for_each = local.properties
  to       = hubspot_ticket_property.this[each.key]
  id       = each.key
}

resource "hubspot_ticket_property" "this" {
  for_each               = local.properties
  name                   = each.key
  label                  = each.value.label
  type                   = each.value.type
  field_type             = each.value.field_type
  group_name             = each.value.group_name
  description            = each.value.description
  display_order          = each.value.display_order
  hidden                 = each.value.hidden
  form_field             = each.value.form_field
  has_unique_value       = each.value.has_unique_value
  data_sensitivity       = each.value.data_sensitivity
  external_options       = each.value.external_options
  referenced_object_type = each.value.referenced_object_type
  calculation_formula    = each.value.calculation_formula
  currency_property_name = each.value.currency_property_name
  number_display_hint    = each.value.number_display_hint
  text_display_hint      = each.value.text_display_hint
  # HubSpot reports false for a number property that never set the symbol, as if unset.
  show_currency_symbol = each.value.show_currency_symbol == true ? true : null
  options = each.value.type == "enumeration" && !each.value.external_options ? [
    for o in each.value.options : { value = o.value, label = o.label, description = o.description, hidden = o.hidden }
  ] : null
}

import {
  for_each = local.tickets
  to       = hubspot_ticket.this[each.key]
  id       = each.key
}

# The ticket's named attributes, as an import reads them; add `properties` and `associations`
# afterwards for the ones to manage.
resource "hubspot_ticket" "this" {
  for_each    = local.tickets
  subject     = each.value.subject
  content     = each.value.content
  pipeline_id = each.value.pipeline_id
  stage_id    = each.value.stage_id
  priority    = each.value.priority
  category    = each.value.category
  owner_id    = each.value.owner_id
  source_type = each.value.source_type
}
