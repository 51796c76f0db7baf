package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestListRecordAssociationsCoalescesPagesAndMapsErrors(t *testing.T) {
	var mu sync.Mutex
	var batchBodies []string
	var gets []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == "GET" {
			gets = append(gets, r.URL.Path)
			writeJSON(w, 200, `{"results":[{"toObjectId":"30","associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":16,"label":null}]}]}`)
			return
		}
		if r.URL.Path != "/crm/v4/associations/0-5/0-1/batch/read" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		body, _ := io.ReadAll(r.Body)
		batchBodies = append(batchBodies, string(body))
		var in struct {
			Inputs []struct{ ID, After string } `json:"inputs"`
		}
		_ = json.Unmarshal(body, &in)
		if len(in.Inputs) == 1 && in.Inputs[0].After == "p2" {
			writeJSON(w, 200, `{"status":"COMPLETE","results":[{"from":{"id":"A"},"to":[{"toObjectId":"12","associationTypes":[{"category":"USER_DEFINED","typeId":1001,"label":"Requester"}]}]}],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`)
			return
		}
		// A's first page (with a numeric id, as HubSpot's guides show it), B without associations,
		// C not found; D left out altogether.
		writeJSON(w, 207, `{"status":"COMPLETE","results":[
			{"from":{"id":"A"},"to":[{"toObjectId":11,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":16,"label":null}]}],"paging":{"next":{"after":"p2"}}}
		],"numErrors":2,"errors":[
			{"status":"error","category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND","message":"No contact is associated with ticket B.","context":{"fromObjectId":["B"]},"errors":[],"links":{}},
			{"status":"error","category":"OBJECT_NOT_FOUND","message":"ticket C does not exist","context":{"fromObjectId":["C"]},"errors":[],"links":{}}
		],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	c.coalesceWindow = time.Hour

	ids := []string{"A", "B", "C", "D"}
	got := make([][]AssociatedRecord, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = c.ListRecordAssociations(context.Background(), "tickets", id, "contacts")
		}()
	}
	v, _ := c.coalescers.Load("associations:0-5/0-1")
	for v == nil {
		time.Sleep(time.Millisecond)
		v, _ = c.coalescers.Load("associations:0-5/0-1")
	}
	co := v.(*coalescer[[]AssociatedRecord])
	co.flush(joined(t, co, len(ids)))
	wg.Wait()

	label := "Requester"
	wantA := []AssociatedRecord{
		{ToObjectID: "11", Types: []AssociationType{{Category: "HUBSPOT_DEFINED", TypeID: 16}}},
		{ToObjectID: "12", Types: []AssociationType{{Category: "USER_DEFINED", TypeID: 1001, Label: &label}}},
	}
	if errs[0] != nil || !reflect.DeepEqual(got[0], wantA) {
		t.Errorf("A = %+v, %v; want both pages", got[0], errs[0])
	}
	if errs[1] != nil || got[1] == nil || len(got[1]) != 0 {
		t.Errorf("B = %#v, %v; want an empty list", got[1], errs[1])
	}
	if !IsNotFound(errs[2]) {
		t.Errorf("C err = %v, want not found", errs[2])
	}
	if errs[3] != nil || len(got[3]) != 1 || got[3][0].ToObjectID != "30" {
		t.Errorf("D = %+v, %v; want the single read's answer", got[3], errs[3])
	}
	if len(batchBodies) != 2 || batchBodies[1] != `{"inputs":[{"id":"A","after":"p2"}]}` {
		t.Errorf("batch requests = %q", batchBodies)
	}
	if !reflect.DeepEqual(gets, []string{"/crm/v4/objects/0-5/D/associations/0-1"}) {
		t.Errorf("single reads = %v", gets)
	}
}

func TestListRecordAssociationsWithoutCoalescingPages(t *testing.T) {
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Path+"?"+r.URL.RawQuery)
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, `{"results":[{"toObjectId":"1","associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":339,"label":null}]}],"paging":{"next":{"after":"1","link":"x"}}}`)
			return
		}
		writeJSON(w, 200, `{"results":[{"toObjectId":"2","associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":26,"label":"Primary"}]}]}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{NoCoalescing: true})
	got, err := c.ListRecordAssociations(context.Background(), "ticket", "7", "companies")
	if err != nil || len(got) != 2 || got[1].Types[0].LabelText() != "Primary" {
		t.Fatalf("list = %+v, %v", got, err)
	}
	want := []string{"/crm/v4/objects/0-5/7/associations/0-2?limit=500", "/crm/v4/objects/0-5/7/associations/0-2?after=1&limit=500"}
	if !reflect.DeepEqual(queries, want) {
		t.Errorf("requests = %v", queries)
	}
}

func TestRecordAssociationWrites(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path+" "+string(body))
		switch {
		case r.Method == "PUT" && r.URL.Path == "/crm/v4/objects/0-5/1/associations/0-2/2":
			writeJSON(w, 201, `{"fromObjectTypeId":"0-5","fromObjectId":"1","toObjectTypeId":"0-2","toObjectId":"2","labels":["Primary"]}`)
		case r.URL.Path == "/crm/v4/associations/0-5/0-1/batch/create":
			writeJSON(w, 207, `{"status":"COMPLETE","results":[],"numErrors":1,"errors":[{"status":"error","category":"VALIDATION_ERROR","subCategory":"crm.associations.INVALID_ASSOCIATION_TYPE","message":"99 is not a valid association type between tickets and contacts","context":{"fromObjectId":["1"]},"errors":[],"links":{}}],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`)
		case r.Method == "PUT":
			writeJSON(w, 200, `{"status":"COMPLETE","results":[],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`)
		default:
			w.WriteHeader(204)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, Config{})
	ctx := context.Background()
	labels, err := c.CreateRecordAssociation(ctx, "tickets", "1", "companies", "2", []AssociationSpec{{Category: "HUBSPOT_DEFINED", TypeID: 26}})
	if err != nil || !reflect.DeepEqual(labels, []string{"Primary"}) {
		t.Errorf("create = %v, %v", labels, err)
	}
	if err := c.CreateDefaultRecordAssociation(ctx, "tickets", "1", "contacts", "3"); err != nil {
		t.Error(err)
	}
	if err := c.DeleteRecordAssociations(ctx, "tickets", "1", "companies", "2"); err != nil {
		t.Error(err)
	}
	err = c.BatchCreateRecordAssociations(ctx, "tickets", "contacts", []RecordAssociationInput{{FromID: "1", ToID: "3", Types: []AssociationSpec{{Category: "HUBSPOT_DEFINED", TypeID: 99}}}})
	var partial *PartialError
	if !errors.As(err, &partial) || partial.Errors[0].SubCategory != "crm.associations.INVALID_ASSOCIATION_TYPE" {
		t.Errorf("batch create err = %v", err)
	}
	if err := c.BatchArchiveRecordAssociationLabels(ctx, "tickets", "companies", []RecordAssociationInput{{FromID: "1", ToID: "2", Types: []AssociationSpec{{Category: "HUBSPOT_DEFINED", TypeID: 26}}}}); err != nil {
		t.Error(err)
	}
	if err := c.BatchArchiveRecordAssociations(ctx, "tickets", "companies", []RecordAssociationPair{{FromID: "1", ToIDs: []string{"2", "4"}}}); err != nil {
		t.Error(err)
	}
	want := []string{
		`PUT /crm/v4/objects/0-5/1/associations/0-2/2 [{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":26}]`,
		`PUT /crm/v4/objects/0-5/1/associations/default/0-1/3 `,
		`DELETE /crm/v4/objects/0-5/1/associations/0-2/2 `,
		`POST /crm/v4/associations/0-5/0-1/batch/create {"inputs":[{"from":{"id":"1"},"to":{"id":"3"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":99}]}]}`,
		`POST /crm/v4/associations/0-5/0-2/batch/labels/archive {"inputs":[{"from":{"id":"1"},"to":{"id":"2"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":26}]}]}`,
		`POST /crm/v4/associations/0-5/0-2/batch/archive {"inputs":[{"from":{"id":"1"},"to":[{"id":"2"},{"id":"4"}]}]}`,
	}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("requests:\n%q\nwant\n%q", seen, want)
	}
}
