package coalesce

import (
	"context"
	"net/http"
	"testing"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// One batch read answers each caller of ListRecordAssociations: a list, an empty list for a
// record HubSpot reports without associations, the error HubSpot reports for a record, or,
// for a record the answer leaves out, HubSpot's answer to a read of that record alone.
func TestConcurrentAssociationReadsShareOneBatch(t *testing.T) {
	const batchRead = "/crm/v4/associations/0-5/0-2/batch/read"
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if r.URL.Path != batchRead {
			reply(w, 200, `{"results":[{"toObjectId":"70","associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":339,"label":null}]}]}`)
			return
		}
		reply(w, 207, `{"status":"COMPLETE","results":[
			{"from":{"id":"1"},"to":[{"toObjectId":"10","associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":339,"label":null}]}]}],
			"errors":[
			{"status":"error","category":"VALIDATION_ERROR","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND","message":"none","context":{"fromObjectId":["2"]}},
			{"status":"error","category":"VALIDATION_ERROR","subCategory":"crm.associations.OTHER","message":"refused","context":{"fromObjectId":["3"]}}]}`)
	})
	c := newClient(t, b.srv, 5)
	ids := []string{"1", "2", "3", "7", "1"}
	got := make([][]hubspot.AssociatedRecord, len(ids))
	errs := make([]error, len(ids))
	eachOnItsOwn(len(ids), func(i int) {
		got[i], errs[i] = c.ListRecordAssociations(context.Background(), "tickets", ids[i], "companies")
	})

	reqs := b.requests()
	if b.count("POST", batchRead) != 1 || len(reqs) != 2 {
		t.Fatalf("requests = %+v, want one batch read and one read of the record it left out", reqs)
	}
	if read := inputs(reqs[0].body); len(read) != 4 {
		t.Errorf("batch read inputs = %v, want each record once", read)
	}
	if reqs[1].method != "GET" || reqs[1].path != "/crm/v4/objects/0-5/7/associations/0-2" {
		t.Errorf("single read = %+v, want the associations of record 7", reqs[1])
	}
	for _, i := range []int{0, 4} {
		if errs[i] != nil || len(got[i]) != 1 || got[i][0].ToObjectID != "10" {
			t.Errorf("record 1 = %+v, %v", got[i], errs[i])
		}
	}
	if errs[1] != nil || got[1] == nil || len(got[1]) != 0 {
		t.Errorf("record 2 = %#v, %v; want an empty list", got[1], errs[1])
	}
	if !hubspot.IsValidation(errs[2]) || got[2] != nil {
		t.Errorf("record 3 = %+v, %v; want HubSpot's error", got[2], errs[2])
	}
	if errs[3] != nil || len(got[3]) != 1 || got[3][0].ToObjectID != "70" {
		t.Errorf("record 7 = %+v, %v", got[3], errs[3])
	}
}
