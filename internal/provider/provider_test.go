package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// Acceptance tests run the real Terraform CLI (TF_ACC=1). They run against a HubSpot emulator
// started here, unless HUBSPOT_ACCESS_TOKEN names a real test portal: then they run against
// that portal, and only when HUBSPOT_TEST_PORTAL_ID is also set, as a guard against pointing
// them at a production account by accident. Every object they create is named with the
// testNamePrefix, so the sweepers (go test -sweep) can find what a failed run left behind.

// EnvTestPortalID must be set, to the test portal's id, before acceptance tests run against a
// real portal.
const EnvTestPortalID = "HUBSPOT_TEST_PORTAL_ID"

const testNamePrefix = "tf-acc"

// testEmulator is the emulator the acceptance tests run against; nil with a real portal.
var testEmulator *emulator.Emulator

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"hubspot": func() (tfprotov6.ProviderServer, error) { return NewServer("test")(), nil },
}

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" {
		cli, err := selectTestCLI()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, cli)
	}
	if os.Getenv("TF_ACC") != "" && os.Getenv(EnvAccessToken) == "" {
		stop, err := startTestEmulator()
		if err != nil {
			fmt.Fprintln(os.Stderr, "starting the HubSpot emulator:", err)
			os.Exit(1)
		}
		code := m.Run()
		stop()
		os.Exit(code)
	}
	// Against a real portal, resource.TestMain also runs the sweepers when asked (-sweep).
	resource.TestMain(m)
}

// startTestEmulator serves a fresh emulated portal on a loopback port and points the provider
// at it through the environment, as a user would point it at a portal.
func startTestEmulator() (func(), error) {
	const token = "pat-test-emulator-token"
	em, err := emulator.New(emulator.Options{
		Token: token,
		// Many tests share the portal at once, each with its own provider and limiter, so the
		// portal allows more than a Free account would; the Free limit itself is covered by the
		// client's and the emulator's own tests and by the benchmark.
		RateLimit: emulator.RateLimit{Max: 2000, Interval: 10 * time.Second},
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: testRequests.wrap(em), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	testEmulator = em
	if err := os.Setenv(EnvAccessToken, token); err != nil {
		return nil, err
	}
	if err := os.Setenv(EnvBaseURL, "http://"+ln.Addr().String()); err != nil {
		return nil, err
	}
	return func() { _ = srv.Close() }, nil
}

// testRequests records the requests the tests' emulator serves.
var testRequests requestLog

// requestLog records the method and path of every request a handler serves, so that a test
// can count the writes one of its steps sent.
type requestLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.lines = append(l.lines, r.Method+" "+r.URL.Path)
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// writes returns the requests other than GET whose path matches path, in the order served.
func (l *requestLog) writes(path *regexp.Regexp) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range l.lines {
		if method, p, _ := strings.Cut(line, " "); method != http.MethodGet && path.MatchString(p) {
			out = append(out, line)
		}
	}
	return out
}

// skipUnlessAcc skips an acceptance test outside TF_ACC=1, as resource.Test does, for tests
// that reach the API before resource.Test does.
func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance tests run with %s=1", resource.EnvTfAcc)
	}
}

// testAccPreCheck refuses to run against a real portal without the portal id guard.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	skipUnlessAcc(t)
	if os.Getenv(EnvAccessToken) == "" {
		t.Fatal(EnvAccessToken + " must be set for acceptance tests")
	}
	if testEmulator == nil && os.Getenv(EnvTestPortalID) == "" {
		t.Fatal("acceptance tests against a real HubSpot portal need " + EnvTestPortalID + " set to the test portal's id")
	}
}

// testAccClient returns a client for the portal the tests run against, to check from outside
// Terraform what the API holds and to change or delete objects behind Terraform's back.
func testAccClient(t *testing.T) *hubspot.Client {
	t.Helper()
	skipUnlessAcc(t)
	c, err := hubspot.New(hubspot.Config{
		BaseURL:     os.Getenv(EnvBaseURL),
		AccessToken: os.Getenv(EnvAccessToken),
		UserAgent:   "terraform-provider-hubspot-acctest",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sweeperClient is a client for the portal the sweepers clean, from the environment the
// acceptance tests use.
func sweeperClient() (*hubspot.Client, error) {
	if os.Getenv(EnvAccessToken) == "" {
		return nil, errors.New(EnvAccessToken + " must be set to sweep")
	}
	return hubspot.New(hubspot.Config{
		BaseURL:     os.Getenv(EnvBaseURL),
		AccessToken: os.Getenv(EnvAccessToken),
		UserAgent:   "terraform-provider-hubspot-sweeper",
	})
}

// testName returns a unique name for an object a test creates.
func testName() string { return acctest.RandomWithPrefix(testNamePrefix) }

// testCtx is the context for API calls the tests make themselves.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// addSweeper registers a sweeper that cleans the portal of what tests left behind: sweep gets
// a client from the environment the tests use, and five minutes.
func addSweeper(name string, sweep func(ctx context.Context, c *hubspot.Client) error, dependencies ...string) {
	resource.AddTestSweepers(name, &resource.Sweeper{
		Name:         name,
		Dependencies: dependencies,
		F: func(string) error {
			c, err := sweeperClient()
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			return sweep(ctx, c)
		},
	})
}
