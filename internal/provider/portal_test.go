package provider

import (
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// privatePortal is an emulated portal that one test has to itself: a tier, fault rules, or
// a request log no other test writes to. Its configuration block points the provider at it,
// overriding the environment, which points at the shared portal.
type privatePortal struct {
	url    string
	em     *emulator.Emulator
	client *hubspot.Client
}

const privatePortalToken = "pat-private-portal"

// newPrivatePortal serves a fresh portal with opts (its token privatePortalToken unless opts
// names one) on a loopback port until the test ends.
func newPrivatePortal(t *testing.T, opts emulator.Options) *privatePortal {
	t.Helper()
	if opts.Token == "" {
		opts.Token = privatePortalToken
	}
	em, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: em, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	url := "http://" + ln.Addr().String()
	c, err := hubspot.New(hubspot.Config{BaseURL: url, AccessToken: opts.Token, UserAgent: "terraform-provider-hubspot-private-portal"})
	if err != nil {
		t.Fatal(err)
	}
	return &privatePortal{url: url, em: em, client: c}
}

// config is the provider block for the portal; extra goes inside it.
func (p *privatePortal) config(extra string) string {
	return fmt.Sprintf(`
provider "hubspot" {
  base_url     = %q
  access_token = %q
%s}
`, p.url, privatePortalToken, extra)
}

// writes returns the requests that could have changed the portal, as "METHOD path".
func (p *privatePortal) writes() []string {
	var out []string
	for _, r := range p.em.Requests() {
		if r.Write {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}
