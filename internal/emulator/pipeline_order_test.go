package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestStageDisplayOrderTakesGapsTiesAndNegatives(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"Ordered","displayOrder":0,"stages":[
		{"label":"ten","displayOrder":10,"metadata":{}},
		{"label":"beta","displayOrder":5,"metadata":{}},
		{"label":"Alpha","displayOrder":5,"metadata":{}},
		{"label":"alpha two","displayOrder":5,"metadata":{}},
		{"label":"minus","displayOrder":-3,"metadata":{}}]}`), 201, &p)
	// Ascending order; ties alphabetically by label, ignoring case.
	if got := stageLabels(p); got != "minus,Alpha,alpha two,beta,ten" {
		t.Fatalf("stages in order %s", got)
	}
	// Moving one stage is one PATCH: no other stage changes.
	ten := p.Stages[4]
	var moved wireStage
	expectOK(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/"+p.ID+"/stages/"+ten.ID, `{"displayOrder":-4,"metadata":{}}`), 200, &moved)
	var after wirePipeline
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets/"+p.ID, ""), 200, &after)
	if got := stageLabels(after); got != "ten,minus,Alpha,alpha two,beta" {
		t.Fatalf("after the move: %s", got)
	}
	for i, s := range after.Stages[1:] {
		if s.DisplayOrder != p.Stages[i].DisplayOrder || s.UpdatedAt != p.Stages[i].UpdatedAt {
			t.Fatalf("moving one stage changed %+v", s)
		}
	}
}

func TestPipelinesSortLikeStages(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	for _, l := range []string{"zeta", "Beta", "alpha"} {
		expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", fmt.Sprintf(`{"label":%q,"displayOrder":1,"stages":[{"label":"A","displayOrder":0,"metadata":{}}]}`, l)), 201, nil)
	}
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"First","displayOrder":-1,"stages":[{"label":"A","displayOrder":0,"metadata":{}}]}`), 201, nil)
	var list struct{ Results []wirePipeline }
	expectOK(t, send(t, e, "GET", "/crm/v3/pipelines/tickets", ""), 200, &list)
	var labels []string
	for _, p := range list.Results {
		labels = append(labels, p.Label)
	}
	if got := strings.Join(labels, ","); got != "First,Support Pipeline,alpha,Beta,zeta" {
		t.Fatalf("pipelines in order %s", got)
	}
}

func TestAPipelineHasAtMost100Stages(t *testing.T) {
	e, _ := newPipelineEmulator(t)
	stages := func(n int) string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprintf(`{"label":"S%d","displayOrder":%d,"metadata":{}}`, i, i))
		}
		return strings.Join(s, ",")
	}
	expectError(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"Big","displayOrder":1,"stages":[`+stages(101)+`]}`),
		http.StatusBadRequest, catAPILimit, "You have reached your limit of 100 stages per pipeline.")
	var p wirePipeline
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"Big","displayOrder":1,"stages":[`+stages(100)+`]}`), 201, &p)
	expectError(t, send(t, e, "POST", "/crm/v3/pipelines/tickets/"+p.ID+"/stages", `{"label":"One more","displayOrder":100,"metadata":{}}`),
		http.StatusBadRequest, catAPILimit, "100 stages per pipeline")
	// With one deleted there is room again, but not for restoring it as well.
	last := p.Stages[99].ID
	expectOK(t, send(t, e, "DELETE", "/crm/v3/pipelines/tickets/"+p.ID+"/stages/"+last, ""), 204, nil)
	expectOK(t, send(t, e, "POST", "/crm/v3/pipelines/tickets/"+p.ID+"/stages", `{"label":"One more","displayOrder":100,"metadata":{}}`), 201, nil)
	expectError(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/"+p.ID+"/stages/"+last, `{"archived":false,"metadata":{}}`),
		http.StatusBadRequest, catAPILimit, "100 stages per pipeline")
}

func TestOversizedBodyIsRefusedBeforeTheAPI(t *testing.T) {
	e := newTestEmulator(t, Options{})
	big := `{"properties":{"subject":"` + strings.Repeat("x", maxBodyBytes) + `","hs_pipeline_stage":"1"}}`
	rec := send(t, e, "POST", "/crm/v3/objects/tickets", big)
	if rec.Code != http.StatusRequestEntityTooLarge || rec.Header().Get("Content-Type") != "text/html" {
		t.Fatalf("oversized body: %d %s", rec.Code, rec.Header())
	}
	if n := liveTickets(e); n != 0 {
		t.Fatalf("%d tickets from an oversized body", n)
	}
	if reqs := e.Requests(); len(reqs) != 1 || reqs[0].Served != 0 || reqs[0].Status != 413 {
		t.Fatalf("logged %+v", reqs)
	}
}

func TestContentAfterTheJSONValueIsRefused(t *testing.T) {
	e := newTestEmulator(t, Options{})
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody+` {"more":1}`), 400, catValidation, "unexpected content after the JSON value")
	expectError(t, send(t, e, "POST", propsV3+"/groups", `{"name":"g","label":"G"}]`), 400, catValidation, "PropertyGroupCreate")
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody+"\n\t "), 201, nil)
}
