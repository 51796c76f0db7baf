package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// limiter keeps HubSpot's rolling windows per token: the ten-second burst window, a separate
// one for v4 associations, the search endpoints' one-second window, and the daily count.
type limiter struct {
	cfg      RateLimit
	disabled bool
	windows  map[string][]time.Time // key: class + token; accepted request times in the window
	daily    map[string]int         // key: token
	day      string
}

func newLimiter(cfg RateLimit, disabled bool) *limiter {
	return &limiter{cfg: cfg, disabled: disabled, windows: map[string][]time.Time{}, daily: map[string]int{}}
}

// limitState is what the rate-limit headers report after a request.
type limitState struct {
	max, remaining  int
	interval        time.Duration
	daily, dailyRem int
}

// limitError says which policy refused a request.
type limitError struct {
	policy string // TEN_SECONDLY_ROLLING, SECONDLY or DAILY
	token  string
}

// admit counts a request against its windows, or refuses it. A refused request is not counted.
func (l *limiter) admit(token string, class rateClass, now time.Time) (limitState, *limitError) {
	day := now.UTC().Format("2006-01-02")
	if day != l.day {
		l.day, l.daily = day, map[string]int{}
	}
	limit, interval := l.cfg.Max, l.cfg.Interval
	key := "general:" + token
	switch class {
	case rateSearch:
		limit, interval, key = l.cfg.SearchPerSecond, time.Second, "search:"+token
	case rateAssociations:
		key = "associations:" + token
	}
	window := l.windows[key]
	cut := 0
	for cut < len(window) && now.Sub(window[cut]) >= interval {
		cut++
	}
	window = window[cut:]
	st := limitState{max: limit, interval: interval, daily: l.cfg.Daily}

	if !l.disabled {
		if l.daily[token] >= l.cfg.Daily {
			l.windows[key] = window
			return st, &limitError{policy: "DAILY", token: token}
		}
		if len(window) >= limit {
			l.windows[key] = window
			policy := "TEN_SECONDLY_ROLLING"
			if class == rateSearch {
				policy = "SECONDLY"
			}
			return st, &limitError{policy: policy, token: token}
		}
	}
	window = append(window, now)
	l.windows[key] = window
	l.daily[token]++
	st.remaining = max(limit-len(window), 0)
	st.dailyRem = max(l.cfg.Daily-l.daily[token], 0)
	return st, nil
}

// setRateHeaders writes the X-HubSpot-RateLimit-* headers as HubSpot does: search responses
// carry only the daily pair, and calls made with an OAuth token never carry the daily pair.
func setRateHeaders(h http.Header, st limitState, class rateClass, oauth bool) {
	if !oauth {
		h.Set("X-HubSpot-RateLimit-Daily", strconv.Itoa(st.daily))
		h.Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(st.dailyRem))
	}
	if class == rateSearch {
		return
	}
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.FormatInt(st.interval.Milliseconds(), 10))
	h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(st.max))
	h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(st.remaining))
}

// writeLimited writes the 429 body of the policy that refused the request, with the exact
// strings HubSpot sends (NOTES §5.2); HubSpot's own SDK keys its retries on them.
func (e *Emulator) writeLimited(w http.ResponseWriter, le *limitError) {
	id := newUUID()
	w.Header().Set(correlationHeader, id)
	var body any
	switch le.policy {
	case "DAILY":
		body = map[string]any{
			"status": "error", "message": "You have reached your daily limit.", "errorType": "RATE_LIMIT",
			"correlationId": id, "policyName": "DAILY", "requestId": newUUID(),
		}
	case "SECONDLY":
		body = map[string]any{
			"status": "error", "message": "You have reached your secondly limit.", "correlationId": id,
			"category": catRateLimits,
		}
	default:
		body = map[string]any{
			"status": "error", "message": "You have reached your ten_secondly_rolling limit.", "errorType": "RATE_LIMIT",
			"correlationId": id, "policyName": "TEN_SECONDLY_ROLLING",
			"groupName": "publicapi:private_app-api-calls-ten-secondly:" + appID(le.token) + ":" + strconv.Itoa(e.p.PortalID),
		}
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(http.StatusTooManyRequests)
	_ = json.NewEncoder(w).Encode(body)
}

// appID derives a stable app id for the 429 group name from the token, without echoing it.
func appID(token string) string {
	var h uint32 = 2166136261
	for i := 0; i < len(token); i++ {
		h = (h ^ uint32(token[i])) * 16777619
	}
	return strconv.FormatUint(uint64(h%9000000+1000000), 10)
}
