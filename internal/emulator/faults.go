package emulator

// Fault injection: what an unreliable network and a busy HubSpot do to requests, so that
// clients can be tested for what happens when an answer never arrives.
//
//   - 5xx: the request is answered 500, 502, 503 or 504 before the portal sees it (nothing is
//     written). 500 carries HubSpot's error body (category INTERNAL_ERROR, a choice: the real
//     body is not recorded); 502, 503 and 504 carry the HTML page of the proxy in front of the
//     API, as HubSpot's gateway errors do [DOCS error handling: 502/504 timeouts, 503].
//   - lost: the portal serves the request (a write takes effect), then the answer is replaced
//     by a 502 or 504 HTML page, or the connection is closed without an answer.
//   - reset: the connection is reset (TCP RST where the listener allows it) before the portal
//     sees the request.
//   - slow: the portal serves the request, then the answer waits Delay before it is written; a
//     client that gives up meanwhile has had its write done.
//   - 429: the request is refused by a rate-limit policy before the portal sees it:
//     TEN_SECONDLY_ROLLING, SECONDLY (search's) or DAILY, with the policy's real 429 body and
//     headers that report the real counters, which is what a limit stricter than the headers
//     looks like. An injected DAILY also spends the account's daily budget, as another app of
//     the account would, so every later request meets the real DAILY limit until midnight.
//     Burst makes one trigger refuse that many consecutive matching requests.
//
// Whether a rule fires is drawn from the seed, the rule's position, the request's method and
// path and how many requests with that method and path the rule has seen, so a run with the
// same seed and the same requests injects the same faults, whatever other requests
// interleave. Rules are tried in order; the first that fires is the request's only fault.
// Requests to /_emulator/ are never faulted.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind is a kind of injected fault.
type FaultKind string

// The faults the emulator can inject.
const (
	FaultServerError FaultKind = "5xx"
	FaultLostAnswer  FaultKind = "lost"
	FaultReset       FaultKind = "reset"
	FaultSlow        FaultKind = "slow"
	FaultRateLimit   FaultKind = "429"
)

var faultKinds = []FaultKind{FaultServerError, FaultLostAnswer, FaultReset, FaultSlow, FaultRateLimit}

// FaultRule injects one kind of fault into the requests it matches.
type FaultRule struct {
	Kind FaultKind
	// Probability is the chance that a matching request gets the fault, above 0 and at most 1.
	Probability float64
	// Method restricts the rule to one HTTP method; empty matches every method.
	Method string
	// Path restricts the rule to paths matching a pattern, segment by segment: "*" (or any
	// path.Match pattern) matches within one segment and "**" any number of segments, e.g.
	// "/crm/v3/objects/tickets/batch/*" or "/crm/**". Empty matches every path.
	Path string
	// Status is the status answered: 500, 502, 503 or 504 for 5xx, 502 or 504 for lost.
	// Zero lets the seed choose; for lost the choice includes closing the connection.
	Status int
	// Drop makes a lost answer a closed connection rather than a status.
	Drop bool
	// Policy is the rate-limit policy of a 429: TEN_SECONDLY_ROLLING (the default), SECONDLY
	// or DAILY.
	Policy string
	// Burst is how many consecutive matching requests one trigger of a 429 refuses (1 when
	// zero).
	Burst int
	// Delay is how long a slow answer waits.
	Delay time.Duration
	// Skip exempts the first Skip matching requests.
	Skip int
	// Max caps how many times the rule fires; zero means no cap.
	Max int
}

// Faults is a set of fault rules with the seed their draws derive from.
type Faults struct {
	Seed  uint64
	Rules []FaultRule
}

// Validate reports the first rule that cannot be applied.
func (f Faults) Validate() error {
	for i, r := range f.Rules {
		if err := r.validate(); err != nil {
			return fmt.Errorf("fault rule %d (%s): %w", i+1, r.Kind, err)
		}
	}
	return nil
}

func (r FaultRule) validate() error {
	var problems []string
	if !slices.Contains(faultKinds, r.Kind) {
		problems = append(problems, fmt.Sprintf("unknown kind %q (want one of 5xx, lost, reset, slow, 429)", r.Kind))
	}
	if !(r.Probability > 0 && r.Probability <= 1) {
		problems = append(problems, "probability must be above 0 and at most 1")
	}
	if r.Skip < 0 || r.Max < 0 || r.Burst < 0 || r.Delay < 0 {
		problems = append(problems, "skip, max, burst and delay cannot be negative")
	}
	switch r.Kind {
	case FaultServerError:
		if r.Status != 0 && !slices.Contains([]int{500, 502, 503, 504}, r.Status) {
			problems = append(problems, "status must be 500, 502, 503 or 504")
		}
	case FaultLostAnswer:
		if r.Status != 0 && r.Status != 502 && r.Status != 504 {
			problems = append(problems, "status must be 502 or 504")
		}
	case FaultSlow:
		if r.Delay <= 0 {
			problems = append(problems, "a slow answer needs a delay")
		}
	case FaultRateLimit:
		if r.Policy != "" && r.Policy != policyTenSecondly && r.Policy != policySecondly && r.Policy != policyDaily {
			problems = append(problems, "policy must be TEN_SECONDLY_ROLLING, SECONDLY or DAILY")
		}
	}
	if _, err := compilePathPattern(r.Path); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// ParseFaultRule reads a rule written as KIND[,key=value...], the form of the command's -fault
// flag: keys p (probability), method, path, status, drop, policy, burst, delay, skip and max.
// For example "lost,p=0.05,method=POST,path=/crm/v3/objects/tickets/**" or
// "429,p=0.1,policy=DAILY".
func ParseFaultRule(s string) (FaultRule, error) {
	parts := strings.Split(strings.TrimSpace(s), ",")
	r := FaultRule{Kind: FaultKind(strings.TrimSpace(parts[0])), Probability: 1}
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return FaultRule{}, fmt.Errorf("fault %q: %q is not key=value", s, kv)
		}
		if err := r.set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return FaultRule{}, fmt.Errorf("fault %q: %w", s, err)
		}
	}
	if err := r.validate(); err != nil {
		return FaultRule{}, fmt.Errorf("fault %q: %w", s, err)
	}
	return r, nil
}

func (r *FaultRule) set(k, v string) error {
	var err error
	switch k {
	case "p":
		r.Probability, err = strconv.ParseFloat(v, 64)
	case "method":
		r.Method = strings.ToUpper(v)
	case "path":
		r.Path = v
	case "status":
		r.Status, err = strconv.Atoi(v)
	case "drop":
		r.Drop, err = strconv.ParseBool(v)
	case "policy":
		r.Policy = strings.ToUpper(v)
	case "burst":
		r.Burst, err = strconv.Atoi(v)
	case "delay":
		r.Delay, err = time.ParseDuration(v)
	case "skip":
		r.Skip, err = strconv.Atoi(v)
	case "max":
		r.Max, err = strconv.Atoi(v)
	default:
		return fmt.Errorf("unknown key %q", k)
	}
	if err != nil {
		return fmt.Errorf("%s=%s: %w", k, v, err)
	}
	return nil
}

// pathPattern is a compiled FaultRule.Path: its segments, "**" standing for any number.
type pathPattern []string

func compilePathPattern(p string) (pathPattern, error) {
	if p == "" {
		return nil, nil
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if s == "**" {
			continue
		}
		// path.Match reports a malformed pattern only when it meets one; check each segment
		// against itself once, here, so a bad rule fails when it is set.
		if _, err := matchSegment(s, s); err != nil {
			return nil, fmt.Errorf("path %q: segment %q is not a valid pattern", p, s)
		}
	}
	return segs, nil
}

// match reports whether a URL path matches the pattern. It walks the pattern once, keeping
// the set of path positions reachable so far, so "**" never backtracks.
func (pp pathPattern) match(urlPath string) bool {
	if pp == nil {
		return true
	}
	segs := strings.Split(strings.Trim(urlPath, "/"), "/")
	reach := make([]bool, len(segs)+1)
	reach[0] = true
	for _, p := range pp {
		next := make([]bool, len(segs)+1)
		for i, ok := range reach {
			switch {
			case !ok:
			case p == "**":
				for j := i; j <= len(segs); j++ {
					next[j] = true
				}
			case i < len(segs):
				if m, _ := matchSegment(p, segs[i]); m {
					next[i+1] = true
				}
			}
		}
		reach = next
	}
	return reach[len(segs)]
}

// faultState is the rules in force and what they have done.
type faultState struct {
	seed     uint64
	rules    []FaultRule
	patterns []pathPattern
	seen     map[string]int // rule index and request key -> matching requests seen
	matched  []int          // per rule: matching requests seen
	fired    []int          // per rule: faults injected
	burst    []int          // per rule: further requests a 429 burst still refuses
	log      []InjectedFault
}

func newFaultState(f Faults) *faultState {
	s := &faultState{
		seed: f.Seed, rules: slices.Clone(f.Rules), seen: map[string]int{},
		matched: make([]int, len(f.Rules)), fired: make([]int, len(f.Rules)), burst: make([]int, len(f.Rules)),
	}
	for _, r := range f.Rules {
		pp, _ := compilePathPattern(r.Path)
		s.patterns = append(s.patterns, pp)
	}
	return s
}

// fault is the fault chosen for one request.
type fault struct {
	kind   FaultKind
	status int // 0 with drop
	drop   bool
	policy string
	delay  time.Duration
}

// choose draws the fault, if any, for a request.
func (s *faultState) choose(method, urlPath string) *fault {
	key := method + " " + urlPath
	for i, r := range s.rules {
		if (r.Method != "" && !strings.EqualFold(r.Method, method)) || !s.patterns[i].match(urlPath) {
			continue
		}
		s.matched[i]++
		n := s.seen[strconv.Itoa(i)+" "+key]
		s.seen[strconv.Itoa(i)+" "+key] = n + 1
		if s.burst[i] > 0 {
			s.burst[i]--
			s.fired[i]++
			return s.build(i, key, n)
		}
		if s.matched[i] <= r.Skip || (r.Max > 0 && s.fired[i] >= r.Max) {
			continue
		}
		if s.draw(i, key, n, 0) >= r.Probability {
			continue
		}
		s.fired[i]++
		if r.Kind == FaultRateLimit {
			s.burst[i] = max(r.Burst, 1) - 1
		}
		return s.build(i, key, n)
	}
	return nil
}

func (s *faultState) build(i int, key string, n int) *fault {
	r := s.rules[i]
	f := &fault{kind: r.Kind, status: r.Status, drop: r.Drop, policy: r.Policy, delay: r.Delay}
	switch r.Kind {
	case FaultServerError:
		if f.status == 0 {
			f.status = []int{500, 502, 503, 504}[int(s.draw(i, key, n, 1)*4)]
		}
	case FaultLostAnswer:
		if !f.drop && f.status == 0 {
			switch int(s.draw(i, key, n, 1) * 3) {
			case 0:
				f.status = http.StatusBadGateway
			case 1:
				f.status = http.StatusGatewayTimeout
			default:
				f.drop = true
			}
		}
		if f.drop {
			f.status = 0
		}
	case FaultRateLimit:
		if f.policy == "" {
			f.policy = policyTenSecondly
		}
	case FaultReset:
		f.drop = true
	}
	return f
}

// draw is a number in [0, 1) fixed by the seed, the rule, the request key, how many requests
// with that key the rule has seen, and a salt for a second choice about the same request.
func (s *faultState) draw(rule int, key string, n, salt int) float64 {
	h := fnv.New64a()
	var buf [8]byte
	for _, v := range []uint64{s.seed, uint64(rule), uint64(n), uint64(salt)} {
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	h.Write([]byte(key))
	// splitmix64's finaliser spreads FNV's weak low bits over the whole word.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / math.Exp2(53)
}

// InjectedFault is one fault the emulator injected.
type InjectedFault struct {
	Kind   FaultKind `json:"kind"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	// Status is what the client was answered; 0 when the connection was closed.
	Status int `json:"status"`
	// Served is the status the portal produced for a lost or slow answer (the write took
	// effect when it is below 300); 0 when the portal never saw the request.
	Served int `json:"served"`
	// Policy is a 429's rate-limit policy.
	Policy string `json:"policy,omitempty"`
}

// String reads like "lost POST /crm/v3/objects/tickets/batch/create".
func (f InjectedFault) String() string {
	return string(f.Kind) + " " + f.Method + " " + f.Path
}

// SetFaults replaces the fault rules, starting their counters and draws afresh.
func (e *Emulator) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	log := e.faults.log
	e.faults = newFaultState(f)
	e.faults.log = log
	return nil
}

// Faults returns the fault rules in force.
func (e *Emulator) Faults() Faults {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Faults{Seed: e.faults.seed, Rules: slices.Clone(e.faults.rules)}
}

// InjectedFaults returns the faults injected since the emulator started or the log was reset,
// oldest first.
func (e *Emulator) InjectedFaults() []InjectedFault {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.faults.log)
}

// FaultCounts counts the injected faults by kind, method and path, keyed as InjectedFault's
// String: {"lost POST /crm/v3/objects/tickets/batch/create": 3}.
func (e *Emulator) FaultCounts() map[string]int {
	out := map[string]int{}
	for _, f := range e.InjectedFaults() {
		out[f.String()]++
	}
	return out
}
