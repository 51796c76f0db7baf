package emulator

// Rate limits (NOTES §5.2, §5.3).
//
//   - The ten-second burst window is kept per app (the private app token, or the OAuth client),
//     as HubSpot's burst limit is per app; the daily count is kept per account, shared by every
//     app, as HubSpot's daily limit is [DOCS usage guidelines].
//   - Search has its own rolling one-second window and is exempt from the ten-second window
//     [SPEC x-hubspot-rate-limit-exemptions]; v4 association calls carry the same exemption and
//     are counted in a ten-second window of their own, with the associations limit [NOTES
//     §5.3]. Choice: both windows are per app, like the burst window.
//   - A request refused with 429 is not counted in any window or in the daily count. The day
//     ends at midnight UTC (HubSpot uses the portal's time zone; the emulated portal's is UTC).
//   - Every header reports the real counters after the request: X-HubSpot-RateLimit-Max,
//     -Remaining and -Interval-Milliseconds for the window the route counts in, and
//     X-HubSpot-RateLimit-Daily and -Daily-Remaining for the account. Search responses carry
//     only the daily pair, and calls made with an OAuth token never carry the daily pair
//     [NOTES §5.3, REC]. The per-second headers older responses carried are not sent, and no
//     429 carries Retry-After (HubSpot's may [2nd]; a client must cope without it).
//   - 429 bodies are the exact strings of NOTES §5.2: TEN_SECONDLY_ROLLING and DAILY with
//     errorType RATE_LIMIT and policyName, search's secondly limit with category RATE_LIMITS
//     and no policyName.

import (
	"net/http"
	"strconv"
	"time"
)

// RateLimit overrides the limits of the portal's tier; zero fields keep the tier's.
type RateLimit struct {
	// Disabled turns every limit off; rate-limit headers are still sent.
	Disabled bool
	// Max requests per Interval (the burst limit); 10 s when Interval is zero.
	Max      int
	Interval time.Duration
	// AssociationsMax is the v4 associations window's limit. When only Max is set, it applies
	// to the associations window too.
	AssociationsMax int
	// Daily is the number of requests the account may make per day.
	Daily int
	// SearchPerSecond is the search endpoints' own limit; 5 when zero.
	SearchPerSecond int
}

// limitConfig is the limits in force: the tier's, overridden by RateLimit.
type limitConfig struct {
	burst, associations int
	interval            time.Duration
	daily, search       int
	disabled            bool
}

func newLimitConfig(rl RateLimit, caps tierCaps) limitConfig {
	c := limitConfig{burst: caps.burst, associations: caps.associations, interval: 10 * time.Second, daily: caps.daily, search: 5, disabled: rl.Disabled}
	if rl.Max > 0 {
		c.burst, c.associations = rl.Max, rl.Max
	}
	if rl.AssociationsMax > 0 {
		c.associations = rl.AssociationsMax
	}
	if rl.Interval > 0 {
		c.interval = rl.Interval
	}
	if rl.Daily > 0 {
		c.daily = rl.Daily
	}
	if rl.SearchPerSecond > 0 {
		c.search = rl.SearchPerSecond
	}
	return c
}

// rateClass says which rate-limit window a route counts against.
type rateClass int

const (
	rateGeneral rateClass = iota
	rateSearch
	rateAssociations
	// rateNone: not limited and no headers (the OAuth token endpoint).
	rateNone
)

// Rate-limit policies, as 429 bodies name them.
const (
	policyTenSecondly = "TEN_SECONDLY_ROLLING"
	policySecondly    = "SECONDLY"
	policyDaily       = "DAILY"
)

// limiter keeps the rolling windows per app and the account's daily count.
type limiter struct {
	cfg     limitConfig
	windows map[string][]time.Time // key: class and app; accepted request times in the window
	daily   int
	day     string
}

func newLimiter(cfg limitConfig) *limiter {
	return &limiter{cfg: cfg, windows: map[string][]time.Time{}}
}

// limitState is what the rate-limit headers report.
type limitState struct {
	class                 rateClass
	max, remaining        int
	interval              time.Duration
	daily, dailyRemaining int
}

// window returns the window a request of class counts in, pruned to now.
func (l *limiter) window(app string, class rateClass, now time.Time) (key string, limit int, interval time.Duration) {
	l.rollDay(now)
	limit, interval, key = l.cfg.burst, l.cfg.interval, "general:"+app
	switch class {
	case rateSearch:
		limit, interval, key = l.cfg.search, time.Second, "search:"+app
	case rateAssociations:
		limit, key = l.cfg.associations, "associations:"+app
	}
	w := l.windows[key]
	cut := 0
	for cut < len(w) && now.Sub(w[cut]) >= interval {
		cut++
	}
	l.windows[key] = w[cut:]
	return key, limit, interval
}

// state reports the counters of the window class counts in, without counting a request.
func (l *limiter) state(app string, class rateClass, now time.Time) limitState {
	key, limit, interval := l.window(app, class, now)
	return limitState{
		class: class, max: limit, interval: interval,
		remaining: max(limit-len(l.windows[key]), 0),
		daily:     l.cfg.daily, dailyRemaining: max(l.cfg.daily-l.daily, 0),
	}
}

// admit counts a request, or names the policy that refuses it; a refused request is not
// counted.
func (l *limiter) admit(app string, class rateClass, now time.Time) (limitState, string) {
	key, limit, _ := l.window(app, class, now)
	if !l.cfg.disabled {
		if l.daily >= l.cfg.daily {
			return l.state(app, class, now), policyDaily
		}
		if len(l.windows[key]) >= limit {
			if class == rateSearch {
				return l.state(app, class, now), policySecondly
			}
			return l.state(app, class, now), policyTenSecondly
		}
	}
	l.windows[key] = append(l.windows[key], now)
	l.daily++
	return l.state(app, class, now), ""
}

// rollDay starts a new daily count at midnight UTC.
func (l *limiter) rollDay(now time.Time) {
	if day := now.UTC().Format(time.DateOnly); day != l.day {
		l.day, l.daily = day, 0
	}
}

// spendDaily uses up the rest of the account's daily budget, as another app of the account
// would.
func (l *limiter) spendDaily(now time.Time) {
	l.rollDay(now)
	l.daily = max(l.daily, l.cfg.daily)
}

// setRateHeaders writes the X-HubSpot-RateLimit-* headers for st.
func setRateHeaders(h http.Header, st limitState, oauth bool) {
	if st.class == rateNone {
		return
	}
	if !oauth {
		h.Set("X-HubSpot-RateLimit-Daily", strconv.Itoa(st.daily))
		h.Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(st.dailyRemaining))
	}
	if st.class == rateSearch {
		return
	}
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.FormatInt(st.interval.Milliseconds(), 10))
	h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(st.max))
	h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(st.remaining))
}

// limitedBody is the 429 body of a policy, with the exact strings HubSpot sends (NOTES §5.2);
// HubSpot's own SDK keys its retries on them.
func limitedBody(policy, app string, portalID int) map[string]any {
	switch policy {
	case policyDaily:
		return map[string]any{
			"status": "error", "message": "You have reached your daily limit.", "errorType": "RATE_LIMIT",
			"policyName": policyDaily, "requestId": newUUID(),
		}
	case policySecondly:
		return map[string]any{"status": "error", "message": "You have reached your secondly limit.", "category": catRateLimits}
	}
	return map[string]any{
		"status": "error", "message": "You have reached your ten_secondly_rolling limit.", "errorType": "RATE_LIMIT",
		"policyName": policyTenSecondly,
		"groupName":  "publicapi:private_app-api-calls-ten-secondly:" + appID(app) + ":" + strconv.Itoa(portalID),
	}
}

// appID derives a stable app id for the 429 group name from the app key, without echoing the
// token it holds.
func appID(app string) string {
	var h uint32 = 2166136261
	for i := 0; i < len(app); i++ {
		h = (h ^ uint32(app[i])) * 16777619
	}
	return strconv.FormatUint(uint64(h%9000000+1000000), 10)
}
