package hubspot

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

// TestRecordsAgainstEmulator runs the record, search and association calls against the
// emulator, so that the client and the emulator are held to the same reading of HubSpot's
// specs. The steps share one portal and build on each other.
func TestRecordsAgainstEmulator(t *testing.T) {
	em, err := emulator.New(emulator.Options{Token: "pat-na1-contract", RateLimit: emulator.RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	defer srv.Close()
	p := &recordsPortal{c: newTestClient(t, srv, Config{AccessToken: "pat-na1-contract"}), ctx: context.Background()}

	p.createRecords(t)
	p.concurrentReads(t)
	p.invalidWrites(t)
	p.associationEdits(t)
	p.searchListAndBatches(t)
}

// recordsPortal is what the steps of TestRecordsAgainstEmulator make and read.
type recordsPortal struct {
	c                *Client
	ctx              context.Context
	contact, company *Object
	tk               *Ticket
	// ids are five more tickets, then tk and an id no ticket has.
	ids []string
}

func (p *recordsPortal) createRecords(t *testing.T) {
	c, ctx := p.c, p.ctx
	var err error
	if p.contact, err = c.CreateObject(ctx, "contacts", ObjectInput{Properties: map[string]string{"email": "ada@example.com"}}); err != nil {
		t.Fatal(err)
	}
	if p.company, err = c.CreateObject(ctx, "companies", ObjectInput{Properties: map[string]string{"name": "Acme"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetObject(ctx, "contacts", p.contact.ID, []string{"email"}); err != nil || got.Properties["email"] != "ada@example.com" {
		t.Fatalf("contact read = %v, %v", got, err)
	}
	p.tk, err = c.CreateObject(ctx, TicketObjectType, TicketInput{
		Properties: map[string]string{"subject": "contract", "hs_pipeline_stage": "1"},
		Associations: []AssociationInput{
			{ToID: p.contact.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}},
			{ToID: p.company.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 26}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.tk.Properties["hs_pipeline"] != DefaultTicketPipelineID || p.tk.Properties["hs_object_id"] != p.tk.ID {
		t.Errorf("created ticket = %v", p.tk.Properties)
	}
	for i := 0; i < 5; i++ {
		more, err := c.CreateObject(ctx, TicketObjectType, TicketInput{Properties: map[string]string{"subject": fmt.Sprint("more ", i), "hs_pipeline_stage": "2"}})
		if err != nil {
			t.Fatal(err)
		}
		p.ids = append(p.ids, more.ID)
	}
	p.ids = append(p.ids, p.tk.ID, "424242")
}

// concurrentReads reads every ticket and its associations at once.
func (p *recordsPortal) concurrentReads(t *testing.T) {
	ids := p.ids
	var wg sync.WaitGroup
	got := make([]*Ticket, len(ids))
	errs := make([]error, len(ids))
	links := make([][]AssociatedRecord, len(ids))
	linkErrs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(2)
		go func() {
			defer wg.Done()
			got[i], errs[i] = p.c.GetObject(p.ctx, TicketObjectType, id, []string{"subject", "hs_pipeline_stage"})
		}()
		go func() {
			defer wg.Done()
			links[i], linkErrs[i] = p.c.ListRecordAssociations(p.ctx, TicketObjectType, id, "companies")
		}()
	}
	wg.Wait()
	for i, id := range ids {
		switch {
		case id == "424242":
			if !IsNotFound(errs[i]) || !IsNotFound(linkErrs[i]) {
				t.Errorf("missing ticket: %v / %v", errs[i], linkErrs[i])
			}
		case id == p.tk.ID:
			if errs[i] != nil || got[i].Properties["subject"] != "contract" {
				t.Errorf("ticket read = %v, %v", got[i], errs[i])
			}
			if linkErrs[i] != nil || len(links[i]) != 1 || links[i][0].ToObjectID != p.company.ID || len(links[i][0].Types) != 2 {
				t.Errorf("ticket→companies = %+v, %v", links[i], linkErrs[i])
			}
		default:
			if errs[i] != nil || got[i].Properties["hs_pipeline_stage"] != "2" || linkErrs[i] != nil || len(links[i]) != 0 {
				t.Errorf("%s: %v %v / %v %v", id, got[i], errs[i], links[i], linkErrs[i])
			}
		}
	}
}

// invalidWrites checks that invalid values come back as a validation *Error.
func (p *recordsPortal) invalidWrites(t *testing.T) {
	_, err := p.c.UpdateObject(p.ctx, TicketObjectType, p.tk.ID, map[string]string{"hs_ticket_priority": "SOMEDAY"})
	if !IsValidation(err) {
		t.Errorf("bad priority: %v", err)
	}
	_, err = p.c.CreateObject(p.ctx, TicketObjectType, TicketInput{Properties: map[string]string{"subject": "x", "hs_pipeline_stage": "1"},
		Associations: []AssociationInput{{ToID: p.contact.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 9999}}}}})
	if !HasSubCategory(err, "crm.associations.INVALID_ASSOCIATION_TYPE") {
		t.Errorf("bad association type: %v", err)
	}
}

// associationEdits adds and removes associations through the v4 calls.
func (p *recordsPortal) associationEdits(t *testing.T) {
	c, ctx := p.c, p.ctx
	if _, err := c.CreateRecordAssociation(ctx, TicketObjectType, p.ids[0], "contacts", p.contact.ID, []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 16}}); err != nil {
		t.Fatal(err)
	}
	fromContact, err := c.ListRecordAssociations(ctx, "contacts", p.contact.ID, TicketObjectType)
	if err != nil || len(fromContact) != 2 {
		t.Errorf("contact→tickets = %+v, %v", fromContact, err)
	}
	if err := c.BatchArchiveRecordAssociationLabels(ctx, TicketObjectType, "companies", []RecordAssociationInput{{FromID: p.tk.ID, ToID: p.company.ID, Types: []AssociationSpec{{Category: AssociationCategoryHubSpotDefined, TypeID: 26}}}}); err != nil {
		t.Fatal(err)
	}
	left, err := c.ListRecordAssociations(ctx, TicketObjectType, p.tk.ID, "companies")
	if err != nil || len(left) != 1 || len(left[0].Types) != 1 || left[0].Types[0].TypeID != 339 {
		t.Errorf("after removing the primary label: %+v, %v", left, err)
	}
}

func (p *recordsPortal) searchListAndBatches(t *testing.T) {
	c, ctx, ids := p.c, p.ctx, p.ids
	res, err := c.SearchObjects(ctx, TicketObjectType, SearchRequest{
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "subject", Operator: OpContainsToken, Value: "more"}}}},
		Sort:         &Sort{PropertyName: "subject", Descending: true}, Properties: []string{"subject"}, Limit: 3,
	})
	if err != nil || res.Total != 5 || len(res.Objects) != 3 || res.Objects[0].Properties["subject"] != "more 4" {
		t.Errorf("search = %+v, %v", res, err)
	}
	all, err := c.ListObjects(ctx, TicketObjectType, ListOptions{})
	if err != nil || len(all) != 6 {
		t.Errorf("list = %d tickets, %v", len(all), err)
	}
	found, err := c.BatchReadObjects(ctx, TicketObjectType, []string{ids[0], "31337"}, nil)
	var partial *PartialError
	if !errors.As(err, &partial) || len(found) != 1 || fmt.Sprint(missingIDs(partial)) != "[31337]" {
		t.Errorf("batch read = %v, %v", found, err)
	}
	if err := c.BatchArchiveObjects(ctx, TicketObjectType, ids[:5]); err != nil {
		t.Fatal(err)
	}
	if err := c.ArchiveObject(ctx, TicketObjectType, p.tk.ID); err != nil {
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
	if _, err := c.GetObject(ctx, TicketObjectType, p.tk.ID, nil); !IsNotFound(err) {
		t.Errorf("archived ticket read: %v", err)
	}
	if err := c.ArchiveObject(ctx, "contacts", p.contact.ID); err != nil {
		t.Error(err)
	}
}
