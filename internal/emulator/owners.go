package emulator

// Owners (crm-owners-v3.json).
//
// Rules enforced: limit defaults to 100 [SPEC] and must be between 1 and 500 (choice);
// idProperty is id or userId [SPEC enum]; archived=true lists (or gets) only archived owners
// [SPEC description].
//
// Choices where HubSpot's behaviour is not documented:
//
//   - Paging cursors are offsets into the list ordered by owner id.
//   - The email filter matches whole addresses, ignoring case.
//   - An ownerId that is not a number answers 400; an unknown owner answers 404
//     OBJECT_NOT_FOUND.
//   - userIdIncludingInactive equals userId for people; queues have neither.

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

func (e *Emulator) registerOwners() {
	e.handle("GET", []string{"/crm/v3/owners"}, "", rateGeneral, e.listOwners)
	e.handle("GET", []string{"/crm/v3/owners"}, "/{$}", rateGeneral, e.listOwners)
	e.handle("GET", []string{"/crm/v3/owners"}, "/{ownerId}", rateGeneral, e.getOwner)
}

// renderOwner is the spec's PublicOwner. userIdIncludingInactive is filled in for owners
// saved before the portal kept it.
func renderOwner(o *Owner) Owner {
	c := *o
	if c.UserIDIncludingInactive == 0 {
		c.UserIDIncludingInactive = c.UserID
	}
	return c
}

// ownersByID returns the owners in id order, the order pages are cut from.
func (p *portal) ownersByID() []*Owner {
	owners := append([]*Owner(nil), p.Owners...)
	sort.Slice(owners, func(i, j int) bool { return idLess(owners[i].ID, owners[j].ID) })
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

	var matched []Owner
	for _, o := range e.p.ownersByID() {
		if o.Archived != archived || (email != "" && !strings.EqualFold(o.Email, email)) {
			continue
		}
		matched = append(matched, renderOwner(o))
	}
	page := []Owner{}
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
