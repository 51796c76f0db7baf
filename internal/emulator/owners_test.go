package emulator

import (
	"encoding/json"
	"net/http"
	"testing"
)

type ownersPage struct {
	Results []map[string]any `json:"results"`
	Paging  *struct {
		Next struct {
			After string `json:"after"`
			Link  string `json:"link"`
		} `json:"next"`
	} `json:"paging"`
}

func getOwners(t *testing.T, e *Emulator, path string) ownersPage {
	t.Helper()
	rec := send(t, e, "GET", path, "")
	expectStatus(t, rec, http.StatusOK, "", "")
	var page ownersPage
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	return page
}

func ownerIDs(page ownersPage) []string {
	var ids []string
	for _, o := range page.Results {
		id, _ := o["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

func TestOwnersListShapeAndPaging(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	all := getOwners(t, e, "/crm/v3/owners")
	if len(all.Results) != len(e.p.Owners) || all.Paging != nil {
		t.Fatalf("page = %+v", all)
	}
	first := all.Results[0]
	for _, field := range []string{"id", "type", "email", "firstName", "lastName", "userId", "userIdIncludingInactive", "teams", "archived", "createdAt", "updatedAt"} {
		if _, ok := first[field]; !ok {
			t.Errorf("owner lacks %s: %v", field, first)
		}
	}
	if first["userIdIncludingInactive"] != first["userId"] {
		t.Errorf("userIdIncludingInactive %v, userId %v", first["userIdIncludingInactive"], first["userId"])
	}
	var queue map[string]any
	for _, o := range all.Results {
		if o["type"] == "QUEUE" {
			queue = o
		}
	}
	if _, hasEmail := queue["email"]; queue == nil || hasEmail {
		t.Errorf("queue = %v", queue)
	}

	// Pages of two, following paging.next.after, give the same owners in the same order.
	var paged []string
	path := "/crm/v3/owners?limit=2"
	for range 10 {
		page := getOwners(t, e, path)
		paged = append(paged, ownerIDs(page)...)
		if page.Paging == nil {
			break
		}
		if page.Paging.Next.Link == "" {
			t.Fatalf("paging without a link: %+v", page.Paging)
		}
		path = "/crm/v3/owners?limit=2&after=" + page.Paging.Next.After
	}
	if want := ownerIDs(all); len(paged) != len(want) || paged[0] != want[0] || paged[len(paged)-1] != want[len(want)-1] {
		t.Fatalf("paged %v, want %v", paged, want)
	}
	// A trailing slash is the same endpoint.
	if got := getOwners(t, e, "/crm/v3/owners/"); len(got.Results) != len(all.Results) {
		t.Fatalf("/crm/v3/owners/ = %+v", got)
	}
}

func TestOwnersFilters(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	person := e.p.Owners[1]
	page := getOwners(t, e, "/crm/v3/owners?email="+person.Email[:1]+"X"+person.Email[2:])
	if len(page.Results) != 0 {
		t.Fatalf("a different address matched: %+v", page)
	}
	upper := []byte(person.Email)
	upper[0] -= 32
	page = getOwners(t, e, "/crm/v3/owners?email="+string(upper))
	if ids := ownerIDs(page); len(ids) != 1 || ids[0] != person.ID {
		t.Fatalf("email filter, ignoring case: %v", ids)
	}
	if page := getOwners(t, e, "/crm/v3/owners?archived=true"); len(page.Results) != 0 {
		t.Fatalf("archived=true lists active owners: %v", ownerIDs(page))
	}
	e.p.Owners[0].Archived = true
	if ids := ownerIDs(getOwners(t, e, "/crm/v3/owners?archived=true")); len(ids) != 1 || ids[0] != e.p.Owners[0].ID {
		t.Fatalf("archived owners = %v", ids)
	}
	for _, id := range ownerIDs(getOwners(t, e, "/crm/v3/owners")) {
		if id == e.p.Owners[0].ID {
			t.Fatal("an archived owner is listed as active")
		}
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=x", "after=x", "archived=maybe"} {
		expectStatus(t, send(t, e, "GET", "/crm/v3/owners?"+q, ""), http.StatusBadRequest, catValidation, "query parameter")
	}
}

func TestOwnersGetByID(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	o := e.p.Owners[0]
	get := func(path string) map[string]any {
		t.Helper()
		rec := send(t, e, "GET", path, "")
		expectStatus(t, rec, http.StatusOK, "", "")
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	if got := get("/crm/v3/owners/" + o.ID); got["email"] != o.Email {
		t.Fatalf("by id: %v", got)
	}
	if got := get("/crm/v3/owners/" + itoaOwner(o.UserID) + "?idProperty=userId"); got["id"] != o.ID {
		t.Fatalf("by userId: %v", got)
	}
	rec := send(t, e, "GET", "/crm/v3/owners/123", "")
	expectStatus(t, rec, http.StatusNotFound, catNotFound, "No owner found with id 123")
	if rec.Header().Get("X-HubSpot-NotFound") != "true" {
		t.Fatal("404 without X-HubSpot-NotFound")
	}
	// A user id is not an owner id.
	expectStatus(t, send(t, e, "GET", "/crm/v3/owners/"+itoaOwner(o.UserID), ""), http.StatusNotFound, catNotFound, "")
	expectStatus(t, send(t, e, "GET", "/crm/v3/owners/abc", ""), http.StatusBadRequest, catValidation, "Invalid ownerId")
	expectStatus(t, send(t, e, "GET", "/crm/v3/owners/"+o.ID+"?idProperty=email", ""), http.StatusBadRequest, catValidation, "idProperty")
	// Archived owners are found only with archived=true.
	o.Archived = true
	expectStatus(t, send(t, e, "GET", "/crm/v3/owners/"+o.ID, ""), http.StatusNotFound, catNotFound, "")
	if got := get("/crm/v3/owners/" + o.ID + "?archived=true"); got["archived"] != true {
		t.Fatalf("archived owner: %v", got)
	}
}

func itoaOwner(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
