package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

// propServer records the requests it gets and answers each with the handler's reply.
type propServer struct {
	mu       sync.Mutex
	requests []string
	bodies   []string
}

func (s *propServer) record(r *http.Request) string {
	data, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	line := r.Method + " " + r.URL.Path
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	s.requests = append(s.requests, line)
	s.bodies = append(s.bodies, string(data))
	return string(data)
}

// reqList and bodyList return what was recorded so far, for tests whose requests come from
// several goroutines.
func (s *propServer) reqList() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *propServer) bodyList() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.bodies)
}

func (s *propServer) count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

const listBody = `{"results":[
 {"name":"subject","label":"Ticket name","type":"string","fieldType":"text","groupName":"ticketinformation","description":"","options":[],"hubspotDefined":true,
  "modificationMetadata":{"archivable":false,"readOnlyDefinition":true,"readOnlyValue":false}},
 {"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"support","description":"d","displayOrder":-1,
  "options":[{"label":"Gold","value":"gold","displayOrder":1,"hidden":false},{"label":"Later","value":"later","displayOrder":-1,"hidden":true},{"label":"Silver","value":"silver","displayOrder":0,"hidden":false}],
  "createdAt":"2026-01-02T03:04:05.678Z","dataSensitivity":"non_sensitive"}]}`

func TestListPropertiesIsSharedUntilAWrite(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		switch {
		case r.Method == "GET" && r.URL.Path == "/crm/v3/properties/tickets":
			writeJSON(w, 200, listBody)
		case r.Method == "GET" && r.URL.Path == "/crm/v3/properties/tickets/fresh":
			writeJSON(w, 200, `{"name":"fresh","label":"Fresh","type":"string","fieldType":"text","groupName":"support","description":"","options":[]}`)
		case r.Method == "GET":
			writeJSON(w, 404, `{"status":"error","message":"Property \"x\" does not exist","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
		case r.Method == "POST":
			writeJSON(w, 201, `{"name":"new_one","label":"New","type":"string","fieldType":"text","groupName":"support","description":"","options":[]}`)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	ctx := context.Background()

	for range 3 {
		list, err := c.ListProperties(ctx, "tickets")
		if err != nil || len(list) != 2 {
			t.Fatalf("list = %v, %v", list, err)
		}
	}
	p, err := c.GetProperty(ctx, "0-5", "tier")
	if err != nil || p.Label != "Tier" || p.CreatedAt == nil || p.CreatedAt.Year() != 2026 {
		t.Fatalf("tier = %+v, %v", p, err)
	}
	if n := s.count("GET /crm/v3/properties/tickets"); n != 1 {
		t.Fatalf("%d list requests, want 1 (requests %v)", n, s.requests)
	}
	// Values from the cache are copies: changing one leaves the cache alone.
	p.Options[0].Label = "changed"
	again, _ := c.GetProperty(ctx, "tickets", "tier")
	if again.Options[0].Label != "Gold" {
		t.Fatal("a caller's change reached the cache")
	}
	// Absent from the list: asked for by name.
	if p, err := c.GetProperty(ctx, "tickets", "fresh"); err != nil || p.Name != "fresh" {
		t.Fatalf("fresh = %+v, %v", p, err)
	}
	if _, err := c.GetProperty(ctx, "tickets", "gone"); !IsNotFound(err) {
		t.Fatalf("gone: %v", err)
	}
	if _, err := c.CreateProperty(ctx, "ticket", PropertyCreate{Name: "new_one", Label: "New", Type: "string", FieldType: "text", GroupName: "support"}); err != nil {
		t.Fatal(err)
	}
	// The create's result is added to the cached list: the next list needs no request and
	// holds the new property.
	after, err := c.ListProperties(ctx, "tickets")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(after, func(p Property) bool { return p.Name == "new_one" }) || len(after) != 3 {
		t.Fatalf("list after the create = %v", after)
	}
	if n := s.count("GET /crm/v3/properties/tickets?"); n != 0 {
		t.Fatalf("non-sensitive lists must not send dataSensitivity: %v", s.requests)
	}
	if n := s.count("GET /crm/v3/properties/tickets"); n != 3 {
		// list, fresh, gone; none after the create
		t.Fatalf("requests %v", s.requests)
	}
}

func TestPropertySortedOptions(t *testing.T) {
	var out struct{ Results []Property }
	if err := json.Unmarshal([]byte(listBody), &out); err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, o := range out.Results[1].SortedOptions() {
		values = append(values, o.Value)
	}
	if strings.Join(values, ",") != "silver,gold,later" {
		t.Fatalf("sorted = %v", values)
	}
	if out.Results[1].Sensitivity() != DataSensitivityNonSensitive || out.Results[0].Sensitivity() != DataSensitivityNonSensitive {
		t.Fatal("sensitivity")
	}
}

func TestFindPropertyTriesEachSensitivity(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		level := r.URL.Query().Get("dataSensitivity")
		switch {
		case r.URL.Path == "/crm/v3/properties/tickets" && level == "sensitive":
			writeJSON(w, 200, `{"results":[{"name":"ssn","label":"SSN","type":"string","fieldType":"text","groupName":"g","description":"","options":[],"dataSensitivity":"sensitive"}]}`)
		case r.URL.Path == "/crm/v3/properties/tickets":
			writeJSON(w, 200, `{"results":[]}`)
		default:
			writeJSON(w, 404, `{"status":"error","message":"not found","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	p, err := c.FindProperty(context.Background(), "tickets", "ssn")
	if err != nil || p.DataSensitivity != "sensitive" {
		t.Fatalf("ssn = %+v, %v", p, err)
	}
	if _, err := c.FindProperty(context.Background(), "tickets", "nope"); !IsNotFound(err) {
		t.Fatalf("nope: %v", err)
	}
	if s.count("GET /crm/v3/properties/tickets?dataSensitivity=highly_sensitive") != 1 {
		t.Fatalf("requests %v", s.requests)
	}
}

func TestPropertyWriteBodies(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		switch r.Method {
		case "POST":
			writeJSON(w, 201, `{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"g","description":"","options":[]}`)
		case "PATCH":
			writeJSON(w, 200, `{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"g","description":"","options":[]}`)
		case "DELETE":
			w.WriteHeader(204)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	ctx := context.Background()
	order := 3
	_, err := c.CreateProperty(ctx, "tickets", PropertyCreate{
		Name: "tier", Label: "Tier", Type: "enumeration", FieldType: "select", GroupName: "g", DisplayOrder: &order,
		Options: []PropertyOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver", DisplayOrder: 1, Hidden: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"g","displayOrder":3,"hidden":false,"formField":false,` +
		`"options":[{"label":"Gold","value":"gold","description":"","displayOrder":0,"hidden":false},{"label":"Silver","value":"silver","description":"","displayOrder":1,"hidden":true}]}`
	if s.bodies[0] != want {
		t.Fatalf("create body\n got %s\nwant %s", s.bodies[0], want)
	}

	label := "Support tier"
	opts := []PropertyOption{{Label: "Bronze", Value: "bronze"}}
	if _, err := c.UpdateProperty(ctx, "tickets", "tier", PropertyUpdate{Label: &label, Options: &opts}); err != nil {
		t.Fatal(err)
	}
	if want := `{"label":"Support tier","options":[{"label":"Bronze","value":"bronze","description":"","displayOrder":0,"hidden":false}]}`; s.bodies[1] != want {
		t.Fatalf("patch body\n got %s\nwant %s", s.bodies[1], want)
	}
	if err := c.ArchiveProperty(ctx, "tickets", "tier"); err != nil {
		t.Fatal(err)
	}
	if err := c.BatchArchiveProperties(ctx, "tickets", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if want := `{"inputs":[{"name":"a"},{"name":"b"}]}`; s.bodies[3] != want {
		t.Fatalf("batch archive body %s", s.bodies[3])
	}
	wantReqs := []string{"POST /crm/v3/properties/tickets", "PATCH /crm/v3/properties/tickets/tier", "DELETE /crm/v3/properties/tickets/tier", "POST /crm/v3/properties/tickets/batch/archive"}
	if strings.Join(s.requests, "|") != strings.Join(wantReqs, "|") {
		t.Fatalf("requests %v", s.requests)
	}
}

func TestPropertyCreateIsNotRetriedButArchiveIs(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls[r.Method]++
		n := calls[r.Method]
		mu.Unlock()
		if n == 1 {
			writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c","category":"INTERNAL_ERROR"}`)
			return
		}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	if _, err := c.CreateProperty(context.Background(), "tickets", PropertyCreate{Name: "x"}); err == nil {
		t.Fatal("create after a 502 succeeded")
	}
	if err := c.ArchiveProperty(context.Background(), "tickets", "x"); err != nil {
		t.Fatal(err)
	}
	if calls["POST"] != 1 || calls["DELETE"] != 2 {
		t.Fatalf("calls = %v", calls)
	}
}

func TestBatchPropertiesPartial(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		if strings.HasSuffix(r.URL.Path, "/batch/read") {
			writeJSON(w, 207, `{"status":"COMPLETE","results":[{"name":"a","label":"A","type":"string","fieldType":"text","groupName":"g","description":"","options":[]}],
				"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"Could not find properties: b","context":{"names":["b"]},"errors":[],"links":{}}],
				"startedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:00Z"}`)
			return
		}
		writeJSON(w, 201, `{"status":"COMPLETE","results":[{"name":"a","label":"A","type":"string","fieldType":"text","groupName":"g","description":"","options":[]}],"startedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:00Z"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	got, err := c.BatchReadProperties(context.Background(), "tickets", []string{"a", "b"}, false)
	var partial *PartialError
	if !errors.As(err, &partial) || len(got) != 1 || partial.Errors[0].Context["names"][0] != "b" {
		t.Fatalf("batch read = %v, %v", got, err)
	}
	if want := `{"archived":false,"dataSensitivity":"non_sensitive","inputs":[{"name":"a"},{"name":"b"}]}`; s.bodies[0] != want {
		t.Fatalf("batch read body %s", s.bodies[0])
	}
	created, err := c.BatchCreateProperties(context.Background(), "tickets", []PropertyCreate{{Name: "a", Label: "A", Type: "string", FieldType: "text", GroupName: "g"}})
	if err != nil || len(created) != 1 {
		t.Fatalf("batch create = %v, %v", created, err)
	}
}

func TestPropertyGroupsCacheAndActivePropertiesError(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		switch {
		case r.Method == "GET" && r.URL.Path == "/crm/v3/properties/tickets/groups":
			writeJSON(w, 200, `{"results":[{"name":"ticketinformation","label":"Ticket information","displayOrder":0,"archived":false}]}`)
		case r.Method == "GET":
			writeJSON(w, 404, `{"status":"error","message":"Property group \"x\" does not exist","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
		case r.Method == "POST":
			writeJSON(w, 201, `{"name":"support","label":"Support","displayOrder":-1,"archived":false}`)
		case r.Method == "PATCH":
			writeJSON(w, 200, `{"name":"support","label":"Help","displayOrder":2,"archived":false}`)
		case r.Method == "DELETE":
			writeJSON(w, 400, `{"status":"error","message":"Can't delete or purge a group with active properties","correlationId":"c","category":"VALIDATION_ERROR","subCategory":"PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES"}`)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	ctx := context.Background()
	for range 2 {
		if g, err := c.GetPropertyGroup(ctx, "tickets", "ticketinformation"); err != nil || g.Label != "Ticket information" {
			t.Fatalf("group = %+v, %v", g, err)
		}
	}
	if _, err := c.GetPropertyGroup(ctx, "tickets", "nope"); !IsNotFound(err) {
		t.Fatalf("nope: %v", err)
	}
	if g, err := c.CreatePropertyGroup(ctx, "tickets", PropertyGroupCreate{Name: "support", Label: "Support"}); err != nil || g.DisplayOrder != -1 {
		t.Fatalf("create = %+v, %v", g, err)
	}
	label, order := "Help", 2
	if g, err := c.UpdatePropertyGroup(ctx, "tickets", "support", PropertyGroupUpdate{Label: &label, DisplayOrder: &order}); err != nil || g.Label != "Help" {
		t.Fatalf("update = %+v, %v", g, err)
	}
	err := c.ArchivePropertyGroup(ctx, "tickets", "support")
	if !IsGroupWithActiveProperties(err) || !IsValidation(err) {
		t.Fatalf("archive: %v", err)
	}
	if _, err := c.ListPropertyGroups(ctx, "tickets"); err != nil {
		t.Fatal(err)
	}
	if n := s.count("GET /crm/v3/properties/tickets/groups"); n != 3 {
		// the first list, the 404 for "nope", and the list after the writes
		t.Fatalf("requests %v", s.requests)
	}
	if s.bodies[2] != `{"name":"support","label":"Support"}` || s.bodies[3] != `{"label":"Help","displayOrder":2}` {
		t.Fatalf("bodies %q", s.bodies)
	}
}

func TestPropertyReadsWithoutCoalescing(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		writeJSON(w, 200, `{"name":"tier","label":"Tier","type":"string","fieldType":"text","groupName":"g","description":"","options":[]}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{NoCoalescing: true})
	for range 2 {
		if _, err := c.GetProperty(context.Background(), "tickets", "tier"); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(s.requests, "|") != "GET /crm/v3/properties/tickets/tier|GET /crm/v3/properties/tickets/tier" {
		t.Fatalf("requests %v", s.requests)
	}
}

func TestValidPropertyFieldType(t *testing.T) {
	for _, c := range []struct {
		typ, ft string
		ok      bool
	}{{"bool", "booleancheckbox", true}, {"enumeration", "checkbox", true}, {"datetime", "date", true}, {"phone_number", "phonenumber", true},
		{"string", "html", true}, {"number", "text", false}, {"date", "datetime", false}, {"bool", "select", false}} {
		if ValidPropertyFieldType(c.typ, c.ft) != c.ok {
			t.Errorf("%s/%s: want %v", c.typ, c.ft, c.ok)
		}
	}
}

// gathered waits until the writer's open batch holds n writes and returns it; flushing it by
// hand keeps the tests free of timing.
func gathered[I, R any](t *testing.T, w *recordWriter[I, R], n int) *recordBatch[I, R] {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		w.mu.Lock()
		b := w.open
		ok := b != nil && b.live == n
		w.mu.Unlock()
		if ok {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes never gathered in one batch", n)
		}
		time.Sleep(time.Millisecond)
	}
}

func propJSON(name, label string) string {
	return fmt.Sprintf(`{"name":%q,"label":%q,"type":"string","fieldType":"text","groupName":"g","description":"","options":[]}`, name, label)
}

// batchInputs decodes the names of a batch body's inputs.
func batchInputs(t *testing.T, body string) []string {
	t.Helper()
	var in struct {
		Inputs []struct {
			Name string `json:"name"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Errorf("batch body %s: %v", body, err)
	}
	names := make([]string, len(in.Inputs))
	for i, p := range in.Inputs {
		names[i] = p.Name
	}
	sort.Strings(names)
	return names
}

type createResult struct {
	p   *Property
	err error
}

// createConcurrently starts one CreateProperty per name (label "Label <name>"), waits until
// they have gathered in one batch, sends it and returns each caller's result by name.
func createConcurrently(t *testing.T, c *Client, names ...string) map[string]createResult {
	t.Helper()
	var mu sync.Mutex
	out := map[string]createResult{}
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.CreateProperty(context.Background(), "tickets", PropertyCreate{Name: n, Label: "Label " + n, Type: "string", FieldType: "text", GroupName: "g"})
			mu.Lock()
			out[n] = createResult{p, err}
			mu.Unlock()
		}()
	}
	w := c.propertyCreator("tickets")
	w.flush(gathered(t, w, len(names)))
	wg.Wait()
	return out
}

func TestCreatePropertyCoalescesConcurrentCreates(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := s.record(r)
		switch {
		case r.Method == "GET" && r.URL.Path == "/crm/v3/properties/tickets":
			writeJSON(w, 200, `{"results":[]}`)
		case r.Method == "POST" && r.URL.Path == "/crm/v3/properties/tickets/batch/create":
			// Answer in reverse order with the label each input asked for, so that only
			// matching by name gives each caller its own property.
			var in struct{ Inputs []PropertyCreate }
			_ = json.Unmarshal([]byte(body), &in)
			var results []string
			for i := len(in.Inputs) - 1; i >= 0; i-- {
				results = append(results, propJSON(in.Inputs[i].Name, in.Inputs[i].Label))
			}
			writeJSON(w, 201, `{"status":"COMPLETE","results":[`+strings.Join(results, ",")+`],"startedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:00Z"}`)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	if _, err := c.ListProperties(context.Background(), "tickets"); err != nil {
		t.Fatal(err)
	}

	names := []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7"}
	got := createConcurrently(t, c, names...)
	for _, n := range names {
		if r := got[n]; r.err != nil || r.p == nil || r.p.Name != n || r.p.Label != "Label "+n {
			t.Errorf("create %s = %+v, %v", n, r.p, r.err)
		}
	}
	if n := s.count("POST "); n != 1 {
		t.Fatalf("%d POSTs for %d creates: %v", n, len(names), s.reqList())
	}
	if in := batchInputs(t, s.bodyList()[1]); strings.Join(in, ",") != strings.Join(names, ",") {
		t.Fatalf("batch inputs %v", in)
	}
	// The batch's results were added to the cached list: the next read needs no request and
	// sees every new property.
	after, err := c.ListProperties(context.Background(), "tickets")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(names) {
		t.Fatalf("list after the batch = %v", after)
	}
	if n := s.count("GET /crm/v3/properties/tickets"); n != 1 {
		t.Fatalf("%d list requests, want 1 (before the batch only)", n)
	}
}

func TestCreatePropertyBatchGivesEachCallerItsOwnError(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		if r.URL.Path != "/crm/v3/properties/tickets/batch/create" {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(500)
			return
		}
		// "lost" has neither a result nor an error.
		writeJSON(w, 207, `{"status":"COMPLETE","results":[`+propJSON("ok1", "Label ok1")+`,`+propJSON("ok2", "Label ok2")+`],"numErrors":2,"errors":[
			{"status":"error","category":"OBJECT_ALREADY_EXISTS","message":"A property named 'taken' already exists.","context":{"name":["taken"]},"errors":[],"links":{}},
			{"status":"error","category":"VALIDATION_ERROR","message":"Property group 'g' does not exist","context":{"name":["invalid"]},"errors":[],"links":{}}],
			"startedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:00Z"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	got := createConcurrently(t, c, "ok1", "taken", "ok2", "invalid", "lost")
	for _, n := range []string{"ok1", "ok2"} {
		if r := got[n]; r.err != nil || r.p.Name != n {
			t.Errorf("create %s = %+v, %v", n, r.p, r.err)
		}
	}
	if err := got["taken"].err; !IsConflict(err) || !strings.Contains(err.Error(), "'taken' already exists") {
		t.Errorf("taken: %v", err)
	}
	if err := got["invalid"].err; !IsValidation(err) || !strings.Contains(err.Error(), "does not exist") || strings.Contains(err.Error(), "taken") {
		t.Errorf("invalid: %v", err)
	}
	var uncertain *UncertainCreateError
	if err := got["lost"].err; !errors.As(err, &uncertain) || uncertain.Name != "lost" {
		t.Errorf("lost: %v", err)
	}
	if len(s.reqList()) != 1 {
		t.Fatalf("requests %v", s.reqList())
	}
}

func TestCreatePropertyBatchRefusedWholeFallsBackToSingleCreates(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := s.record(r)
		switch r.URL.Path {
		case "/crm/v3/properties/tickets/batch/create":
			writeJSON(w, 400, `{"status":"error","message":"Invalid input JSON","correlationId":"c","category":"VALIDATION_ERROR"}`)
		case "/crm/v3/properties/tickets":
			var in PropertyCreate
			_ = json.Unmarshal([]byte(body), &in)
			if in.Name == "bad" {
				writeJSON(w, 400, `{"status":"error","message":"Property name 'bad' is reserved","correlationId":"c","category":"VALIDATION_ERROR"}`)
				return
			}
			writeJSON(w, 201, propJSON(in.Name, in.Label))
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	got := createConcurrently(t, c, "a", "bad", "b")
	for _, n := range []string{"a", "b"} {
		if r := got[n]; r.err != nil || r.p.Name != n || r.p.Label != "Label "+n {
			t.Errorf("create %s = %+v, %v", n, r.p, r.err)
		}
	}
	if err := got["bad"].err; !IsValidation(err) || !strings.Contains(err.Error(), "'bad' is reserved") {
		t.Errorf("bad: %v", err)
	}
	if b, single := s.count("POST /crm/v3/properties/tickets/batch/create"), s.count("POST /crm/v3/properties/tickets")-1; b != 1 || single != 3 {
		t.Fatalf("%d batch and %d single creates, want 1 and 3: %v", b, single, s.reqList())
	}
}

func TestCreatePropertyBatchWithUnknownOutcomeIsNotResent(t *testing.T) {
	for name, fail := range map[string]func(w http.ResponseWriter){
		"5xx": func(w http.ResponseWriter) {
			writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c","category":"INTERNAL_ERROR"}`)
		},
		"transport": func(w http.ResponseWriter) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := &propServer{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				s.record(r)
				fail(w)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, Config{})
			c.coalesceWindow = time.Hour

			got := createConcurrently(t, c, "x", "y", "z")
			for _, n := range []string{"x", "y", "z"} {
				var uncertain *UncertainCreateError
				err := got[n].err
				if !errors.As(err, &uncertain) || uncertain.Name != n || !strings.Contains(err.Error(), "may or may not have been created") ||
					!strings.Contains(err.Error(), "GET /crm/v3/properties/tickets/"+n) {
					t.Errorf("%s: %v", n, err)
				}
			}
			if reqs := s.reqList(); len(reqs) != 1 || reqs[0] != "POST /crm/v3/properties/tickets/batch/create" {
				t.Fatalf("requests %v", reqs)
			}
		})
	}
}

func TestCreatePropertyAloneOrTwiceUsesTheSingleEndpoint(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := s.record(r)
		var in PropertyCreate
		_ = json.Unmarshal([]byte(body), &in)
		writeJSON(w, 201, propJSON(in.Name, in.Label))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	w := c.propertyCreator("tickets")

	// A batch of one is a single create.
	done := make(chan error)
	go func() {
		_, err := c.CreateProperty(context.Background(), "tickets", PropertyCreate{Name: "alone"})
		done <- err
	}()
	w.flush(gathered(t, w, 1))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// A name already in an open batch does not join it: whenever the second create arrives,
	// it goes in a batch of its own after the first one's answer (the writer's ordering by key
	// is tested with ticket updates), so HubSpot answers the two apart.
	go func() {
		_, err := c.CreateProperty(context.Background(), "tickets", PropertyCreate{Name: "twice"})
		done <- err
	}()
	b := gathered(t, w, 1)
	go func() {
		_, err := c.CreateProperty(context.Background(), "tickets", PropertyCreate{Name: "twice"})
		done <- err
	}()
	w.flush(b)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	w.flush(gathered(t, w, 1))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s.count("POST /crm/v3/properties/tickets/batch") != 0 || s.count("POST /crm/v3/properties/tickets") != 3 {
		t.Fatalf("requests %v", s.reqList())
	}
}

func TestCreatePropertyCancelledBeforeTheBatchLeavesIt(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		writeJSON(w, 201, `{"status":"COMPLETE","results":[`+propJSON("a", "A")+`,`+propJSON("b", "B")+`]}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	w := c.propertyCreator("tickets")

	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 3)
	for _, n := range []string{"a", "cancelled", "b"} {
		go func() {
			cctx := context.Background()
			if n == "cancelled" {
				cctx = ctx
			}
			_, err := c.CreateProperty(cctx, "tickets", PropertyCreate{Name: n})
			errs <- err
		}()
	}
	gathered(t, w, 3)
	cancel()
	w.flush(gathered(t, w, 2))
	var cancelled, ok int
	for range 3 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case errors.Is(err, context.Canceled):
			cancelled++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if cancelled != 1 || ok != 2 {
		t.Fatalf("%d cancelled and %d created", cancelled, ok)
	}
	if got := batchInputs(t, s.bodyList()[0]); strings.Join(got, ",") != "a,b" || len(s.reqList()) != 1 {
		t.Fatalf("requests %v, batch inputs %v", s.reqList(), got)
	}
}

func TestArchivePropertyCoalescesAndFallsBackWhenRefused(t *testing.T) {
	s := &propServer{}
	var refuse atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		switch {
		case r.Method == "POST" && r.URL.Path == "/crm/v3/properties/tickets/batch/archive":
			if refuse.Load() {
				writeJSON(w, 400, `{"status":"error","message":"Property subject is HubSpot-defined and cannot be archived","correlationId":"c","category":"VALIDATION_ERROR"}`)
				return
			}
			w.WriteHeader(204)
		case r.Method == "DELETE" && r.URL.Path == "/crm/v3/properties/tickets/subject":
			writeJSON(w, 400, `{"status":"error","message":"Property subject is HubSpot-defined and cannot be archived","correlationId":"c","category":"VALIDATION_ERROR"}`)
		case r.Method == "DELETE" && r.URL.Path == "/crm/v3/properties/tickets/gone":
			writeJSON(w, 404, `{"status":"error","message":"Property gone does not exist","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
		case r.Method == "DELETE":
			w.WriteHeader(204)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour
	w := c.propertyArchiver("tickets")

	archive := func(names ...string) map[string]error {
		var mu sync.Mutex
		out := map[string]error{}
		var wg sync.WaitGroup
		for _, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := c.ArchiveProperty(context.Background(), "tickets", n)
				mu.Lock()
				out[n] = err
				mu.Unlock()
			}()
		}
		w.flush(gathered(t, w, len(names)))
		wg.Wait()
		return out
	}

	for n, err := range archive("a", "b", "c") {
		if err != nil {
			t.Errorf("archive %s: %v", n, err)
		}
	}
	if len(s.reqList()) != 1 || batchInputs(t, s.bodyList()[0])[2] != "c" {
		t.Fatalf("requests %v %v", s.reqList(), s.bodyList())
	}

	refuse.Store(true)
	got := archive("d", "subject", "gone")
	if got["d"] != nil || !IsValidation(got["subject"]) || !IsNotFound(got["gone"]) {
		t.Fatalf("archives after a refused batch: %v", got)
	}
	if b, d := s.count("POST /crm/v3/properties/tickets/batch/archive"), s.count("DELETE "); b != 2 || d != 3 {
		t.Fatalf("%d batch archives and %d DELETEs: %v", b, d, s.reqList())
	}
}

func TestPropertyWritesWithoutCoalescingAreSingleRequests(t *testing.T) {
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := s.record(r)
		if r.Method == "DELETE" {
			w.WriteHeader(204)
			return
		}
		var in PropertyCreate
		_ = json.Unmarshal([]byte(body), &in)
		writeJSON(w, 201, propJSON(in.Name, in.Label))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{NoCoalescing: true})
	c.coalesceWindow = time.Hour // a batch would never be sent

	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			n := fmt.Sprint("p", i)
			if p, err := c.CreateProperty(context.Background(), "tickets", PropertyCreate{Name: n}); err != nil || p.Name != n {
				t.Errorf("create %s = %v, %v", n, p, err)
			}
		}()
		go func() {
			defer wg.Done()
			if err := c.ArchiveProperty(context.Background(), "tickets", fmt.Sprint("old", i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if s.count("POST /crm/v3/properties/tickets/batch") != 0 || s.count("POST /crm/v3/properties/tickets") != 4 || s.count("DELETE ") != 4 {
		t.Fatalf("requests %v", s.reqList())
	}
}

// TestPropertyWritesAgainstEmulator holds the batching of creates and archives to the
// emulator's reading of the properties spec: per-name errors in a 207, and a batch archive
// refused as a whole when it holds a HubSpot-defined property.
func TestPropertyWritesAgainstEmulator(t *testing.T) {
	em, err := emulator.New(emulator.Options{Token: "pat-na1-contract", RateLimit: emulator.RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	s := &propServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(s.record(r)))
		em.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{AccessToken: "pat-na1-contract"})
	c.coalesceWindow = time.Hour
	ctx := context.Background()
	if _, err := c.CreatePropertyGroup(ctx, "tickets", PropertyGroupCreate{Name: "g", Label: "G"}); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	errs := map[string]error{}
	var wg sync.WaitGroup
	for _, in := range []PropertyCreate{
		{Name: "tier", Label: "Tier", Type: "enumeration", FieldType: "select", GroupName: "g", Options: []PropertyOption{{Label: "Gold", Value: "gold"}}},
		{Name: "region", Label: "Region", Type: "string", FieldType: "text", GroupName: "g"},
		{Name: "subject", Label: "Taken", Type: "string", FieldType: "text", GroupName: "g"},
		{Name: "nogroup", Label: "No group", Type: "string", FieldType: "text", GroupName: "missing"},
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.CreateProperty(ctx, "tickets", in)
			if err == nil && (p.Name != in.Name || p.Label != in.Label) {
				err = fmt.Errorf("got %s/%s", p.Name, p.Label)
			}
			mu.Lock()
			errs[in.Name] = err
			mu.Unlock()
		}()
	}
	w := c.propertyCreator("tickets")
	w.flush(gathered(t, w, 4))
	wg.Wait()
	if errs["tier"] != nil || errs["region"] != nil || !IsConflict(errs["subject"]) || !IsValidation(errs["nogroup"]) {
		t.Fatalf("creates: %v", errs)
	}
	if p, err := c.GetProperty(ctx, "tickets", "region"); err != nil || p.GroupName != "g" {
		t.Fatalf("region after the batch = %v, %v", p, err)
	}

	archived := map[string]error{}
	for _, n := range []string{"tier", "subject", "region"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.ArchiveProperty(ctx, "tickets", n)
			mu.Lock()
			archived[n] = err
			mu.Unlock()
		}()
	}
	a := c.propertyArchiver("tickets")
	a.flush(gathered(t, a, 3))
	wg.Wait()
	if archived["tier"] != nil || archived["region"] != nil || !IsValidation(archived["subject"]) {
		t.Fatalf("archives: %v", archived)
	}
	for _, n := range []string{"tier", "region"} {
		if _, err := c.GetProperty(ctx, "tickets", n); !IsNotFound(err) {
			t.Fatalf("%s after archiving: %v", n, err)
		}
	}
	want := map[string]int{
		"POST /crm/v3/properties/tickets/batch/create":  1,
		"POST /crm/v3/properties/tickets":               0,
		"POST /crm/v3/properties/tickets/batch/archive": 1,
		"DELETE /crm/v3/properties/tickets/":            3,
	}
	for prefix, n := range want {
		got := 0
		for _, r := range s.reqList() {
			if r == prefix || (strings.HasSuffix(prefix, "/") && strings.HasPrefix(r, prefix)) {
				got++
			}
		}
		if got != n {
			t.Errorf("%d × %s, want %d: %v", got, prefix, n, s.reqList())
		}
	}
}
