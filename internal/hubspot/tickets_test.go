package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// batchReadServer fakes POST /crm/v3/objects/tickets/batch/read: ids starting with "missing"
// are reported in a 207 OBJECT_NOT_FOUND error, the others come back with a value for every
// requested property (or subject and content for the default set). Its search reports an
// account of a million tickets, far too many to be listed for a run's reads.
type batchReadServer struct {
	mu       sync.Mutex
	batches  [][]string // ids per batch request
	props    [][]string // properties per batch request
	gets     []string   // paths of single GETs
	searches int
}

func (s *batchReadServer) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/crm/v3/objects/tickets/batch/read":
			var in struct {
				Inputs []struct {
					ID string `json:"id"`
				} `json:"inputs"`
				Properties []string `json:"properties"`
			}
			if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
				t.Errorf("batch read body: %v", err)
			}
			var ids, missing []string
			results := []map[string]any{}
			for _, i := range in.Inputs {
				ids = append(ids, i.ID)
				if strings.HasPrefix(i.ID, "missing") {
					missing = append(missing, i.ID)
					continue
				}
				p := map[string]any{"hs_object_id": i.ID, "createdate": "2026-01-02T03:04:05.000Z", "hs_lastmodifieddate": "2026-01-02T03:04:05.000Z"}
				names := in.Properties
				if len(names) == 0 {
					names = []string{"subject", "content"}
				}
				for _, n := range names {
					p[n] = n + "-of-" + i.ID
				}
				results = append(results, map[string]any{"id": i.ID, "properties": p, "createdAt": "2026-01-02T03:04:05.000Z", "updatedAt": "2026-01-02T03:04:05.000Z", "archived": false})
			}
			s.mu.Lock()
			s.batches = append(s.batches, ids)
			s.props = append(s.props, in.Properties)
			s.mu.Unlock()
			body := map[string]any{"status": "COMPLETE", "results": results, "startedAt": "2026-01-02T03:04:05.000Z", "completedAt": "2026-01-02T03:04:05.000Z"}
			status := 200
			if len(missing) > 0 {
				status = 207
				body["numErrors"] = 1
				body["errors"] = []any{map[string]any{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Could not get some TICKET objects, they may be deleted or not exist. Check that ids are valid.",
					"context": map[string]any{"ids": missing}, "errors": []any{}, "links": map[string]any{}}}
			}
			data, _ := json.Marshal(body)
			writeJSON(w, status, string(data))
		case r.Method == "POST" && r.URL.Path == "/crm/v3/objects/tickets/search":
			s.mu.Lock()
			s.searches++
			s.mu.Unlock()
			writeJSON(w, 200, `{"total":1000000,"results":[{"id":"1","properties":{},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}],"paging":{"next":{"after":"1"}}}`)
		case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/crm/v3/objects/tickets/"):
			s.mu.Lock()
			s.gets = append(s.gets, r.URL.RequestURI())
			s.mu.Unlock()
			id := strings.TrimPrefix(r.URL.Path, "/crm/v3/objects/tickets/")
			if strings.HasPrefix(id, "missing") {
				writeJSON(w, 404, `{"status":"error","message":"resource not found","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
				return
			}
			writeJSON(w, 200, fmt.Sprintf(`{"id":%q,"properties":{"subject":"subject-of-%s","content":null},"createdAt":"2026-01-02T03:04:05.000Z","updatedAt":"2026-01-02T03:04:05.000Z","archived":false}`, id, id))
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(500)
		}
	}
}

func TestCreateTicketSendsPropertiesAndAssociations(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		body, _ := io.ReadAll(r.Body)
		want := `{"properties":{"hs_pipeline_stage":"1","subject":"Printer"},"associations":[{"to":{"id":"201"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":16}]}]}`
		if r.Method != "POST" || r.URL.Path != "/crm/v3/objects/tickets" || string(body) != want {
			t.Errorf("%s %s %s, want POST /crm/v3/objects/tickets %s", r.Method, r.URL.Path, body, want)
		}
		if calls == 1 {
			writeJSON(w, 503, `{"status":"error","message":"unavailable","correlationId":"c","category":"INTERNAL"}`)
			return
		}
		writeJSON(w, 201, `{"id":"9","properties":{"subject":"Printer","hs_pipeline":"0","content":null},"createdAt":"2026-01-02T03:04:05.123Z","updatedAt":"2026-01-02T03:04:05.123Z","archived":false}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	in := TicketInput{
		Properties:   map[string]string{"subject": "Printer", "hs_pipeline_stage": "1"},
		Associations: []AssociationInput{{ToID: "201", Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}}},
	}
	// A create is never repeated after a server error: HubSpot may have made the ticket.
	if _, err := c.CreateObject(context.Background(), TicketObjectType, in); err == nil || calls != 1 {
		t.Fatalf("create after 503: err %v, %d calls", err, calls)
	}
	tk, err := c.CreateObject(context.Background(), TicketObjectType, in)
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID != "9" || !reflect.DeepEqual(tk.Properties, map[string]string{"subject": "Printer", "hs_pipeline": "0"}) || tk.CreatedAt.Nanosecond() != 123000000 {
		t.Errorf("ticket = %+v", tk)
	}
}

func TestUpdateAndArchiveTicket(t *testing.T) {
	stub, srv := newStub(t, map[string]answer{
		"PATCH /crm/v3/objects/tickets/5":  fixed(200, `{"id":"5","properties":{"hs_ticket_priority":"LOW"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:06Z","archived":false}`),
		"DELETE /crm/v3/objects/tickets/5": noContent,
	})
	stub.failOnce("DELETE /crm/v3/objects/tickets/5")
	c := newTestClient(t, srv, Config{})
	tk, err := c.UpdateObject(context.Background(), TicketObjectType, "5", map[string]string{"hs_ticket_priority": "LOW", "content": ""})
	if err != nil || tk.Properties["hs_ticket_priority"] != "LOW" {
		t.Fatalf("update = %v, %v", tk, err)
	}
	if err := c.ArchiveObject(context.Background(), TicketObjectType, "5"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`PATCH /crm/v3/objects/tickets/5 {"properties":{"content":"","hs_ticket_priority":"LOW"}}`,
		"DELETE /crm/v3/objects/tickets/5 ",
		"DELETE /crm/v3/objects/tickets/5 ",
	}
	if seen := stub.log(); !reflect.DeepEqual(seen, want) {
		t.Errorf("requests = %q, want %q (archive is retried)", seen, want)
	}
}

func TestBatchTicketCallsChunkBy100(t *testing.T) {
	var mu sync.Mutex
	sizes := map[string][]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Inputs []map[string]any `json:"inputs"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		mu.Lock()
		sizes[r.URL.Path] = append(sizes[r.URL.Path], len(in.Inputs))
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/archive") {
			w.WriteHeader(204)
			return
		}
		var results []string
		for i := range in.Inputs {
			results = append(results, fmt.Sprintf(`{"id":"%d","properties":{},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}`, i))
		}
		writeJSON(w, 201, `{"status":"COMPLETE","results":[`+strings.Join(results, ",")+`],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	in := make([]TicketInput, 250)
	for i := range in {
		in[i] = TicketInput{Properties: map[string]string{"subject": fmt.Sprint(i), "hs_pipeline_stage": "1"}}
	}
	created, err := c.BatchCreateObjects(context.Background(), TicketObjectType, in)
	if err != nil || len(created) != 250 {
		t.Fatalf("created %d, %v", len(created), err)
	}
	updates := make([]ObjectUpdate, 101)
	for i := range updates {
		updates[i] = ObjectUpdate{ID: fmt.Sprint(i), Properties: map[string]string{"subject": "x"}}
	}
	if _, err := c.BatchUpdateObjects(context.Background(), TicketObjectType, updates); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	if err := c.BatchArchiveObjects(context.Background(), TicketObjectType, ids); err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{
		"/crm/v3/objects/tickets/batch/create":  {100, 100, 50},
		"/crm/v3/objects/tickets/batch/update":  {100, 1},
		"/crm/v3/objects/tickets/batch/archive": {100, 100},
	}
	if !reflect.DeepEqual(sizes, want) {
		t.Errorf("batch sizes = %v, want %v", sizes, want)
	}
}

func TestBatchReadTicketsReportsMissingIDs(t *testing.T) {
	fake := &batchReadServer{}
	srv := httptest.NewServer(fake.handler(t))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	ids := []string{"1", "missing-a"}
	for i := 2; i <= 120; i++ {
		ids = append(ids, fmt.Sprint(i))
	}
	ids = append(ids, "missing-b")
	found, err := c.BatchReadObjects(context.Background(), TicketObjectType, ids, []string{"subject"})
	var partial *PartialError
	if !errors.As(err, &partial) || !reflect.DeepEqual(missingIDs(partial), []string{"missing-a", "missing-b"}) {
		t.Fatalf("err = %v, want the two missing ids", err)
	}
	if len(found) != 120 || len(fake.batches) != 2 {
		t.Errorf("found %d in %d requests", len(found), len(fake.batches))
	}
}

func TestListTicketsFollowsPaging(t *testing.T) {
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, `{"results":[{"id":"1","properties":{"subject":"a"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}],"paging":{"next":{"after":"2","link":"x"}}}`)
			return
		}
		writeJSON(w, 200, `{"results":[{"id":"2","properties":{"subject":"b"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}]}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	got, err := c.ListObjects(context.Background(), TicketObjectType, ListOptions{Properties: []string{"subject"}})
	if err != nil || len(got) != 2 || got[1].Properties["subject"] != "b" {
		t.Fatalf("list = %v, %v", got, err)
	}
	want := []string{"limit=100&properties=subject", "after=2&limit=100&properties=subject"}
	if !reflect.DeepEqual(queries, want) {
		t.Errorf("queries = %v, want %v", queries, want)
	}
}

func TestSearchTicketsPagesUpToTheLimit(t *testing.T) {
	const matching = 450
	var bodies []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]any
		_ = json.NewDecoder(r.Body).Decode(&in)
		bodies = append(bodies, in)
		offset := 0
		if a, ok := in["after"].(string); ok {
			if _, err := fmt.Sscan(a, &offset); err != nil {
				t.Error(err)
			}
		}
		end := min(offset+int(in["limit"].(float64)), matching)
		var results []string
		for i := offset; i < end; i++ {
			results = append(results, fmt.Sprintf(`{"id":"%d","properties":{},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}`, i))
		}
		paging := ""
		if end < matching {
			paging = fmt.Sprintf(`,"paging":{"next":{"after":"%d"}}`, end)
		}
		writeJSON(w, 200, fmt.Sprintf(`{"total":%d,"results":[%s]%s}`, matching, strings.Join(results, ","), paging))
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	req := SearchRequest{
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "hs_pipeline", Operator: OpEQ, Value: "0"}}}},
		Sort:         &Sort{PropertyName: "createdate", Descending: true},
		Properties:   []string{"subject"},
		Limit:        250,
	}
	res, err := c.SearchObjects(context.Background(), TicketObjectType, req)
	if err != nil || res.Total != matching || len(res.Objects) != 250 || res.Objects[249].ID != "249" {
		t.Fatalf("search = %+v, %v", res, err)
	}
	if len(bodies) != 2 || bodies[0]["limit"] != float64(200) || bodies[1]["limit"] != float64(50) || bodies[1]["after"] != "200" {
		t.Errorf("requests = %v", bodies)
	}
	if fmt.Sprint(bodies[0]["sorts"]) != "[-createdate]" || fmt.Sprint(bodies[0]["filterGroups"]) != "[map[filters:[map[operator:EQ propertyName:hs_pipeline value:0]]]]" {
		t.Errorf("first body = %v", bodies[0])
	}
	bodies = nil
	res, err = c.SearchObjects(context.Background(), TicketObjectType, SearchRequest{})
	if err != nil || len(res.Objects) != matching || len(bodies) != 3 {
		t.Errorf("unlimited search: %d tickets in %d requests, %v", len(res.Objects), len(bodies), err)
	}
}

func TestSearchRequestLimitsAreCheckedBeforeSending(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s", r.URL)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	f := Filter{PropertyName: "subject", Operator: OpEQ, Value: "x"}
	seven := FilterGroup{Filters: []Filter{f, f, f, f, f, f, f}}
	six := FilterGroup{Filters: []Filter{f, f, f, f, f, f}}
	one := FilterGroup{Filters: []Filter{f}}
	for _, r := range []SearchRequest{
		{FilterGroups: []FilterGroup{one, one, one, one, one, one}},
		{FilterGroups: []FilterGroup{seven}},
		{FilterGroups: []FilterGroup{six, six, six, one}},
		{Query: strings.Repeat("q", 3001)},
		{Limit: 10001},
	} {
		if _, err := c.SearchObjects(context.Background(), TicketObjectType, r); err == nil {
			t.Errorf("%+v was accepted", r)
		}
	}
}

// missingIDs lists the ids a batch answer reported as not found.
func missingIDs(e *PartialError) []string {
	var ids []string
	for _, be := range e.Errors {
		if be.Category == "OBJECT_NOT_FOUND" {
			ids = append(ids, be.IDs()...)
		}
	}
	return ids
}
