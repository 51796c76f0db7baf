package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const testToken = "pat-na1-test"

// clock is a settable time source for the tests where time matters.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newTestEmulator is a portal with the test token, and a route of each rate class so that the
// serving core is tested apart from any API's rules.
func newTestEmulator(t *testing.T, opts Options) *Emulator {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	e, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ping := func(*http.Request) (int, any, error) { return http.StatusOK, map[string]string{"ok": "yes"}, nil }
	e.handle("GET", []string{"/test"}, "/general", rateGeneral, ping)
	e.handle("POST", []string{"/test"}, "/search", rateSearch, ping)
	e.handle("GET", []string{"/test"}, "/associations", rateAssociations, ping)
	e.handle("POST", []string{"/test"}, "/write", rateGeneral, ping)
	return e
}

// call sends one request with a token (none when empty) and no body.
func call(t *testing.T, h http.Handler, method, path, token string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// send sends one request with the test token and a JSON body (none when body is "").
func send(t *testing.T, e *Emulator, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
	return m
}

// expectOK checks the status and decodes the body into out when out is not nil.
func expectOK(t *testing.T, rec *httptest.ResponseRecorder, status int, out any) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body.String())
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("body %q: %v", rec.Body.String(), err)
		}
	}
}

// expectError checks an error answer: status, HubSpot's error body with the category and a
// correlation id, and a message that contains each of the fragments.
func expectError(t *testing.T, rec *httptest.ResponseRecorder, status int, category string, fragments ...string) map[string]any {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body.String())
	}
	body := decode(t, rec)
	if body["status"] != "error" || body["category"] != category || body["correlationId"] == "" {
		t.Fatalf("body = %v, want category %s", body, category)
	}
	msg, _ := body["message"].(string)
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Fatalf("message %q does not contain %q", msg, f)
		}
	}
	return body
}

// expectStatus is expectOK for statuses below 300 and expectError, with one fragment, above.
func expectStatus(t *testing.T, rec *httptest.ResponseRecorder, status int, category, want string) {
	t.Helper()
	if status < 300 {
		expectOK(t, rec, status, nil)
		return
	}
	expectError(t, rec, status, category, want)
}

// newFormRequest is a form-encoded POST, as OAuth token requests are.
func newFormRequest(path, form string) *http.Request {
	req := httptest.NewRequest("POST", path, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func serveRequest(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
