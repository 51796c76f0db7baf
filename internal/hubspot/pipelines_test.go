package hubspot

import (
	"context"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"
)

const pipelineListBody = `{"results":[
 {"id":"0","label":"Support Pipeline","displayOrder":0,"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z",
  "stages":[{"id":"1","label":"New","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z","writePermissions":"CRM_PERMISSIONS_ENFORCEMENT"},
            {"id":"4","label":"Closed","displayOrder":1,"metadata":{"ticketState":"CLOSED"},"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z"}]},
 {"id":"812723471","label":"Escalations","displayOrder":1,"archived":false,"createdAt":"2019-10-30T03:30:17.883Z","updatedAt":"2019-12-07T16:50:06.678Z",
  "stages":[{"id":"1234912","label":"In Progress","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"2019-10-30T03:30:17.883Z","updatedAt":"2019-12-07T16:50:06.678Z"}]}]}`

func TestPipelineWritesSendSpecBodies(t *testing.T) {
	created := `{"id":"900","label":"New one","displayOrder":2,"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z",
	 "stages":[{"id":"901","label":"Open","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}]}`
	stage := `{"id":"902","label":"Done","displayOrder":1,"metadata":{"ticketState":"CLOSED"},"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}`
	srv, ts := newStub(t, map[string]answer{
		"GET /crm/v3/pipelines/0-5":                       fixed(200, pipelineListBody),
		"POST /crm/v3/pipelines/tickets":                  fixed(201, created),
		"PUT /crm/v3/pipelines/tickets/900":               fixed(200, created),
		"PATCH /crm/v3/pipelines/tickets/900":             fixed(200, created),
		"DELETE /crm/v3/pipelines/tickets/900":            noContent,
		"POST /crm/v3/pipelines/tickets/900/stages":       fixed(201, stage),
		"PUT /crm/v3/pipelines/tickets/900/stages/902":    fixed(200, stage),
		"PATCH /crm/v3/pipelines/tickets/900/stages/902":  fixed(200, stage),
		"DELETE /crm/v3/pipelines/tickets/900/stages/902": noContent,
	})
	steps := pipelineWriteSteps(t, newTestClient(t, ts, Config{}))
	for _, s := range steps {
		if err := s.call(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got := srv.last()
		if !reflect.DeepEqual(got, s.want) {
			t.Fatalf("%s sent\n %+v\nwant\n %+v", s.name, got, s.want)
		}
	}

	// A server error is retried by every call but the creates: a create may already have taken
	// effect, so its error is returned.
	for _, s := range steps {
		restore := srv.failOnce(s.want.Method + " " + s.want.Path)
		before := srv.calls(s.want.Method, s.want.Path)
		err := s.call()
		sent := srv.calls(s.want.Method, s.want.Path) - before
		switch {
		case s.retry && (err != nil || sent != 2):
			t.Errorf("%s after a 502: %d requests, err %v; want it retried once and to succeed", s.name, sent, err)
		case !s.retry && (err == nil || sent != 1):
			t.Errorf("%s after a 502: %d requests, err %v; want one request and the error", s.name, sent, err)
		}
		restore()
	}
}

// pipelineWriteStep is one pipeline write, the request it must send, and whether it is
// retried after a server error.
type pipelineWriteStep struct {
	name  string
	call  func() error
	want  recordedRequest
	retry bool
}

func pipelineWriteSteps(t *testing.T, c *Client) []pipelineWriteStep {
	ctx := context.Background()
	label := "Renamed"
	order := 4
	return []pipelineWriteStep{
		{"create", func() error {
			p, err := c.CreatePipeline(ctx, "tickets", PipelineInput{PipelineID: "900", Label: "New one", DisplayOrder: 2,
				Stages: []PipelineStageInput{{Label: "Open", DisplayOrder: 0, Metadata: map[string]string{"ticketState": "OPEN"}}}})
			if err == nil && (p.ID != "900" || p.Stages[0].ID != "901") {
				t.Errorf("created %+v", p)
			}
			return err
		}, recordedRequest{Method: "POST", Path: "/crm/v3/pipelines/tickets", Body: map[string]any{
			"pipelineId": "900", "label": "New one", "displayOrder": 2.0,
			"stages": []any{map[string]any{"label": "Open", "displayOrder": 0.0, "metadata": map[string]any{"ticketState": "OPEN"}}}}}, false},
		{"update", func() error {
			_, err := c.UpdatePipeline(ctx, "tickets", "900", PipelinePatch{Label: &label, DisplayOrder: &order}, DeleteOptions{})
			return err
		}, recordedRequest{Method: "PATCH", Path: "/crm/v3/pipelines/tickets/900",
			Query: "validateDealStageUsagesBeforeDelete=false&validateReferencesBeforeDelete=false",
			Body:  map[string]any{"label": "Renamed", "displayOrder": 4.0}}, true},
		{"create stage", func() error {
			s, err := c.CreatePipelineStage(ctx, "tickets", "900", PipelineStageInput{Label: "Done", DisplayOrder: 1, Metadata: map[string]string{"ticketState": "CLOSED"}})
			if err == nil && s.ID != "902" {
				t.Errorf("stage %+v", s)
			}
			return err
		}, recordedRequest{Method: "POST", Path: "/crm/v3/pipelines/tickets/900/stages",
			Body: map[string]any{"label": "Done", "displayOrder": 1.0, "metadata": map[string]any{"ticketState": "CLOSED"}}}, false},
		{"update stage", func() error {
			_, err := c.UpdatePipelineStage(ctx, "tickets", "900", "902", PipelineStagePatch{DisplayOrder: &order})
			return err
		}, recordedRequest{Method: "PATCH", Path: "/crm/v3/pipelines/tickets/900/stages/902",
			Body: map[string]any{"displayOrder": 4.0, "metadata": map[string]any{}}}, true},
		{"delete stage", func() error {
			return c.DeletePipelineStage(ctx, "tickets", "900", "902", DeleteOptions{ValidateReferences: true})
		}, recordedRequest{Method: "DELETE", Path: "/crm/v3/pipelines/tickets/900/stages/902", Query: "validateReferencesBeforeDelete=true"}, true},
		{"delete", func() error {
			return c.DeletePipeline(ctx, "tickets", "900", DeleteOptions{ValidateReferences: true})
		}, recordedRequest{Method: "DELETE", Path: "/crm/v3/pipelines/tickets/900",
			Query: "validateDealStageUsagesBeforeDelete=false&validateReferencesBeforeDelete=true"}, true},
	}
}

func TestPipelineWriteErrorsAreTyped(t *testing.T) {
	inUse := `{"status":"error","message":"Cannot delete stage 5 of pipeline 9: 2 tickets are still in it.","correlationId":"c-2","category":"VALIDATION_ERROR","subCategory":"PipelineError.STAGE_IN_USE","context":{"ticketCount":["2"]}}`
	var calls atomic.Int32
	_, ts := newStub(t, map[string]answer{
		"DELETE /crm/v3/pipelines/tickets/9/stages/5": func(w http.ResponseWriter, _ *http.Request, _ []byte) { calls.Add(1); writeJSON(w, 400, inUse) },
		"POST /crm/v3/pipelines/tickets": func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			calls.Add(1)
			writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c-3","category":"INTERNAL_ERROR"}`)
		},
	})
	c := newTestClient(t, ts, Config{})
	ctx := context.Background()

	err := c.DeletePipelineStage(ctx, "tickets", "9", "5", DeleteOptions{ValidateReferences: true})
	if !IsValidation(err) || !HasSubCategory(err, "PipelineError.STAGE_IN_USE") || calls.Load() != 1 {
		t.Fatalf("err = %v after %d calls", err, calls.Load())
	}
	e, _ := asError(err)
	if e.Context["ticketCount"][0] != "2" {
		t.Fatalf("context = %v", e.Context)
	}
	// A create is never repeated after a server error: it may have happened.
	calls.Store(0)
	_, err = c.CreatePipeline(ctx, "tickets", PipelineInput{Label: "x", Stages: []PipelineStageInput{{Label: "a", Metadata: map[string]string{}}}})
	if err == nil || calls.Load() != 1 {
		t.Fatalf("create err = %v after %d calls", err, calls.Load())
	}
}
