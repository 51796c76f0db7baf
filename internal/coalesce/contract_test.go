package coalesce

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// newEmulator serves an emulated portal without rate limits; its token is "t".
func newEmulator(t *testing.T) (*emulator.Emulator, *httptest.Server) {
	t.Helper()
	em, err := emulator.New(emulator.Options{Token: "t", RateLimit: emulator.RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	return em, srv
}

// TestPropertyBatchesAgainstTheEmulator holds the batching of property creates and archives to
// the emulator's reading of the properties spec: per-name errors in a 207, and a batch archive
// refused as a whole when it holds a HubSpot-defined property.
func TestPropertyBatchesAgainstTheEmulator(t *testing.T) {
	em, srv := newEmulator(t)
	c := newClient(t, srv, 4)
	ctx := context.Background()
	if _, err := c.CreatePropertyGroup(ctx, "tickets", hubspot.PropertyGroupCreate{Name: "g", Label: "G"}); err != nil {
		t.Fatal(err)
	}
	in := []hubspot.PropertyCreate{
		{Name: "tier", Label: "Tier", Type: "enumeration", FieldType: "select", GroupName: "g", Options: []hubspot.PropertyOption{{Label: "Gold", Value: "gold"}}},
		{Name: "region", Label: "Region", Type: "string", FieldType: "text", GroupName: "g"},
		{Name: "subject", Label: "Taken", Type: "string", FieldType: "text", GroupName: "g"},
		{Name: "nogroup", Label: "No group", Type: "string", FieldType: "text", GroupName: "missing"},
	}
	em.ResetStats()
	errs := make([]error, len(in))
	eachOnItsOwn(len(in), func(i int) {
		p, err := c.CreateProperty(ctx, "tickets", in[i])
		if err == nil && (p.Name != in[i].Name || p.Label != in[i].Label) {
			t.Errorf("created %s/%s for %s", p.Name, p.Label, in[i].Name)
		}
		errs[i] = err
	})
	if errs[0] != nil || errs[1] != nil || !hubspot.IsConflict(errs[2]) || !hubspot.IsValidation(errs[3]) {
		t.Fatalf("creates: %v", errs)
	}
	if p, err := c.GetProperty(ctx, "tickets", "region", hubspot.PropertyQuery{}); err != nil || p.GroupName != "g" {
		t.Fatalf("region after the batch = %v, %v", p, err)
	}

	c.policy = policy{window: time.Hour, maxGather: time.Hour, batch: 3}
	names := []string{"tier", "subject", "region"}
	archived := make([]error, len(names))
	eachOnItsOwn(len(names), func(i int) { archived[i] = c.ArchiveProperty(ctx, "tickets", names[i]) })
	if archived[0] != nil || archived[2] != nil || !hubspot.IsValidation(archived[1]) {
		t.Fatalf("archives: %v", archived)
	}
	for _, n := range []string{"tier", "region"} {
		if _, err := c.GetProperty(ctx, "tickets", n, hubspot.PropertyQuery{}); !hubspot.IsNotFound(err) {
			t.Fatalf("%s after archiving: %v", n, err)
		}
	}
	stats := em.Stats()
	for route, n := range map[string]int{
		"POST /crm/v3/properties/{objectType}/batch/create":  1,
		"POST /crm/v3/properties/{objectType}":               0,
		"POST /crm/v3/properties/{objectType}/batch/archive": 1,
	} {
		if stats[route] != n {
			t.Errorf("%s: %d requests, want %d (all: %v)", route, stats[route], n, stats)
		}
	}
}
