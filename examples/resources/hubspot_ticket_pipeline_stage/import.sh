# PIPELINE_ID/STAGE_ID
terraform import hubspot_ticket_pipeline_stage.escalated 0/1000123
