package emulator

var pipelinePrefixes = []string{"/crm/v3/pipelines", "/crm/pipelines/2026-03", "/crm/pipelines/2026-09"}

func (e *Emulator) registerPipelines() {}
