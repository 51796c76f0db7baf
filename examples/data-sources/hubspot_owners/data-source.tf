# Every active owner: people and queues.
data "hubspot_owners" "all" {}

output "owner_ids_by_email" {
  value = {
    for o in data.hubspot_owners.all.owners : o.email => o.id if o.email != null
  }
}

output "queues" {
  value = [for o in data.hubspot_owners.all.owners : o.id if o.type == "QUEUE"]
}
