// Package hubspot is a client for the parts of HubSpot's CRM API that configure tickets:
// pipelines and stages, properties and property groups, tickets, v4 associations and labels,
// and owners. It knows nothing of Terraform.
//
// Every call goes through one request path that authenticates (private app token or OAuth),
// waits on client-side rate limiters sized to HubSpot's published limits, retries what is safe
// to retry, and turns HubSpot's error bodies into *Error values.
package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// DefaultBaseURL is HubSpot's API host.
const DefaultBaseURL = "https://api.hubapi.com"

// Config configures a Client. Exactly one of AccessToken and OAuth must be set.
type Config struct {
	BaseURL     string
	AccessToken string
	OAuth       *OAuth
	UserAgent   string
	HTTPClient  *http.Client

	// RequestsPerInterval and Interval size the burst limiter; HubSpot's Free and Starter
	// limit, 100 per 10 s, when zero. The limiter adapts to the X-HubSpot-RateLimit-Max and
	// -Interval-Milliseconds headers HubSpot sends.
	RequestsPerInterval int
	Interval            time.Duration
	// SearchPerSecond sizes the search endpoints' own limiter; 5 when zero.
	SearchPerSecond float64
	// MaxRetries bounds the retries of one request; 5 when zero, none when negative.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the wait between retries; 500 ms and 30 s when zero.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// NoCoalescing turns off the shared list caches, the ticket prefetch, and the batching of
	// reads and writes, so that every call is its own request. It exists to measure what
	// coalescing saves and to diagnose.
	NoCoalescing bool
}

// Client talks to one HubSpot account.
type Client struct {
	base    *url.URL
	http    *http.Client
	ua      string
	tokens  tokenSource
	secrets []string

	limiter       *rate.Limiter
	searchLimiter *rate.Limiter
	limitMu       sync.Mutex
	limitMax      int
	limitInterval time.Duration

	maxRetries int
	minBackoff time.Duration
	maxBackoff time.Duration
	sleep      func(ctx context.Context, d time.Duration) error

	noCoalescing bool
	// lists holds one *listCache per list endpoint, keyed by what it lists.
	lists sync.Map
	// coalescers holds the batchers that merge concurrent record and association reads,
	// keyed by what they read; coalesceWindow is how long a batch gathers (a default when 0).
	coalescers     sync.Map
	coalesceWindow time.Duration
}

// New returns a Client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute URL", cfg.BaseURL)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-hubspot"
	}
	c := &Client{
		base:       base,
		http:       cfg.HTTPClient,
		ua:         cfg.UserAgent,
		maxRetries: cfg.MaxRetries,
		minBackoff: cfg.MinBackoff,
		maxBackoff: cfg.MaxBackoff,
		sleep:      sleepCtx,

		noCoalescing: cfg.NoCoalescing,
	}
	switch {
	case cfg.AccessToken != "" && cfg.OAuth != nil:
		return nil, errors.New("both an access token and OAuth credentials were given; use one")
	case cfg.AccessToken != "":
		c.tokens = staticToken(cfg.AccessToken)
		c.secrets = []string{cfg.AccessToken}
	case cfg.OAuth != nil:
		if cfg.OAuth.ClientID == "" || cfg.OAuth.ClientSecret == "" || cfg.OAuth.RefreshToken == "" {
			return nil, errors.New("OAuth needs a client id, a client secret and a refresh token")
		}
		c.tokens = &oauthSource{creds: *cfg.OAuth, baseURL: base.String(), http: cfg.HTTPClient, ua: cfg.UserAgent, now: time.Now}
		c.secrets = []string{cfg.OAuth.ClientSecret, cfg.OAuth.RefreshToken}
	default:
		return nil, errors.New("no credentials: an access token or OAuth credentials are required")
	}
	if c.maxRetries == 0 {
		c.maxRetries = 5
	}
	if c.minBackoff <= 0 {
		c.minBackoff = 500 * time.Millisecond
	}
	if c.maxBackoff <= 0 {
		c.maxBackoff = 30 * time.Second
	}
	n, interval := cfg.RequestsPerInterval, cfg.Interval
	if n <= 0 {
		n = 100
	}
	if interval <= 0 {
		interval = 10 * time.Second
	}
	c.limiter = rate.NewLimiter(0, 1)
	c.setLimit(n, interval)
	sps := cfg.SearchPerSecond
	if sps <= 0 {
		sps = 5
	}
	// A burst of one and a rate a little under the limit keep every rolling second within it.
	c.searchLimiter = rate.NewLimiter(rate.Limit(sps*0.9), 1)
	return c, nil
}

// setLimit sizes the burst limiter so that no rolling window of length interval ever holds
// more than n requests: a burst b plus (n-b) spread over the window.
func (c *Client) setLimit(n int, interval time.Duration) {
	c.limitMu.Lock()
	defer c.limitMu.Unlock()
	if n == c.limitMax && interval == c.limitInterval {
		return
	}
	c.limitMax, c.limitInterval = n, interval
	burst := max(n/10, 1)
	perSecond := float64(n-burst) / interval.Seconds()
	if perSecond <= 0 {
		perSecond = float64(n) / interval.Seconds()
	}
	c.limiter.SetLimit(rate.Limit(perSecond))
	c.limiter.SetBurst(burst)
}

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
	// safe marks calls HubSpot can receive twice without harm (reads, including POST batch
	// reads and searches; replaces; deletes). Unsafe calls are retried only when HubSpot
	// reports it did not process them.
	safe bool
}

func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	return c.do(ctx, request{method: http.MethodGet, path: path, query: query, out: out, safe: true})
}

// do sends r, retrying 429s and transient failures with exponential backoff and jitter,
// honouring Retry-After and the context.
func (c *Client) do(ctx context.Context, r request) error {
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

	expiredRetried := false
	for attempt := 1; ; attempt++ {
		if err := c.wait(ctx, r.search); err != nil {
			return err
		}
		token, err := c.tokens.token(ctx)
		if err != nil {
			return err
		}
		ctx := tflog.MaskMessageStrings(ctx, token)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, token)

		var body io.Reader
		if payload != nil {
			body = bytes.NewReader(payload)
		}
		req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
		if err != nil {
			return err
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
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// A transport error leaves the outcome unknown: a create may have happened.
			fields["error"] = err.Error()
			tflog.Debug(ctx, "HubSpot request failed", fields)
			if !r.safe || attempt > c.maxRetries {
				return fmt.Errorf("HubSpot API %s %s: %w", r.method, r.path, err)
			}
			if err := c.sleep(ctx, c.backoff(attempt, 0)); err != nil {
				return err
			}
			continue
		}
		data, readErr := io.ReadAll(resp.Body)
		resp.Body.Close()
		fields["status"] = resp.StatusCode
		fields["correlation_id"] = resp.Header.Get("X-HubSpot-Correlation-Id")
		tflog.Debug(ctx, "HubSpot request", fields)
		if readErr != nil {
			if !r.safe || attempt > c.maxRetries {
				return fmt.Errorf("HubSpot API %s %s: reading response: %w", r.method, r.path, readErr)
			}
			continue
		}
		tflog.Trace(ctx, "HubSpot response body", map[string]any{"method": r.method, "path": r.path, "body": string(data)})
		c.adapt(resp.Header)

		if resp.StatusCode < 300 {
			if r.out != nil && len(bytes.TrimSpace(data)) > 0 {
				if err := json.Unmarshal(data, r.out); err != nil {
					return fmt.Errorf("HubSpot API %s %s: decoding response: %w", r.method, r.path, err)
				}
			}
			return nil
		}

		apiErr := parseError(resp, data, r.method, r.path)
		switch {
		case resp.StatusCode == http.StatusTooManyRequests && apiErr.PolicyName == "DAILY":
			apiErr.Message = "the portal's daily API request limit is spent; it resets at midnight in the portal's time zone: " + apiErr.Message
			return apiErr
		case resp.StatusCode == http.StatusTooManyRequests:
			// HubSpot did not process a rate-limited request, so even a create can be sent again.
			if attempt > c.maxRetries {
				return apiErr
			}
			if err := c.sleep(ctx, c.backoff(attempt, retryAfter(resp.Header))); err != nil {
				return err
			}
		case resp.StatusCode == http.StatusUnauthorized && apiErr.Category == "EXPIRED_AUTHENTICATION" && !expiredRetried:
			expiredRetried = true
			c.tokens.invalidate(token)
		case retryableStatus(resp.StatusCode) && r.safe && attempt <= c.maxRetries:
			if err := c.sleep(ctx, c.backoff(attempt, retryAfter(resp.Header))); err != nil {
				return err
			}
		default:
			return apiErr
		}
	}
}

func (c *Client) wait(ctx context.Context, search bool) error {
	if search {
		if err := c.searchLimiter.Wait(ctx); err != nil {
			return err
		}
		return nil
	}
	return c.limiter.Wait(ctx)
}

// adapt follows the limit HubSpot reports for this app, which depends on the account's tier.
func (c *Client) adapt(h http.Header) {
	n, err1 := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Max"))
	ms, err2 := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Interval-Milliseconds"))
	if err1 != nil || err2 != nil || n <= 0 || ms <= 0 {
		return
	}
	c.setLimit(n, time.Duration(ms)*time.Millisecond)
}

// backoff is the wait before retry number attempt: Retry-After when HubSpot sent one,
// otherwise exponential from MinBackoff with full jitter, capped at MaxBackoff.
func (c *Client) backoff(attempt int, after time.Duration) time.Duration {
	if after > 0 {
		return min(after, c.maxBackoff)
	}
	d := c.minBackoff << min(attempt-1, 16)
	if d > c.maxBackoff || d <= 0 {
		d = c.maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusInternalServerError, 477, 521, 522, 523, 524:
		return true
	}
	return false
}

func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func parseError(resp *http.Response, data []byte, method, path string) *Error {
	e := &Error{StatusCode: resp.StatusCode, Method: method, Path: path}
	if err := json.Unmarshal(data, e); err != nil || e.Message == "" {
		e.Message = strings.TrimSpace(string(data))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "…"
		}
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	e.StatusCode, e.Method, e.Path = resp.StatusCode, method, path
	if e.CorrelationID == "" {
		e.CorrelationID = resp.Header.Get("X-HubSpot-Correlation-Id")
	}
	return e
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pathEscape escapes one path segment.
func pathEscape(s string) string { return url.PathEscape(s) }
