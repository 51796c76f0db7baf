package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
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
	if _, err := c.ListProperties(ctx, "tickets"); err != nil {
		t.Fatal(err)
	}
	if n := s.count("GET /crm/v3/properties/tickets?"); n != 0 {
		t.Fatalf("non-sensitive lists must not send dataSensitivity: %v", s.requests)
	}
	if n := s.count("GET /crm/v3/properties/tickets"); n != 4 {
		// list, fresh, gone, list after the create
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
