package coalesce

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// TestTheListingServesEveryReadWhateverItsProperties reads tickets that each set another
// custom property, as a configuration does whose tickets use different properties: once the
// run has read enough of them, one listing serves the rest, and a ticket written since is
// read from HubSpot again.
func TestTheListingServesEveryReadWhateverItsProperties(t *testing.T) {
	em, srv := newEmulator(t)
	plain, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, AccessToken: "t", RequestsPerInterval: 100000})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const n, props = 30, 5
	for p := range props {
		_, err := plain.CreateProperty(ctx, "tickets", hubspot.PropertyCreate{Name: fmt.Sprint("custom_", p), Label: fmt.Sprint("Custom ", p),
			Type: "string", FieldType: "text", GroupName: "ticketinformation"})
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := make([]string, n)
	for i := range n {
		o, err := plain.CreateObject(ctx, "tickets", hubspot.ObjectInput{Properties: map[string]string{
			"subject": fmt.Sprint("ticket ", i), "hs_pipeline_stage": "1", fmt.Sprint("custom_", i%props): fmt.Sprint("value ", i)}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = o.ID
	}

	c := New(plain)
	// Each batch goes with one read, so that the reads before the listing are counted exactly.
	c.policy = policy{window: time.Hour, maxGather: time.Hour, batch: 1}
	read := func(i int) *hubspot.Object {
		t.Helper()
		o, err := c.GetObject(ctx, "tickets", ids[i], []string{"subject", fmt.Sprint("custom_", i%props)})
		if err != nil {
			t.Fatal(err)
		}
		if o.Properties["subject"] != fmt.Sprint("ticket ", i) {
			t.Fatalf("ticket %d read as %v", i, o.Properties)
		}
		return o
	}
	em.ResetStats()
	for i := range listAfter {
		read(i)
	}
	stats := em.Stats()
	if stats["POST /crm/v3/objects/{objectType}/batch/read"] != listAfter-1 || stats["GET /crm/v3/objects/{objectType}"] != 1 {
		t.Fatalf("requests = %v, want %d batch reads and then the listing", stats, listAfter-1)
	}
	em.ResetStats()
	for i := listAfter; i < n; i++ {
		if o := read(i); o.Properties[fmt.Sprint("custom_", i%props)] != fmt.Sprint("value ", i) {
			t.Fatalf("ticket %d = %v", i, o.Properties)
		}
	}
	if stats := em.Stats(); total(stats) != 0 {
		t.Fatalf("reads after the listing made requests %v, want none", stats)
	}

	if _, err := c.UpdateObject(ctx, "tickets", ids[25], map[string]string{"custom_0": "changed"}); err != nil {
		t.Fatal(err)
	}
	em.ResetStats()
	o, err := c.GetObject(ctx, "tickets", ids[25], []string{"subject", "custom_0"})
	if err != nil || o.Properties["custom_0"] != "changed" {
		t.Fatalf("ticket read after its update = %v, %v", o, err)
	}
	if stats := em.Stats(); stats["POST /crm/v3/objects/{objectType}/batch/read"] != 1 {
		t.Fatalf("requests = %v, want the written ticket read from HubSpot", stats)
	}
}

func total(stats map[string]int) int {
	n := 0
	for _, v := range stats {
		n += v
	}
	return n
}

func TestPropertyChunksStayWithinTheURLBudget(t *testing.T) {
	var names []string
	for i := range 600 {
		names = append(names, fmt.Sprintf("a_rather_long_custom_property_name_%03d", i))
	}
	chunks := propertyChunks(names)
	total := 0
	for _, ch := range chunks {
		size := 0
		for _, n := range ch {
			size += len(n) + 3
		}
		if size > maxPropertiesQuery {
			t.Fatalf("a chunk of %d bytes, over %d", size, maxPropertiesQuery)
		}
		total += len(ch)
	}
	if total != len(names) || len(chunks) < 2 {
		t.Fatalf("%d names in %d chunks", total, len(chunks))
	}
}
