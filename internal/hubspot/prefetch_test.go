package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePortal is a small account of tickets, each associated with contacts, answering the
// reads, lists, searches and writes the prefetch involves, and counting the requests.
type fakePortal struct {
	t  *testing.T
	mu sync.Mutex
	// tickets holds each ticket's property values; links each ticket's contact ids.
	tickets map[string]map[string]string
	links   map[string][]string
	// total, when set, is what the search reports instead of the number of tickets.
	total     int
	requests  map[string]int
	listProps []string
	// listGate, when set, holds the answer to the first list request, computed before the
	// gate opens, until it is closed; listStarted is closed when that request arrives.
	listGate    chan struct{}
	listStarted chan struct{}
}

func newFakePortal(t *testing.T, n int) (*fakePortal, *httptest.Server) {
	p := &fakePortal{t: t, tickets: map[string]map[string]string{}, links: map[string][]string{}, requests: map[string]int{}}
	for i := 1; i <= n; i++ {
		id := strconv.Itoa(i)
		p.tickets[id] = map[string]string{"subject": "subject-of-" + id, "hs_pipeline_stage": "1", "content": "content-of-" + id}
		p.links[id] = []string{strconv.Itoa(100000 + i)}
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func (p *fakePortal) count(kind string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[kind]
}

func (p *fakePortal) counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for k, v := range p.requests {
		out[k] = v
	}
	return out
}

// record renders a ticket with the requested properties, as HubSpot does (null when unset).
func (p *fakePortal) record(id string, props []string) map[string]any {
	values := map[string]any{"hs_object_id": id, "createdate": "2026-01-02T03:04:05.000Z", "hs_lastmodifieddate": "2026-01-02T03:04:05.000Z"}
	for _, n := range props {
		if v, ok := p.tickets[id][n]; ok {
			values[n] = v
		} else {
			values[n] = nil
		}
	}
	return map[string]any{"id": id, "properties": values, "createdAt": "2026-01-02T03:04:05.000Z", "updatedAt": "2026-01-02T03:04:05.000Z", "archived": false}
}

func (p *fakePortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Inputs []struct {
			ID         string            `json:"id"`
			Properties map[string]string `json:"properties"`
		} `json:"inputs"`
		Properties []string `json:"properties"`
	}
	if r.Method == "POST" {
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			p.t.Errorf("%s %s: %v", r.Method, r.URL.Path, err)
		}
	}
	path := r.URL.Path
	p.mu.Lock()
	var status int
	var body any
	var gate chan struct{}
	switch {
	case r.Method == "POST" && path == "/crm/v3/objects/tickets/search":
		p.requests["search"]++
		total := len(p.tickets)
		if p.total > 0 {
			total = p.total
		}
		status, body = 200, map[string]any{"total": total, "results": []any{}}
	case r.Method == "GET" && path == "/crm/v3/objects/tickets":
		p.requests["list"]++
		q := r.URL.Query()
		props := strings.Split(q.Get("properties"), ",")
		p.listProps = props
		limit, _ := strconv.Atoi(q.Get("limit"))
		after, _ := strconv.Atoi(q.Get("after"))
		var ids []int
		for id := range p.tickets {
			n, _ := strconv.Atoi(id)
			if n >= after {
				ids = append(ids, n)
			}
		}
		sort.Ints(ids)
		results := []any{}
		for _, n := range ids[:min(limit, len(ids))] {
			results = append(results, p.record(strconv.Itoa(n), props))
		}
		page := map[string]any{"results": results}
		if len(ids) > limit {
			page["paging"] = map[string]any{"next": map[string]any{"after": strconv.Itoa(ids[limit])}}
		}
		status, body = 200, page
		if p.listGate != nil {
			gate = p.listGate
			p.listGate = nil
			close(p.listStarted)
		}
	case r.Method == "POST" && path == "/crm/v3/objects/tickets/batch/read":
		p.requests["batch/read"]++
		results := []any{}
		var missing []string
		for _, i := range in.Inputs {
			if p.tickets[i.ID] == nil {
				missing = append(missing, i.ID)
				continue
			}
			results = append(results, p.record(i.ID, in.Properties))
		}
		status, body = 200, map[string]any{"status": "COMPLETE", "results": results}
		if len(missing) > 0 {
			status = 207
			body.(map[string]any)["errors"] = []any{map[string]any{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found", "context": map[string]any{"ids": missing}}}
		}
	case r.Method == "POST" && path == "/crm/v4/associations/0-5/0-1/batch/read":
		p.requests["associations/read"]++
		results := []any{}
		errs := []any{}
		for _, i := range in.Inputs {
			if len(p.links[i.ID]) == 0 {
				errs = append(errs, map[string]any{"status": "error", "category": "OBJECT_NOT_FOUND", "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
					"message": "none", "context": map[string]any{"fromObjectId": []string{i.ID}}})
				continue
			}
			var to []any
			for _, c := range p.links[i.ID] {
				to = append(to, map[string]any{"toObjectId": c, "associationTypes": []any{map[string]any{"category": "HUBSPOT_DEFINED", "typeId": 16, "label": nil}}})
			}
			results = append(results, map[string]any{"from": map[string]any{"id": i.ID}, "to": to})
		}
		status, body = 200, map[string]any{"status": "COMPLETE", "results": results}
		if len(errs) > 0 {
			status = 207
			body.(map[string]any)["errors"] = errs
		}
	case r.Method == "PATCH" && strings.HasPrefix(path, "/crm/v3/objects/tickets/"):
		p.requests["update"]++
		id := strings.TrimPrefix(path, "/crm/v3/objects/tickets/")
		var upd struct {
			Properties map[string]string `json:"properties"`
		}
		_ = json.NewDecoder(r.Body).Decode(&upd)
		for k, v := range upd.Properties {
			p.tickets[id][k] = v
		}
		status, body = 200, p.record(id, []string{"subject"})
	case r.Method == "PUT" && strings.HasPrefix(path, "/crm/v4/objects/0-5/"):
		p.requests["associations/create"]++
		parts := strings.Split(path, "/") // /crm/v4/objects/0-5/{id}/associations/0-1/{contact}
		p.links[parts[5]] = append(p.links[parts[5]], parts[8])
		status, body = 201, map[string]any{"labels": []string{}}
	case r.Method == "DELETE" && strings.HasPrefix(path, "/crm/v3/objects/contacts/"):
		p.requests["archive contact"]++
		contact := strings.TrimPrefix(path, "/crm/v3/objects/contacts/")
		for id, cs := range p.links {
			var kept []string
			for _, c := range cs {
				if c != contact {
					kept = append(kept, c)
				}
			}
			p.links[id] = kept
		}
		status = 204
	default:
		p.t.Errorf("unexpected %s %s", r.Method, r.URL)
		status = 500
	}
	p.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if body == nil {
		w.WriteHeader(status)
		return
	}
	data, _ := json.Marshal(body)
	writeJSON(w, status, string(data))
}

// readTickets reads tickets as the ticket resource does, all at once: each ticket, then its
// contacts. It fails the test on any error.
func readTickets(t *testing.T, c *Client, ids []string, props []string) map[string]*Ticket {
	t.Helper()
	var mu sync.Mutex
	out := map[string]*Ticket{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := c.GetTicket(context.Background(), id, props)
			if err != nil {
				t.Errorf("GetTicket(%s): %v", id, err)
				return
			}
			links, err := c.ListRecordAssociations(context.Background(), TicketObjectType, id, "contacts")
			if err != nil {
				t.Errorf("ListRecordAssociations(%s): %v", id, err)
				return
			}
			if len(links) != 1 || links[0].ToObjectID != strconv.Itoa(100000+mustAtoi(id)) {
				t.Errorf("ticket %s associations = %+v", id, links)
			}
			mu.Lock()
			out[id] = tk
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

func idRange(from, to int) []string {
	var ids []string
	for i := from; i <= to; i++ {
		ids = append(ids, strconv.Itoa(i))
	}
	return ids
}

func newPrefetchClient(t *testing.T, srv *httptest.Server, cfg Config) *Client {
	c, _ := newTestClient(t, srv, cfg)
	c.coalesceWindow = time.Millisecond
	return c
}

func TestPrefetchListsOnceAndServesLaterReads(t *testing.T) {
	portal, srv := newFakePortal(t, 250)
	c := newPrefetchClient(t, srv, Config{})
	props := []string{"subject", "hs_pipeline_stage"}

	// The 20th ticket read starts the prefetch, and the reads after it wait for it.
	first := readTickets(t, c, idRange(1, 100), props)
	before := portal.counts()
	if before["search"] != 1 || before["list"] != 3 {
		t.Fatalf("after 100 reads: %v; want one search and the 250 tickets listed in 3 pages", before)
	}
	if !reflect.DeepEqual(portal.listProps, []string{"hs_pipeline_stage", "subject"}) {
		t.Errorf("listed with properties %v, want the union of those read", portal.listProps)
	}
	if first["42"].Properties["subject"] != "subject-of-42" {
		t.Errorf("ticket 42 = %v", first["42"].Properties)
	}

	// Every later read of a listed ticket is served without a request.
	later := readTickets(t, c, idRange(1, 250), props)
	if after := portal.counts(); !reflect.DeepEqual(after, before) {
		t.Errorf("requests went from %v to %v; reads of listed tickets must not ask HubSpot", before, after)
	}
	want := map[string]string{"subject": "subject-of-250", "hs_pipeline_stage": "1", "hs_object_id": "250",
		"createdate": "2026-01-02T03:04:05.000Z", "hs_lastmodifieddate": "2026-01-02T03:04:05.000Z"}
	if got := later["250"].Properties; !reflect.DeepEqual(got, want) {
		t.Errorf("ticket 250 from the snapshot = %v, want %v", got, want)
	}
	// Callers never share a map with the snapshot.
	later["250"].Properties["subject"] = "changed"
	if again, _ := c.GetTicket(context.Background(), "250", []string{"subject"}); again.Properties["subject"] != "subject-of-250" {
		t.Errorf("a caller's change leaked into the snapshot: %v", again.Properties)
	}

	// Fewer properties than listed are served too; a property not listed asks HubSpot.
	tk, err := c.GetTicket(context.Background(), "7", []string{"subject"})
	if err != nil || !reflect.DeepEqual(keysOfStrings(tk.Properties), []string{"createdate", "hs_lastmodifieddate", "hs_object_id", "subject"}) {
		t.Errorf("subset read = %v, %v", tk, err)
	}
	reads := portal.count("batch/read")
	tk, err = c.GetTicket(context.Background(), "7", []string{"subject", "content"})
	if err != nil || tk.Properties["content"] != "content-of-7" || portal.count("batch/read") != reads+1 {
		t.Errorf("read of an unlisted property = %v, %v after %d batch reads (was %d)", tk, err, portal.count("batch/read"), reads)
	}
	// A ticket that is not in the listing (created since, or unknown) asks HubSpot.
	if _, err := c.GetTicket(context.Background(), "999", props); !IsNotFound(err) || portal.count("batch/read") != reads+2 {
		t.Errorf("unknown ticket: %v", err)
	}
}

func keysOfStrings(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestPrefetchBoundKeepsBigAccountsUnlisted(t *testing.T) {
	// 100,000 tickets and a configuration reading 150: never listed, however far it reads.
	portal, srv := newFakePortal(t, 150)
	portal.total = 100000
	c := newPrefetchClient(t, srv, Config{})
	readTickets(t, c, idRange(1, 100), []string{"subject"})
	readTickets(t, c, idRange(101, 150), []string{"subject"})
	if got := portal.counts(); got["search"] != 1 || got["list"] != 0 {
		t.Errorf("requests %v: want one search and no listing", got)
	}
	reads := portal.count("batch/read")
	readTickets(t, c, idRange(1, 150), []string{"subject"})
	if portal.count("batch/read") == reads {
		t.Error("reads were served without asking HubSpot, but nothing was listed")
	}
}

func TestPrefetchWaitsUntilEnoughOfTheAccountIsRead(t *testing.T) {
	// 7,500 tickets: 100 reads are too few to list them, 150 are enough. The total is asked
	// for once.
	portal, srv := newFakePortal(t, 150)
	portal.total = 7500
	c := newPrefetchClient(t, srv, Config{})
	readTickets(t, c, idRange(1, 100), []string{"subject"})
	if got := portal.counts(); got["search"] != 1 || got["list"] != 0 {
		t.Fatalf("after 100 reads: %v; want one search and no listing", got)
	}
	readTickets(t, c, idRange(101, 150), []string{"subject"})
	if got := portal.counts(); got["search"] != 1 || got["list"] != 2 {
		t.Errorf("after 150 reads: %v; want still one search, and a listing of 2 pages", got)
	}
}

func TestPrefetchWritesDropWhatTheyTouch(t *testing.T) {
	portal, srv := newFakePortal(t, 150)
	c := newPrefetchClient(t, srv, Config{})
	props := []string{"subject"}
	readTickets(t, c, idRange(1, 100), props)
	ctx := context.Background()
	if portal.count("list") != 2 {
		t.Fatalf("not listed: %v", portal.counts())
	}

	// An update: the next read of that ticket asks HubSpot and sees it.
	if _, err := c.UpdateTicket(ctx, "5", map[string]string{"subject": "renamed"}); err != nil {
		t.Fatal(err)
	}
	reads := portal.count("batch/read")
	if tk, err := c.GetTicket(ctx, "5", props); err != nil || tk.Properties["subject"] != "renamed" || portal.count("batch/read") != reads+1 {
		t.Errorf("read after update = %v, %v (%d batch reads, was %d)", tk, err, portal.count("batch/read"), reads)
	}

	// A new association: the ticket's associations are read again.
	if _, err := c.CreateRecordAssociation(ctx, TicketObjectType, "6", "contacts", "777", []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}); err != nil {
		t.Fatal(err)
	}
	assocReads := portal.count("associations/read")
	links, err := c.ListRecordAssociations(ctx, TicketObjectType, "6", "contacts")
	if err != nil || len(links) != 2 || portal.count("associations/read") != assocReads+1 {
		t.Errorf("associations after a new one = %+v, %v", links, err)
	}

	// Archiving a contact drops the tickets associated with it.
	if err := c.ArchiveObject(ctx, "contacts", "100007"); err != nil {
		t.Fatal(err)
	}
	links, err = c.ListRecordAssociations(ctx, TicketObjectType, "7", "contacts")
	if err != nil || len(links) != 0 || portal.count("associations/read") != assocReads+2 {
		t.Errorf("associations after archiving the contact = %+v, %v", links, err)
	}

	// Tickets nothing touched are still served from the snapshot.
	before := portal.counts()
	if tk, err := c.GetTicket(ctx, "8", props); err != nil || tk.Properties["subject"] != "subject-of-8" {
		t.Errorf("untouched ticket = %v, %v", tk, err)
	}
	if after := portal.counts(); !reflect.DeepEqual(after, before) {
		t.Errorf("an untouched ticket was read from HubSpot: %v then %v", before, after)
	}
}

func TestPrefetchLeavesOutWhatIsWrittenWhileListing(t *testing.T) {
	portal, srv := newFakePortal(t, 150)
	gate, started := make(chan struct{}), make(chan struct{})
	portal.listGate, portal.listStarted = gate, started
	c := newPrefetchClient(t, srv, Config{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		readTickets(t, c, idRange(1, 100), []string{"subject"})
	}()
	// The first page is answered as it was before this update.
	<-started
	_, err := c.UpdateTicket(context.Background(), "5", map[string]string{"subject": "renamed"})
	close(gate)
	if err != nil {
		t.Fatal(err)
	}
	<-done
	if portal.count("list") != 2 {
		t.Fatalf("not listed: %v", portal.counts())
	}
	reads := portal.count("batch/read")
	tk, err := c.GetTicket(context.Background(), "5", []string{"subject"})
	if err != nil || tk.Properties["subject"] != "renamed" || portal.count("batch/read") != reads+1 {
		t.Errorf("read of a ticket updated during the listing = %v, %v; want it read from HubSpot", tk, err)
	}
}

func TestNoPrefetchWithoutCoalescing(t *testing.T) {
	var mu sync.Mutex
	kinds := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		kinds[fmt.Sprint(r.Method, " ", strings.Count(r.URL.Path, "/"))]++
		mu.Unlock()
		id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		writeJSON(w, 200, fmt.Sprintf(`{"id":%q,"properties":{"subject":"s"},"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:05Z","archived":false}`, id))
	}))
	defer srv.Close()
	c := newPrefetchClient(t, srv, Config{NoCoalescing: true})
	var wg sync.WaitGroup
	for _, id := range idRange(1, 150) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetTicket(context.Background(), id, []string{"subject"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if want := map[string]int{"GET 5": 150}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("requests %v, want %v (one GET per ticket, no search, no listing)", kinds, want)
	}
}

func TestPrefetchReadsAssociationsOfATypeAskedForLater(t *testing.T) {
	portal, srv := newFakePortal(t, 150)
	c := newPrefetchClient(t, srv, Config{})
	var wg sync.WaitGroup
	for _, id := range idRange(1, 100) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetTicket(context.Background(), id, []string{"subject"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := portal.counts(); got["list"] != 2 || got["associations/read"] != 0 {
		t.Fatalf("after the ticket reads: %v; want a listing and no association read", got)
	}
	// The first association reads read those of every listed ticket, once.
	reads := portal.count("batch/read")
	readTickets(t, c, idRange(1, 150), []string{"subject"})
	if got := portal.counts(); got["associations/read"] != 1 || got["batch/read"] != reads {
		t.Errorf("after the association reads: %v; want one association read for all 150 tickets", got)
	}
}
