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
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
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

// joined waits until the coalescer's open batch holds n ids and returns it.
func joined[R any](t *testing.T, co *coalescer[R], n int) *batchCall[R] {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		co.mu.Lock()
		b := co.open
		ok := b != nil && len(b.ids) >= n
		co.mu.Unlock()
		if ok {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d reads never joined one batch", n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestGetTicketCoalescesConcurrentReadsIntoOneBatch(t *testing.T) {
	fake := &batchReadServer{}
	srv := httptest.NewServer(fake.handler(t))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	// Only a full batch (100 ids) sends the request, so the test does not depend on timing.
	c.coalesceWindow = time.Hour

	type result struct {
		ticket *Ticket
		err    error
	}
	results := make([]result, MaxBatchInputs)
	ids := make([]string, MaxBatchInputs)
	var wg sync.WaitGroup
	for i := range results {
		ids[i] = fmt.Sprint(i + 1)
		if i%25 == 0 {
			ids[i] = fmt.Sprint("missing", i)
		}
		props := []string{"subject"}
		if i%2 == 1 {
			props = []string{"subject", "hs_ticket_priority"}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := c.GetTicket(context.Background(), ids[i], props)
			results[i] = result{tk, err}
		}()
	}
	wg.Wait()

	if len(fake.batches) != 1 || len(fake.batches[0]) != MaxBatchInputs || len(fake.gets) != 0 {
		t.Fatalf("requests: %d batches (sizes %v), %d GETs; want one batch of 100", len(fake.batches), len(fake.batches), len(fake.gets))
	}
	if want := []string{"hs_ticket_priority", "subject"}; !reflect.DeepEqual(fake.props[0], want) {
		t.Errorf("batch asked for %v, want the union %v", fake.props[0], want)
	}
	for i, r := range results {
		id := ids[i]
		if strings.HasPrefix(id, "missing") {
			var apiErr *Error
			if !IsNotFound(r.err) || !errors.As(r.err, &apiErr) || !reflect.DeepEqual(apiErr.Context["ids"], []string{id}) {
				t.Errorf("%s: err = %v, want its own not-found error", id, r.err)
			}
			continue
		}
		if r.err != nil {
			t.Errorf("%s: %v", id, r.err)
			continue
		}
		want := map[string]string{"subject": "subject-of-" + id, "hs_object_id": id, "createdate": "2026-01-02T03:04:05.000Z", "hs_lastmodifieddate": "2026-01-02T03:04:05.000Z"}
		if i%2 == 1 {
			want["hs_ticket_priority"] = "hs_ticket_priority-of-" + id
		}
		if r.ticket.ID != id || !reflect.DeepEqual(r.ticket.Properties, want) {
			t.Errorf("%s: got %s %v, want %v", id, r.ticket.ID, r.ticket.Properties, want)
		}
		if !r.ticket.CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
			t.Errorf("%s: createdAt %v", id, r.ticket.CreatedAt)
		}
	}
}

func TestGetTicketDefaultAndNamedPropertiesBatchApart(t *testing.T) {
	fake := &batchReadServer{}
	srv := httptest.NewServer(fake.handler(t))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	r := c.objectReader(TicketObjectType)

	var wg sync.WaitGroup
	var deflt, named *Ticket
	var errD, errN error
	wg.Add(2)
	go func() { defer wg.Done(); deflt, errD = c.GetTicket(context.Background(), "7", nil) }()
	go func() { defer wg.Done(); named, errN = c.GetTicket(context.Background(), "7", []string{"content"}) }()
	r.defaults.flush(joined(t, r.defaults, 1))
	r.named.flush(joined(t, r.named, 1))
	wg.Wait()
	if errD != nil || errN != nil {
		t.Fatal(errD, errN)
	}
	sort.Slice(fake.props, func(i, j int) bool { return len(fake.props[i]) < len(fake.props[j]) })
	if len(fake.props) != 2 || len(fake.props[0]) != 0 || !reflect.DeepEqual(fake.props[1], []string{"content"}) {
		t.Errorf("batches asked for %v, want [] and [content]", fake.props)
	}
	if deflt.Properties["subject"] != "subject-of-7" || named.Properties["subject"] != "" || named.Properties["content"] != "content-of-7" {
		t.Errorf("default read %v, named read %v", deflt.Properties, named.Properties)
	}
	// Callers never share a map.
	deflt.Properties["subject"] = "changed"
	named.Properties["content"] = "changed"
	var again *Ticket
	done := make(chan struct{})
	go func() { again, _ = c.GetTicket(context.Background(), "7", nil); close(done) }()
	r.defaults.flush(joined(t, r.defaults, 1))
	<-done
	if again == nil || again.Properties["subject"] != "subject-of-7" {
		t.Errorf("a caller's change leaked into another read: %v", again)
	}
}

func TestGetTicketAloneIsSentAfterTheWindow(t *testing.T) {
	fake := &batchReadServer{}
	srv := httptest.NewServer(fake.handler(t))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	tk, err := c.GetTicket(context.Background(), "42", []string{"subject"})
	if err != nil || tk.Properties["subject"] != "subject-of-42" {
		t.Fatalf("GetTicket = %v, %v", tk, err)
	}
	if len(fake.batches) != 1 {
		t.Errorf("%d batch requests, want 1", len(fake.batches))
	}
}

func TestGetTicketCallerCancellationLeavesOthers(t *testing.T) {
	fake := &batchReadServer{}
	srv := httptest.NewServer(fake.handler(t))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	r := c.objectReader(TicketObjectType)

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := c.GetTicket(ctx, "1", []string{"subject"}); errc <- err }()
	joined(t, r.named, 1)
	var other *Ticket
	var otherErr error
	done := make(chan struct{})
	go func() { other, otherErr = c.GetTicket(context.Background(), "2", []string{"subject"}); close(done) }()
	b := joined(t, r.named, 2)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller got %v", err)
	}
	r.named.flush(b)
	<-done
	if otherErr != nil || other.Properties["subject"] != "subject-of-2" {
		t.Errorf("other caller: %v %v", other, otherErr)
	}
}

func TestGetTicketWithoutCoalescingIsOneGetEach(t *testing.T) {
	fake := &batchReadServer{}
	srv := httptest.NewServer(fake.handler(t))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{NoCoalescing: true})
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, id := range []string{"1", "2", "missing"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.GetTicket(context.Background(), id, []string{"subject", "content"})
		}()
	}
	wg.Wait()
	sort.Strings(fake.gets)
	want := []string{"/crm/v3/objects/tickets/1?properties=subject%2Ccontent", "/crm/v3/objects/tickets/2?properties=subject%2Ccontent", "/crm/v3/objects/tickets/missing?properties=subject%2Ccontent"}
	if !reflect.DeepEqual(fake.gets, want) || len(fake.batches) != 0 {
		t.Errorf("GETs %v, batches %v", fake.gets, fake.batches)
	}
	if errs[0] != nil || errs[1] != nil || !IsNotFound(errs[2]) {
		t.Errorf("errors = %v", errs)
	}
}

func TestGetTicketRefusedBatchFallsBackToSingleReads(t *testing.T) {
	var gets []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			writeJSON(w, 400, `{"status":"error","message":"Invalid input JSON","correlationId":"c","category":"VALIDATION_ERROR"}`)
			return
		}
		mu.Lock()
		gets = append(gets, r.URL.Path)
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/bad") {
			writeJSON(w, 404, `{"status":"error","message":"Object not found.  objectId are usually numeric.","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
			return
		}
		writeJSON(w, 200, `{"id":"1","properties":{"subject":"ok"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	r := c.objectReader(TicketObjectType)
	var wg sync.WaitGroup
	var good *Ticket
	var goodErr, badErr error
	wg.Add(2)
	go func() { defer wg.Done(); good, goodErr = c.GetTicket(context.Background(), "1", []string{"subject"}) }()
	go func() { defer wg.Done(); _, badErr = c.GetTicket(context.Background(), "bad", []string{"subject"}) }()
	r.named.flush(joined(t, r.named, 2))
	wg.Wait()
	if goodErr != nil || good.Properties["subject"] != "ok" || !IsNotFound(badErr) {
		t.Errorf("good = %v %v; bad = %v", good, goodErr, badErr)
	}
	if len(gets) != 2 {
		t.Errorf("single reads %v, want one per id", gets)
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
	c, _ := newTestClient(t, srv, Config{})
	in := TicketInput{
		Properties:   map[string]string{"subject": "Printer", "hs_pipeline_stage": "1"},
		Associations: []AssociationInput{{ToID: "201", Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}}},
	}
	// A create is never repeated after a server error: HubSpot may have made the ticket.
	if _, err := c.CreateTicket(context.Background(), in); err == nil || calls != 1 {
		t.Fatalf("create after 503: err %v, %d calls", err, calls)
	}
	tk, err := c.CreateTicket(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID != "9" || !reflect.DeepEqual(tk.Properties, map[string]string{"subject": "Printer", "hs_pipeline": "0"}) || tk.CreatedAt.Nanosecond() != 123000000 {
		t.Errorf("ticket = %+v", tk)
	}
}

func TestUpdateAndArchiveTicket(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path+" "+string(body))
		switch r.Method {
		case "PATCH":
			writeJSON(w, 200, `{"id":"5","properties":{"hs_ticket_priority":"LOW"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:06Z","archived":false}`)
		case "DELETE":
			if len(seen) == 2 {
				writeJSON(w, 502, `bad gateway`)
				return
			}
			w.WriteHeader(204)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	tk, err := c.UpdateTicket(context.Background(), "5", map[string]string{"hs_ticket_priority": "LOW", "content": ""})
	if err != nil || tk.Properties["hs_ticket_priority"] != "LOW" {
		t.Fatalf("update = %v, %v", tk, err)
	}
	if err := c.ArchiveTicket(context.Background(), "5"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`PATCH /crm/v3/objects/tickets/5 {"properties":{"content":"","hs_ticket_priority":"LOW"}}`,
		"DELETE /crm/v3/objects/tickets/5 ",
		"DELETE /crm/v3/objects/tickets/5 ",
	}
	if !reflect.DeepEqual(seen, want) {
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
	c, _ := newTestClient(t, srv, Config{})
	in := make([]TicketInput, 250)
	for i := range in {
		in[i] = TicketInput{Properties: map[string]string{"subject": fmt.Sprint(i), "hs_pipeline_stage": "1"}}
	}
	created, err := c.BatchCreateTickets(context.Background(), in)
	if err != nil || len(created) != 250 {
		t.Fatalf("created %d, %v", len(created), err)
	}
	updates := make([]ObjectUpdate, 101)
	for i := range updates {
		updates[i] = ObjectUpdate{ID: fmt.Sprint(i), Properties: map[string]string{"subject": "x"}}
	}
	if _, err := c.BatchUpdateTickets(context.Background(), updates); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = fmt.Sprint(i)
	}
	if err := c.BatchArchiveTickets(context.Background(), ids); err != nil {
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
	c, _ := newTestClient(t, srv, Config{})
	ids := []string{"1", "missing-a"}
	for i := 2; i <= 120; i++ {
		ids = append(ids, fmt.Sprint(i))
	}
	ids = append(ids, "missing-b")
	found, err := c.BatchReadTickets(context.Background(), ids, []string{"subject"})
	var partial *PartialError
	if !errors.As(err, &partial) || !reflect.DeepEqual(partial.MissingIDs(), []string{"missing-a", "missing-b"}) {
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
	c, _ := newTestClient(t, srv, Config{})
	got, err := c.ListTickets(context.Background(), ListOptions{Properties: []string{"subject"}})
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
	c, _ := newTestClient(t, srv, Config{})
	req := SearchRequest{
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "hs_pipeline", Operator: OpEQ, Value: "0"}}}},
		Sort:         &Sort{PropertyName: "createdate", Descending: true},
		Properties:   []string{"subject"},
		Limit:        250,
	}
	res, err := c.SearchTickets(context.Background(), req)
	if err != nil || res.Total != matching || len(res.Tickets) != 250 || res.Tickets[249].ID != "249" {
		t.Fatalf("search = %+v, %v", res, err)
	}
	if len(bodies) != 2 || bodies[0]["limit"] != float64(200) || bodies[1]["limit"] != float64(50) || bodies[1]["after"] != "200" {
		t.Errorf("requests = %v", bodies)
	}
	if fmt.Sprint(bodies[0]["sorts"]) != "[-createdate]" || fmt.Sprint(bodies[0]["filterGroups"]) != "[map[filters:[map[operator:EQ propertyName:hs_pipeline value:0]]]]" {
		t.Errorf("first body = %v", bodies[0])
	}
	bodies = nil
	res, err = c.SearchTickets(context.Background(), SearchRequest{})
	if err != nil || len(res.Tickets) != matching || len(bodies) != 3 {
		t.Errorf("unlimited search: %d tickets in %d requests, %v", len(res.Tickets), len(bodies), err)
	}
}

func TestSearchRequestLimitsAreCheckedBeforeSending(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s", r.URL)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
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
		if _, err := c.SearchTickets(context.Background(), r); err == nil {
			t.Errorf("%+v was accepted", r)
		}
	}
}

// writesJoined waits until the writer's open batch holds n writes and returns it.
func writesJoined[I, R any](t *testing.T, w *recordWriter[I, R], n int) *recordBatch[I, R] {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		w.mu.Lock()
		b := w.open
		ok := b != nil && b.live >= n
		w.mu.Unlock()
		if ok {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes never joined one batch", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// createTickets creates tickets with the given subjects at once, in one batch, and returns
// each caller's answer.
func createTickets(t *testing.T, c *Client, subjects ...string) ([]*Ticket, []error) {
	t.Helper()
	out, errs := make([]*Ticket, len(subjects)), make([]error, len(subjects))
	var wg sync.WaitGroup
	for i, s := range subjects {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = c.CreateTicket(context.Background(), TicketInput{Properties: map[string]string{"subject": s, "hs_pipeline_stage": "1"}})
		}()
	}
	w := c.recordCreator(TicketObjectType)
	w.flush(writesJoined(t, w, len(subjects)))
	wg.Wait()
	return out, errs
}

type createInputs struct {
	Inputs []struct {
		Properties map[string]string `json:"properties"`
		Trace      string            `json:"objectWriteTraceId"`
	} `json:"inputs"`
}

func createdRecord(id, subject, trace string) string {
	return fmt.Sprintf(`{"id":%q,"properties":{"subject":%q,"hs_pipeline":"0"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false,"objectWriteTraceId":%q}`, id, subject, trace)
}

func TestCreateTicketsShareABatchMatchedByTraceID(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		mu.Unlock()
		var in createInputs
		_ = json.NewDecoder(r.Body).Decode(&in)
		seen := map[string]bool{}
		var results []string
		// Answered in reverse order, ids given in that order: only the trace ids tell which is which.
		for i := len(in.Inputs) - 1; i >= 0; i-- {
			tr := in.Inputs[i].Trace
			if tr == "" || seen[tr] {
				t.Errorf("input %d has trace id %q; each input needs its own", i, tr)
			}
			seen[tr] = true
			results = append(results, createdRecord(fmt.Sprint(100+len(results)), in.Inputs[i].Properties["subject"], tr))
		}
		writeJSON(w, 201, `{"status":"COMPLETE","results":[`+strings.Join(results, ",")+`],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	subjects := []string{"a", "b", "c", "d"}
	got, errs := createTickets(t, c, subjects...)
	if want := []string{"POST /crm/v3/objects/tickets/batch/create"}; !reflect.DeepEqual(paths, want) {
		t.Fatalf("requests %v, want %v", paths, want)
	}
	ids := map[string]bool{}
	for i, s := range subjects {
		if errs[i] != nil || got[i].Properties["subject"] != s {
			t.Errorf("caller %q got %v, %v", s, got[i], errs[i])
			continue
		}
		ids[got[i].ID] = true
	}
	if len(ids) != len(subjects) {
		t.Errorf("callers share tickets: %v", ids)
	}
}

func TestCreateTicketBatchRefusedFallsBackToSingleCreates(t *testing.T) {
	var mu sync.Mutex
	batches, singles := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/crm/v3/objects/tickets/batch/create" {
			batches++
			writeJSON(w, 400, `{"status":"error","message":"Property values were not valid: inputs[1]","correlationId":"c","category":"VALIDATION_ERROR"}`)
			return
		}
		singles++
		var in struct {
			Properties map[string]string `json:"properties"`
			Trace      string            `json:"objectWriteTraceId"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		if s := in.Properties["subject"]; strings.HasPrefix(s, "bad") {
			writeJSON(w, 400, fmt.Sprintf(`{"status":"error","message":"Property values were not valid for %s","correlationId":"c","category":"VALIDATION_ERROR"}`, s))
			return
		}
		writeJSON(w, 201, createdRecord(fmt.Sprint(500+singles), in.Properties["subject"], ""))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	subjects := []string{"good1", "bad1", "good2", "bad2"}
	got, errs := createTickets(t, c, subjects...)
	if batches != 1 || singles != 4 {
		t.Errorf("%d batch creates and %d single creates, want 1 and then one each", batches, singles)
	}
	for i, s := range subjects {
		if strings.HasPrefix(s, "bad") {
			if !IsValidation(errs[i]) || !strings.Contains(errs[i].Error(), "not valid for "+s) {
				t.Errorf("%s: err = %v, want HubSpot's own error about it", s, errs[i])
			}
			continue
		}
		if errs[i] != nil || got[i].Properties["subject"] != s {
			t.Errorf("%s: %v, %v", s, got[i], errs[i])
		}
	}
}

func TestCreateTicketBatchServerErrorIsNotResent(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c","category":"INTERNAL_ERROR"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	subjects := []string{"Printer on fire", "Coffee machine"}
	_, errs := createTickets(t, c, subjects...)
	if want := []string{"/crm/v3/objects/tickets/batch/create"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("requests %v, want the batch create once and nothing else", paths)
	}
	for i, s := range subjects {
		var uncertain *UncertainRecordCreateError
		if !errors.As(errs[i], &uncertain) {
			t.Errorf("%s: err = %v, want an UncertainRecordCreateError", s, errs[i])
			continue
		}
		msg := errs[i].Error()
		for _, want := range []string{"may or may not have been created", "not sent again", fmt.Sprintf("subject %q", s), "import it"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: error %q does not say %q", s, msg, want)
			}
		}
		if e, ok := asError(errs[i]); !ok || e.StatusCode != 502 {
			t.Errorf("%s: the 502 is not kept in the error chain: %v", s, errs[i])
		}
	}
}

func TestCreateTicketBatchPartialAnswersEachInput(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in createInputs
		_ = json.NewDecoder(r.Body).Decode(&in)
		trace := map[string]string{}
		for _, i := range in.Inputs {
			trace[i.Properties["subject"]] = i.Trace
		}
		// "made" is created; HubSpot names "named" by its trace id; its error about "lost"
		// names no input.
		writeJSON(w, 207, `{"status":"COMPLETE","results":[`+createdRecord("900", "made", trace["made"])+`],"numErrors":2,"errors":[`+
			fmt.Sprintf(`{"status":"error","category":"VALIDATION_ERROR","message":"named is invalid","context":{"objectWriteTraceId":[%q]},"errors":[],"links":{}},`, trace["named"])+
			`{"status":"error","category":"VALIDATION_ERROR","message":"something else was invalid","context":{},"errors":[],"links":{}}]}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	got, errs := createTickets(t, c, "made", "named", "lost")
	if errs[0] != nil || got[0].ID != "900" {
		t.Errorf("made: %v, %v", got[0], errs[0])
	}
	if !IsValidation(errs[1]) || !strings.Contains(errs[1].Error(), "named is invalid") {
		t.Errorf("named: err = %v, want its own error", errs[1])
	}
	if !IsValidation(errs[2]) || !strings.Contains(errs[2].Error(), "did not create this ticket") || !strings.Contains(errs[2].Error(), "something else was invalid") {
		t.Errorf("lost: err = %v, want to hear it was not created, and why", errs[2])
	}
}

func TestCreateTicketLeftBeforeTheBatchIsSentIsNotCreated(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Properties map[string]string `json:"properties"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		mu.Lock()
		sent = append(sent, r.URL.Path+" "+in.Properties["subject"])
		mu.Unlock()
		writeJSON(w, 201, createdRecord("1", in.Properties["subject"], ""))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	w := c.recordCreator(TicketObjectType)

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.CreateTicket(ctx, TicketInput{Properties: map[string]string{"subject": "given up", "hs_pipeline_stage": "1"}})
		errc <- err
	}()
	writesJoined(t, w, 1)
	var kept *Ticket
	var keptErr error
	done := make(chan struct{})
	go func() {
		kept, keptErr = c.CreateTicket(context.Background(), TicketInput{Properties: map[string]string{"subject": "kept", "hs_pipeline_stage": "1"}})
		close(done)
	}()
	b := writesJoined(t, w, 2)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("the caller that gave up got %v", err)
	}
	w.flush(b)
	<-done
	if keptErr != nil || kept.Properties["subject"] != "kept" {
		t.Errorf("other caller: %v, %v", kept, keptErr)
	}
	// What is left is a batch of one, sent with the single endpoint.
	if want := []string{"/crm/v3/objects/tickets kept"}; !reflect.DeepEqual(sent, want) {
		t.Errorf("sent %v, want %v", sent, want)
	}
}

func TestUpdateTicketBatchAnswersEachCallerAndSerializesARecord(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		requests = append(requests, r.Method+" "+r.URL.Path+" "+string(body))
		mu.Unlock()
		if r.Method == "PATCH" {
			writeJSON(w, 200, `{"id":"1","properties":{"subject":"third"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}`)
			return
		}
		writeJSON(w, 207, `{"status":"COMPLETE","results":[`+
			`{"id":"2","properties":{"subject":"second"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false},`+
			`{"id":"1","properties":{"subject":"first"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}],`+
			`"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"Could not get some TICKET objects","context":{"ids":["404"]},"errors":[],"links":{}}]}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	w := c.recordUpdater(TicketObjectType)

	type answer struct {
		tk  *Ticket
		err error
	}
	update := func(id, subject string) chan answer {
		ch := make(chan answer, 1)
		go func() {
			tk, err := c.UpdateTicket(context.Background(), id, map[string]string{"subject": subject})
			ch <- answer{tk, err}
		}()
		return ch
	}
	first := update("1", "first")
	writesJoined(t, w, 1)
	second := update("2", "second")
	writesJoined(t, w, 2)
	missing := update("404", "nobody")
	b := writesJoined(t, w, 3)
	// A second update of ticket 1 waits for the batch that carries the first.
	third := update("1", "third")
	w.flush(b)
	for name, ch := range map[string]chan answer{"first": first, "second": second} {
		if a := <-ch; a.err != nil || a.tk.Properties["subject"] != name {
			t.Errorf("%s: %v, %v", name, a.tk, a.err)
		}
	}
	var apiErr *Error
	if a := <-missing; !IsNotFound(a.err) || !errors.As(a.err, &apiErr) || !reflect.DeepEqual(apiErr.Context["ids"], []string{"404"}) {
		t.Errorf("missing: err = %v, want its own not-found error", a.err)
	}
	w.flush(writesJoined(t, w, 1))
	if a := <-third; a.err != nil || a.tk.Properties["subject"] != "third" {
		t.Errorf("third: %v, %v", a.tk, a.err)
	}
	if len(requests) != 2 || !strings.HasPrefix(requests[0], "POST /crm/v3/objects/tickets/batch/update ") ||
		strings.Count(requests[0], `"id":"1"`) != 1 || requests[1] != `PATCH /crm/v3/objects/tickets/1 {"properties":{"subject":"third"}}` {
		t.Errorf("requests = %q, want the batch, then the second update of 1 on its own", requests)
	}
}

func TestArchiveTicketsShareABatch(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, r.Method+" "+r.URL.Path+" "+string(body))
		mu.Unlock()
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	w := c.recordArchiver(TicketObjectType)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, id := range []string{"7", "8", "9"} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = c.ArchiveTicket(context.Background(), id) }()
	}
	w.flush(writesJoined(t, w, 3))
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || errs[2] != nil {
		t.Errorf("errors %v", errs)
	}
	if len(bodies) != 1 || !strings.HasPrefix(bodies[0], "POST /crm/v3/objects/tickets/batch/archive ") ||
		!strings.Contains(bodies[0], `{"id":"7"}`) || !strings.Contains(bodies[0], `{"id":"8"}`) || !strings.Contains(bodies[0], `{"id":"9"}`) {
		t.Errorf("requests %q, want one batch archive of the three", bodies)
	}
}

func TestRecordWriterWaitsForAsManyWritesAsItsLastBatches(t *testing.T) {
	w := &recordWriter[string, struct{}]{window: 10 * time.Millisecond, max: MaxBatchInputs,
		single: func(context.Context, string) (struct{}, error) { return struct{}{}, nil },
		batch: func(_ context.Context, in []string) ([]struct{}, []error) {
			return make([]struct{}, len(in)), make([]error, len(in))
		}}
	batch := func(n int, opened time.Time) *recordBatch[string, struct{}] {
		b := &recordBatch[string, struct{}]{ctx: context.Background(), done: make(chan struct{}), opened: opened, last: opened}
		for i := range n {
			b.entries = append(b.entries, &recordEntry[string, struct{}]{key: fmt.Sprint(i)})
		}
		b.live = n
		return b
	}
	quietSince := time.Now().Add(-maxGather / 2)

	// A first batch goes once it is quiet, and sets what the next ones wait for.
	first := batch(4, quietSince)
	if d := w.gather(first); d != 0 {
		t.Errorf("first batch keeps gathering for %v", d)
	}
	w.flush(first)
	if w.expect != 4 {
		t.Fatalf("expect = %d after a batch of 4", w.expect)
	}
	if d := w.gather(batch(2, quietSince)); d <= 0 {
		t.Error("a batch of 2 went although the last one carried 4")
	}
	if d := w.gather(batch(4, quietSince)); d != 0 {
		t.Errorf("a batch of 4 keeps gathering for %v", d)
	}
	// After maxGather a batch goes with what it has, and the writer expects that many.
	late := batch(2, time.Now().Add(-2*maxGather))
	if d := w.gather(late); d != 0 {
		t.Errorf("a batch past maxGather keeps gathering for %v", d)
	}
	w.flush(late)
	if w.expect != 2 {
		t.Errorf("expect = %d after a batch of 2 that waited in vain, want 2", w.expect)
	}
}
