package emulator

// Owners (crm-owners-v3.json).
//
// Choices where HubSpot's behaviour is not documented:
//
//   - limit defaults to 100, as the spec says, and must be between 1 and 500; paging cursors
//     are offsets into the list ordered by owner id.
//   - The email filter matches whole addresses, ignoring case.
//   - archived=true lists (or gets) only archived owners, as the spec's description says;
//     otherwise only active ones.
//   - An ownerId that is not a number answers 400; an unknown owner answers 404
//     OBJECT_NOT_FOUND.
//   - userIdIncludingInactive equals userId for people; queues have neither.

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (e *Emulator) registerOwners() {
	e.handle("GET", []string{"/crm/v3/owners"}, "", rateGeneral, e.listOwners)
	e.handle("GET", []string{"/crm/v3/owners"}, "/{$}", rateGeneral, e.listOwners)
	e.handle("GET", []string{"/crm/v3/owners"}, "/{ownerId}", rateGeneral, e.getOwner)
}

// publicOwner is the spec's PublicOwner.
type publicOwner struct {
	ID                      string      `json:"id"`
	Type                    string      `json:"type"`
	Email                   string      `json:"email,omitempty"`
	FirstName               string      `json:"firstName,omitempty"`
	LastName                string      `json:"lastName,omitempty"`
	UserID                  int         `json:"userId,omitempty"`
	UserIDIncludingInactive int         `json:"userIdIncludingInactive,omitempty"`
	Teams                   []OwnerTeam `json:"teams,omitempty"`
	Archived                bool        `json:"archived"`
	CreatedAt               time.Time   `json:"createdAt"`
	UpdatedAt               time.Time   `json:"updatedAt"`
}

func renderOwner(o *Owner) publicOwner {
	return publicOwner{
		ID: o.ID, Type: o.Type, Email: o.Email, FirstName: o.FirstName, LastName: o.LastName,
		UserID: o.UserID, UserIDIncludingInactive: o.UserID, Teams: o.Teams, Archived: o.Archived,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
	}
}

// ownersByID returns the owners in id order, the order pages are cut from.
func (p *portal) ownersByID() []*Owner {
	owners := append([]*Owner(nil), p.Owners...)
	sort.Slice(owners, func(i, j int) bool {
		a, _ := strconv.ParseInt(owners[i].ID, 10, 64)
		b, _ := strconv.ParseInt(owners[j].ID, 10, 64)
		return a < b
	})
	return owners
}

func (e *Emulator) listOwners(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	archived, err := queryBool(r, "archived", false)
	if err != nil {
		return 0, nil, err
	}
	limit, err := queryLimit(q.Get("limit"), 100, 500)
	if err != nil {
		return 0, nil, err
	}
	offset, err := parseOffset(q.Get("after"), "query parameter after")
	if err != nil {
		return 0, nil, err
	}
	email := strings.TrimSpace(q.Get("email"))

	var matched []publicOwner
	for _, o := range e.p.ownersByID() {
		if o.Archived != archived || (email != "" && !strings.EqualFold(o.Email, email)) {
			continue
		}
		matched = append(matched, renderOwner(o))
	}
	page := []publicOwner{}
	if offset < len(matched) {
		page = matched[offset:min(offset+limit, len(matched))]
	}
	body := map[string]any{"results": page}
	if offset+limit < len(matched) {
		body["paging"] = nextPage(r, strconv.Itoa(offset+limit))
	}
	return http.StatusOK, body, nil
}

func (e *Emulator) getOwner(r *http.Request) (int, any, error) {
	raw := r.PathValue("ownerId")
	id, err := strconv.ParseInt(raw, 10, 32)
	if err != nil {
		return 0, nil, badRequest(fmt.Sprintf("Invalid ownerId %q: expected an integer", raw))
	}
	archived, err := queryBool(r, "archived", false)
	if err != nil {
		return 0, nil, err
	}
	idProperty := r.URL.Query().Get("idProperty")
	switch idProperty {
	case "", "id", "userId":
	default:
		return 0, nil, badRequest(fmt.Sprintf("Invalid value %q for query parameter idProperty: expected id or userId", idProperty))
	}
	for _, o := range e.p.Owners {
		match := o.ID == strconv.FormatInt(id, 10)
		if idProperty == "userId" {
			match = o.UserID != 0 && int64(o.UserID) == id
		}
		if match && o.Archived == archived {
			return http.StatusOK, renderOwner(o), nil
		}
	}
	what := "id"
	if idProperty == "userId" {
		what = "userId"
	}
	ae := notFound(fmt.Sprintf("No owner found with %s %s", what, raw))
	ae.Context = map[string][]string{"ownerId": {raw}}
	return 0, nil, ae
}
