package hubspot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A create HubSpot is processing when the caller is interrupted finishes, and its answer
// reaches the caller.
func TestWriteContextFinishesAWriteAlreadySent(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		writeJSON(w, 201, `{"id":"77","properties":{"subject":"kept"},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","archived":false}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{})
	caller, interrupt := context.WithCancel(context.Background())
	ctx, cancel := WriteContext(caller)
	defer cancel()
	go func() { <-arrived; interrupt(); close(release) }()
	o, err := c.CreateObject(ctx, TicketObjectType, ObjectInput{Properties: map[string]string{"subject": "kept"}})
	if err != nil || o.ID != "77" {
		t.Fatalf("create = %+v, %v; want HubSpot's answer although the caller was interrupted", o, err)
	}
}

// A write still waiting to be sent when the caller is interrupted is not sent, nor is a
// write that failed retried.
func TestWriteContextSendsNothingAfterTheInterruption(t *testing.T) {
	var n atomic.Int32
	interruptAt := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			close(interruptAt)
		}
		// A server error: a PATCH is safe to repeat, so the client would retry it.
		writeJSON(w, 503, `{"status":"error","message":"unavailable","correlationId":"c","category":"INTERNAL_ERROR"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, Config{MaxRetries: 5})
	caller, interrupt := context.WithCancel(context.Background())
	ctx, cancel := WriteContext(caller)
	defer cancel()
	// The retry waits on the interrupted gate; the test's backoff is a millisecond, so the
	// interruption must come from the server's first answer.
	c.minBackoff, c.maxBackoff = 200*1e6, 200*1e6
	go func() { <-interruptAt; interrupt() }()
	_, err := c.UpdateObject(ctx, TicketObjectType, "1", map[string]string{"subject": "x"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the interruption", err)
	}
	if got := n.Load(); got != 1 {
		t.Fatalf("HubSpot saw %d requests, want only the one sent before the interruption", got)
	}
	if _, err := c.GetObject(ctx, TicketObjectType, "1", nil); !errors.Is(err, context.Canceled) || n.Load() != 1 {
		t.Fatalf("a request made after the interruption: err %v, %d requests", err, n.Load())
	}
}
