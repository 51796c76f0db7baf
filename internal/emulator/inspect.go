package emulator

// What the emulator saw, for tests and scripts: per-route request counts, a request log and
// the log of injected faults, in process and under /_emulator/ (served without a token, never
// faulted, never logged).

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// maxLoggedRequests bounds the request and fault logs of a long-running emulator; past it the
// older half is dropped.
const maxLoggedRequests = 100000

// Request is one request the emulator received.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	// Route is the route pattern that served it: "POST /crm/v3/objects/{objectType}".
	Route string `json:"route"`
	// Write is true for routes that may change the portal: every method but GET, except
	// searches and batch reads.
	Write bool `json:"write"`
	// Status is what the client was answered; 0 when the connection was closed.
	Status int `json:"status"`
	// Served is the status the portal produced (authentication, rate limits or the handler);
	// 0 when the request never reached it (a reset, an injected 5xx, an oversized body). A
	// lost answer has Served 201 and Status 502, say.
	Served int       `json:"served"`
	Fault  FaultKind `json:"fault,omitempty"`
}

// record logs one request and, when one was injected, its fault. Callers hold e.mu.
func (e *Emulator) record(entry Request, resp *response, f *fault, served int) {
	if resp != nil {
		entry.Status = resp.status
	}
	entry.Served = served
	e.requests = appendBounded(e.requests, entry)
	if f == nil {
		return
	}
	if f.kind == FaultRateLimit {
		entry.Served = 0
	}
	e.faults.log = appendBounded(e.faults.log, InjectedFault{
		Kind: f.kind, Method: entry.Method, Path: entry.Path, Status: entry.Status, Served: entry.Served, Policy: f.policy,
	})
}

func appendBounded[T any](log []T, v T) []T {
	if len(log) >= maxLoggedRequests {
		log = slices.Clone(log[len(log)/2:])
	}
	return append(log, v)
}

// Requests returns the requests received since the emulator started or ResetStats, oldest
// first.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.requests)
}

// Stats returns how many requests each route received, keyed "METHOD /path/pattern", plus
// "429" for the requests answered 429 (by a limit or an injected fault).
func (e *Emulator) Stats() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := maps.Clone(e.stats)
	out["429"] = e.limited
	return out
}

// ResetStats zeroes the request counters and empties the request and fault logs.
func (e *Emulator) ResetStats() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats = map[string]int{}
	e.limited = 0
	e.requests = nil
	e.faults.log = nil
}

func (e *Emulator) registerInspection() {
	e.mux.HandleFunc("GET /_emulator/stats", func(w http.ResponseWriter, _ *http.Request) {
		jsonResponse(http.StatusOK, e.Stats()).write(w)
	})
	e.mux.HandleFunc("POST /_emulator/stats/reset", func(w http.ResponseWriter, _ *http.Request) {
		e.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	})
	e.mux.HandleFunc("GET /_emulator/requests", func(w http.ResponseWriter, _ *http.Request) {
		jsonResponse(http.StatusOK, map[string]any{"results": e.Requests()}).write(w)
	})
	e.mux.HandleFunc("GET /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		jsonResponse(http.StatusOK, faultsDocument(e.Faults(), e.InjectedFaults())).write(w)
	})
	e.mux.HandleFunc("PUT /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		f, err := parseFaultsDocument(r)
		if err == nil {
			err = e.SetFaults(f)
		}
		if err != nil {
			jsonResponse(http.StatusBadRequest, map[string]string{"message": err.Error()}).write(w)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// faultsDocument is the JSON form of the fault rules (each written as ParseFaultRule reads
// it) and what they injected.
func faultsDocument(f Faults, injected []InjectedFault) map[string]any {
	rules := []string{}
	for _, r := range f.Rules {
		rules = append(rules, r.String())
	}
	counts := map[string]int{}
	for _, i := range injected {
		counts[i.String()]++
	}
	if injected == nil {
		injected = []InjectedFault{}
	}
	return map[string]any{"seed": f.Seed, "rules": rules, "injected": injected, "counts": counts}
}

// parseFaultsDocument reads {"seed": 1, "rules": ["lost,p=0.05", ...]}.
func parseFaultsDocument(r *http.Request) (Faults, error) {
	data, err := readBody(r)
	if err != nil {
		return Faults{}, err
	}
	var doc struct {
		Seed  uint64   `json:"seed"`
		Rules []string `json:"rules"`
	}
	if err := decodeJSON(data, "faults", &doc, true); err != nil {
		return Faults{}, err
	}
	f := Faults{Seed: doc.Seed}
	for _, s := range doc.Rules {
		rule, err := ParseFaultRule(s)
		if err != nil {
			return Faults{}, err
		}
		f.Rules = append(f.Rules, rule)
	}
	return f, nil
}

// String writes the rule as ParseFaultRule reads it.
func (r FaultRule) String() string {
	parts := []string{string(r.Kind), "p=" + strconv.FormatFloat(r.Probability, 'g', -1, 64)}
	add := func(k, v string, set bool) {
		if set {
			parts = append(parts, k+"="+v)
		}
	}
	add("method", r.Method, r.Method != "")
	add("path", r.Path, r.Path != "")
	add("status", strconv.Itoa(r.Status), r.Status != 0)
	add("drop", "true", r.Drop)
	add("policy", r.Policy, r.Policy != "")
	add("burst", strconv.Itoa(r.Burst), r.Burst != 0)
	add("delay", r.Delay.String(), r.Delay != 0)
	add("skip", strconv.Itoa(r.Skip), r.Skip != 0)
	add("max", strconv.Itoa(r.Max), r.Max != 0)
	return strings.Join(parts, ",")
}
