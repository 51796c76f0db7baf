package emulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Options configure an emulated portal.
type Options struct {
	// Token is the private app access token the portal accepts as "Authorization: Bearer".
	Token string
	// OAuth, when set, lets clients exchange a refresh token for short-lived access tokens at
	// /oauth/v1/token.
	OAuth *OAuthApp
	// Tier is the account's subscription tier, which sets its caps and rate limits; the zero
	// Tier applies no per-tier caps and HubSpot's Free/Starter rate limits.
	Tier Tier
	// RateLimit overrides the tier's rate limits.
	RateLimit RateLimit
	// Faults are injected into the requests the portal receives; SetFaults changes them later.
	Faults Faults
	// StatePath, when set, is a JSON file the portal is loaded from (if it exists) and saved to
	// after every change.
	StatePath string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Sleep waits for a slow answer's delay, or until ctx ends; a timer when nil. Tests set it
	// to observe slow answers without waiting.
	Sleep func(ctx context.Context, d time.Duration) error
}

// OAuthApp is one OAuth app installed on the portal.
type OAuthApp struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
	// AccessTokenTTL is how long issued access tokens live; 30 minutes when zero, as HubSpot's
	// expires_in of 1800 seconds.
	AccessTokenTTL time.Duration
}

// Emulator is one emulated HubSpot portal. It is an http.Handler.
type Emulator struct {
	opts Options
	now  func() time.Time
	mux  *http.ServeMux
	caps tierCaps

	mu       sync.Mutex
	p        *portal
	limits   *limiter
	faults   *faultState
	oauth    map[string]time.Time // issued OAuth access token -> expiry
	stats    map[string]int
	limited  int
	requests []Request
}

// New returns a fresh portal seeded as a new HubSpot account is, or the portal saved at
// opts.StatePath when that file exists.
func New(opts Options) (*Emulator, error) {
	if opts.Token == "" && opts.OAuth == nil {
		return nil, errors.New("emulator: a token or an OAuth app is required")
	}
	caps, err := opts.Tier.caps()
	if err != nil {
		return nil, err
	}
	if err := opts.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	e := &Emulator{
		opts:   opts,
		now:    opts.Now,
		mux:    http.NewServeMux(),
		caps:   caps,
		oauth:  map[string]time.Time{},
		stats:  map[string]int{},
		faults: newFaultState(opts.Faults),
		limits: newLimiter(newLimitConfig(opts.RateLimit, caps)),
	}
	if e.now == nil {
		e.now = time.Now
	}
	loaded, err := e.load()
	if err != nil {
		return nil, err
	}
	if !loaded {
		e.p = e.seed()
	}
	e.routes()
	return e, nil
}

func (e *Emulator) routes() {
	e.registerOAuth()
	e.registerPipelines()
	e.registerProperties()
	e.registerObjects()
	e.registerAssociationLabels()
	e.registerAssociationRecords()
	e.registerOwners()
	e.registerInspection()
	e.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		errorResponse(notFound("resource not found")).write(w)
	})
}

// ServeHTTP serves the HubSpot API.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mux.ServeHTTP(w, r)
}

// seed returns the portal a new HubSpot account starts with.
func (e *Emulator) seed() *portal {
	p := &portal{
		PortalID:         8812345,
		NextID:           1000000,
		Pipelines:        map[string]*Pipeline{},
		Groups:           map[string]*PropertyGroup{},
		Properties:       map[string]*Property{},
		Objects:          map[string]map[string]*Object{},
		AssociationTypes: map[string][]*AssociationType{},
	}
	for _, t := range objectTypes {
		p.Objects[t.id] = map[string]*Object{}
	}
	seedPipelines(p)
	seedProperties(p)
	seedAssociationTypes(p)
	seedOwners(p, e.now())
	return p
}

// nextID returns a fresh numeric id, unique across everything in the portal.
func (p *portal) nextID() string {
	p.NextID++
	return fmt.Sprint(p.NextID)
}
