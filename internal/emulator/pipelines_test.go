package emulator

import (
	"strings"
	"testing"
	"time"
)

type wireStage struct {
	ID               string            `json:"id"`
	Label            string            `json:"label"`
	DisplayOrder     int               `json:"displayOrder"`
	Metadata         map[string]string `json:"metadata"`
	Archived         bool              `json:"archived"`
	ArchivedAt       string            `json:"archivedAt"`
	CreatedAt        string            `json:"createdAt"`
	UpdatedAt        string            `json:"updatedAt"`
	WritePermissions string            `json:"writePermissions"`
}

type wirePipeline struct {
	ID           string      `json:"id"`
	Label        string      `json:"label"`
	DisplayOrder int         `json:"displayOrder"`
	Stages       []wireStage `json:"stages"`
	Archived     bool        `json:"archived"`
	CreatedAt    string      `json:"createdAt"`
	UpdatedAt    string      `json:"updatedAt"`
}

func stageLabels(p wirePipeline) string {
	var l []string
	for _, s := range p.Stages {
		l = append(l, s.Label)
	}
	return strings.Join(l, ",")
}

const twoStages = `{"label":"Escalations","displayOrder":2,"stages":[
	{"label":"Open","displayOrder":0,"metadata":{"ticketState":"OPEN"}},
	{"label":"Done","displayOrder":1,"metadata":{"ticketState":"CLOSED"}}]}`

func newPipelineEmulator(t *testing.T) (*Emulator, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	return newTestEmulator(t, Options{Now: clk.now}), clk
}

func TestPipelinesSeededDefaultPipeline(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	for _, path := range []string{"/crm/v3/pipelines/tickets", "/crm/v3/pipelines/0-5", "/crm/pipelines/2026-03/TICKETS", "/crm/pipelines/2026-09/ticket"} {
		var list struct{ Results []wirePipeline }
		expectOK(t, send(t, e, "GET", path, ""), 200, &list)
		if len(list.Results) != 1 {
			t.Fatalf("%s: %d pipelines", path, len(list.Results))
		}
		p := list.Results[0]
		if p.ID != "0" || p.Label != "Support Pipeline" || p.CreatedAt != "1970-01-01T00:00:00.000Z" || p.Archived {
			t.Fatalf("%s: default pipeline = %+v", path, p)
		}
		if stageLabels(p) != "New,Waiting on contact,Waiting on us,Closed" {
			t.Fatalf("stages = %s", stageLabels(p))
		}
		last := p.Stages[3]
		if last.ID != "4" || last.Metadata["ticketState"] != "CLOSED" || last.WritePermissions != "CRM_PERMISSIONS_ENFORCEMENT" || last.CreatedAt != "1970-01-01T00:00:00.000Z" {
			t.Fatalf("stage 4 = %+v", last)
		}
	}
	var stages struct{ Results []wireStage }
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/0/stages", ""), 200, &stages)
	if len(stages.Results) != 4 || stages.Results[0].ID != "1" {
		t.Fatalf("stages = %+v", stages.Results)
	}
	var s wireStage
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/0/stages/2", ""), 200, &s)
	if s.Label != "Waiting on contact" || s.Metadata["ticketState"] != "OPEN" {
		t.Fatalf("stage 2 = %+v", s)
	}
}

func TestPipelinesObjectTypes(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	expectError(t, send(t, e, "GET", "/crm/v3/pipelines/deals", ""), 400, "VALIDATION_ERROR", "deals", "tickets")
	expectError(t, send(t, e, "POST", "/crm/v3/pipelines/contacts", twoStages), 400, "VALIDATION_ERROR", "contacts")
	expectError(t, send(t, e, "GET", "/crm/v3/pipelines/widgets/0", ""), 400, "VALIDATION_ERROR", "Unable to infer object type from: widgets")
}

func TestPipelineCreate(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", twoStages), 201, &p)
	if p.ID == "" || strings.Trim(p.ID, "0123456789") != "" || p.Label != "Escalations" || p.DisplayOrder != 2 {
		t.Fatalf("created %+v", p)
	}
	if p.CreatedAt != "2026-11-01T12:00:00.000Z" || p.UpdatedAt != p.CreatedAt {
		t.Fatalf("timestamps %s %s", p.CreatedAt, p.UpdatedAt)
	}
	if stageLabels(p) != "Open,Done" || p.Stages[1].Metadata["ticketState"] != "CLOSED" || p.Stages[0].ID == p.Stages[1].ID {
		t.Fatalf("stages %+v", p.Stages)
	}
	var got wirePipeline
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/"+p.ID, ""), 200, &got)
	if got.ID != p.ID || stageLabels(got) != "Open,Done" {
		t.Fatalf("read back %+v", got)
	}

	// Chosen ids, a stage without ticketState (OPEN), stages sorted by displayOrder then label.
	var chosen wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/pipelines/2026-03/0-5", `{"pipelineId":"my-pipe","label":"Chosen","displayOrder":0,"stages":[
		{"stageId":"my-stage","label":"zeta","displayOrder":1,"metadata":{}},
		{"label":"Beta","displayOrder":1,"metadata":{"ticketState":"CLOSED","custom":"x"}},
		{"label":"first","displayOrder":0,"metadata":{"ticketState":"OPEN"}}]}`), 201, &chosen)
	if chosen.ID != "my-pipe" || stageLabels(chosen) != "first,Beta,zeta" || chosen.Stages[2].ID != "my-stage" ||
		chosen.Stages[2].Metadata["ticketState"] != "OPEN" || chosen.Stages[1].Metadata["custom"] != "x" {
		t.Fatalf("chosen = %+v", chosen)
	}

	cases := []struct {
		name, body string
		status     int
		category   string
		fragments  []string
	}{
		{"missing fields", `{"label":"x"}`, 400, "VALIDATION_ERROR", []string{"PipelineInput", "[displayOrder, stages]"}},
		{"stage missing fields", `{"label":"x","displayOrder":0,"stages":[{"label":"a"}]}`, 400, "VALIDATION_ERROR", []string{"PipelineStageInput", "[displayOrder, metadata]"}},
		{"no stages", `{"label":"x","displayOrder":0,"stages":[]}`, 400, "VALIDATION_ERROR", []string{"at least one stage"}},
		{"blank label", `{"label":"  ","displayOrder":0,"stages":[{"label":"a","displayOrder":0,"metadata":{}}]}`, 400, "VALIDATION_ERROR", []string{"label cannot be blank"}},
		{"blank stage label", `{"label":"x","displayOrder":0,"stages":[{"label":"","displayOrder":0,"metadata":{}}]}`, 400, "VALIDATION_ERROR", []string{"cannot be blank"}},
		{"duplicate stage labels", `{"label":"x","displayOrder":0,"stages":[{"label":"Same","displayOrder":0,"metadata":{}},{"label":"same ","displayOrder":1,"metadata":{}}]}`, 400, "VALIDATION_ERROR", []string{"used more than once"}},
		{"bad ticketState", `{"label":"x","displayOrder":0,"stages":[{"label":"a","displayOrder":0,"metadata":{"ticketState":"PENDING"}}]}`, 400, "VALIDATION_ERROR", []string{"PENDING", "OPEN or CLOSED"}},
		{"not JSON", `{"label":`, 400, "VALIDATION_ERROR", []string{"Invalid input JSON"}},
		{"duplicate pipeline label", `{"label":"escalations","displayOrder":0,"stages":[{"label":"a","displayOrder":0,"metadata":{}}]}`, 409, "OBJECT_ALREADY_EXISTS", []string{"escalations", p.ID}},
		{"taken pipeline id", `{"pipelineId":"0","label":"other","displayOrder":0,"stages":[{"label":"a","displayOrder":0,"metadata":{}}]}`, 409, "OBJECT_ALREADY_EXISTS", []string{"id 0"}},
		{"taken stage id", `{"label":"other","displayOrder":0,"stages":[{"stageId":"4","label":"a","displayOrder":0,"metadata":{}}]}`, 409, "OBJECT_ALREADY_EXISTS", []string{"id 4"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectError(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", c.body), c.status, c.category, c.fragments...)
		})
	}
	var list struct{ Results []wirePipeline }
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets", ""), 200, &list)
	if len(list.Results) != 3 {
		t.Fatalf("refused creates left pipelines behind: %d", len(list.Results))
	}
}

func TestPipelineArchiveAndRestore(t *testing.T) {
	e, clk := newPipelineEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", twoStages), 201, &p)
	path := "/crm/v3/pipelines/tickets/" + p.ID

	expectError(t, send(t, e, "PATCH", path, `{"archived":false}`), 400, "VALIDATION_ERROR", "only be provided when restoring")
	expectError(t, send(t, e, "PATCH", path, `{"archived":true}`), 400, "VALIDATION_ERROR", "only be provided when restoring")

	clk.advance(1500 * time.Millisecond)
	var patched wirePipeline
	expectOK(t, send(t, e, "PATCH", path, `{"label":"Renamed","displayOrder":7}`), 200, &patched)
	if patched.Label != "Renamed" || patched.DisplayOrder != 7 || patched.UpdatedAt != "2026-11-01T12:00:01.500Z" || patched.CreatedAt != p.CreatedAt {
		t.Fatalf("patched %+v", patched)
	}
	expectError(t, send(t, e, "PATCH", path, `{"label":"support pipeline"}`), 409, "OBJECT_ALREADY_EXISTS")

	rec := send(t, e, "DELETE", path, "")
	expectOK(t, rec, 204, nil)
	if rec.Body.Len() != 0 {
		t.Fatalf("204 with body %q", rec.Body.String())
	}
	rec = send(t, e, "GET", path, "")
	expectError(t, rec, 404, "OBJECT_NOT_FOUND", p.ID)
	if rec.Header().Get("X-HubSpot-NotFound") != "true" {
		t.Fatal("404 without X-HubSpot-NotFound")
	}
	for _, c := range []struct{ method, suffix, body string }{
		{"GET", "/stages", ""}, {"GET", "/stages/" + p.Stages[0].ID, ""}, {"PUT", "", twoStages}, {"DELETE", "", ""},
		{"POST", "/stages", `{"label":"x","displayOrder":0,"metadata":{}}`}, {"PATCH", "", `{"label":"x"}`}, {"GET", "/audit", ""},
	} {
		expectError(t, send(t, e, c.method, path+c.suffix, c.body), 404, "OBJECT_NOT_FOUND")
	}
	var list struct{ Results []wirePipeline }
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets", ""), 200, &list)
	if len(list.Results) != 1 {
		t.Fatalf("archived pipeline listed: %+v", list.Results)
	}
	// Its label is free while it is archived; restoring it then conflicts until renamed.
	var other wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", strings.Replace(twoStages, "Escalations", "Renamed", 1)), 201, &other)
	expectError(t, send(t, e, "PATCH", path, `{"archived":false}`), 409, "OBJECT_ALREADY_EXISTS")
	var restored wirePipeline
	expectOK(t, send(t, e, "PATCH", path, `{"archived":false,"label":"Restored"}`), 200, &restored)
	if restored.Archived || restored.Label != "Restored" || stageLabels(restored) != "Open,Done" {
		t.Fatalf("restored %+v", restored)
	}
	expectOK(t, send(t, e, "GET", path, ""), 200, nil)
}

func TestPipelineDefaultAndLastPipelineCannotBeDeleted(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	expectError(t, send(t, e, "DELETE", "/crm/v3/pipelines/tickets/0", ""), 400, "VALIDATION_ERROR", "default pipeline")
	// A portal whose only active pipeline is not the default one.
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", twoStages), 201, &p)
	e.p.Pipelines["0"].Archived = true
	expectError(t, send(t, e, "DELETE", "/crm/v3/pipelines/tickets/"+p.ID, ""), 400, "VALIDATION_ERROR", "last pipeline")
	// The default pipeline itself can be edited.
	e.p.Pipelines["0"].Archived = false
	expectOK(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/0", `{"label":"Support"}`), 200, nil)
	expectOK(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/0/stages/1", `{"label":"Brand new","metadata":{}}`), 200, nil)
}

func TestPipelineReplace(t *testing.T) {
	e, clk := newPipelineEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", twoStages), 201, &p)
	open, done := p.Stages[0], p.Stages[1]
	path := "/crm/v3/pipelines/tickets/" + p.ID
	clk.advance(time.Second)

	// Keep "Open" (renamed, moved last), drop "Done", add "Triage" first.
	var r wirePipeline
	expectOK(t, send(t, e, "PUT", path, `{"label":"Escalations v2","displayOrder":3,"stages":[
		{"label":"Triage","displayOrder":0,"metadata":{"ticketState":"OPEN"}},
		{"stageId":"`+open.ID+`","label":"Working","displayOrder":1,"metadata":{"ticketState":"OPEN"}}]}`), 200, &r)
	if r.Label != "Escalations v2" || r.DisplayOrder != 3 || stageLabels(r) != "Triage,Working" {
		t.Fatalf("replaced %+v", r)
	}
	if r.Stages[1].ID != open.ID || r.Stages[1].CreatedAt != open.CreatedAt || r.Stages[1].UpdatedAt != "2026-11-01T12:00:01.000Z" {
		t.Fatalf("kept stage %+v, was %+v", r.Stages[1], open)
	}
	if r.Stages[0].ID == done.ID || r.Stages[0].ID == open.ID {
		t.Fatalf("new stage reused an id: %+v", r.Stages[0])
	}
	expectError(t, send(t, e, "GET", path+"/stages/"+done.ID, ""), 404, "OBJECT_NOT_FOUND")

	expectError(t, send(t, e, "PUT", path, `{"label":"x","stages":[]}`), 400, "VALIDATION_ERROR", "PipelineReplaceInput", "[displayOrder]")
	expectError(t, send(t, e, "PUT", path, `{"label":"x","displayOrder":0,"stages":[]}`), 400, "VALIDATION_ERROR", "at least one stage")
	expectError(t, send(t, e, "PUT", path, `{"label":"x","displayOrder":0,"stages":[{"stageId":"1","label":"a","displayOrder":0,"metadata":{}}]}`),
		409, "OBJECT_ALREADY_EXISTS", "stage with id 1")
	expectError(t, send(t, e, "PUT", path, `{"label":"Support Pipeline","displayOrder":0,"stages":[{"label":"a","displayOrder":0,"metadata":{}}]}`),
		409, "OBJECT_ALREADY_EXISTS")
	expectError(t, send(t, e, "PUT", "/crm/v3/pipelines/tickets/nope", twoStages), 404, "OBJECT_NOT_FOUND")
}

func TestPipelineStageCRUD(t *testing.T) {
	e, clk := newPipelineEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", twoStages), 201, &p)
	stages := "/crm/v3/pipelines/tickets/" + p.ID + "/stages"
	clk.advance(2 * time.Second)

	var s wireStage
	expectOK(t, send(t, e, "POST", stages, `{"label":"Waiting","displayOrder":1,"metadata":{"ticketState":"OPEN"}}`), 201, &s)
	if s.ID == "" || s.Label != "Waiting" || s.CreatedAt != "2026-11-01T12:00:02.000Z" || s.WritePermissions != "CRM_PERMISSIONS_ENFORCEMENT" {
		t.Fatalf("created %+v", s)
	}
	var pl wirePipeline
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/"+p.ID, ""), 200, &pl)
	if stageLabels(pl) != "Open,Done,Waiting" || pl.UpdatedAt != s.CreatedAt {
		t.Fatalf("pipeline after stage create: %s, updatedAt %s", stageLabels(pl), pl.UpdatedAt)
	}
	var chosen wireStage
	expectOK(t, send(t, e, "POST", stages, `{"stageId":"custom-1","label":"Custom","displayOrder":5,"metadata":{}}`), 201, &chosen)
	if chosen.ID != "custom-1" || chosen.Metadata["ticketState"] != "OPEN" {
		t.Fatalf("chosen %+v", chosen)
	}

	expectError(t, send(t, e, "POST", stages, `{"label":"open","displayOrder":1,"metadata":{}}`), 409, "OBJECT_ALREADY_EXISTS", "open", p.Stages[0].ID)
	expectError(t, send(t, e, "POST", stages, `{"label":"x","displayOrder":1}`), 400, "VALIDATION_ERROR", "PipelineStageInput", "[metadata]")
	expectError(t, send(t, e, "POST", stages, `{"stageId":"custom-1","label":"y","displayOrder":1,"metadata":{}}`), 409, "OBJECT_ALREADY_EXISTS")
	expectError(t, send(t, e, "POST", stages, `{"label":"y","displayOrder":1,"metadata":{"ticketState":"closed"}}`), 400, "VALIDATION_ERROR", "OPEN or CLOSED")

	one := stages + "/" + s.ID
	var got wireStage
	expectOK(t, send(t, e, "GET", one, ""), 200, &got)
	if got.ID != s.ID || got.Label != "Waiting" {
		t.Fatalf("get %+v", got)
	}

	// PUT replaces label, order and metadata; missing fields are named.
	clk.advance(time.Second)
	var put wireStage
	expectOK(t, send(t, e, "PUT", one, `{"label":"Waiting on customer","displayOrder":4,"metadata":{"ticketState":"CLOSED"}}`), 200, &put)
	if put.Label != "Waiting on customer" || put.DisplayOrder != 4 || put.Metadata["ticketState"] != "CLOSED" || put.ID != s.ID {
		t.Fatalf("put %+v", put)
	}
	expectError(t, send(t, e, "PUT", one, `{"label":"z"}`), 400, "VALIDATION_ERROR", "PipelineStageReplaceInput", "[displayOrder, metadata]")
	expectError(t, send(t, e, "PUT", one, `{"label":"Done","displayOrder":0,"metadata":{}}`), 409, "OBJECT_ALREADY_EXISTS")

	// PATCH needs metadata (the spec marks it required) and merges it.
	expectError(t, send(t, e, "PATCH", one, `{"label":"z"}`), 400, "VALIDATION_ERROR", "PipelineStagePatchInput", "[metadata]")
	var patched wireStage
	expectOK(t, send(t, e, "PATCH", one, `{"displayOrder":0,"metadata":{"extra":"1"}}`), 200, &patched)
	if patched.Label != "Waiting on customer" || patched.DisplayOrder != 0 || patched.Metadata["ticketState"] != "CLOSED" || patched.Metadata["extra"] != "1" {
		t.Fatalf("patched %+v", patched)
	}
	expectError(t, send(t, e, "PATCH", one, `{"label":"DONE","metadata":{}}`), 409, "OBJECT_ALREADY_EXISTS")
	expectError(t, send(t, e, "PATCH", one, `{"metadata":{"ticketState":"MAYBE"}}`), 400, "VALIDATION_ERROR", "MAYBE")
	expectError(t, send(t, e, "PATCH", one, `{"archived":false,"metadata":{}}`), 400, "VALIDATION_ERROR", "only be provided when restoring")

}

func TestPipelineStageArchiveRestoreAndAudit(t *testing.T) {
	e, clk := newPipelineEmulator(t)
	var p, pl wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", twoStages), 201, &p)
	stages := "/crm/v3/pipelines/tickets/" + p.ID + "/stages"
	var s, chosen wireStage
	expectOK(t, send(t, e, "POST", stages, `{"label":"Waiting on customer","displayOrder":1,"metadata":{}}`), 201, &s)
	expectOK(t, send(t, e, "POST", stages, `{"stageId":"custom-1","label":"Custom","displayOrder":5,"metadata":{}}`), 201, &chosen)
	one := stages + "/" + s.ID
	clk.advance(time.Second)

	// DELETE archives; the stage answers 404 until a PATCH restores it.
	expectOK(t, send(t, e, "DELETE", one, ""), 204, nil)
	expectError(t, send(t, e, "GET", one, ""), 404, "OBJECT_NOT_FOUND")
	expectError(t, send(t, e, "DELETE", one, ""), 404, "OBJECT_NOT_FOUND")
	expectError(t, send(t, e, "PATCH", one, `{"label":"again","metadata":{}}`), 404, "OBJECT_NOT_FOUND")
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/"+p.ID, ""), 200, &pl)
	if strings.Contains(stageLabels(pl), "Waiting") {
		t.Fatalf("deleted stage still listed: %s", stageLabels(pl))
	}
	var restored wireStage
	expectOK(t, send(t, e, "PATCH", one, `{"archived":false,"metadata":{}}`), 200, &restored)
	if restored.Archived || restored.Label != "Waiting on customer" {
		t.Fatalf("restored %+v", restored)
	}
	expectError(t, send(t, e, "GET", stages+"/nope", ""), 404, "OBJECT_NOT_FOUND", "nope")

	// The last stage of a pipeline cannot be deleted.
	for _, id := range []string{p.Stages[0].ID, p.Stages[1].ID, chosen.ID} {
		expectOK(t, send(t, e, "DELETE", stages+"/"+id, ""), 204, nil)
	}
	expectError(t, send(t, e, "DELETE", one, ""), 400, "VALIDATION_ERROR", "last stage")

	var audit struct {
		Results []struct {
			Identifier, Action, Timestamp string
			PortalID                      int
		}
	}
	expectOK(t, send(t, e, "GET", one+"/audit", ""), 200, &audit)
	if len(audit.Results) != 2 || audit.Results[0].Action != "UPDATE" || audit.Results[1].Action != "CREATE" || audit.Results[1].PortalID != e.p.PortalID {
		t.Fatalf("stage audit %+v", audit.Results)
	}
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/0/audit", ""), 200, &audit)
	if len(audit.Results) != 1 || audit.Results[0].Action != "CREATE" || audit.Results[0].Timestamp != "1970-01-01T00:00:00.000Z" {
		t.Fatalf("default pipeline audit %+v", audit.Results)
	}
}

func TestPipelineValidateReferencesBeforeDelete(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"Refs","displayOrder":0,"stages":[
		{"label":"A","displayOrder":0,"metadata":{}},{"label":"B","displayOrder":1,"metadata":{}},
		{"label":"C","displayOrder":2,"metadata":{}},{"label":"D","displayOrder":3,"metadata":{}}]}`), 201, &p)
	a, b, c, d := p.Stages[0].ID, p.Stages[1].ID, p.Stages[2].ID, p.Stages[3].ID
	if e.p.Objects["0-5"] == nil {
		e.p.Objects["0-5"] = map[string]*Object{}
	}
	ticket := func(id, stage string, archived bool) {
		e.p.Objects["0-5"][id] = &Object{ID: id, record: record{Archived: archived},
			Properties: map[string]string{"hs_pipeline": p.ID, "hs_pipeline_stage": stage, "subject": id}}
	}
	ticket("t1", a, false)
	ticket("t2", a, false)
	ticket("t3", b, true) // archived tickets do not hold a stage
	ticket("t4", c, false)
	base := "/crm/v3/pipelines/tickets/" + p.ID

	body := expectError(t, send(t, e, "DELETE", base+"/stages/"+a+"?validateReferencesBeforeDelete=true", ""), 400, "VALIDATION_ERROR", "2 tickets are still in it", a)
	if body["subCategory"] != "PipelineError.STAGE_IN_USE" {
		t.Fatalf("subCategory = %v", body["subCategory"])
	}
	if ctx, _ := body["context"].(map[string]any); ctx == nil || ctx["ticketCount"].([]any)[0] != "2" {
		t.Fatalf("context = %v", body["context"])
	}
	expectError(t, send(t, e, "DELETE", base+"/stages/"+a+"?validateReferencesBeforeDelete=yes", ""), 400, "VALIDATION_ERROR", "validateReferencesBeforeDelete")
	// From 2026-09 the check is on unless turned off.
	expectError(t, send(t, e, "DELETE", "/crm/pipelines/2026-09/tickets/"+p.ID+"/stages/"+c, ""), 400, "VALIDATION_ERROR", "1 ticket is still in it")
	expectOK(t, send(t, e, "DELETE", base+"/stages/"+b+"?validateReferencesBeforeDelete=true", ""), 204, nil)

	// A PUT that drops a stage in use is refused with the check, the whole pipeline with tickets too.
	put := `{"label":"Refs","displayOrder":0,"stages":[{"stageId":"` + c + `","label":"C","displayOrder":0,"metadata":{}},{"stageId":"` + d + `","label":"D","displayOrder":1,"metadata":{}}]}`
	expectError(t, send(t, e, "PUT", base+"?validateReferencesBeforeDelete=true", put), 400, "VALIDATION_ERROR", "2 tickets")
	body = expectError(t, send(t, e, "DELETE", base+"?validateReferencesBeforeDelete=true", ""), 400, "VALIDATION_ERROR", "3 tickets are still in it")
	if body["subCategory"] != "PipelineError.PIPELINE_IN_USE" {
		t.Fatalf("subCategory = %v", body["subCategory"])
	}
	expectError(t, send(t, e, "DELETE", "/crm/pipelines/2026-09/tickets/"+p.ID, ""), 400, "VALIDATION_ERROR", "3 tickets")

	// /crm/v3 defaults to no check: the delete goes through and the tickets keep their values.
	expectOK(t, send(t, e, "DELETE", base+"/stages/"+c, ""), 204, nil)
	if e.p.Objects["0-5"]["t4"].Properties["hs_pipeline_stage"] != c {
		t.Fatal("ticket changed by the stage delete")
	}
	expectOK(t, send(t, e, "PUT", "/crm/pipelines/2026-03/tickets/"+p.ID, `{"label":"Refs","displayOrder":0,"stages":[{"stageId":"`+d+`","label":"D","displayOrder":0,"metadata":{}}]}`), 200, nil)
	expectOK(t, send(t, e, "DELETE", "/crm/pipelines/2026-09/tickets/"+p.ID+"?validateReferencesBeforeDelete=false", ""), 204, nil)
}
