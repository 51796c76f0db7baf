# The pipeline id. Stage keys are derived from the stage labels ("Waiting on us" becomes
# waiting_on_us); write the configuration with those keys before importing.
terraform import hubspot_ticket_pipeline.support 0
