package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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

// ListOwners returns every owner that matches opts, following HubSpot's paging. The unfiltered
// list of active owners is fetched once per run and shared by all callers.
func (c *Client) ListOwners(ctx context.Context, opts ListOwnersOptions) ([]Owner, error) {
	if opts.Email == "" && !opts.Archived {
		owners, err := cachedList[[]Owner](c, "owners").get(ctx, func(ctx context.Context) ([]Owner, error) {
			return c.listOwners(ctx, opts)
		})
		if err != nil {
			return nil, err
		}
		return cloneOwners(owners), nil
	}
	return c.listOwners(ctx, opts)
}

func (c *Client) listOwners(ctx context.Context, opts ListOwnersOptions) ([]Owner, error) {
	var all []Owner
	after := ""
	for {
		q := url.Values{"limit": {strconv.Itoa(ownersPageSize)}}
		if opts.Email != "" {
			q.Set("email", opts.Email)
		}
		if opts.Archived {
			q.Set("archived", "true")
		}
		if after != "" {
			q.Set("after", after)
		}
		var page struct {
			Results []Owner `json:"results"`
			Paging  *struct {
				Next *struct {
					After string `json:"after"`
				} `json:"next"`
			} `json:"paging"`
		}
		if err := c.get(ctx, "/crm/v3/owners", q, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Results...)
		if page.Paging == nil || page.Paging.Next == nil || page.Paging.Next.After == "" {
			return all, nil
		}
		if page.Paging.Next.After == after {
			return nil, fmt.Errorf("HubSpot API GET /crm/v3/owners: paging cursor %q repeats", after)
		}
		after = page.Paging.Next.After
	}
}

func cloneOwners(in []Owner) []Owner {
	out := make([]Owner, len(in))
	for i, o := range in {
		o.Teams = append([]OwnerTeam(nil), o.Teams...)
		out[i] = o
	}
	return out
}

// GetOwner returns the active owner with the given owner id. It is looked up in the shared
// list of owners first and asked of HubSpot directly only when absent there, which gives
// HubSpot's own answer (a not-found *Error for unknown or archived owners).
func (c *Client) GetOwner(ctx context.Context, id string) (*Owner, error) {
	owners, err := c.ListOwners(ctx, ListOwnersOptions{})
	if err != nil {
		return nil, err
	}
	for _, o := range owners {
		if o.ID == id {
			return &o, nil
		}
	}
	var o Owner
	if err := c.get(ctx, "/crm/v3/owners/"+pathEscape(id), url.Values{"idProperty": {"id"}}, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// FindOwnerByEmail returns the active owner with the given email address, compared without
// regard to case. It is looked up in the shared list of owners first and asked of HubSpot
// only when absent there; when HubSpot has none either, the error is a not-found *Error.
func (c *Client) FindOwnerByEmail(ctx context.Context, email string) (*Owner, error) {
	owners, err := c.ListOwners(ctx, ListOwnersOptions{})
	if err != nil {
		return nil, err
	}
	for _, o := range owners {
		if strings.EqualFold(o.Email, email) {
			return &o, nil
		}
	}
	found, err := c.listOwners(ctx, ListOwnersOptions{Email: email})
	if err != nil {
		return nil, err
	}
	for _, o := range found {
		if strings.EqualFold(o.Email, email) {
			return &o, nil
		}
	}
	return nil, &Error{
		StatusCode: http.StatusNotFound,
		Method:     http.MethodGet,
		Path:       "/crm/v3/owners",
		Category:   "OBJECT_NOT_FOUND",
		Message:    fmt.Sprintf("no active owner has the email address %s", email),
	}
}
