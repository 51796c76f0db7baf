// Package hubspot is a typed client for the parts of HubSpot's CRM API that configure tickets:
// pipelines and stages, properties and property groups, records, v4 associations and labels,
// and owners. It knows nothing of Terraform, and it makes exactly the requests it is asked
// for: sharing requests among callers is the business of a layer above it.
//
// Every call goes through one request path (request.go) that authenticates (private app token
// or OAuth), waits on client-side rate limiters sized to HubSpot's published limits, pauses
// every request when HubSpot says a window is full, retries what is safe to repeat, and turns
// HubSpot's error bodies into *Error values.
package hubspot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
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
	// MaxRetries bounds the retries of one request after a server or transport error; 5 when
	// zero, none when negative. Rate-limited requests get more patience (see max429Retries).
	MaxRetries int
	// MinBackoff and MaxBackoff bound the wait between retries; 500 ms and 30 s when zero.
	MinBackoff time.Duration
	MaxBackoff time.Duration
}

// OAuth holds the credentials of an OAuth app installed on the portal.
type OAuth struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
}

// Client talks to one HubSpot account.
type Client struct {
	base    *url.URL
	http    *http.Client
	ua      string
	tokens  *tokens
	secrets []string

	limiter       *rate.Limiter
	searchLimiter *rate.Limiter
	limitMu       sync.Mutex
	limitMax      int
	limitInterval time.Duration

	// pause holds every request back while HubSpot says a rate-limit window is full.
	pause pauser
	// budgets hold a request back while the window has no room for it, counting the
	// requests others made with the same app.
	budgets budgets
	// stopped holds the *Error of the first DAILY 429: every later call fails with it.
	stopped atomic.Pointer[Error]

	maxRetries int
	minBackoff time.Duration
	maxBackoff time.Duration
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
	}
	switch {
	case cfg.AccessToken != "" && cfg.OAuth != nil:
		return nil, errors.New("both an access token and OAuth credentials were given; use one")
	case cfg.AccessToken != "":
		c.tokens = staticTokens(cfg.AccessToken)
		c.secrets = []string{cfg.AccessToken}
	case cfg.OAuth != nil:
		o := cfg.OAuth
		if o.ClientID == "" || o.ClientSecret == "" || o.RefreshToken == "" {
			return nil, errors.New("OAuth needs a client id, a client secret and a refresh token")
		}
		c.tokens = oauthTokens(&oauth2.Config{
			ClientID:     o.ClientID,
			ClientSecret: o.ClientSecret,
			Endpoint:     oauth2.Endpoint{TokenURL: base.String() + "/oauth/v1/token", AuthStyle: oauth2.AuthStyleInParams},
		}, o.RefreshToken, cfg.HTTPClient, cfg.UserAgent)
		c.secrets = []string{o.ClientSecret, o.RefreshToken}
	default:
		return nil, errors.New("no credentials: an access token or OAuth credentials are required")
	}
	if c.maxRetries == 0 {
		c.maxRetries = 5
	}
	c.maxRetries = max(c.maxRetries, 0)
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
	// The limiter starts full: the budget, not the limiter, keeps the first requests within
	// what the window has left.
	perSecond, burst := limiterRate(n, interval)
	c.limiter = rate.NewLimiter(perSecond, burst)
	c.limitMax, c.limitInterval = n, interval
	c.budgets = newBudgets()
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
	perSecond, burst := limiterRate(n, interval)
	c.limiter.SetLimit(perSecond)
	c.limiter.SetBurst(burst)
}

// limiterRate is the rate and burst that keep every rolling window of length interval
// within n requests: a burst b plus (n-b) spread over the window.
func limiterRate(n int, interval time.Duration) (rate.Limit, int) {
	burst := max(n/10, 1)
	perSecond := float64(n-burst) / interval.Seconds()
	if perSecond <= 0 {
		perSecond = float64(n) / interval.Seconds()
	}
	return rate.Limit(perSecond), burst
}

func (c *Client) window() time.Duration {
	c.limitMu.Lock()
	defer c.limitMu.Unlock()
	return c.limitInterval
}

// LimiterDelay is how long a request made now would wait for the client's rate limiter (or
// for a pause HubSpot asked for), at most upTo. A layer that gathers calls into batch requests
// keeps a batch open that long: calls arriving meanwhile ride on its request.
func (c *Client) LimiterDelay(upTo time.Duration) time.Duration {
	d := max(c.pause.remaining(), c.budgets.general.delay(upTo), c.budgets.associations.delay(upTo))
	if tokens := c.limiter.Tokens(); tokens < 1 {
		if perSecond := float64(c.limiter.Limit()); perSecond > 0 {
			d = max(d, time.Duration((1-tokens)/perSecond*float64(time.Second)))
		}
	}
	return min(d, upTo)
}

// pathEscape escapes one path segment.
func pathEscape(s string) string { return url.PathEscape(s) }

// path joins escaped segments under prefix.
func path(prefix string, segments ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, s := range segments {
		b.WriteString("/" + pathEscape(s))
	}
	return b.String()
}
