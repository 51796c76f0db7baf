package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
)

// ownersServer serves /crm/v3/owners from a fixed list in pages of at most pageSize, whatever
// limit asks, so that paging is exercised; it records the queries it got.
type ownersServer struct {
	mu       sync.Mutex
	queries  []url.Values
	gets     []string
	pageSize int
}

func newOwnersServer(t *testing.T, pageSize int) (*ownersServer, *httptest.Server) {
	osrv := &ownersServer{pageSize: pageSize}
	owners := []string{
		`{"id":"101","type":"PERSON","email":"ada@example.com","firstName":"Ada","userId":9001,"teams":[{"id":"7","name":"Support","primary":true}],"archived":false,"createdAt":"2024-01-02T03:04:05.000Z","updatedAt":"2024-01-02T03:04:05.000Z"}`,
		`{"id":"102","type":"PERSON","email":"Grace@Example.com","firstName":"Grace","userId":9002,"archived":false,"createdAt":"2024-01-02T03:04:05.000Z","updatedAt":"2024-01-02T03:04:05.000Z"}`,
		`{"id":"103","type":"QUEUE","firstName":"Tier 2","archived":false,"createdAt":"2024-01-02T03:04:05.000Z","updatedAt":"2024-01-02T03:04:05.000Z"}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		osrv.mu.Lock()
		defer osrv.mu.Unlock()
		switch r.URL.Path {
		case "/crm/v3/owners":
			q := r.URL.Query()
			osrv.queries = append(osrv.queries, q)
			if q.Get("email") != "" {
				if q.Get("email") == "late@example.com" {
					writeJSON(w, http.StatusOK, `{"results":[{"id":"104","type":"PERSON","email":"late@example.com","archived":false,"createdAt":"2024-01-02T03:04:05.000Z","updatedAt":"2024-01-02T03:04:05.000Z"}]}`)
					return
				}
				writeJSON(w, http.StatusOK, `{"results":[]}`)
				return
			}
			start, _ := strconv.Atoi(q.Get("after"))
			end := min(start+osrv.pageSize, len(owners))
			body := `{"results":[`
			for i := start; i < end; i++ {
				if i > start {
					body += ","
				}
				body += owners[i]
			}
			body += "]"
			if end < len(owners) {
				body += fmt.Sprintf(`,"paging":{"next":{"after":"%d","link":"x"}}`, end)
			}
			writeJSON(w, http.StatusOK, body+"}")
		case "/crm/v3/owners/104":
			osrv.gets = append(osrv.gets, r.URL.RequestURI())
			writeJSON(w, http.StatusOK, `{"id":"104","type":"PERSON","email":"late@example.com","archived":false,"createdAt":"2024-01-02T03:04:05.000Z","updatedAt":"2024-01-02T03:04:05.000Z"}`)
		default:
			osrv.gets = append(osrv.gets, r.URL.RequestURI())
			writeJSON(w, http.StatusNotFound, `{"status":"error","message":"No owner found with id 999","category":"OBJECT_NOT_FOUND","correlationId":"c"}`)
		}
	}))
	t.Cleanup(srv.Close)
	return osrv, srv
}

func TestListOwnersWithFiltersAsksHubSpot(t *testing.T) {
	osrv, srv := newOwnersServer(t, 10)
	c := newTestClient(t, srv, Config{})
	if _, err := c.ListOwners(context.Background(), ListOwnersOptions{Email: "x@example.com", Archived: true}); err != nil {
		t.Fatal(err)
	}
	if len(osrv.queries) != 1 || osrv.queries[0].Get("email") != "x@example.com" || osrv.queries[0].Get("archived") != "true" {
		t.Fatalf("queries = %v", osrv.queries)
	}
}

func TestFindOwnerByEmail(t *testing.T) {
	osrv, srv := newOwnersServer(t, 10)
	c := newTestClient(t, srv, Config{})
	ctx := context.Background()
	o, err := FindOwnerByEmail(ctx, c, "grace@example.COM")
	if err != nil || o.ID != "102" {
		t.Fatalf("owner %+v, err %v", o, err)
	}
	// Absent from the shared list: HubSpot is asked by email.
	o, err = FindOwnerByEmail(ctx, c, "late@example.com")
	if err != nil || o.ID != "104" {
		t.Fatalf("owner %+v, err %v", o, err)
	}
	_, err = FindOwnerByEmail(ctx, c, "nobody@example.com")
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want not found", err)
	}
	// The plain client lists the owners for each lookup (the sharing layer keeps the list).
	if len(osrv.queries) != 5 || osrv.queries[2].Get("email") != "late@example.com" || osrv.queries[4].Get("email") != "nobody@example.com" {
		t.Fatalf("queries = %v; want the list, then an email query for each owner missing from it", osrv.queries)
	}
}

func TestGetOwner(t *testing.T) {
	osrv, srv := newOwnersServer(t, 10)
	c := newTestClient(t, srv, Config{})
	ctx := context.Background()
	o, err := c.GetOwner(ctx, "104")
	if err != nil || o.Email != "late@example.com" {
		t.Fatalf("owner %+v, err %v", o, err)
	}
	if _, err := c.GetOwner(ctx, "999"); !IsNotFound(err) {
		t.Fatalf("unknown owner: %v", err)
	}
	if want := []string{"/crm/v3/owners/104?idProperty=id", "/crm/v3/owners/999?idProperty=id"}; fmt.Sprint(osrv.gets) != fmt.Sprint(want) {
		t.Fatalf("requests %v, want %v", osrv.gets, want)
	}
}
