package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// handlerFunc serves one API route. It runs with the portal locked and returns the status and
// the body to write (nil for none), or an error, which an *apiError renders as HubSpot does.
type handlerFunc func(r *http.Request) (int, any, error)

// route is one registered METHOD and path pattern.
type route struct {
	pattern string // "POST /crm/v3/objects/{objectType}/batch/create"
	class   rateClass
	public  bool // served without a token
	write   bool // may change the portal
	h       handlerFunc
}

// handle registers h for METHOD and every path prefix + suffix; prefixes are the path families
// of one API (/crm/v3/..., /crm/.../2026-03/...). GETs, searches and batch reads are reads;
// every other route may write.
func (e *Emulator) handle(method string, prefixes []string, suffix string, class rateClass, h handlerFunc) {
	write := method != http.MethodGet && !strings.HasSuffix(suffix, "/search") && !strings.HasSuffix(suffix, "/batch/read")
	for _, prefix := range prefixes {
		e.register(&route{pattern: method + " " + prefix + suffix, class: class, write: write, h: h})
	}
}

func (e *Emulator) register(rt *route) {
	e.mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) { e.serve(w, r, rt) })
}

// response is an answer built under the portal's lock and written after it is released.
type response struct {
	status int
	header http.Header
	body   []byte
}

func newResponse(status int) *response {
	r := &response{status: status, header: http.Header{}}
	r.header.Set(correlationHeader, newUUID())
	return r
}

func (r *response) correlation() string { return r.header.Get(correlationHeader) }

// setJSON gives r a JSON body (none when body is nil) as HubSpot writes it:
// application/json;charset=utf-8.
func (r *response) setJSON(body any) *response {
	if body == nil {
		return r
	}
	data, err := json.Marshal(body)
	if err != nil {
		return errorResponse(&apiError{Status: http.StatusInternalServerError, Category: catInternal, Message: "encoding the answer: " + err.Error()})
	}
	r.header.Set("Content-Type", "application/json;charset=utf-8")
	r.body = append(data, '\n')
	return r
}

func jsonResponse(status int, body any) *response { return newResponse(status).setJSON(body) }

// errorResponse renders e as HubSpot does: the error body with its correlation id repeated in
// the X-HubSpot-Correlation-Id header, and X-HubSpot-NotFound on 404s.
func errorResponse(e *apiError) *response {
	r := newResponse(e.Status)
	body := *e
	body.StatusText, body.Correlation = "error", r.correlation()
	if e.Status == http.StatusNotFound {
		r.header.Set("X-HubSpot-NotFound", "true")
	}
	return r.setJSON(&body)
}

// htmlResponse is the page of the proxy in front of the API, which answers gateway errors and
// oversized bodies before HubSpot sees them.
func htmlResponse(status int) *response {
	// The proxy's page carries no HubSpot correlation id: HubSpot never saw the answer.
	r := &response{status: status, header: http.Header{}}
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	r.header.Set("Content-Type", "text/html")
	r.body = []byte("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n</body>\r\n</html>\r\n")
	return r
}

func (r *response) write(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}

// serve runs one request through what stands between a client and HubSpot's API: the network
// (faults), the proxy (body size), authentication, rate limits, and then the route's handler.
// Everything that reads or changes the portal happens under its lock; waiting and writing the
// answer happen after.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, rt *route) {
	e.mu.Lock()
	e.stats[rt.pattern]++
	f := e.faults.choose(r.Method, r.URL.Path)
	entry := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Route: rt.pattern, Write: rt.write}
	if f != nil {
		entry.Fault = f.kind
	}
	if f != nil && (f.kind == FaultReset || f.kind == FaultServerError) {
		var resp *response
		if f.kind == FaultServerError {
			resp = serverErrorResponse(f.status)
		}
		e.record(entry, resp, f, 0)
		e.mu.Unlock()
		finish(w, resp)
		return
	}
	e.mu.Unlock()

	resp := readRequestBody(r)
	e.mu.Lock()
	served := 0
	if resp == nil {
		resp = e.process(r, rt, f)
		served = resp.status
	}
	if f != nil && f.kind == FaultRateLimit && resp.status != http.StatusTooManyRequests {
		// Refused before the limits were reached (a bad token, an oversized body) or on a route
		// without limits: the fault did not happen.
		f, entry.Fault = nil, ""
	}
	if f != nil && f.kind == FaultLostAnswer {
		resp = nil
		if !f.drop {
			resp = htmlResponse(f.status)
		}
	}
	e.record(entry, resp, f, served)
	e.mu.Unlock()

	if f != nil && f.kind == FaultSlow {
		if err := e.sleep(r.Context(), f.delay); err != nil {
			return // the client left; its write, if any, is done
		}
	}
	finish(w, resp)
}

// readRequestBody reads the body into memory before the portal is locked, so a slow sender
// holds up no one else. It answers 413 for a body over maxBodyBytes.
func readRequestBody(r *http.Request) *response {
	if r.Body == nil {
		r.Body = http.NoBody
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	switch {
	case err != nil:
		return errorResponse(badRequest("Unable to read request body"))
	case len(data) > maxBodyBytes:
		return htmlResponse(http.StatusRequestEntityTooLarge)
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return nil
}

// process authenticates, admits and serves a request under the portal's lock.
func (e *Emulator) process(r *http.Request, rt *route, f *fault) *response {
	st := limitState{class: rateNone}
	oauth := false
	if !rt.public {
		app, isOAuth, aerr := e.authenticate(r)
		if aerr != nil {
			return errorResponse(aerr)
		}
		oauth = isOAuth
		policy := ""
		if f != nil && f.kind == FaultRateLimit {
			policy = f.policy
			if policy == policyDaily {
				e.limits.spendDaily(e.now())
			}
			st = e.limits.state(app, rt.class, e.now())
		} else if rt.class != rateNone {
			st, policy = e.limits.admit(app, rt.class, e.now())
		}
		if policy != "" {
			resp := newResponse(http.StatusTooManyRequests)
			body := limitedBody(policy, app, e.p.PortalID)
			body["correlationId"] = resp.correlation()
			resp = resp.setJSON(body)
			setRateHeaders(resp.header, st, oauth)
			e.limited++
			return resp
		}
	}
	resp := e.run(r, rt)
	setRateHeaders(resp.header, st, oauth)
	return resp
}

// run calls the route's handler and saves the portal after a successful write.
func (e *Emulator) run(r *http.Request, rt *route) *response {
	status, body, err := rt.h(r)
	var refused *oauthFailure
	if errors.As(err, &refused) {
		return jsonResponse(http.StatusBadRequest, refused)
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = &apiError{Status: http.StatusInternalServerError, Category: catInternal, Message: err.Error()}
		}
		return errorResponse(ae)
	}
	if rt.write && status < 300 {
		if err := e.save(); err != nil {
			return errorResponse(&apiError{Status: http.StatusInternalServerError, Category: catInternal, Message: "saving state: " + err.Error()})
		}
	}
	return jsonResponse(status, body)
}

// serverErrorResponse is an injected 5xx: HubSpot's error body for 500, the proxy's page for
// the gateway errors.
func serverErrorResponse(status int) *response {
	if status == http.StatusInternalServerError {
		return errorResponse(&apiError{Status: status, Category: catInternal, Message: "internal error"})
	}
	return htmlResponse(status)
}

// finish writes resp, or closes the connection without an answer when resp is nil.
func finish(w http.ResponseWriter, resp *response) {
	if resp != nil {
		resp.write(w)
		return
	}
	dropConnection(w)
}

// dropConnection closes the connection without an answer, with a TCP reset where the
// listener is TCP. Where the connection cannot be taken over (HTTP/2, or a recorder in
// tests), it aborts the handler, which makes net/http close it.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0)
			}
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// sleep waits d, or until ctx ends.
func (e *Emulator) sleep(ctx context.Context, d time.Duration) error {
	if e.opts.Sleep != nil {
		return e.opts.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// matchSegment matches one path segment against one segment of a fault rule's path pattern.
func matchSegment(pattern, segment string) (bool, error) { return path.Match(pattern, segment) }
