package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// The answer shapes HubSpot's endpoints share, so that each endpoint method says only what is
// its own: the path, the body and what an uncertain create would have made.

// call sends r and decodes HubSpot's answer into a new T.
func call[T any](ctx context.Context, c *Client, r request) (*T, error) {
	out := new(T)
	r.out = out
	if err := c.do(ctx, r); err != nil {
		return nil, err
	}
	return out, nil
}

// results reads a collection HubSpot answers in one piece, {"results": [...]}, without paging.
func results[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	out, err := call[struct {
		Results []T `json:"results"`
	}](ctx, c, request{method: http.MethodGet, path: path, query: q})
	if err != nil {
		return nil, err
	}
	return out.Results, nil
}

type wirePaging struct {
	Next *struct {
		After string `json:"after"`
	} `json:"next"`
}

func (p *wirePaging) nextAfter() string {
	if p == nil || p.Next == nil {
		return ""
	}
	return p.Next.After
}

// allPages reads every page of a list, following HubSpot's "after" cursors.
func allPages[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	var all []T
	after := ""
	for {
		if after != "" {
			q.Set("after", after)
		}
		var page struct {
			Results []T         `json:"results"`
			Paging  *wirePaging `json:"paging"`
		}
		if err := c.get(ctx, path, q, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Results...)
		next := page.Paging.nextAfter()
		if next == "" || len(page.Results) == 0 {
			return all, nil
		}
		if next == after {
			return nil, fmt.Errorf("HubSpot API GET %s: paging cursor %q repeats", path, after)
		}
		after = next
	}
}

// chunks splits n inputs into ranges of at most size.
func chunks(n, size int) [][2]int {
	var out [][2]int
	for lo := 0; lo < n; lo += size {
		out = append(out, [2]int{lo, min(lo+size, n)})
	}
	return out
}

// batchErrors gathers the per-item errors of the requests of one batch call, which HubSpot
// may answer 207 to, into the call's one *PartialError.
type batchErrors struct {
	method, path string
	errs         []BatchError
}

func (b *batchErrors) add(errs ...BatchError) { b.errs = append(b.errs, errs...) }

// err is the *PartialError of the errors gathered, or nil when there are none.
func (b *batchErrors) err() error {
	if len(b.errs) == 0 {
		return nil
	}
	return &PartialError{Method: b.method, Path: b.path, Errors: b.errs}
}

// postInputs posts inputs as {"inputs": [...]}, size at a time, and reports the per-item
// errors of all the requests in one *PartialError. The first request that fails as a whole
// ends the call.
func postInputs[T any](ctx context.Context, c *Client, path string, inputs []T, size int) error {
	errs := batchErrors{method: http.MethodPost, path: path}
	for _, ch := range chunks(len(inputs), size) {
		var out struct {
			Errors []BatchError `json:"errors"`
		}
		if err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": inputs[ch[0]:ch[1]]}, out: &out}); err != nil {
			return err
		}
		errs.add(out.Errors...)
	}
	return errs.err()
}
