package provider

import (
	"fmt"
	"strings"
)

// pipelineBadInputs are the corpus' pipelines and stages.
func pipelineBadInputs() []badInput {
	pipeline := func(label, stages, extra string) string {
		return fmt.Sprintf("resource \"hubspot_ticket_pipeline\" \"p\" {\n  label = %q\n%s  stages = [\n%s  ]\n}\n", label, extra, stages)
	}
	stage := func(key, label, state string) string {
		return fmt.Sprintf("    { key = %q, label = %q, ticket_state = %q },\n", key, label, state)
	}
	standalone := func(name, pipelineID, label, extra string) string {
		return fmt.Sprintf("resource \"hubspot_ticket_pipeline_stage\" %q {\n  pipeline_id  = %q\n  label        = %q\n  ticket_state = \"OPEN\"\n%s}\n", name, pipelineID, label, extra)
	}
	open := stage("open", "Open", "OPEN")
	// The default pipeline's stages as HubSpot seeds them, for a configuration that adopts it.
	defaults := stage("new", "New", "OPEN") + stage("waiting_on_contact", "Waiting on contact", "OPEN") +
		stage("waiting_on_us", "Waiting on us", "OPEN") + stage("closed", "Closed", "CLOSED")
	return []badInput{
		{name: "pipeline blank label", at: atValidate, config: pipeline(" ", open, ""),
			want: []string{"label must not be empty or blank"}},
		{name: "pipeline label with padding", at: atValidate, config: pipeline("Support ", open, ""),
			want: []string{"label must not begin or end with whitespace"}},
		{name: "pipeline without stages", at: atValidate, config: pipeline("Support", "", ""),
			want: []string{"stages list must contain at least 1 elements and at most 100"}},
		{name: "pipeline with 101 stages", at: atValidate, config: pipeline("Support", stagesBlock(101), ""),
			want: []string{"stages list must contain at least 1 elements and at most 100", "got: 101"}},
		{name: "pipeline stage keys repeated", at: atValidate, config: pipeline("Support", open+stage("open", "Closed", "CLOSED"), ""),
			want: []string{"Duplicate stage key", "stages[0] and stages[1] both have key", "Each stage needs its own key"}},
		{name: "pipeline stage labels repeated ignoring case", at: atValidate, config: pipeline("Support", open+stage("open2", "OPEN", "OPEN"), ""),
			want: []string{"Duplicate stage label", "stages[0] and stages[1] both have label", "unique within its pipeline"}},
		{name: "pipeline stage key with spaces", at: atValidate, config: pipeline("Support", stage("in progress", "In progress", "OPEN"), ""),
			want: []string{"stages[0].key", "must contain only letters, digits, underscores"}},
		{name: "pipeline stage key too long", at: atValidate, config: pipeline("Support", stage(strings.Repeat("k", 101), "Long", "OPEN"), ""),
			want: []string{"stages[0].key string length must be between 1 and 100"}},
		{name: "pipeline stage ticket_state lowercase", at: atValidate, config: pipeline("Support", stage("open", "Open", "open"), ""),
			want: []string{`stages[0].ticket_state value must be one of`, `"OPEN"`, `"CLOSED"`}},
		{name: "pipeline stage blank label", at: atValidate, config: pipeline("Support", stage("open", "", "OPEN"), ""),
			want: []string{"stages[0].label must not be empty or blank"}},
		{name: "pipeline display_order beyond int32", at: atValidate, config: pipeline("Support", open, "  display_order = 2147483648\n"),
			want: []string{"display_order value must be between -2147483648 and 2147483647"}},
		{name: "two pipelines with one label", at: atPlan,
			config: pipeline("Escalations", open, "") + strings.Replace(pipeline("escalations", open, ""), `"p"`, `"q"`, 1),
			want:   []string{"Duplicate ticket pipeline", `label "`, "is also planned by the hubspot_ticket_pipeline with label", "unique (ignoring case)"}},
		{name: "counted pipelines with one label", at: atPlan,
			config: strings.Replace(pipeline("Escalations", open, ""), "  label", "  count = 2\n  label", 1),
			want:   []string{"Duplicate ticket pipeline", `The pipeline label "Escalations"`, "is also planned by the hubspot_ticket_pipeline", "unique (ignoring case)"}},
		{name: "pipeline stage label also in a stage resource", at: atPlan,
			config: "import {\n  to = hubspot_ticket_pipeline.p\n  id = \"0\"\n}\n" + pipeline("Support Pipeline", defaults+stage("escalated", "Escalated", "OPEN"), "") +
				standalone("s", "0", "escalated", ""),
			want: []string{"Duplicate pipeline stage", "label", "is also planned by", "unique within its pipeline"}},
		{name: "two stage resources with one label", at: atPlan,
			config: standalone("a", "0", "Triage", "") + standalone("b", "0", "TRIAGE", ""),
			want:   []string{"Duplicate pipeline stage", "in pipeline 0 is also planned by the hubspot_ticket_pipeline_stage", "unique within its pipeline"}},
		{name: "stage resource blank label", at: atValidate, config: standalone("s", "0", "  ", ""),
			want: []string{"label must not be empty or blank"}},
		{name: "stage resource padded label", at: atValidate, config: standalone("s", "0", " Triage", ""),
			want: []string{"label must not begin or end with whitespace"}},
		{name: "stage resource ticket_state unknown", at: atValidate,
			config: strings.Replace(standalone("s", "0", "Triage", ""), `"OPEN"`, `"DONE"`, 1),
			want:   []string{"ticket_state value must be one of", `"OPEN"`, `"CLOSED"`}},
		{name: "stage resource display_order beyond int32", at: atValidate, config: standalone("s", "0", "Triage", "  display_order = -2147483649\n"),
			want: []string{"display_order value must be between -2147483648 and 2147483647"}},
		{name: "stage resource empty pipeline_id", at: atValidate, config: standalone("s", "", "Triage", ""),
			want: []string{"pipeline_id string length must be at least 1"}},
	}
}
