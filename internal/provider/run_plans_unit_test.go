package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// TestCheckGroupReadsTheRegistryFirst checks that a property's group check decides from the
// run's registry before it sends any request: a group a resource this property depends on
// has planned is accepted without asking HubSpot, so the answer cannot depend on how long a
// request takes, and a group nobody planned is looked up and refused.
func TestCheckGroupReadsTheRegistryFirst(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"results":[{"name":"ticketinformation","label":"Ticket information","displayOrder":-1,"archived":false}]}`))
	}))
	defer srv.Close()
	c, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, AccessToken: "pat-test", UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	r := &TicketPropertyResource{client: c, plans: runplan.New()}
	r.plans.Record(runplan.PropertyGroup, "planned_group", "group resource", struct{}{})

	var diags diag.Diagnostics
	r.checkGroup(context.Background(), types.StringValue("planned_group"), &diags)
	if diags.HasError() || requests.Load() != 0 {
		t.Fatalf("a planned group: diagnostics %v after %d requests; want none after none", diags, requests.Load())
	}
	r.checkGroup(context.Background(), types.StringValue("no_such_group"), &diags)
	if !diags.HasError() || requests.Load() == 0 {
		t.Fatalf("an unplanned, missing group: diagnostics %v after %d requests; want an error after a lookup", diags, requests.Load())
	}
}
