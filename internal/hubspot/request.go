package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxResponseBytes bounds what one response body may hold. The largest answers the provider
// asks for (a page of 100 records with every custom property, or a property list with long
// option lists) are a few megabytes.
const maxResponseBytes = 32 << 20

// request is one API call.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
	// out receives the decoded JSON response body.
	out any
	// search routes the call through the search limiter.
	search bool
	// create, set on creates only, describes what the request creates. Every other request
	// (reads, including POST batch reads and searches; updates; replaces; deletes) is safe to
	// send twice and is retried after a server or transport error. A create whose outcome is
	// unknown is never sent again: the caller gets an *UncertainCreateError built from this.
	create *UncertainCreateError
}

func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	return c.do(ctx, request{method: http.MethodGet, path: path, query: query, out: out})
}

// attempts counts the failures of one call, by kind, against their limits.
type attempts struct {
	failed, limited int
	expiredRetried  bool
}

// do sends r through the request path: the daily stop, the pause and the limiters, the token,
// the request, and the retry rules (cenkalti/backoff paces the retries).
func (c *Client) do(ctx context.Context, r request) error {
	if e := c.stopped.Load(); e != nil {
		return e
	}
	ctx = tflog.MaskMessageStrings(ctx, c.secrets...)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, c.secrets...)

	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("encoding %s %s: %w", r.method, r.path, err)
		}
	}
	// r.path is already escaped segment by segment (pathEscape), so it goes in as the raw
	// path; escaping it again would turn "a/b" into "a%252Fb".
	u := *c.base
	u.RawPath = c.base.EscapedPath() + r.path
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return fmt.Errorf("building the URL of %s %s: %w", r.method, r.path, err)
	}
	u.Path = unescaped
	u.RawQuery = r.query.Encode()
	target := u.String()

	b := backoff.NewExponentialBackOff()
	b.InitialInterval, b.MaxInterval = c.minBackoff, c.maxBackoff
	var n attempts
	// The waits between attempts end with the gate: an interrupted write is not sent again.
	_, err = backoff.Retry(Gate(ctx), func() (struct{}, error) {
		return struct{}{}, c.attempt(ctx, r, target, payload, &n)
	}, backoff.WithBackOff(b), backoff.WithMaxElapsedTime(0))
	return err
}

// max429Retries is how often a rate-limited request is sent again: HubSpot did not process
// it, so repeating it is always safe, and a shared pause (see pauser) comes before each.
func (c *Client) max429Retries() int {
	if c.maxRetries == 0 {
		return 0
	}
	return max(20, 4*c.maxRetries)
}

// attempt sends r once. Its error tells backoff.Retry what to do: nil, a permanent error, an
// error to retry after the backoff, or a RetryAfterError.
func (c *Client) attempt(ctx context.Context, r request, target string, payload []byte, n *attempts) error {
	if e := c.stopped.Load(); e != nil {
		return backoff.Permanent(e)
	}
	// Everything before the request is sent gives up when the gate ends; the request itself
	// travels on ctx, which a write context keeps alive once it is sent (see WriteContext).
	gate := Gate(ctx)
	if err := c.wait(gate, r.search); err != nil {
		return backoff.Permanent(err)
	}
	token, err := c.tokens.token(gate)
	if err != nil {
		return backoff.Permanent(err)
	}
	if err := gate.Err(); err != nil {
		return backoff.Permanent(err)
	}
	ctx = tflog.MaskMessageStrings(ctx, token)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, token)
	answered := func(http.Header, bool) {}
	// The budget comes after the limiter: requests it held back go together once the window
	// has room, which is all HubSpot counts.
	if !r.search {
		// Searches count in a window of their own, whose answers carry no headers to go by.
		if answered, err = c.budgets.of(r.path).spend(gate); err != nil {
			return backoff.Permanent(err)
		}
	}
	resp, data, err := c.send(ctx, r, target, payload, token, n.failed+n.limited+1)
	if err != nil {
		answered(nil, false)
		return c.failed(ctx, r, err, nil, n)
	}
	answered(resp.Header, resp.StatusCode == http.StatusTooManyRequests)
	c.adapt(resp.Header)
	err = decode(r, resp.StatusCode, resp.Header, data)
	var apiErr *Error
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &apiErr):
		if r.create != nil {
			// HubSpot made the object, but what it answered cannot be read.
			return backoff.Permanent(r.create.with(err))
		}
		return backoff.Permanent(err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return c.rateLimited(apiErr, resp.Header, n)
	case resp.StatusCode == http.StatusUnauthorized && apiErr.Category == "EXPIRED_AUTHENTICATION" && !n.expiredRetried:
		n.expiredRetried = true
		c.tokens.invalidate(token)
		return &backoff.RetryAfterError{}
	case retryableStatus(resp.StatusCode):
		return c.failed(ctx, r, apiErr, resp.Header, n)
	}
	return backoff.Permanent(apiErr)
}

// decode reads a response: a success's JSON body into r.out, anything else as an *Error.
func decode(r request, status int, h http.Header, data []byte) error {
	if status >= 300 {
		return parseError(status, h, data, r.method, r.path)
	}
	if r.out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, r.out); err != nil {
			return fmt.Errorf("HubSpot API %s %s: decoding response: %w", r.method, r.path, err)
		}
	}
	return nil
}

// send makes one HTTP request and reads its body, at most maxResponseBytes of it.
func (c *Client) send(ctx context.Context, r request, target string, payload []byte, token string, attempt int) (*http.Response, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
		tflog.Trace(ctx, "HubSpot request body", map[string]any{"method": r.method, "path": r.path, "body": string(payload)})
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	fields := map[string]any{"method": r.method, "path": r.path, "attempt": attempt, "duration_ms": time.Since(start).Milliseconds()}
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "HubSpot request failed", fields)
		return nil, nil, fmt.Errorf("HubSpot API %s %s: %w", r.method, r.path, err)
	}
	defer resp.Body.Close()
	data, err := readLimited(resp.Body)
	fields["status"] = resp.StatusCode
	fields["correlation_id"] = resp.Header.Get("X-HubSpot-Correlation-Id")
	tflog.Debug(ctx, "HubSpot request", fields)
	if err != nil {
		return nil, nil, fmt.Errorf("HubSpot API %s %s: reading the response: %w", r.method, r.path, err)
	}
	tflog.Trace(ctx, "HubSpot response body", map[string]any{"method": r.method, "path": r.path, "body": string(data)})
	return resp, data, nil
}

// errTooLarge is a response body over maxResponseBytes.
var errTooLarge = fmt.Errorf("the response is larger than %d MB", maxResponseBytes>>20)

func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxResponseBytes+1))
	if err == nil && len(data) > maxResponseBytes {
		return nil, errTooLarge
	}
	return data, err
}

// failed handles a transport error or a server error: a create's outcome is then unknown and
// it is never sent again; anything else is retried up to maxRetries times.
func (c *Client) failed(ctx context.Context, r request, err error, h http.Header, n *attempts) error {
	if r.create != nil {
		return backoff.Permanent(r.create.with(err))
	}
	if gate := Gate(ctx); gate.Err() != nil {
		return backoff.Permanent(fmt.Errorf("%w (not sent again: %w)", err, gate.Err()))
	}
	if errors.Is(err, errTooLarge) {
		return backoff.Permanent(err)
	}
	n.failed++
	if n.failed > c.maxRetries {
		return backoff.Permanent(err)
	}
	if d, ok := retryAfter(h); ok {
		return &backoff.RetryAfterError{Duration: min(d, c.maxBackoff)}
	}
	return err
}

// rateLimited handles a 429. HubSpot did not process the request, so it can be sent again,
// creates included, after a pause that holds back every request of the client: the window is
// full for all of them. The daily limit is another matter: nothing will pass until midnight,
// so the first DAILY 429 stops the client.
func (c *Client) rateLimited(e *Error, h http.Header, n *attempts) error {
	if e.PolicyName == "DAILY" {
		e.Message = "the portal's daily API request limit is spent; it resets at midnight in the portal's time zone, and no more requests are sent until the provider runs again: " + e.Message
		c.stopped.CompareAndSwap(nil, e)
		return backoff.Permanent(c.stopped.Load())
	}
	n.limited++
	if n.limited > c.max429Retries() {
		return backoff.Permanent(e)
	}
	d, ok := retryAfter(h)
	if !ok {
		d = c.policyPause(e)
	}
	c.pause.extend(d)
	return &backoff.RetryAfterError{}
}

// policyPause is how long a window HubSpot reports full takes to empty: the rolling window of
// the burst limit (ten seconds on every tier), or a second for the search limit.
func (c *Client) policyPause(e *Error) time.Duration {
	if e.PolicyName == "SECONDLY" || e.Message == "You have reached your secondly limit." {
		return time.Second
	}
	return c.window()
}

func (c *Client) wait(ctx context.Context, search bool) error {
	if err := c.pause.wait(ctx); err != nil {
		return err
	}
	if search {
		return c.searchLimiter.Wait(ctx)
	}
	return c.limiter.Wait(ctx)
}

// adapt follows the limit HubSpot reports for this app, which depends on the account's tier.
func (c *Client) adapt(h http.Header) {
	if n, interval, ok := windowLimit(h); ok {
		c.setLimit(n, interval)
	}
}

// windowLimit reads the limit of the window an answer was counted in, and its length.
func windowLimit(h http.Header) (int, time.Duration, bool) {
	n, err1 := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Max"))
	ms, err2 := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Interval-Milliseconds"))
	if err1 != nil || err2 != nil || n <= 0 || ms <= 0 {
		return 0, 0, false
	}
	return n, time.Duration(ms) * time.Millisecond, true
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusInternalServerError, 477, 521, 522, 523, 524:
		return true
	}
	return false
}

func retryAfter(h http.Header) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// pauser holds every request of a client back until a time HubSpot's 429s set.
type pauser struct {
	mu    sync.Mutex
	until time.Time
	// after makes the timer a wait uses; tests replace it to control time.
	after func(time.Duration) <-chan time.Time
}

func (p *pauser) extend(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := time.Now().Add(d); t.After(p.until) {
		p.until = t
	}
}

func (p *pauser) remaining() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return max(time.Until(p.until), 0)
}

// wait returns when no pause is in force, or with the context's error.
func (p *pauser) wait(ctx context.Context) error {
	for {
		d := p.remaining()
		if d <= 0 {
			return ctx.Err()
		}
		p.mu.Lock()
		after := p.after
		p.mu.Unlock()
		var fired <-chan time.Time
		if after != nil {
			fired = after(d)
		} else {
			t := time.NewTimer(d)
			defer t.Stop()
			fired = t.C
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-fired:
			if after != nil {
				// A controlled clock says the pause is over.
				p.mu.Lock()
				p.until = time.Time{}
				p.mu.Unlock()
			}
		}
	}
}
