package hubspot

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Owner is a HubSpot owner: a user who can own records, or a queue (the spec's PublicOwner).
type Owner struct {
	ID                      string      `json:"id"`
	Type                    string      `json:"type"`
	Email                   string      `json:"email"`
	FirstName               string      `json:"firstName"`
	LastName                string      `json:"lastName"`
	UserID                  int         `json:"userId"`
	UserIDIncludingInactive int         `json:"userIdIncludingInactive"`
	Teams                   []OwnerTeam `json:"teams"`
	Archived                bool        `json:"archived"`
	CreatedAt               time.Time   `json:"createdAt"`
	UpdatedAt               time.Time   `json:"updatedAt"`
}

// OwnerTeam is a team an owner belongs to.
type OwnerTeam struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Primary bool   `json:"primary"`
}

// ListOwnersOptions filter ListOwners.
type ListOwnersOptions struct {
	// Email, when set, returns only the owner with that email address.
	Email string
	// Archived returns only archived (deactivated) owners instead of active ones.
	Archived bool
}

// ownersPageSize is the page size asked for; HubSpot's default is 100.
const ownersPageSize = 100

// ListOwners returns every owner that matches opts, following HubSpot's paging.
func (c *Client) ListOwners(ctx context.Context, opts ListOwnersOptions) ([]Owner, error) {
	q := url.Values{"limit": {strconv.Itoa(ownersPageSize)}}
	if opts.Email != "" {
		q.Set("email", opts.Email)
	}
	if opts.Archived {
		q.Set("archived", "true")
	}
	return allPages[Owner](ctx, c, "/crm/v3/owners", q)
}

// Clone returns a deep copy of o.
func (o Owner) Clone() Owner {
	o.Teams = append([]OwnerTeam(nil), o.Teams...)
	return o
}

// GetOwner returns the active owner with the given owner id (a not-found *Error for unknown
// or archived owners).
func (c *Client) GetOwner(ctx context.Context, id string) (*Owner, error) {
	return call[Owner](ctx, c, request{method: http.MethodGet, path: "/crm/v3/owners/" + pathEscape(id), query: url.Values{"idProperty": {"id"}}})
}
