package emulator

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"
)

const authMissingMessage = "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate checks the bearer token. It returns the key the rate limits count against
// (the app: the private app token, or the OAuth client) and whether the token is an OAuth one.
func (e *Emulator) authenticate(r *http.Request) (string, bool, *apiError) {
	token := bearer(r)
	if token != "" && e.opts.Token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(e.opts.Token)) == 1 {
		return "private:" + token, false, nil
	}
	if exp, ok := e.oauth[token]; ok && token != "" {
		if now := e.now(); !now.Before(exp) {
			return "", true, &apiError{
				Status:   http.StatusUnauthorized,
				Category: catExpiredAuth,
				Message:  fmt.Sprintf("The OAuth token used to make this call expired %d second(s) ago.", int(now.Sub(exp).Seconds())),
				Context:  map[string][]string{"expire time": {exp.UTC().Format("2006-01-02T15:04:05.000Z")}},
			}
		}
		return "oauth:" + e.opts.OAuth.ClientID, true, nil
	}
	return "", false, &apiError{Status: http.StatusUnauthorized, Category: catInvalidAuth, Message: authMissingMessage}
}

// registerOAuth serves POST /oauth/v1/token for the refresh_token grant (auth-oauth-v1.json).
// Its errors are the OAuth form HubSpot uses there, not the CRM error body, and it carries no
// rate-limit headers.
func (e *Emulator) registerOAuth() {
	e.register(&route{pattern: "POST /oauth/v1/token", class: rateNone, public: true, h: e.grantToken})
}

func (e *Emulator) grantToken(r *http.Request) (int, any, error) {
	if err := r.ParseForm(); err != nil {
		return 0, nil, oauthError("BAD_REQUEST", "invalid_request", "request body must be application/x-www-form-urlencoded")
	}
	app := e.opts.OAuth
	switch {
	case r.PostForm.Get("grant_type") != "refresh_token":
		return 0, nil, oauthError("BAD_GRANT_TYPE", "unsupported_grant_type", "grant_type must be refresh_token")
	case app == nil || r.PostForm.Get("client_id") != app.ClientID:
		return 0, nil, oauthError("BAD_CLIENT_ID", "invalid_client", "missing or unknown client id")
	case subtle.ConstantTimeCompare([]byte(r.PostForm.Get("client_secret")), []byte(app.ClientSecret)) != 1:
		return 0, nil, oauthError("BAD_CLIENT_SECRET", "invalid_client", "missing or invalid client secret")
	case subtle.ConstantTimeCompare([]byte(r.PostForm.Get("refresh_token")), []byte(app.RefreshToken)) != 1:
		e := oauthError("BAD_REFRESH_TOKEN", "invalid_grant", "refresh token is invalid, expired or revoked")
		e.Message = "missing or unknown refresh token"
		return 0, nil, e
	}
	ttl := app.AccessTokenTTL
	if ttl <= 0 {
		ttl = 30 * time.Minute
	}
	token := "oauth-" + newUUID()
	e.oauth[token] = e.now().Add(ttl)
	return http.StatusOK, map[string]any{
		"access_token": token, "refresh_token": app.RefreshToken, "expires_in": int64(ttl.Seconds()),
		"token_type": "bearer", "token_use": "access_token", "hub_id": e.p.PortalID,
	}, nil
}

// oauthFailure is the token endpoint's error body (NOTES §6), not the CRM error body.
type oauthFailure struct {
	Status      string `json:"status"`
	Message     string `json:"message"`
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (f *oauthFailure) Error() string { return f.Status + ": " + f.Message }

// oauthError is a refused token request; HubSpot answers every one with 400.
func oauthError(status, code, desc string) *oauthFailure {
	return &oauthFailure{Status: status, Message: desc, Code: code, Description: desc}
}
