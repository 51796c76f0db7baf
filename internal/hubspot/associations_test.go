package hubspot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

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
	c := newTestClient(t, srv, Config{})
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
	stub, srv := newStub(t, map[string]answer{
		"PUT /crm/v4/objects/0-5/1/associations/0-2/2":           fixed(201, `{"fromObjectTypeId":"0-5","fromObjectId":"1","toObjectTypeId":"0-2","toObjectId":"2","labels":["Primary"]}`),
		"DELETE /crm/v4/objects/0-5/1/associations/0-2/2":        noContent,
		"POST /crm/v4/associations/0-5/0-1/batch/create":         fixed(207, `{"status":"COMPLETE","results":[],"numErrors":1,"errors":[{"status":"error","category":"VALIDATION_ERROR","subCategory":"crm.associations.INVALID_ASSOCIATION_TYPE","message":"99 is not a valid association type between tickets and contacts","context":{"fromObjectId":["1"]},"errors":[],"links":{}}],"startedAt":"2026-01-02T03:04:05Z","completedAt":"2026-01-02T03:04:05Z"}`),
		"POST /crm/v4/associations/0-5/0-2/batch/labels/archive": noContent,
	})
	c := newTestClient(t, srv, Config{})
	ctx := context.Background()
	labels, err := c.CreateRecordAssociation(ctx, "tickets", "1", "companies", "2", []AssociationSpec{{Category: "HUBSPOT_DEFINED", TypeID: 26}})
	if err != nil || !reflect.DeepEqual(labels, []string{"Primary"}) {
		t.Errorf("create = %v, %v", labels, err)
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
	want := []string{
		`PUT /crm/v4/objects/0-5/1/associations/0-2/2 [{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":26}]`,
		`DELETE /crm/v4/objects/0-5/1/associations/0-2/2 `,
		`POST /crm/v4/associations/0-5/0-1/batch/create {"inputs":[{"from":{"id":"1"},"to":{"id":"3"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":99}]}]}`,
		`POST /crm/v4/associations/0-5/0-2/batch/labels/archive {"inputs":[{"from":{"id":"1"},"to":{"id":"2"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":26}]}]}`,
	}
	if seen := stub.log(); !reflect.DeepEqual(seen, want) {
		t.Errorf("requests:\n%q\nwant\n%q", seen, want)
	}
}
