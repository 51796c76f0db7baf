# Look an owner up by email address, e.g. to assign tickets without hard-coding owner ids.
data "hubspot_owner" "support_lead" {
  email = "alex.morgan@example.com"
}

# Or by owner id.
data "hubspot_owner" "by_id" {
  id = "20000001"
}

output "support_lead_owner_id" {
  value = data.hubspot_owner.support_lead.id
}
