package hubspot

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

// pipelineServer records the requests it receives and answers from a table of canned
// responses keyed "METHOD PATH".
type pipelineServer struct {
	mu       sync.Mutex
	requests []recordedRequest
	answers  map[string]func(w http.ResponseWriter, body []byte)
}

type recordedRequest struct {
	Method, Path, Query string
	Body                map[string]any
}

func (s *pipelineServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	rec := recordedRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery}
	if len(data) > 0 {
		_ = json.Unmarshal(data, &rec.Body)
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	answer := s.answers[r.Method+" "+rec.Path]
	s.mu.Unlock()
	if answer == nil {
		writeJSON(w, 404, `{"status":"error","message":"resource not found","correlationId":"c-404","category":"OBJECT_NOT_FOUND"}`)
		return
	}
	answer(w, data)
}

// count is how many GET requests path received.
func (s *pipelineServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Method == http.MethodGet && r.Path == path {
			n++
		}
	}
	return n
}

// calls is how many requests with the method path received.
func (s *pipelineServer) calls(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func (s *pipelineServer) last() recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

func fixed(status int, body string) func(http.ResponseWriter, []byte) {
	return func(w http.ResponseWriter, _ []byte) { writeJSON(w, status, body) }
}

const pipelineListBody = `{"results":[
 {"id":"0","label":"Support Pipeline","displayOrder":0,"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z",
  "stages":[{"id":"1","label":"New","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z","writePermissions":"CRM_PERMISSIONS_ENFORCEMENT"},
            {"id":"4","label":"Closed","displayOrder":1,"metadata":{"ticketState":"CLOSED"},"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z"}]},
 {"id":"812723471","label":"Escalations","displayOrder":1,"archived":false,"createdAt":"2019-10-30T03:30:17.883Z","updatedAt":"2019-12-07T16:50:06.678Z",
  "stages":[{"id":"1234912","label":"In Progress","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"2019-10-30T03:30:17.883Z","updatedAt":"2019-12-07T16:50:06.678Z"}]}]}`

func TestListPipelinesDecodesAndSharesOneRequest(t *testing.T) {
	srv := &pipelineServer{answers: map[string]func(http.ResponseWriter, []byte){
		"GET /crm/v3/pipelines/tickets": fixed(200, pipelineListBody),
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := newTestClient(t, ts, Config{})
	ctx := context.Background()

	list, err := c.ListPipelines(ctx, "tickets")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[1].ID != "812723471" || list[1].Label != "Escalations" || list[1].DisplayOrder != 1 {
		t.Fatalf("list = %+v", list)
	}
	st := list[0].Stages[1]
	if st.ID != "4" || st.TicketState() != TicketStateClosed || st.DisplayOrder != 1 || list[0].CreatedAt.Unix() != 0 {
		t.Fatalf("stage = %+v", st)
	}
	if list[0].Stages[0].WritePermissions != "CRM_PERMISSIONS_ENFORCEMENT" {
		t.Fatalf("writePermissions = %q", list[0].Stages[0].WritePermissions)
	}
	if got := list[1].CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z"); got != "2019-10-30T03:30:17.883Z" {
		t.Fatalf("createdAt = %s", got)
	}

	// Values handed out are copies: changing them does not change what the next reader sees.
	list[0].Stages[0].Metadata["ticketState"] = "CLOSED"
	list[0].Label = "changed"

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetPipeline(ctx, "0-5", "0"); err != nil {
				t.Error(err)
			}
			if _, err := c.GetPipelineStage(ctx, "ticket", "812723471", "1234912"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	p, err := c.GetPipeline(ctx, "tickets", "0")
	if err != nil {
		t.Fatal(err)
	}
	if p.Label != "Support Pipeline" || p.Stages[0].TicketState() != "OPEN" {
		t.Fatalf("cached value was modified through a returned copy: %+v", p)
	}
	stages, err := c.ListPipelineStages(ctx, "tickets", "0")
	if err != nil || len(stages) != 2 {
		t.Fatalf("stages = %+v, %v", stages, err)
	}
	if n := srv.count("/crm/v3/pipelines/tickets"); n != 1 {
		t.Fatalf("list requests = %d, want 1 (tickets, ticket and 0-5 share one cache)", n)
	}
	if n := len(srv.requests); n != 1 {
		t.Fatalf("requests = %d, want only the list", n)
	}
}

func TestGetPipelineAbsentFromListAsksByID(t *testing.T) {
	srv := &pipelineServer{answers: map[string]func(http.ResponseWriter, []byte){
		"GET /crm/v3/pipelines/tickets":                        fixed(200, pipelineListBody),
		"GET /crm/v3/pipelines/tickets/555":                    fixed(200, `{"id":"555","label":"Fresh","displayOrder":3,"archived":false,"stages":[],"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}`),
		"GET /crm/v3/pipelines/tickets/0/stages/77":            fixed(200, `{"id":"77","label":"Late","displayOrder":9,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}`),
		"GET /crm/v3/pipelines/tickets/999/stages":             fixed(200, `{"results":[{"id":"5","label":"S","displayOrder":0,"metadata":{},"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}]}`),
		"GET /crm/v3/pipelines/tickets/812723471/stages/12345": fixed(404, `{"status":"error","message":"Unable to find a stage","correlationId":"c-1","category":"OBJECT_NOT_FOUND"}`),
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := newTestClient(t, ts, Config{})
	ctx := context.Background()

	p, err := c.GetPipeline(ctx, "tickets", "555")
	if err != nil || p.Label != "Fresh" {
		t.Fatalf("GetPipeline(555) = %+v, %v", p, err)
	}
	if _, err := c.GetPipeline(ctx, "tickets", "404"); !IsNotFound(err) {
		t.Fatalf("GetPipeline(404) error = %v, want not found", err)
	}
	s, err := c.GetPipelineStage(ctx, "tickets", "0", "77")
	if err != nil || s.Label != "Late" {
		t.Fatalf("GetPipelineStage(0, 77) = %+v, %v", s, err)
	}
	if _, err := c.GetPipelineStage(ctx, "tickets", "812723471", "12345"); !IsNotFound(err) {
		t.Fatalf("missing stage error = %v", err)
	}
	stages, err := c.ListPipelineStages(ctx, "tickets", "999")
	if err != nil || len(stages) != 1 || stages[0].ID != "5" {
		t.Fatalf("ListPipelineStages(999) = %+v, %v", stages, err)
	}
	// The list was fetched once; every miss was one direct request.
	if n := srv.count("/crm/v3/pipelines/tickets"); n != 1 {
		t.Fatalf("list requests = %d", n)
	}
	if n := srv.count("/crm/v3/pipelines/tickets/404"); n != 1 {
		t.Fatalf("by-id requests for 404 = %d", n)
	}
}

func TestPipelineWritesSendSpecBodiesAndInvalidate(t *testing.T) {
	created := `{"id":"900","label":"New one","displayOrder":2,"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z",
	 "stages":[{"id":"901","label":"Open","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}]}`
	stage := `{"id":"902","label":"Done","displayOrder":1,"metadata":{"ticketState":"CLOSED"},"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}`
	srv := &pipelineServer{answers: map[string]func(http.ResponseWriter, []byte){
		"GET /crm/v3/pipelines/0-5":                       fixed(200, pipelineListBody),
		"POST /crm/v3/pipelines/tickets":                  fixed(201, created),
		"PUT /crm/v3/pipelines/tickets/900":               fixed(200, created),
		"PATCH /crm/v3/pipelines/tickets/900":             fixed(200, created),
		"DELETE /crm/v3/pipelines/tickets/900":            func(w http.ResponseWriter, _ []byte) { w.WriteHeader(204) },
		"POST /crm/v3/pipelines/tickets/900/stages":       fixed(201, stage),
		"PUT /crm/v3/pipelines/tickets/900/stages/902":    fixed(200, stage),
		"PATCH /crm/v3/pipelines/tickets/900/stages/902":  fixed(200, stage),
		"DELETE /crm/v3/pipelines/tickets/900/stages/902": func(w http.ResponseWriter, _ []byte) { w.WriteHeader(204) },
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := newTestClient(t, ts, Config{})
	ctx := context.Background()

	listsBefore := func() int { return srv.count("/crm/v3/pipelines/0-5") }
	// Each write (through "tickets") is followed by a read (through "0-5", the same cache); the
	// read must fetch the list again.
	readAfter := func(step string) {
		t.Helper()
		before := listsBefore()
		if _, err := c.ListPipelines(ctx, "0-5"); err != nil {
			t.Fatal(err)
		}
		if listsBefore() != before+1 {
			t.Fatalf("%s did not invalidate the cached list", step)
		}
	}
	readAfter("first read")

	label := "Renamed"
	order := 4
	steps := []struct {
		name  string
		call  func() error
		want  recordedRequest
		retry bool
	}{
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
		{"replace", func() error {
			_, err := c.ReplacePipeline(ctx, "tickets", "900", PipelineInput{PipelineID: "ignored", Label: "New one", DisplayOrder: 2,
				Stages: []PipelineStageInput{{StageID: "901", Label: "Open", DisplayOrder: 0, Metadata: map[string]string{"ticketState": "OPEN"}}}},
				DeleteOptions{ValidateReferences: true})
			return err
		}, recordedRequest{Method: "PUT", Path: "/crm/v3/pipelines/tickets/900",
			Query: "validateDealStageUsagesBeforeDelete=false&validateReferencesBeforeDelete=true", Body: map[string]any{
				"label": "New one", "displayOrder": 2.0,
				"stages": []any{map[string]any{"stageId": "901", "label": "Open", "displayOrder": 0.0, "metadata": map[string]any{"ticketState": "OPEN"}}}}}, true},
		{"update", func() error {
			_, err := c.UpdatePipeline(ctx, "tickets", "900", PipelinePatch{Label: &label, DisplayOrder: &order}, DeleteOptions{})
			return err
		}, recordedRequest{Method: "PATCH", Path: "/crm/v3/pipelines/tickets/900",
			Query: "validateDealStageUsagesBeforeDelete=false&validateReferencesBeforeDelete=false",
			Body:  map[string]any{"label": "Renamed", "displayOrder": 4.0}}, false},
		{"create stage", func() error {
			s, err := c.CreatePipelineStage(ctx, "tickets", "900", PipelineStageInput{Label: "Done", DisplayOrder: 1, Metadata: map[string]string{"ticketState": "CLOSED"}})
			if err == nil && s.ID != "902" {
				t.Errorf("stage %+v", s)
			}
			return err
		}, recordedRequest{Method: "POST", Path: "/crm/v3/pipelines/tickets/900/stages",
			Body: map[string]any{"label": "Done", "displayOrder": 1.0, "metadata": map[string]any{"ticketState": "CLOSED"}}}, false},
		{"replace stage", func() error {
			_, err := c.ReplacePipelineStage(ctx, "tickets", "900", "902", PipelineStageInput{StageID: "x", Label: "Done", DisplayOrder: 1, Metadata: map[string]string{"ticketState": "CLOSED"}})
			return err
		}, recordedRequest{Method: "PUT", Path: "/crm/v3/pipelines/tickets/900/stages/902",
			Body: map[string]any{"label": "Done", "displayOrder": 1.0, "metadata": map[string]any{"ticketState": "CLOSED"}}}, true},
		{"update stage", func() error {
			_, err := c.UpdatePipelineStage(ctx, "tickets", "900", "902", PipelineStagePatch{DisplayOrder: &order})
			return err
		}, recordedRequest{Method: "PATCH", Path: "/crm/v3/pipelines/tickets/900/stages/902",
			Body: map[string]any{"displayOrder": 4.0, "metadata": map[string]any{}}}, false},
		{"delete stage", func() error {
			return c.DeletePipelineStage(ctx, "tickets", "900", "902", DeleteOptions{ValidateReferences: true})
		}, recordedRequest{Method: "DELETE", Path: "/crm/v3/pipelines/tickets/900/stages/902", Query: "validateReferencesBeforeDelete=true"}, true},
		{"delete", func() error {
			return c.DeletePipeline(ctx, "tickets", "900", DeleteOptions{ValidateReferences: true})
		}, recordedRequest{Method: "DELETE", Path: "/crm/v3/pipelines/tickets/900",
			Query: "validateDealStageUsagesBeforeDelete=false&validateReferencesBeforeDelete=true"}, true},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got := srv.last()
		if !reflect.DeepEqual(got, s.want) {
			t.Fatalf("%s sent\n %+v\nwant\n %+v", s.name, got, s.want)
		}
		readAfter(s.name)
	}

	// A server error is retried only by the calls that are safe to repeat (replaces and
	// deletes); a create or a patch may already have taken effect, so its error is returned.
	for _, s := range steps {
		key := s.want.Method + " " + s.want.Path
		var failed atomic.Bool
		srv.mu.Lock()
		answer := srv.answers[key]
		srv.answers[key] = func(w http.ResponseWriter, body []byte) {
			if failed.CompareAndSwap(false, true) {
				writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c-502","category":"INTERNAL_ERROR"}`)
				return
			}
			answer(w, body)
		}
		srv.mu.Unlock()
		before := srv.calls(s.want.Method, s.want.Path)
		err := s.call()
		sent := srv.calls(s.want.Method, s.want.Path) - before
		switch {
		case s.retry && (err != nil || sent != 2):
			t.Errorf("%s after a 502: %d requests, err %v; want it retried once and to succeed", s.name, sent, err)
		case !s.retry && (err == nil || sent != 1):
			t.Errorf("%s after a 502: %d requests, err %v; want one request and the error", s.name, sent, err)
		}
		srv.mu.Lock()
		srv.answers[key] = answer
		srv.mu.Unlock()
	}
}

func TestPipelineWriteErrorsAreTyped(t *testing.T) {
	inUse := `{"status":"error","message":"Cannot delete stage 5 of pipeline 9: 2 tickets are still in it.","correlationId":"c-2","category":"VALIDATION_ERROR","subCategory":"PipelineError.STAGE_IN_USE","context":{"ticketCount":["2"]}}`
	var calls atomic.Int32
	srv := &pipelineServer{answers: map[string]func(http.ResponseWriter, []byte){
		"DELETE /crm/v3/pipelines/tickets/9/stages/5": func(w http.ResponseWriter, _ []byte) { calls.Add(1); writeJSON(w, 400, inUse) },
		"POST /crm/v3/pipelines/tickets": func(w http.ResponseWriter, _ []byte) {
			calls.Add(1)
			writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c-3","category":"INTERNAL_ERROR"}`)
		},
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := newTestClient(t, ts, Config{})
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

func TestNoCoalescingReadsEachPipelineByID(t *testing.T) {
	srv := &pipelineServer{answers: map[string]func(http.ResponseWriter, []byte){
		"GET /crm/v3/pipelines/tickets":              fixed(200, pipelineListBody),
		"GET /crm/v3/pipelines/tickets/0":            fixed(200, `{"id":"0","label":"Support Pipeline","displayOrder":0,"archived":false,"stages":[],"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z"}`),
		"GET /crm/v3/pipelines/tickets/0/stages/1":   fixed(200, `{"id":"1","label":"New","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":false,"createdAt":"1970-01-01T00:00:00.000Z","updatedAt":"1970-01-01T00:00:00.000Z"}`),
		"GET /crm/v3/pipelines/tickets/0/stages":     fixed(200, `{"results":[]}`),
		"GET /crm/v3/pipelines/tickets/0/stages/abc": fixed(404, `{"status":"error","message":"no","correlationId":"c","category":"OBJECT_NOT_FOUND"}`),
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := newTestClient(t, ts, Config{NoCoalescing: true})
	ctx := context.Background()
	for range 2 {
		if _, err := c.GetPipeline(ctx, "tickets", "0"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetPipelineStage(ctx, "tickets", "0", "1"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListPipelineStages(ctx, "tickets", "0"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListPipelines(ctx, "tickets"); err != nil {
			t.Fatal(err)
		}
	}
	for path, want := range map[string]int{
		"/crm/v3/pipelines/tickets": 2, "/crm/v3/pipelines/tickets/0": 2,
		"/crm/v3/pipelines/tickets/0/stages/1": 2, "/crm/v3/pipelines/tickets/0/stages": 2,
	} {
		if n := srv.count(path); n != want {
			t.Fatalf("GET %s: %d requests, want %d", path, n, want)
		}
	}
}

func TestArchivedEntriesInTheListAreAskedForByID(t *testing.T) {
	list := `{"results":[{"id":"7","label":"Old","displayOrder":0,"archived":true,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z","stages":[]},
	 {"id":"8","label":"Live","displayOrder":1,"archived":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z",
	  "stages":[{"id":"81","label":"Gone","displayOrder":0,"metadata":{"ticketState":"OPEN"},"archived":true,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}]}]}`
	notFound := `{"status":"error","message":"not found","correlationId":"c","category":"OBJECT_NOT_FOUND"}`
	srv := &pipelineServer{answers: map[string]func(http.ResponseWriter, []byte){
		"GET /crm/v3/pipelines/tickets":             fixed(200, list),
		"GET /crm/v3/pipelines/tickets/7":           fixed(404, notFound),
		"GET /crm/v3/pipelines/tickets/8/stages/81": fixed(404, notFound),
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := newTestClient(t, ts, Config{})
	ctx := context.Background()
	if p, err := c.GetPipeline(ctx, "tickets", "7"); !IsNotFound(err) {
		t.Fatalf("archived pipeline: %+v, %v; want HubSpot's not found", p, err)
	}
	if s, err := c.GetPipelineStage(ctx, "tickets", "8", "81"); !IsNotFound(err) {
		t.Fatalf("archived stage: %+v, %v; want HubSpot's not found", s, err)
	}
	if srv.count("/crm/v3/pipelines/tickets/7") != 1 || srv.count("/crm/v3/pipelines/tickets/8/stages/81") != 1 {
		t.Fatalf("requests = %+v", srv.requests)
	}
}
