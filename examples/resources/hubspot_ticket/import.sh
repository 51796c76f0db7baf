# The ticket id. Import reads back subject, content, pipeline_id, stage_id, priority, category,
# owner_id and source_type; properties and associations are not imported, so the first plan
# after the import shows the configured ones being added (applying that changes nothing in
# HubSpot when the ticket already has them).
terraform import hubspot_ticket.printer 1234567
