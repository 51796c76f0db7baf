// Command hubspot-emulator serves an emulated HubSpot portal on a local address, for the
// provider's demo and for trying configurations without a HubSpot account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "hubspot-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("hubspot-emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	token := fs.String("token", "", "the private app access token the portal accepts (default: $HUBSPOT_ACCESS_TOKEN)")
	state := fs.String("state", "", "JSON file to load the portal from and save it to after every change")
	tier := fs.String("tier", "", `account tier whose caps and rate limits apply: free, starter, professional or enterprise (default: no per-tier caps, Free/Starter rate limits)`)
	limit := fs.String("rate-limit", "", `burst limit as REQUESTS/INTERVAL, e.g. "100/10s", or "off" (default: the tier's)`)
	daily := fs.Int("daily-limit", 0, "requests allowed per day (default: the tier's)")
	search := fs.Int("search-limit", 0, "search requests allowed per second (default 5)")
	var faults faultFlags
	fs.Var(&faults, "fault", `inject a fault, as KIND[,key=value...] (repeatable): kinds 5xx, lost, reset, slow, 429; keys p, method, path, status, drop, policy, burst, delay, skip, max; e.g. "lost,p=0.05,method=POST"`)
	seed := fs.Uint64("fault-seed", 1, "seed of the fault draws; the same seed and requests inject the same faults")
	clientID := fs.String("oauth-client-id", "", "accept OAuth refresh-token grants for this client id")
	clientSecret := fs.String("oauth-client-secret", "", "the OAuth app's client secret")
	refresh := fs.String("oauth-refresh-token", "", "the refresh token the OAuth app may exchange")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *token == "" {
		*token = os.Getenv("HUBSPOT_ACCESS_TOKEN")
	}
	rl, err := parseRateLimit(*limit)
	if err != nil {
		return err
	}
	rl.Daily, rl.SearchPerSecond = *daily, *search
	opts := emulator.Options{
		Token: *token, StatePath: *state, RateLimit: rl, Tier: emulator.Tier(*tier),
		Faults: emulator.Faults{Seed: *seed, Rules: faults},
	}
	if *clientID != "" {
		opts.OAuth = &emulator.OAuthApp{ClientID: *clientID, ClientSecret: *clientSecret, RefreshToken: *refresh}
	}
	em, err := emulator.New(opts)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: em, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// Printed only once the listener accepts connections, so scripts can wait for this line.
	fmt.Printf("hubspot emulator listening on http://%s\n", ln.Addr())
	if len(faults) > 0 {
		fmt.Printf("injecting faults (seed %d): %s\n", *seed, faults.String())
	}

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}

// faultFlags collects the -fault flags.
type faultFlags []emulator.FaultRule

func (f *faultFlags) String() string {
	var out []string
	for _, r := range *f {
		out = append(out, r.String())
	}
	return strings.Join(out, " ")
}

func (f *faultFlags) Set(s string) error {
	r, err := emulator.ParseFaultRule(s)
	if err != nil {
		return err
	}
	*f = append(*f, r)
	return nil
}

// parseRateLimit reads "100/10s" (requests per interval), "off", or "" for the tier's limits.
func parseRateLimit(s string) (emulator.RateLimit, error) {
	if s == "" {
		return emulator.RateLimit{}, nil
	}
	if s == "off" {
		return emulator.RateLimit{Disabled: true}, nil
	}
	n, d, ok := strings.Cut(s, "/")
	requests, err1 := strconv.Atoi(n)
	interval, err2 := time.ParseDuration(d)
	if !ok || err1 != nil || err2 != nil || requests <= 0 || interval <= 0 {
		return emulator.RateLimit{}, fmt.Errorf(`-rate-limit %q: want REQUESTS/INTERVAL such as "100/10s", or "off"`, s)
	}
	return emulator.RateLimit{Max: requests, Interval: interval}, nil
}
