// Package coalesce shares HubSpot requests among the callers of one Terraform run. It wraps a
// *hubspot.Client and implements hubspot.API, so that the provider uses it or the plain client
// alike:
//
//   - lists (pipelines, properties of each sensitivity level and in the recycle bin, property
//     groups, association types, owners) are read once per run and serve every single read
//     (a pipeline, a stage, a property, a group, an owner) that they hold;
//   - record reads, creates, updates and archives, property creates and archives, and v4
//     association reads made at about the same time travel in batch requests, each caller
//     getting its own answer (gather.go);
//   - a run that reads many of an account's records lists them once and serves the reads from
//     the listing (listing.go);
//   - every write goes through one function that knows what the write makes stale (write.go).
//
// Requests made for several callers stop when the last of them stops waiting (audience.go).
package coalesce

import (
	"context"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// Client is a hubspot.API that shares requests among its callers. Its caches last as long as
// it does: make one per Terraform run.
type Client struct {
	api    *hubspot.Client
	policy policy

	pipelines  lists[[]hubspot.Pipeline]
	properties lists[[]hubspot.Property]
	groups     lists[[]hubspot.PropertyGroup]
	labels     lists[[]hubspot.AssociationType]
	owners     lists[[]hubspot.Owner]

	batchers batchers
	listings listings
}

var _ hubspot.API = (*Client)(nil)

// Defaults of the gathering policy (see policy).
const (
	defaultWindow = 10 * time.Millisecond
	// defaultMaxGather is long next to the time Terraform takes to start its next operations
	// on a quiet machine (well under a second), so that a loaded machine, where it takes
	// seconds, still fills batches; it costs time only when fewer calls come than the
	// gatherer expects, which lowers what it expects (see gatherer.gather).
	defaultMaxGather = 3 * time.Second
	// writeGrace is how long a write already sent is waited for once its callers have gone,
	// and how long its request may go on without them.
	writeGrace = 30 * time.Second
)

// New wraps api.
func New(api *hubspot.Client) *Client {
	return &Client{api: api, policy: policy{window: defaultWindow, maxGather: defaultMaxGather, hold: api.LimiterDelay}}
}

// SearchObjects is never shared: a search answers from HubSpot's index at the time it is asked.
func (c *Client) SearchObjects(ctx context.Context, objectType string, r hubspot.SearchRequest) (*hubspot.SearchResult, error) {
	return c.api.SearchObjects(ctx, objectType, r)
}

// ListObjects serves `terraform query`, which lists a type's records once: nothing to share.
func (c *Client) ListObjects(ctx context.Context, objectType string, opts hubspot.ListOptions) ([]hubspot.Object, error) {
	return c.api.ListObjects(ctx, objectType, opts)
}

// AssociationTypeNames is read only to import a label, once.
func (c *Client) AssociationTypeNames(ctx context.Context, fromObjectType, toObjectType string) (map[int]string, error) {
	return c.api.AssociationTypeNames(ctx, fromObjectType, toObjectType)
}

// ListOwners serves the unfiltered list of active owners from one request per run.
func (c *Client) ListOwners(ctx context.Context, opts hubspot.ListOwnersOptions) ([]hubspot.Owner, error) {
	if opts != (hubspot.ListOwnersOptions{}) {
		return c.api.ListOwners(ctx, opts)
	}
	list, err := c.owners.of("owners").get(ctx, func(ctx context.Context) ([]hubspot.Owner, error) {
		return c.api.ListOwners(ctx, opts)
	})
	if err != nil {
		return nil, err
	}
	return cloned(list, hubspot.Owner.Clone), nil
}

// GetOwner serves an owner from the list of active owners, and asks HubSpot only for one the
// list does not hold (which gives HubSpot's own answer for an unknown or archived owner).
func (c *Client) GetOwner(ctx context.Context, id string) (*hubspot.Owner, error) {
	list, err := c.ListOwners(ctx, hubspot.ListOwnersOptions{})
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], nil
		}
	}
	return c.api.GetOwner(ctx, id)
}
