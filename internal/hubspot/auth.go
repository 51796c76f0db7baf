package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// tokens supplies the bearer token of each request: a private app's token as it is, or an
// OAuth access token that golang.org/x/oauth2 refreshes a minute before it expires. One refresh
// serves every concurrent caller.
type tokens struct {
	static string

	mu        sync.Mutex
	src       oauth2.TokenSource
	refresher *refresher
}

// refreshMargin is how long before its expiry an access token is replaced.
const refreshMargin = time.Minute

func staticTokens(token string) *tokens { return &tokens{static: token} }

func oauthTokens(conf *oauth2.Config, refreshToken string, hc *http.Client, ua string) *tokens {
	// The token endpoint is called with the client's own HTTP client, so that its timeout and
	// transport apply, and with the provider's User-Agent.
	withUA := *hc
	withUA.Transport = userAgent{next: hc.Transport, ua: ua}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &withUA)
	r := &refresher{conf: conf, ctx: ctx, refreshToken: refreshToken}
	return &tokens{refresher: r, src: oauth2.ReuseTokenSourceWithExpiry(nil, r, refreshMargin)}
}

func (t *tokens) token(ctx context.Context) (string, error) {
	if t.refresher == nil {
		return t.static, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	t.mu.Lock()
	src := t.src
	t.mu.Unlock()
	tk, err := src.Token()
	if err != nil {
		return "", explainRefresh(err)
	}
	return tk.AccessToken, nil
}

// invalidate drops an access token HubSpot reported expired, so that the next call refreshes.
func (t *tokens) invalidate(token string) {
	if t.refresher == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if cur, err := t.src.Token(); err == nil && cur.AccessToken == token {
		t.src = oauth2.ReuseTokenSourceWithExpiry(nil, t.refresher, refreshMargin)
	}
}

// refresher exchanges the refresh token for a new access token on every call, keeping the
// refresh token HubSpot sends back in case it rotates it.
type refresher struct {
	conf *oauth2.Config
	ctx  context.Context

	mu           sync.Mutex
	refreshToken string
}

func (r *refresher) Token() (*oauth2.Token, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tk, err := r.conf.TokenSource(r.ctx, &oauth2.Token{RefreshToken: r.refreshToken}).Token()
	if err != nil {
		return nil, err
	}
	if tk.RefreshToken != "" {
		r.refreshToken = tk.RefreshToken
	}
	return tk, nil
}

// explainRefresh turns a failed refresh into an error that says what HubSpot answered (its
// body names what was wrong, BAD_REFRESH_TOKEN or BAD_CLIENT_ID, and never holds the
// secrets, which travel in the request body only) and what to check.
func explainRefresh(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return fmt.Errorf("refreshing the OAuth access token: %w", err)
	}
	var body struct {
		Status  string `json:"status"`
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	_ = json.Unmarshal(re.Body, &body)
	return fmt.Errorf("refreshing the OAuth access token: HubSpot answered %d %s: %s (%s); check the client id, client secret and refresh token",
		re.Response.StatusCode, body.Status, body.Message, body.Error)
}

type userAgent struct {
	next http.RoundTripper
	ua   string
}

func (u userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", u.ua)
	next := u.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(r)
}
