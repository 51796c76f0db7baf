package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// recordsEmulator is a portal without rate limits, for the record, search and association
// tests, on a settable clock.
func recordsEmulator(t *testing.T) (*Emulator, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	return newTestEmulator(t, Options{RateLimit: RateLimit{Disabled: true}, Now: c.now}), c
}

// do sends one request with a JSON body and decodes the JSON answer (nil for none).
func do(t *testing.T, e *Emulator, method, path string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var payload string
	switch b := body.(type) {
	case nil:
	case string:
		payload = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		payload = string(data)
	}
	rec := send(t, e, method, path, payload)
	if rec.Body.Len() == 0 {
		return rec.Code, nil, rec.Header()
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("%s %s: body %q: %v", method, path, rec.Body.String(), err)
	}
	return rec.Code, m, rec.Header()
}

// mustDo is do that fails the test unless the status is want.
func mustDo(t *testing.T, e *Emulator, want int, method, path string, body any) map[string]any {
	t.Helper()
	code, m, _ := do(t, e, method, path, body)
	if code != want {
		t.Fatalf("%s %s = %d %v, want %d", method, path, code, m, want)
	}
	return m
}

// listPages reads a GET list from path, which has a query, page by page along its after
// cursors, and fails the test past most pages.
func listPages(t *testing.T, e *Emulator, path string, most int) []map[string]any {
	t.Helper()
	var pages []map[string]any
	for next := path; ; {
		if len(pages) == most {
			t.Fatalf("%s: paging does not end within %d pages", path, most)
		}
		page := mustDo(t, e, 200, "GET", next, nil)
		pages = append(pages, page)
		paging, ok := page["paging"].(map[string]any)
		if !ok {
			return pages
		}
		next = path + "&after=" + paging["next"].(map[string]any)["after"].(string)
	}
}

func props(m map[string]any) map[string]any {
	p, _ := m["properties"].(map[string]any)
	return p
}

func createTicket(t *testing.T, e *Emulator, properties map[string]string) string {
	t.Helper()
	m := mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets", map[string]any{"properties": properties})
	return m["id"].(string)
}

func createRecord(t *testing.T, e *Emulator, objectType string, properties map[string]string) string {
	t.Helper()
	m := mustDo(t, e, 201, "POST", "/crm/v3/objects/"+objectType, map[string]any{"properties": properties})
	return m["id"].(string)
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestTicketLifecycle(t *testing.T) {
	e, clk := recordsEmulator(t)
	created := mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets", map[string]any{
		"properties": map[string]any{"subject": "Printer on fire", "hs_pipeline_stage": "1", "hs_ticket_priority": "HIGH"},
	})
	id := created["id"].(string)
	p := props(created)
	for name, want := range map[string]any{
		"subject": "Printer on fire", "hs_pipeline": "0", "hs_pipeline_stage": "1", "hs_object_id": id, "hs_ticket_id": id,
		"createdate": "2026-03-02T09:00:00.000Z", "hs_lastmodifieddate": "2026-03-02T09:00:00.000Z", "hs_is_closed": "false",
	} {
		if p[name] != want {
			t.Errorf("created %s = %v, want %v", name, p[name], want)
		}
	}
	if created["createdAt"] != "2026-03-02T09:00:00.000Z" || created["archived"] != false {
		t.Errorf("created envelope = %v", created)
	}

	// Without properties, a read returns the default set (unset ones as null) and the system
	// properties.
	got := mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id, nil)
	wantKeys := []string{"content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"}
	if k := keysOf(props(got)); fmt.Sprint(k) != fmt.Sprint(wantKeys) {
		t.Errorf("default properties = %v, want %v", k, wantKeys)
	}
	if v, ok := props(got)["content"]; !ok || v != nil {
		t.Errorf("unset default property content = %v (present %v), want null", v, ok)
	}

	// Only the requested properties that exist come back; unknown names are ignored.
	got = mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id+"?properties=subject,no_such_property&properties=source_type", nil)
	wantKeys = []string{"createdate", "hs_lastmodifieddate", "hs_object_id", "source_type", "subject"}
	if k := keysOf(props(got)); fmt.Sprint(k) != fmt.Sprint(wantKeys) {
		t.Errorf("requested properties = %v, want %v", k, wantKeys)
	}

	clk.advance(time.Minute)
	patched := mustDo(t, e, 200, "PATCH", "/crm/v3/objects/tickets/"+id, map[string]any{"properties": map[string]any{"hs_pipeline_stage": "4", "hs_ticket_priority": ""}})
	p = props(patched)
	if p["hs_pipeline_stage"] != "4" || p["hs_is_closed"] != "true" || p["closed_date"] != "2026-03-02T09:01:00.000Z" || p["time_to_close"] != "60000" {
		t.Errorf("after closing: %v", p)
	}
	if _, ok := p["hs_ticket_priority"]; ok {
		t.Errorf("an empty value should clear hs_ticket_priority, got %v", p["hs_ticket_priority"])
	}
	if p["hs_lastmodifieddate"] != "2026-03-02T09:01:00.000Z" || patched["updatedAt"] != "2026-03-02T09:01:00.000Z" {
		t.Errorf("last modified not updated: %v", patched)
	}
	// Reopening clears what closing set.
	p = props(mustDo(t, e, 200, "PATCH", "/crm/v3/objects/tickets/"+id, map[string]any{"properties": map[string]any{"hs_pipeline_stage": "2"}}))
	if p["hs_is_closed"] != "false" || p["closed_date"] != nil {
		t.Errorf("after reopening: %v", p)
	}

	mustDo(t, e, 204, "DELETE", "/crm/v3/objects/tickets/"+id, nil)
	code, body, h := do(t, e, "GET", "/crm/v3/objects/tickets/"+id, nil)
	if code != 404 || body["category"] != "OBJECT_NOT_FOUND" || h.Get("X-HubSpot-NotFound") != "true" {
		t.Errorf("GET archived = %d %v", code, body)
	}
	got = mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id+"?archived=true", nil)
	if got["archived"] != true || got["archivedAt"] == nil {
		t.Errorf("GET ?archived=true = %v", got)
	}
	mustDo(t, e, 204, "DELETE", "/crm/v3/objects/tickets/"+id, nil)
	code, _, _ = do(t, e, "PATCH", "/crm/v3/objects/tickets/"+id, map[string]any{"properties": map[string]any{"subject": "x"}})
	if code != 404 {
		t.Errorf("PATCH archived = %d, want 404", code)
	}
	code, body, _ = do(t, e, "GET", "/crm/v3/objects/tickets/not-a-number", nil)
	if code != 404 || !strings.Contains(body["message"].(string), "usually numeric") {
		t.Errorf("GET non-numeric id = %d %v", code, body)
	}
}

func TestTicketDateVersionedPathAndPropertyForms(t *testing.T) {
	e, _ := recordsEmulator(t)
	// Numbers and booleans are taken as their text; the 2026-03 family serves the same records.
	created := mustDo(t, e, 201, "POST", "/crm/objects/2026-03/tickets", `{"properties":{"subject":"s","hs_pipeline_stage":1,"hs_pipeline":"0"}}`)
	id := created["id"].(string)
	got := mustDo(t, e, 200, "GET", "/crm/v3/objects/0-5/"+id+"?properties=hs_pipeline_stage", nil)
	if props(got)["hs_pipeline_stage"] != "1" {
		t.Errorf("stage = %v", props(got)["hs_pipeline_stage"])
	}
	mustDo(t, e, 200, "GET", "/crm/objects/2026-03/ticket/"+id, nil)
}

// addProperty defines a custom ticket property directly, for value checks of types the
// HubSpot-defined properties do not cover.
func addProperty(e *Emulator, name, typ, fieldType string, options ...string) {
	p := &Property{Name: name, Label: name, Type: typ, FieldType: fieldType, GroupName: "ticketinformation", Options: []Option{}}
	for _, o := range options {
		p.Options = append(p.Options, Option{Label: o, Value: o})
	}
	e.p.Properties[name] = p
}

// addValueProperties defines one custom property of each value type the checks differ on.
func addValueProperties(e *Emulator) {
	addProperty(e, "tf_number", "number", "number")
	addProperty(e, "tf_bool", "bool", "booleancheckbox")
	addProperty(e, "tf_date", "date", "date")
	addProperty(e, "tf_datetime", "datetime", "date")
}

func TestTicketPropertyValidation(t *testing.T) {
	e, _ := recordsEmulator(t)
	addValueProperties(e)
	e.p.Properties["tf_gone"] = &Property{Name: "tf_gone", Type: "string", FieldType: "text", Archived: true}
	base := func(extra map[string]any) map[string]any {
		p := map[string]any{"subject": "s", "hs_pipeline_stage": "1"}
		for k, v := range extra {
			p[k] = v
		}
		return map[string]any{"properties": p}
	}
	for _, tc := range []struct {
		name   string
		extra  map[string]any
		code   string
		target string
	}{
		{"unknown", map[string]any{"no_such": "x"}, "PROPERTY_DOESNT_EXIST", "no_such"},
		{"archived", map[string]any{"tf_gone": "x"}, "PROPERTY_DOESNT_EXIST", "tf_gone"},
		{"option", map[string]any{"hs_ticket_priority": "URGENT"}, "INVALID_OPTION", "hs_ticket_priority"},
		{"checkbox part", map[string]any{"hs_ticket_category": "BILLING_ISSUE;NOPE"}, "INVALID_OPTION", "hs_ticket_category"},
		{"owner", map[string]any{"hubspot_owner_id": "42"}, "INVALID_OWNER_ID", "hubspot_owner_id"},
		{"read only", map[string]any{"hs_object_id": "5"}, "READ_ONLY_VALUE", "hs_object_id"},
		{"calculated", map[string]any{"hs_is_closed": "true"}, "READ_ONLY_VALUE", "hs_is_closed"},
		{"number", map[string]any{"tf_number": "ten"}, "INVALID_NUMBER", "tf_number"},
		{"bool", map[string]any{"tf_bool": "yes"}, "INVALID_BOOLEAN", "tf_bool"},
		{"date not midnight", map[string]any{"tf_date": "2026-03-02T10:00:00Z"}, "INVALID_DATE", "tf_date"},
		{"datetime", map[string]any{"tf_datetime": "tomorrow"}, "INVALID_DATETIME", "tf_datetime"},
		{"long string", map[string]any{"content": strings.Repeat("x", 65537)}, "INVALID_STRING_LENGTH", "content"},
		{"stage of other pipeline", map[string]any{"hs_pipeline_stage": "99"}, "INVALID_OPTION", "hs_pipeline_stage"},
		{"unknown pipeline", map[string]any{"hs_pipeline": "77"}, "INVALID_OPTION", "hs_pipeline"},
		{"object value", map[string]any{"content": map[string]any{"a": 1}}, "INVALID_VALUE", "content"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(e.p.Objects["0-5"])
			code, body, _ := do(t, e, "POST", "/crm/v3/objects/tickets", base(tc.extra))
			msg, _ := body["message"].(string)
			if code != 400 || body["category"] != "VALIDATION_ERROR" || !strings.HasPrefix(msg, "Property values were not valid: ") {
				t.Fatalf("= %d %v", code, body)
			}
			var issues []propertyIssue
			if err := json.Unmarshal([]byte(strings.TrimPrefix(msg, "Property values were not valid: ")), &issues); err != nil {
				t.Fatalf("issues in %q: %v", msg, err)
			}
			if len(issues) != 1 || issues[0].Error != tc.code || issues[0].Name != tc.target || issues[0].IsValid {
				t.Errorf("issues = %+v, want one %s on %s", issues, tc.code, tc.target)
			}
			if len(e.p.Objects["0-5"]) != before {
				t.Error("a refused create stored a ticket")
			}
		})
	}

}

func TestTicketPropertyValuesTogether(t *testing.T) {
	e, _ := recordsEmulator(t)
	addValueProperties(e)
	base := func(extra map[string]any) map[string]any {
		p := map[string]any{"subject": "s", "hs_pipeline_stage": "1"}
		for k, v := range extra {
			p[k] = v
		}
		return map[string]any{"properties": p}
	}
	// Every problem of a request is reported at once.
	code, body, _ := do(t, e, "POST", "/crm/v3/objects/tickets", base(map[string]any{"no_such": "x", "hs_ticket_priority": "NOPE"}))
	if code != 400 || strings.Count(body["message"].(string), `"isValid":false`) != 2 {
		t.Errorf("two problems = %d %v", code, body)
	}
	// Without a stage a ticket cannot be created.
	code, body, _ = do(t, e, "POST", "/crm/v3/objects/tickets", map[string]any{"properties": map[string]any{"subject": "s"}})
	if code != 400 || !strings.Contains(body["message"].(string), "REQUIRED_PROPERTY") {
		t.Errorf("no stage = %d %v", code, body)
	}
	code, body, _ = do(t, e, "POST", "/crm/v3/objects/tickets", `{"associations":[]}`)
	if code != 400 || !strings.Contains(body["message"].(string), "properties") {
		t.Errorf("no properties = %d %v", code, body)
	}

	// Accepted values are stored in HubSpot's forms.
	id := createTicket(t, e, map[string]string{
		"subject": "s", "hs_pipeline_stage": "1", "tf_bool": "TRUE", "tf_date": "1772409600000",
		"tf_datetime": "2026-03-02T10:11:12+01:00", "tf_number": "1.5", "hs_ticket_category": "BILLING_ISSUE;PRODUCT_ISSUE",
		"hubspot_owner_id": e.p.Owners[0].ID,
	})
	got := props(mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id+"?properties=tf_bool,tf_date,tf_datetime,tf_number,hubspot_owner_assigneddate", nil))
	for name, want := range map[string]any{"tf_bool": "true", "tf_date": "2026-03-02", "tf_datetime": "2026-03-02T09:11:12.000Z", "tf_number": "1.5", "hubspot_owner_assigneddate": "2026-03-02T09:00:00.000Z"} {
		if got[name] != want {
			t.Errorf("%s = %v, want %v", name, got[name], want)
		}
	}
	// Updates are checked the same way.
	code, body, _ = do(t, e, "PATCH", "/crm/v3/objects/tickets/"+id, map[string]any{"properties": map[string]any{"hs_ticket_priority": "NOPE"}})
	if code != 400 || !strings.Contains(body["message"].(string), "INVALID_OPTION") {
		t.Errorf("PATCH bad option = %d %v", code, body)
	}
	code, body, _ = do(t, e, "PATCH", "/crm/v3/objects/tickets/"+id, map[string]any{"properties": map[string]any{"hs_pipeline_stage": ""}})
	if code != 400 || !strings.Contains(body["message"].(string), "REQUIRED_PROPERTY") {
		t.Errorf("PATCH clearing the stage = %d %v", code, body)
	}
}

func TestTicketPipelineRules(t *testing.T) {
	e, _ := recordsEmulator(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e.p.Pipelines["500"] = &Pipeline{ID: "500", Label: "Escalations", DisplayOrder: 1, CreatedAt: now, UpdatedAt: now, Stages: []*PipelineStage{
		{ID: "501", Label: "Open", Metadata: map[string]string{"ticketState": "OPEN"}},
		{ID: "502", Label: "Old", Archived: true, Metadata: map[string]string{"ticketState": "OPEN"}},
		{ID: "503", Label: "Done", Metadata: map[string]string{"ticketState": "CLOSED"}},
	}}
	id := createTicket(t, e, map[string]string{"subject": "s", "hs_pipeline_stage": "2"})
	for _, tc := range []struct {
		body map[string]any
		want int
	}{
		{map[string]any{"hs_pipeline": "500"}, 400},                             // stage 2 is not in pipeline 500
		{map[string]any{"hs_pipeline": "500", "hs_pipeline_stage": "502"}, 400}, // archived stage
		{map[string]any{"hs_pipeline": "", "hs_pipeline_stage": "1"}, 400},      // a ticket is always in a pipeline
		{map[string]any{"hs_pipeline": "500", "hs_pipeline_stage": "503"}, 200},
		{map[string]any{"hs_pipeline_stage": "1"}, 400}, // stage of pipeline 0 while in 500
		{map[string]any{"hs_pipeline_stage": "501"}, 200},
	} {
		code, body, _ := do(t, e, "PATCH", "/crm/v3/objects/tickets/"+id, map[string]any{"properties": tc.body})
		if code != tc.want {
			t.Errorf("PATCH %v = %d %v, want %d", tc.body, code, body, tc.want)
		}
	}
	p := props(mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id, nil))
	if p["hs_pipeline"] != "500" || p["hs_pipeline_stage"] != "501" {
		t.Errorf("ticket is in %v/%v, want 500/501", p["hs_pipeline"], p["hs_pipeline_stage"])
	}

	// The default pipeline is the first active one in display order.
	e.p.Pipelines["0"].Archived = true
	id = createTicket(t, e, map[string]string{"subject": "s", "hs_pipeline_stage": "501"})
	if p := props(mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id, nil)); p["hs_pipeline"] != "500" {
		t.Errorf("default pipeline = %v, want 500", p["hs_pipeline"])
	}
}

func TestRecordTypesAndGenericProperties(t *testing.T) {
	e, _ := recordsEmulator(t)
	c := mustDo(t, e, 201, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]any{"email": "a@example.com", "favourite_colour": "teal"}})
	p := props(c)
	if p["favourite_colour"] != "teal" || p["lastmodifieddate"] == nil || p["hs_lastmodifieddate"] != nil {
		t.Errorf("contact = %v", p)
	}
	got := props(mustDo(t, e, 200, "GET", "/crm/v3/objects/0-1/"+c["id"].(string), nil))
	if fmt.Sprint(keysOf(got)) != "[createdate email firstname hs_object_id lastmodifieddate lastname]" {
		t.Errorf("contact defaults = %v", keysOf(got))
	}
	for _, tc := range []struct{ path, want string }{
		{"/crm/v3/objects/widgets", "Unable to infer object type from: widgets"},
		{"/crm/v3/objects/notes", "not emulated"},
	} {
		code, body, _ := do(t, e, "POST", tc.path, map[string]any{"properties": map[string]any{}})
		if code != 400 || !strings.Contains(body["message"].(string), tc.want) {
			t.Errorf("POST %s = %d %v", tc.path, code, body)
		}
	}
	code, body, _ := do(t, e, "POST", "/crm/v3/objects/companies", map[string]any{"properties": map[string]any{"hs_object_id": "1"}})
	if code != 400 || !strings.Contains(body["message"].(string), "READ_ONLY_VALUE") {
		t.Errorf("company with hs_object_id = %d %v", code, body)
	}
	code, _, _ = do(t, e, "POST", "/crm/v3/objects/deals/merge", map[string]any{})
	if code != 404 {
		t.Errorf("merge = %d, want 404", code)
	}
}

func TestListPaging(t *testing.T) {
	e, _ := recordsEmulator(t)
	var ids []string
	for i := 0; i < 25; i++ {
		ids = append(ids, createRecord(t, e, "companies", map[string]string{"name": fmt.Sprint("c", i)}))
	}
	mustDo(t, e, 204, "DELETE", "/crm/v3/objects/companies/"+ids[3], nil)
	var seen []string
	for _, page := range listPages(t, e, "/crm/v3/objects/companies?limit=10&properties=name", 6) {
		for _, r := range page["results"].([]any) {
			seen = append(seen, r.(map[string]any)["id"].(string))
		}
		if paging, ok := page["paging"].(map[string]any); ok {
			next := paging["next"].(map[string]any)
			if !strings.Contains(next["link"].(string), "after="+next["after"].(string)) {
				t.Errorf("next link %v does not carry the cursor", next)
			}
		}
	}
	want := append(append([]string{}, ids[:3]...), ids[4:]...)
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("listed %v, want %v", seen, want)
	}
	archived := mustDo(t, e, 200, "GET", "/crm/v3/objects/companies?archived=true", nil)["results"].([]any)
	if len(archived) != 1 || archived[0].(map[string]any)["id"] != ids[3] {
		t.Errorf("archived list = %v", archived)
	}
	if got := mustDo(t, e, 200, "GET", "/crm/v3/objects/companies", nil)["results"].([]any); len(got) != 10 {
		t.Errorf("default page size = %d, want 10", len(got))
	}
	for _, bad := range []string{"101", "0", "x"} {
		if code, _, _ := do(t, e, "GET", "/crm/v3/objects/companies?limit="+bad, nil); code != 400 {
			t.Errorf("limit=%s = %d, want 400", bad, code)
		}
	}
}

func TestBatchReadReportsMissingIDs(t *testing.T) {
	e, _ := recordsEmulator(t)
	a := createTicket(t, e, map[string]string{"subject": "a", "hs_pipeline_stage": "1"})
	b := createTicket(t, e, map[string]string{"subject": "b", "hs_pipeline_stage": "1"})
	mustDo(t, e, 204, "DELETE", "/crm/v3/objects/tickets/"+b, nil)
	c := createTicket(t, e, map[string]string{"subject": "c", "hs_pipeline_stage": "1"})
	body := map[string]any{"inputs": []map[string]string{{"id": a}, {"id": "999999999"}, {"id": b}, {"id": c}}, "properties": []string{"subject"}, "propertiesWithHistory": []string{}}
	res := mustDo(t, e, 207, "POST", "/crm/v3/objects/tickets/batch/read", body)
	results := res["results"].([]any)
	if len(results) != 2 || res["numErrors"] != float64(1) || res["status"] != "COMPLETE" {
		t.Fatalf("batch read = %v", res)
	}
	if subject := props(results[1].(map[string]any))["subject"]; subject != "c" {
		t.Errorf("second result subject = %v", subject)
	}
	se := res["errors"].([]any)[0].(map[string]any)
	ids := se["context"].(map[string]any)["ids"].([]any)
	if se["category"] != "OBJECT_NOT_FOUND" || se["status"] != "error" || fmt.Sprint(ids) != fmt.Sprint([]any{"999999999", b}) {
		t.Errorf("batch error = %v", se)
	}
	body["inputs"] = []map[string]string{{"id": a}}
	if res := mustDo(t, e, 200, "POST", "/crm/v3/objects/tickets/batch/read", body); res["errors"] != nil {
		t.Errorf("all found = %v", res)
	}
	body["inputs"] = []map[string]string{{"id": b}}
	mustDo(t, e, 200, "POST", "/crm/v3/objects/tickets/batch/read?archived=true", body)
	var many []map[string]string
	for i := 0; i < 101; i++ {
		many = append(many, map[string]string{"id": fmt.Sprint(i)})
	}
	body["inputs"] = many
	mustDo(t, e, 400, "POST", "/crm/v3/objects/tickets/batch/read", body)
	// The spec marks properties and propertiesWithHistory required.
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/read", `{"inputs":[],"properties":[]}`), 400, catValidation,
		"BatchReadInputSimplePublicObjectId", "[propertiesWithHistory]")
}

func TestBatchCreateUpdateArchive(t *testing.T) {
	e, _ := recordsEmulator(t)
	good := map[string]any{"properties": map[string]any{"subject": "a", "hs_pipeline_stage": "1"}, "associations": []any{}}
	bad := map[string]any{"properties": map[string]any{"subject": "b", "hs_pipeline_stage": "1", "hs_ticket_priority": "NOPE"}, "associations": []any{}}
	res := mustDo(t, e, 400, "POST", "/crm/v3/objects/tickets/batch/create", map[string]any{"inputs": []any{good, bad}})
	if !strings.Contains(res["message"].(string), "inputs[1]") || len(e.p.Objects["0-5"]) != 0 {
		t.Errorf("one bad input: %v, %d stored", res, len(e.p.Objects["0-5"]))
	}
	res = mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets/batch/create", map[string]any{"inputs": []any{good, good}})
	results := res["results"].([]any)
	if len(results) != 2 {
		t.Fatalf("batch create = %v", res)
	}
	a, b := results[0].(map[string]any)["id"].(string), results[1].(map[string]any)["id"].(string)

	res = mustDo(t, e, 207, "POST", "/crm/v3/objects/tickets/batch/update", map[string]any{"inputs": []any{
		map[string]any{"id": a, "properties": map[string]any{"hs_ticket_priority": "LOW"}},
		map[string]any{"id": "123456789", "properties": map[string]any{"hs_ticket_priority": "LOW"}},
	}})
	if len(res["results"].([]any)) != 1 || props(res["results"].([]any)[0].(map[string]any))["hs_ticket_priority"] != "LOW" {
		t.Errorf("batch update = %v", res)
	}
	mustDo(t, e, 400, "POST", "/crm/v3/objects/tickets/batch/update", map[string]any{"inputs": []any{
		map[string]any{"id": a, "properties": map[string]any{}}, map[string]any{"id": a, "properties": map[string]any{}},
	}})
	mustDo(t, e, 400, "POST", "/crm/v3/objects/tickets/batch/update", map[string]any{"inputs": []any{
		map[string]any{"id": a, "properties": map[string]any{"hs_ticket_priority": "NOPE"}},
	}})

	mustDo(t, e, 204, "POST", "/crm/v3/objects/tickets/batch/archive", map[string]any{"inputs": []any{map[string]any{"id": a}, map[string]any{"id": "987654321"}}})
	mustDo(t, e, 404, "GET", "/crm/v3/objects/tickets/"+a, nil)
	mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+b, nil)
}

func TestCreateWithAssociations(t *testing.T) {
	e, _ := recordsEmulator(t)
	contact := createRecord(t, e, "contacts", map[string]string{"email": "a@example.com"})
	company := createRecord(t, e, "companies", map[string]string{"name": "Acme"})
	assoc := func(to string, typeID int, category string) map[string]any {
		return map[string]any{"to": map[string]any{"id": to}, "types": []any{map[string]any{"associationCategory": category, "associationTypeId": typeID}}}
	}
	ticket := func(a ...any) map[string]any {
		return map[string]any{"properties": map[string]any{"subject": "s", "hs_pipeline_stage": "1"}, "associations": a}
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		sub  string
	}{
		{"unknown type", ticket(assoc(contact, 9999, "HUBSPOT_DEFINED")), "crm.associations.INVALID_ASSOCIATION_TYPE"},
		{"wrong category", ticket(assoc(contact, 16, "USER_DEFINED")), "crm.associations.INVALID_ASSOCIATION_TYPE"},
		{"missing record", ticket(assoc("424242", 16, "HUBSPOT_DEFINED")), ""},
		{"record of another type", ticket(assoc(company, 16, "HUBSPOT_DEFINED")), ""},
	} {
		code, body, _ := do(t, e, "POST", "/crm/v3/objects/tickets", tc.body)
		if code != 400 || (body["subCategory"] != nil && body["subCategory"] != tc.sub) || (tc.sub != "" && body["subCategory"] != tc.sub) {
			t.Errorf("%s: = %d %v", tc.name, code, body)
		}
	}
	if len(e.p.Objects["0-5"]) != 0 || len(e.p.Associations) != 0 {
		t.Fatal("a refused create left state behind")
	}
	// Ids may be numbers, as HubSpot's guide sends them.
	var companyNum int
	if _, err := fmt.Sscan(company, &companyNum); err != nil {
		t.Fatal(err)
	}
	created := mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets", ticket(assoc(contact, 16, "HUBSPOT_DEFINED"),
		map[string]any{"to": map[string]any{"id": companyNum}, "types": []any{map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 26}}}))
	id := created["id"].(string)

	got := mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+id+"?associations=contacts,companies,widgets", nil)
	assocs := got["associations"].(map[string]any)
	if fmt.Sprint(assocs["contacts"]) != fmt.Sprintf("map[results:[map[id:%s type:ticket_to_contact]]]", contact) {
		t.Errorf("contacts = %v", assocs["contacts"])
	}
	// The primary label brings the unlabeled default type with it.
	if fmt.Sprint(assocs["companies"]) != fmt.Sprintf("map[results:[map[id:%s type:ticket_to_company] map[id:%s type:ticket_to_company_unlabeled]]]", company, company) {
		t.Errorf("companies = %v", assocs["companies"])
	}
	// Read from the contact's side, through the inverse type.
	got = mustDo(t, e, 200, "GET", "/crm/v4/objects/contacts/"+contact+"/associations/tickets", nil)
	if fmt.Sprint(got["results"]) != fmt.Sprintf("[map[associationTypes:[map[category:HUBSPOT_DEFINED fromObjectTypeId:0-1 label:<nil> toObjectTypeId:0-5 typeId:15]] toObjectId:%s]]", id) {
		t.Errorf("contact→tickets = %v", got["results"])
	}
}

func TestWritesEchoObjectWriteTraceID(t *testing.T) {
	e, _ := recordsEmulator(t)
	m := mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets/batch/create", map[string]any{"inputs": []any{
		map[string]any{"properties": map[string]string{"subject": "a", "hs_pipeline_stage": "1"}, "associations": []any{}, "objectWriteTraceId": "trace-a"},
		map[string]any{"properties": map[string]string{"subject": "b", "hs_pipeline_stage": "1"}, "associations": []any{}, "objectWriteTraceId": "trace-b"},
		map[string]any{"properties": map[string]string{"subject": "c", "hs_pipeline_stage": "1"}, "associations": []any{}},
	}})
	results := m["results"].([]any)
	traces := map[string]any{}
	ids := map[string]string{}
	for _, r := range results {
		rec := r.(map[string]any)
		subject := props(rec)["subject"].(string)
		traces[subject] = rec["objectWriteTraceId"]
		ids[subject] = rec["id"].(string)
	}
	if traces["a"] != "trace-a" || traces["b"] != "trace-b" || traces["c"] != nil {
		t.Errorf("batch create traces by subject = %v, want trace-a, trace-b and none", traces)
	}

	m = mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets", map[string]any{"properties": map[string]string{"subject": "d", "hs_pipeline_stage": "1"}, "objectWriteTraceId": "trace-d"})
	if m["objectWriteTraceId"] != "trace-d" {
		t.Errorf("single create echoed %v, want trace-d", m["objectWriteTraceId"])
	}
	m = mustDo(t, e, 201, "POST", "/crm/v3/objects/tickets", map[string]any{"properties": map[string]string{"subject": "e", "hs_pipeline_stage": "1"}})
	if _, ok := m["objectWriteTraceId"]; ok {
		t.Errorf("a create without a trace id answered one: %v", m["objectWriteTraceId"])
	}

	m = mustDo(t, e, 200, "POST", "/crm/v3/objects/tickets/batch/update", map[string]any{"inputs": []any{
		map[string]any{"id": ids["a"], "properties": map[string]string{"subject": "a2"}, "objectWriteTraceId": "update-a"},
	}})
	if got := m["results"].([]any)[0].(map[string]any)["objectWriteTraceId"]; got != "update-a" {
		t.Errorf("batch update echoed %v, want update-a", got)
	}
	// Reads carry no trace id: it belongs to a write.
	m = mustDo(t, e, 200, "GET", "/crm/v3/objects/tickets/"+ids["a"], nil)
	if _, ok := m["objectWriteTraceId"]; ok {
		t.Errorf("a read answered a trace id: %v", m)
	}
}
