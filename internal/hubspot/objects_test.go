package hubspot

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

// TestRecordsAgainstEmulator runs the record, search and association calls against the
// emulator, so that the client and the emulator are held to the same reading of HubSpot's
// specs.
func TestRecordsAgainstEmulator(t *testing.T) {
	em, err := emulator.New(emulator.Options{Token: "pat-na1-contract", RateLimit: emulator.RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{AccessToken: "pat-na1-contract"})
	ctx := context.Background()

	contact, err := c.CreateObject(ctx, "contacts", ObjectInput{Properties: map[string]string{"email": "ada@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	company, err := c.CreateObject(ctx, "companies", ObjectInput{Properties: map[string]string{"name": "Acme"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetObject(ctx, "contacts", contact.ID, []string{"email"}); err != nil || got.Properties["email"] != "ada@example.com" {
		t.Fatalf("contact read = %v, %v", got, err)
	}

	tk, err := c.CreateTicket(ctx, TicketInput{
		Properties: map[string]string{"subject": "contract", "hs_pipeline_stage": "1"},
		Associations: []AssociationInput{
			{ToID: contact.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}},
			{ToID: company.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 26}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Properties["hs_pipeline"] != DefaultTicketPipelineID || tk.Properties["hs_object_id"] != tk.ID {
		t.Errorf("created ticket = %v", tk.Properties)
	}

	// Concurrent reads of several tickets and associations, coalesced.
	var ids []string
	for i := 0; i < 5; i++ {
		more, err := c.CreateTicket(ctx, TicketInput{Properties: map[string]string{"subject": fmt.Sprint("more ", i), "hs_pipeline_stage": "2"}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, more.ID)
	}
	ids = append(ids, tk.ID, "424242")
	var wg sync.WaitGroup
	got := make([]*Ticket, len(ids))
	errs := make([]error, len(ids))
	links := make([][]AssociatedRecord, len(ids))
	linkErrs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(2)
		go func() {
			defer wg.Done()
			got[i], errs[i] = c.GetTicket(ctx, id, []string{"subject", "hs_pipeline_stage"})
		}()
		go func() {
			defer wg.Done()
			links[i], linkErrs[i] = c.ListRecordAssociations(ctx, TicketObjectType, id, "companies")
		}()
	}
	wg.Wait()
	for i, id := range ids {
		switch {
		case id == "424242":
			if !IsNotFound(errs[i]) || !IsNotFound(linkErrs[i]) {
				t.Errorf("missing ticket: %v / %v", errs[i], linkErrs[i])
			}
		case id == tk.ID:
			if errs[i] != nil || got[i].Properties["subject"] != "contract" {
				t.Errorf("ticket read = %v, %v", got[i], errs[i])
			}
			if linkErrs[i] != nil || len(links[i]) != 1 || links[i][0].ToObjectID != company.ID || len(links[i][0].Types) != 2 {
				t.Errorf("ticket→companies = %+v, %v", links[i], linkErrs[i])
			}
		default:
			if errs[i] != nil || got[i].Properties["hs_pipeline_stage"] != "2" || linkErrs[i] != nil || len(links[i]) != 0 {
				t.Errorf("%s: %v %v / %v %v", id, got[i], errs[i], links[i], linkErrs[i])
			}
		}
	}

	// Invalid values come back as a validation *Error.
	_, err = c.UpdateTicket(ctx, tk.ID, map[string]string{"hs_ticket_priority": "SOMEDAY"})
	if !IsValidation(err) {
		t.Errorf("bad priority: %v", err)
	}
	_, err = c.CreateTicket(ctx, TicketInput{Properties: map[string]string{"subject": "x", "hs_pipeline_stage": "1"},
		Associations: []AssociationInput{{ToID: contact.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 9999}}}}})
	if !HasSubCategory(err, "crm.associations.INVALID_ASSOCIATION_TYPE") {
		t.Errorf("bad association type: %v", err)
	}

	// Associations: add and remove through the v4 calls.
	if _, err := c.CreateRecordAssociation(ctx, TicketObjectType, ids[0], "contacts", contact.ID, []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}); err != nil {
		t.Fatal(err)
	}
	fromContact, err := c.ListRecordAssociations(ctx, "contacts", contact.ID, TicketObjectType)
	if err != nil || len(fromContact) != 2 {
		t.Errorf("contact→tickets = %+v, %v", fromContact, err)
	}
	if err := c.BatchArchiveRecordAssociationLabels(ctx, TicketObjectType, "companies", []RecordAssociationInput{{FromID: tk.ID, ToID: company.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 26}}}}); err != nil {
		t.Fatal(err)
	}
	left, err := c.ListRecordAssociations(ctx, TicketObjectType, tk.ID, "companies")
	if err != nil || len(left) != 1 || len(left[0].Types) != 1 || left[0].Types[0].TypeID != 339 {
		t.Errorf("after removing the primary label: %+v, %v", left, err)
	}

	// Search, list and batches.
	res, err := c.SearchTickets(ctx, SearchRequest{
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "subject", Operator: OpContainsToken, Value: "more"}}}},
		Sort:         &Sort{PropertyName: "subject", Descending: true}, Properties: []string{"subject"}, Limit: 3,
	})
	if err != nil || res.Total != 5 || len(res.Tickets) != 3 || res.Tickets[0].Properties["subject"] != "more 4" {
		t.Errorf("search = %+v, %v", res, err)
	}
	all, err := c.ListTickets(ctx, ListOptions{PageSize: 2})
	if err != nil || len(all) != 6 {
		t.Errorf("list = %d tickets, %v", len(all), err)
	}
	found, err := c.BatchReadTickets(ctx, []string{ids[0], "31337"}, nil)
	var partial *PartialError
	if !errors.As(err, &partial) || len(found) != 1 || fmt.Sprint(partial.MissingIDs()) != "[31337]" {
		t.Errorf("batch read = %v, %v", found, err)
	}
	if err := c.BatchArchiveTickets(ctx, ids[:5]); err != nil {
		t.Fatal(err)
	}
	if err := c.ArchiveTicket(ctx, tk.ID); err != nil {
		t.Fatal(err)
	}
	left2, err := c.ListObjects(ctx, TicketObjectType, ListOptions{Archived: true})
	var archived []string
	for _, o := range left2 {
		archived = append(archived, o.ID)
	}
	sort.Strings(archived)
	if err != nil || len(archived) != 6 {
		t.Errorf("archived = %v, %v", archived, err)
	}
	if _, err := c.GetTicket(ctx, tk.ID, nil); !IsNotFound(err) {
		t.Errorf("archived ticket read: %v", err)
	}
	if err := c.ArchiveObject(ctx, "contacts", contact.ID); err != nil {
		t.Error(err)
	}
}

// TestBatchWritesAgainstEmulator sends coalesced creates, updates and archives to the
// emulator: its batch endpoints echo objectWriteTraceId and refuse a batch as a whole over one
// invalid input, as the client expects of HubSpot.
func TestBatchWritesAgainstEmulator(t *testing.T) {
	em, err := emulator.New(emulator.Options{Token: "pat-na1-contract", RateLimit: emulator.RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{AccessToken: "pat-na1-contract"})
	c.coalesceWindow = time.Hour
	ctx := context.Background()

	// Twenty creates in one batch, each caller getting its own ticket.
	subjects := make([]string, 20)
	for i := range subjects {
		subjects[i] = fmt.Sprint("batch ticket ", i)
	}
	created, errs := createTickets(t, c, subjects...)
	for i, s := range subjects {
		if errs[i] != nil || created[i].Properties["subject"] != s {
			t.Fatalf("%s: %v, %v", s, created[i], errs[i])
		}
	}
	if n := em.Stats()["POST /crm/v3/objects/{objectType}/batch/create"]; n != 1 {
		t.Errorf("%d batch creates, want 1 (stats %v)", n, em.Stats())
	}

	// One invalid stage refuses the batch; each caller then hears about its own ticket.
	w := c.recordCreator(TicketObjectType)
	var wg sync.WaitGroup
	var good, bad *Ticket
	var goodErr, badErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		good, goodErr = c.CreateTicket(ctx, TicketInput{Properties: map[string]string{"subject": "fine", "hs_pipeline_stage": "1"}})
	}()
	go func() {
		defer wg.Done()
		bad, badErr = c.CreateTicket(ctx, TicketInput{Properties: map[string]string{"subject": "wrong stage", "hs_pipeline_stage": "99"}})
	}()
	w.flush(writesJoined(t, w, 2))
	wg.Wait()
	if goodErr != nil || good.Properties["subject"] != "fine" || !IsValidation(badErr) || bad != nil || !strings.Contains(badErr.Error(), "99") {
		t.Errorf("fine: %v, %v; wrong stage: %v, %v", good, goodErr, bad, badErr)
	}

	// Updates in one batch, one of a ticket that does not exist.
	u := c.recordUpdater(TicketObjectType)
	updated := make([]*Ticket, 3)
	upErrs := make([]error, 3)
	for i, id := range []string{created[0].ID, created[1].ID, "987654"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			updated[i], upErrs[i] = c.UpdateTicket(ctx, id, map[string]string{"hs_ticket_priority": "HIGH"})
		}()
	}
	u.flush(writesJoined(t, u, 3))
	wg.Wait()
	if upErrs[0] != nil || upErrs[1] != nil || updated[0].ID != created[0].ID || updated[1].Properties["hs_ticket_priority"] != "HIGH" || !IsNotFound(upErrs[2]) {
		t.Errorf("updates: %v %v", updated, upErrs)
	}

	a := c.recordArchiver(TicketObjectType)
	for _, tk := range created[:3] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.ArchiveTicket(ctx, tk.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	a.flush(writesJoined(t, a, 3))
	wg.Wait()
	// Reads made from here on are sent after a short window.
	c.coalesceWindow = time.Millisecond
	for _, tk := range created[:3] {
		if _, err := c.GetTicket(ctx, tk.ID, []string{"subject"}); !IsNotFound(err) {
			t.Errorf("archived ticket %s: %v", tk.ID, err)
		}
	}
}
