data "hubspot_ticket_pipelines" "all" {}

# Pipeline ids by label.
output "pipeline_ids" {
  value = data.hubspot_ticket_pipelines.all.pipeline_ids
}

# Every stage of every pipeline, as "pipeline / stage" => stage id.
output "all_stage_ids" {
  value = merge([
    for p in data.hubspot_ticket_pipelines.all.pipelines : {
      for s in p.stages : "${p.label} / ${s.label}" => s.id
    }
  ]...)
}
