package hubspot

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// answer writes a stub's reply to one request; body is the request body as sent.
type answer func(w http.ResponseWriter, r *http.Request, body []byte)

// stubServer answers from a table keyed "METHOD PATH" (a 404 for anything else) and keeps
// every request it gets.
type stubServer struct {
	mu       sync.Mutex
	answers  map[string]answer
	requests []recordedRequest
	raw      []string // the bodies as sent, by request
}

// recordedRequest is a request as the stub saw it, the JSON body decoded.
type recordedRequest struct {
	Method, Path, Query string
	Body                map[string]any
}

// newStub starts a stubServer that lives as long as the test.
func newStub(t *testing.T, answers map[string]answer) (*stubServer, *httptest.Server) {
	s := &stubServer{answers: answers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *stubServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	rec := recordedRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery}
	if len(data) > 0 {
		_ = json.Unmarshal(data, &rec.Body)
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.raw = append(s.raw, string(data))
	reply := s.answers[r.Method+" "+rec.Path]
	s.mu.Unlock()
	if reply == nil {
		writeJSON(w, http.StatusNotFound, `{"status":"error","message":"resource not found","correlationId":"c-404","category":"OBJECT_NOT_FOUND"}`)
		return
	}
	reply(w, r, data)
}

// fixed answers every request with status and body.
func fixed(status int, body string) answer {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) { writeJSON(w, status, body) }
}

// noContent answers 204.
func noContent(w http.ResponseWriter, _ *http.Request, _ []byte) { w.WriteHeader(http.StatusNoContent) }

// calls is how many requests the stub got for METHOD path, whatever their query.
func (s *stubServer) calls(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// lines lists the requests as "METHOD path", with "?query" when there is one.
func (s *stubServer) lines() []string {
	return s.format(func(r recordedRequest, _ string) string {
		if r.Query != "" {
			return r.Method + " " + r.Path + "?" + r.Query
		}
		return r.Method + " " + r.Path
	})
}

// log lists the requests as "METHOD path body", the body as sent.
func (s *stubServer) log() []string {
	return s.format(func(r recordedRequest, raw string) string { return r.Method + " " + r.Path + " " + raw })
}

func (s *stubServer) format(line func(r recordedRequest, raw string) string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.requests))
	for i, r := range s.requests {
		out[i] = line(r, s.raw[i])
	}
	return out
}

// sent counts the requests lines lists as line.
func (s *stubServer) sent(line string) int {
	n := 0
	for _, l := range s.lines() {
		if l == line {
			n++
		}
	}
	return n
}

// body is the body of the i-th request, as sent.
func (s *stubServer) body(i int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw[i]
}

func (s *stubServer) last() recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

// failOnce makes the next request to key ("METHOD PATH") fail with a 502; restore puts the
// usual answer back.
func (s *stubServer) failOnce(key string) (restore func()) {
	var failed atomic.Bool
	s.mu.Lock()
	defer s.mu.Unlock()
	usual := s.answers[key]
	s.answers[key] = func(w http.ResponseWriter, r *http.Request, body []byte) {
		if failed.CompareAndSwap(false, true) {
			writeJSON(w, 502, `{"status":"error","message":"bad gateway","correlationId":"c-502","category":"INTERNAL_ERROR"}`)
			return
		}
		usual(w, r, body)
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.answers[key] = usual
	}
}
