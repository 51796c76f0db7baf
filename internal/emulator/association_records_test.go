package emulator

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

func spec(category string, typeID int) map[string]any {
	return map[string]any{"associationCategory": category, "associationTypeId": typeID}
}

// linkedTypes lists "target:type,type" for what a record is associated with, read with GET.
func linkedTypes(t *testing.T, e *Emulator, fromType, fromID, toType string) string {
	t.Helper()
	res := mustDo(t, e, 200, "GET", fmt.Sprintf("/crm/v4/objects/%s/%s/associations/%s", fromType, fromID, toType), nil)
	var out []string
	for _, r := range res["results"].([]any) {
		m := r.(map[string]any)
		var types []string
		for _, at := range m["associationTypes"].([]any) {
			types = append(types, fmt.Sprint(int(at.(map[string]any)["typeId"].(float64))))
		}
		out = append(out, m["toObjectId"].(string)+":"+strings.Join(types, ","))
	}
	return strings.Join(out, " ")
}

func TestRecordAssociationPutListDelete(t *testing.T) {
	e, _ := recordsEmulator(t)
	ticket := createTicket(t, e, map[string]string{"subject": "s", "hs_pipeline_stage": "1"})
	company := createRecord(t, e, "companies", map[string]string{"name": "Acme"})
	contact := createRecord(t, e, "contacts", map[string]string{"email": "a@example.com"})

	res := mustDo(t, e, 201, "PUT", "/crm/v4/objects/tickets/"+ticket+"/associations/companies/"+company, []any{spec("HUBSPOT_DEFINED", 26)})
	if fmt.Sprint(res) != fmt.Sprintf("map[fromObjectId:%s fromObjectTypeId:0-5 labels:[Primary] toObjectId:%s toObjectTypeId:0-2]", ticket, company) {
		t.Errorf("PUT = %v", res)
	}
	if got := linkedTypes(t, e, "tickets", ticket, "companies"); got != company+":26,339" {
		t.Errorf("ticket→companies = %q, want the label and the default type", got)
	}
	if got := linkedTypes(t, e, "0-2", company, "ticket"); got != ticket+":25,340" {
		t.Errorf("company→tickets = %q, want the inverse types", got)
	}

	// A custom label made through the labels API links like any other type.
	label := mustDo(t, e, 200, "POST", "/crm/v4/associations/tickets/contacts/labels", map[string]any{"label": "Requester", "name": "requester"})
	var labelType int
	for _, r := range label["results"].([]any) {
		m := r.(map[string]any)
		if m["fromObjectTypeId"] == "0-5" {
			labelType = int(m["typeId"].(float64))
		}
	}
	res = mustDo(t, e, 201, "PUT", "/crm/v4/objects/tickets/"+ticket+"/associations/contacts/"+contact, []any{spec("USER_DEFINED", labelType)})
	if fmt.Sprint(res["labels"]) != "[Requester]" {
		t.Errorf("labelled PUT labels = %v", res["labels"])
	}
	if got := linkedTypes(t, e, "tickets", ticket, "contacts"); got != fmt.Sprintf("%s:16,%d", contact, labelType) {
		t.Errorf("ticket→contacts = %q", got)
	}

	// The label is in use, so the labels API refuses to delete it.
	mustDo(t, e, 400, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", labelType), nil)

	mustDo(t, e, 204, "DELETE", "/crm/v4/objects/contacts/"+contact+"/associations/tickets/"+ticket, nil)
	if got := linkedTypes(t, e, "tickets", ticket, "contacts"); got != "" {
		t.Errorf("after DELETE from the other side: %q", got)
	}

	res = mustDo(t, e, 200, "PUT", "/crm/v4/objects/tickets/"+ticket+"/associations/default/contacts/"+contact, nil)
	r0 := res["results"].([]any)[0].(map[string]any)
	if fmt.Sprint(r0["associationSpec"]) != "map[associationCategory:HUBSPOT_DEFINED associationTypeId:16]" {
		t.Errorf("PUT default = %v", res)
	}
	// The date-versioned per-record routes serve the same links.
	mustDo(t, e, 204, "DELETE", "/crm/objects/2026-03/tickets/"+ticket+"/associations/contacts/"+contact, nil)
	if got := linkedTypes(t, e, "tickets", ticket, "contacts"); got != "" {
		t.Errorf("after date-versioned DELETE: %q", got)
	}

	// Links to archived records are not listed.
	mustDo(t, e, 204, "DELETE", "/crm/v3/objects/companies/"+company, nil)
	if got := linkedTypes(t, e, "tickets", ticket, "companies"); got != "" {
		t.Errorf("link to an archived company listed: %q", got)
	}
	mustDo(t, e, 404, "GET", "/crm/v4/objects/companies/"+company+"/associations/tickets", nil)

	// Archiving a record drops its links, so a label it used can then be deleted.
	mustDo(t, e, 201, "PUT", "/crm/v4/objects/tickets/"+ticket+"/associations/contacts/"+contact, []any{spec("USER_DEFINED", labelType)})
	mustDo(t, e, 400, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", labelType), nil)
	mustDo(t, e, 204, "DELETE", "/crm/v3/objects/tickets/"+ticket, nil)
	if len(e.p.Associations) != 0 {
		t.Errorf("links left after archiving: %+v", e.p.Associations)
	}
	mustDo(t, e, 204, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", labelType), nil)
}

func TestRecordAssociationPutRefusals(t *testing.T) {
	e, _ := recordsEmulator(t)
	ticket := createTicket(t, e, map[string]string{"subject": "s", "hs_pipeline_stage": "1"})
	contact := createRecord(t, e, "contacts", map[string]string{"email": "a@example.com"})
	for _, tc := range []struct {
		path string
		body any
		code int
		sub  string
	}{
		{"/crm/v4/objects/tickets/" + ticket + "/associations/contacts/" + contact, []any{spec("HUBSPOT_DEFINED", 339)}, 400, "crm.associations.INVALID_ASSOCIATION_TYPE"},
		{"/crm/v4/objects/tickets/" + ticket + "/associations/contacts/" + contact, []any{spec("USER_DEFINED", 16)}, 400, "crm.associations.INVALID_ASSOCIATION_TYPE"},
		{"/crm/v4/objects/tickets/" + ticket + "/associations/contacts/" + contact, []any{}, 400, ""},
		{"/crm/v4/objects/tickets/999999/associations/contacts/" + contact, []any{spec("HUBSPOT_DEFINED", 16)}, 404, ""},
		{"/crm/v4/objects/tickets/" + ticket + "/associations/contacts/999999", []any{spec("HUBSPOT_DEFINED", 16)}, 404, ""},
	} {
		code, body, _ := do(t, e, "PUT", tc.path, tc.body)
		if code != tc.code || (tc.sub != "" && body["subCategory"] != tc.sub) {
			t.Errorf("PUT %s %v = %d %v", tc.path, tc.body, code, body)
		}
	}
}

func TestRecordAssociationListPaging(t *testing.T) {
	e, _ := recordsEmulator(t)
	ticket := createTicket(t, e, map[string]string{"subject": "s", "hs_pipeline_stage": "1"})
	var want []string
	for i := 0; i < 5; i++ {
		c := createRecord(t, e, "contacts", map[string]string{"email": fmt.Sprint(i, "@example.com")})
		mustDo(t, e, 201, "PUT", "/crm/v4/objects/tickets/"+ticket+"/associations/contacts/"+c, []any{spec("HUBSPOT_DEFINED", 16)})
		want = append(want, c)
	}
	var got []string
	for _, page := range listPages(t, e, "/crm/v4/objects/tickets/"+ticket+"/associations/contacts?limit=2", 5) {
		for _, r := range page["results"].([]any) {
			got = append(got, r.(map[string]any)["toObjectId"].(string))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paged = %v, want %v", got, want)
	}
	mustDo(t, e, 400, "GET", "/crm/v4/objects/tickets/"+ticket+"/associations/contacts?limit=501", nil)
}

// assocPair is one input of the association batch routes.
func assocPair(from, to string, types ...map[string]any) map[string]any {
	return map[string]any{"from": map[string]any{"id": from}, "to": map[string]any{"id": to}, "types": types}
}

// describeBatchRead reads a batch read answer as "from>to=type+type,to=type ...", sorted.
func describeBatchRead(res map[string]any) string {
	var out []string
	for _, r := range res["results"].([]any) {
		m := r.(map[string]any)
		var to []string
		for _, x := range m["to"].([]any) {
			xm := x.(map[string]any)
			var types []string
			for _, at := range xm["associationTypes"].([]any) {
				types = append(types, fmt.Sprint(at.(map[string]any)["typeId"]))
			}
			to = append(to, xm["toObjectId"].(string)+"="+strings.Join(types, "+"))
		}
		out = append(out, m["from"].(map[string]any)["id"].(string)+">"+strings.Join(to, ","))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// batchRead reads the ticket to company associations of ids.
func batchRead(t *testing.T, e *Emulator, ids ...string) map[string]any {
	t.Helper()
	inputs := []any{}
	for _, id := range ids {
		inputs = append(inputs, map[string]any{"id": id})
	}
	_, body, _ := do(t, e, "POST", "/crm/v4/associations/tickets/companies/batch/read", map[string]any{"inputs": inputs})
	return body
}

// ticketsAndCompanies is a portal with n tickets, subjects "1" to n, then two companies.
func ticketsAndCompanies(t *testing.T, n int) (e *Emulator, tickets []string, c1, c2 string) {
	e, _ = recordsEmulator(t)
	for i := 1; i <= n; i++ {
		tickets = append(tickets, createTicket(t, e, map[string]string{"subject": fmt.Sprint(i), "hs_pipeline_stage": "1"}))
	}
	return e, tickets, createRecord(t, e, "companies", map[string]string{"name": "a"}), createRecord(t, e, "companies", map[string]string{"name": "b"})
}

func TestRecordAssociationBatches(t *testing.T) {
	e, tickets, c1, c2 := ticketsAndCompanies(t, 3)
	t1, t2, t3 := tickets[0], tickets[1], tickets[2]

	res := mustDo(t, e, 207, "POST", "/crm/v4/associations/tickets/companies/batch/create", map[string]any{"inputs": []any{
		assocPair(t1, c1, spec("HUBSPOT_DEFINED", 26)),
		assocPair(t1, c2, spec("HUBSPOT_DEFINED", 339)),
		assocPair(t2, c1, spec("HUBSPOT_DEFINED", 339)),
		assocPair(t2, c2, spec("HUBSPOT_DEFINED", 16)),
		assocPair(t3, "999999", spec("HUBSPOT_DEFINED", 339)),
	}})
	if len(res["results"].([]any)) != 3 || res["numErrors"] != float64(2) {
		t.Fatalf("batch create = %v", res)
	}
	errs := res["errors"].([]any)
	if e0 := errs[0].(map[string]any); e0["subCategory"] != "crm.associations.INVALID_ASSOCIATION_TYPE" || fmt.Sprint(e0["context"].(map[string]any)["fromObjectId"]) != "["+t2+"]" {
		t.Errorf("first error = %v", e0)
	}
	if e1 := errs[1].(map[string]any); e1["category"] != "OBJECT_NOT_FOUND" {
		t.Errorf("second error = %v", e1)
	}
	mustDo(t, e, 201, "POST", "/crm/v4/associations/tickets/companies/batch/create", map[string]any{"inputs": []any{assocPair(t3, c2, spec("HUBSPOT_DEFINED", 339))}})

	want := fmt.Sprintf("%s>%s=26+339,%s=339 %s>%s=339", t1, c1, c2, t2, c1)
	if got := describeBatchRead(batchRead(t, e, t1, t2)); got != want {
		t.Errorf("batch read = %q, want %q", got, want)
	}
	// A record without associations, and one that does not exist, are reported per input.
	t4 := createTicket(t, e, map[string]string{"subject": "4", "hs_pipeline_stage": "1"})
	code, res, _ := do(t, e, "POST", "/crm/v4/associations/tickets/companies/batch/read", map[string]any{"inputs": []any{map[string]any{"id": t1}, map[string]any{"id": t4}, map[string]any{"id": "888888"}}})
	if code != 207 || len(res["results"].([]any)) != 1 || res["numErrors"] != float64(2) {
		t.Fatalf("partial batch read = %d %v", code, res)
	}
	subs := map[string]any{}
	for _, x := range res["errors"].([]any) {
		m := x.(map[string]any)
		subs[fmt.Sprint(m["context"].(map[string]any)["fromObjectId"])] = m["subCategory"]
	}
	if subs["["+t4+"]"] != "crm.associations.NO_ASSOCIATIONS_FOUND" || subs["[888888]"] != nil {
		t.Errorf("per-input errors = %v", subs)
	}
}

func TestRecordAssociationBatchArchives(t *testing.T) {
	e, tickets, c1, c2 := ticketsAndCompanies(t, 4)
	t1, t2, t3, t4 := tickets[0], tickets[1], tickets[2], tickets[3]
	mustDo(t, e, 201, "POST", "/crm/v4/associations/tickets/companies/batch/create", map[string]any{"inputs": []any{
		assocPair(t1, c1, spec("HUBSPOT_DEFINED", 26)), assocPair(t1, c2, spec("HUBSPOT_DEFINED", 339)),
		assocPair(t2, c1, spec("HUBSPOT_DEFINED", 339)), assocPair(t3, c2, spec("HUBSPOT_DEFINED", 339)),
	}})

	// Removing a label keeps the default association; removing the default removes all.
	mustDo(t, e, 204, "POST", "/crm/v4/associations/tickets/companies/batch/labels/archive", map[string]any{"inputs": []any{assocPair(t1, c1, spec("HUBSPOT_DEFINED", 26))}})
	if got := linkedTypes(t, e, "tickets", t1, "companies"); got != c1+":339 "+c2+":339" {
		t.Errorf("after removing the label: %q", got)
	}
	mustDo(t, e, 201, "PUT", "/crm/v4/objects/tickets/"+t1+"/associations/companies/"+c1, []any{spec("HUBSPOT_DEFINED", 26)})
	mustDo(t, e, 204, "POST", "/crm/v4/associations/companies/tickets/batch/labels/archive", map[string]any{"inputs": []any{assocPair(c1, t1, spec("HUBSPOT_DEFINED", 340))}})
	if got := linkedTypes(t, e, "tickets", t1, "companies"); got != c2+":339" {
		t.Errorf("after removing the default from the other side: %q", got)
	}
	mustDo(t, e, 400, "POST", "/crm/v4/associations/tickets/companies/batch/labels/archive", map[string]any{"inputs": []any{assocPair(t1, c2, spec("HUBSPOT_DEFINED", 1))}})

	mustDo(t, e, 204, "POST", "/crm/v4/associations/tickets/companies/batch/archive", map[string]any{"inputs": []any{
		map[string]any{"from": map[string]any{"id": t1}, "to": []any{map[string]any{"id": c2}}},
		map[string]any{"from": map[string]any{"id": t2}, "to": []any{map[string]any{"id": c1}, map[string]any{"id": "5"}}},
	}})
	if got := describeBatchRead(batchRead(t, e, t1, t2, t3)); got != t3+">"+c2+"=339" {
		t.Errorf("after batch archive: %q", got)
	}

	res := mustDo(t, e, 200, "POST", "/crm/v4/associations/tickets/companies/batch/associate/default", map[string]any{"inputs": []any{
		assocPair(t4, c1), assocPair(t4, "777777"),
	}})
	if len(res["results"].([]any)) != 1 || res["numErrors"] != float64(1) {
		t.Errorf("associate default = %v", res)
	}
}

func TestRecordAssociationBatchLimits(t *testing.T) {
	e, _ := recordsEmulator(t)
	var many []any
	for i := 0; i < 1001; i++ {
		many = append(many, map[string]any{"id": fmt.Sprint(i)})
	}
	mustDo(t, e, 400, "POST", "/crm/v4/associations/tickets/companies/batch/read", map[string]any{"inputs": many})
	mustDo(t, e, 400, "POST", "/crm/v4/associations/widgets/companies/batch/read", map[string]any{"inputs": []any{}})

	// These routes count against the associations window, which reports its own headers.
	_, _, h := do(t, e, "POST", "/crm/v4/associations/tickets/companies/batch/read", map[string]any{"inputs": []any{}})
	if h.Get("X-HubSpot-RateLimit-Max") == "" {
		t.Errorf("association headers = %v", h)
	}
}
