package coalesce

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
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

// manyPropertiesPortal makes a portal with more custom properties than one listing's URL can
// name, and n tickets, ticket i setting the property prop(i); it returns the tickets' ids.
func manyPropertiesPortal(t *testing.T, n int, prop func(int) string) (*emulator.Emulator, *hubspot.Client, []string) {
	t.Helper()
	// A limit the test never reaches, which the headers report, so that the client does not
	// pace its many creates to the Free limit.
	em, err := emulator.New(emulator.Options{Token: "t", RateLimit: emulator.RateLimit{Max: 1_000_000}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	plain, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, AccessToken: "t", RequestsPerInterval: 100000})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var all []string
	for p := range manyProperties {
		all = append(all, longPropertyName(p))
		_, err := plain.CreateProperty(ctx, "tickets", hubspot.PropertyCreate{Name: longPropertyName(p), Label: fmt.Sprint("Custom ", p),
			Type: "string", FieldType: "text", GroupName: "ticketinformation"})
		if err != nil {
			t.Fatal(err)
		}
	}
	if chunks := propertyChunks(all); len(chunks) < 3 {
		t.Fatalf("the portal's custom properties fit in %d listings, want at least three", len(chunks))
	}
	ids := make([]string, n)
	for i := range n {
		o, err := plain.CreateObject(ctx, "tickets", hubspot.ObjectInput{Properties: map[string]string{
			"subject": fmt.Sprint("ticket ", i), "hs_pipeline_stage": "1", prop(i): fmt.Sprint("value ", i)}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = o.ID
	}
	em.ResetStats()
	return em, plain, ids
}

const manyProperties = 200

func longPropertyName(p int) string { return fmt.Sprintf("a_rather_long_custom_property_name_%03d", p) }

// readManyPropertyTickets reads each ticket with the property it sets, one batch a read.
func readManyPropertyTickets(t *testing.T, plain *hubspot.Client, ids []string, prop func(int) string) {
	t.Helper()
	c := New(plain)
	c.policy = policy{window: time.Hour, maxGather: time.Hour, batch: 1}
	for i, id := range ids {
		o, err := c.GetObject(context.Background(), "tickets", id, []string{"subject", prop(i)})
		if err != nil {
			t.Fatal(err)
		}
		if o.Properties[prop(i)] != fmt.Sprint("value ", i) {
			t.Fatalf("ticket %d read as %v", i, o.Properties)
		}
	}
}

// TestTheListingOfTicketsSettingFewPropertiesListsOnce reads tickets that set few of a portal's
// many custom properties: the listing names the properties read so far and fills its URL with
// others, rather than list every page again for properties no ticket may set, and a ticket
// whose property it left out is read from HubSpot.
func TestTheListingOfTicketsSettingFewPropertiesListsOnce(t *testing.T) {
	const n, used = 30, 3
	// The last ticket sets the property that sorts last, which one listing cannot also name.
	prop := func(i int) string {
		if i == n-1 {
			return longPropertyName(manyProperties - 1)
		}
		return longPropertyName(i % used)
	}
	em, plain, ids := manyPropertiesPortal(t, n, prop)
	readManyPropertyTickets(t, plain, ids, prop)
	stats := em.Stats()
	if got := stats["GET /crm/v3/objects/{objectType}"]; got != 1 {
		t.Fatalf("%d list requests for %d tickets, want one listing of one page; requests %v", got, n, stats)
	}
	// The reads before the listing, and the ticket whose property the listing left out.
	if got := stats["POST /crm/v3/objects/{objectType}/batch/read"]; got != listAfter-1+1 {
		t.Fatalf("%d batch reads, want %d; requests %v", got, listAfter, stats)
	}
}

// TestTheListingOfTicketsSettingManyPropertiesNamesThemAll reads tickets that each set another
// of a portal's many custom properties: the listing names every custom property, over as many
// listings as that takes, and serves every read after it.
func TestTheListingOfTicketsSettingManyPropertiesNamesThemAll(t *testing.T) {
	const n = 30
	prop := func(i int) string { return longPropertyName(i * (manyProperties / n)) }
	em, plain, ids := manyPropertiesPortal(t, n, prop)
	readManyPropertyTickets(t, plain, ids, prop)
	stats := em.Stats()
	// Every custom property takes at least three listings of one page (see manyPropertiesPortal).
	if got := stats["GET /crm/v3/objects/{objectType}"]; got < 3 {
		t.Fatalf("%d list requests, want a listing of every custom property, over at least three; requests %v", got, stats)
	}
	if got := stats["POST /crm/v3/objects/{objectType}/batch/read"]; got != listAfter-1 {
		t.Fatalf("%d batch reads, want only the %d before the listing; requests %v", got, listAfter-1, stats)
	}
}
