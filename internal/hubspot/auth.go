package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// tokenSource supplies the bearer token for each request.
type tokenSource interface {
	token(ctx context.Context) (string, error)
	// invalidate drops a token HubSpot reported expired, so the next call fetches another.
	invalidate(token string)
}

type staticToken string

func (s staticToken) token(context.Context) (string, error) { return string(s), nil }
func (staticToken) invalidate(string)                       {}

// OAuth holds the credentials of an OAuth app installed on the portal.
type OAuth struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
}

// oauthSource exchanges the refresh token for access tokens at /oauth/v1/token and refreshes
// them a minute before they expire. One refresh serves every concurrent caller.
type oauthSource struct {
	creds   OAuth
	baseURL string
	http    *http.Client
	ua      string
	now     func() time.Time

	mu      sync.Mutex
	access  string
	expires time.Time
}

const refreshMargin = time.Minute

func (s *oauthSource) token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.access != "" && s.now().Add(refreshMargin).Before(s.expires) {
		return s.access, nil
	}
	form := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {s.creds.ClientID},
		"client_secret": {s.creds.ClientSecret},
		"refresh_token": {s.creds.RefreshToken},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.baseURL+"/oauth/v1/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", s.ua)
	resp, err := s.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("refreshing the OAuth access token: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("refreshing the OAuth access token: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		// The body names what was wrong (BAD_REFRESH_TOKEN, BAD_CLIENT_ID, ...) and never
		// contains the secrets, so it is safe to show.
		var e struct {
			Status, Message, Error string
		}
		_ = json.Unmarshal(body, &e)
		return "", fmt.Errorf("refreshing the OAuth access token: HubSpot answered %d %s: %s (%s); check the client id, client secret and refresh token", resp.StatusCode, e.Status, e.Message, e.Error)
	}
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &t); err != nil || t.AccessToken == "" {
		return "", fmt.Errorf("refreshing the OAuth access token: unexpected response from HubSpot")
	}
	s.access = t.AccessToken
	s.expires = s.now().Add(time.Duration(t.ExpiresIn) * time.Second)
	return s.access, nil
}

func (s *oauthSource) invalidate(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.access == token {
		s.access = ""
	}
}
