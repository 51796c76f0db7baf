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
	limit := fs.String("rate-limit", "100/10s", `burst limit as REQUESTS/INTERVAL (HubSpot Free/Starter: "100/10s"), or "off"`)
	daily := fs.Int("daily-limit", 250000, "requests allowed per day")
	search := fs.Int("search-limit", 5, "search requests allowed per second")
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
	opts := emulator.Options{Token: *token, StatePath: *state, RateLimit: rl}
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

// parseRateLimit reads "100/10s" (requests per interval) or "off".
func parseRateLimit(s string) (emulator.RateLimit, error) {
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
