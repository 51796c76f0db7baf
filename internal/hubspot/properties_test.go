package hubspot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const listBody = `{"results":[
 {"name":"subject","label":"Ticket name","type":"string","fieldType":"text","groupName":"ticketinformation","description":"","options":[],"hubspotDefined":true,
  "modificationMetadata":{"archivable":false,"readOnlyDefinition":true,"readOnlyValue":false}},
 {"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"support","description":"d","displayOrder":-1,
  "options":[{"label":"Gold","value":"gold","displayOrder":1,"hidden":false},{"label":"Later","value":"later","displayOrder":-1,"hidden":true},{"label":"Silver","value":"silver","displayOrder":0,"hidden":false}],
  "createdAt":"2026-01-02T03:04:05.678Z","dataSensitivity":"non_sensitive"}]}`

func TestPropertySortedOptions(t *testing.T) {
	var out struct{ Results []Property }
	if err := json.Unmarshal([]byte(listBody), &out); err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, o := range out.Results[1].SortedOptions() {
		values = append(values, o.Value)
	}
	if strings.Join(values, ",") != "silver,gold,later" {
		t.Fatalf("sorted = %v", values)
	}
	if out.Results[1].Sensitivity() != DataSensitivityNonSensitive || out.Results[0].Sensitivity() != DataSensitivityNonSensitive {
		t.Fatal("sensitivity")
	}
}

func TestFindPropertyTriesEachSensitivity(t *testing.T) {
	s, srv := newStub(t, map[string]answer{
		"GET /crm/v3/properties/tickets/ssn": func(w http.ResponseWriter, r *http.Request, _ []byte) {
			if r.URL.Query().Get("dataSensitivity") != "sensitive" {
				writeJSON(w, 404, `{"status":"error","message":"not found","correlationId":"c","category":"OBJECT_NOT_FOUND"}`)
				return
			}
			writeJSON(w, 200, `{"name":"ssn","label":"SSN","type":"string","fieldType":"text","groupName":"g","description":"","options":[],"dataSensitivity":"sensitive"}`)
		},
	})
	c := newTestClient(t, srv, Config{})
	p, err := FindProperty(context.Background(), c, "tickets", "ssn")
	if err != nil || p.DataSensitivity != "sensitive" {
		t.Fatalf("ssn = %+v, %v", p, err)
	}
	if _, err := FindProperty(context.Background(), c, "tickets", "nope"); !IsNotFound(err) {
		t.Fatalf("nope: %v", err)
	}
	if s.sent("GET /crm/v3/properties/tickets/nope?dataSensitivity=highly_sensitive") != 1 || s.sent("GET /crm/v3/properties/tickets/ssn?dataSensitivity=highly_sensitive") != 0 {
		t.Fatalf("requests %v", s.lines())
	}
}

func TestPropertyWriteBodies(t *testing.T) {
	const tier = `{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"g","description":"","options":[]}`
	s, srv := newStub(t, map[string]answer{
		"POST /crm/v3/properties/tickets":               fixed(201, tier),
		"PATCH /crm/v3/properties/tickets/tier":         fixed(200, tier),
		"DELETE /crm/v3/properties/tickets/tier":        noContent,
		"POST /crm/v3/properties/tickets/batch/archive": noContent,
	})
	c := newTestClient(t, srv, Config{})
	ctx := context.Background()
	order := 3
	_, err := c.CreateProperty(ctx, "tickets", PropertyCreate{
		Name: "tier", Label: "Tier", Type: "enumeration", FieldType: "select", GroupName: "g", DisplayOrder: &order,
		Options: []PropertyOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver", DisplayOrder: 1, Hidden: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"g","displayOrder":3,"hidden":false,"formField":false,` +
		`"options":[{"label":"Gold","value":"gold","description":"","displayOrder":0,"hidden":false},{"label":"Silver","value":"silver","description":"","displayOrder":1,"hidden":true}]}`
	if s.body(0) != want {
		t.Fatalf("create body\n got %s\nwant %s", s.body(0), want)
	}

	label := "Support tier"
	opts := []PropertyOption{{Label: "Bronze", Value: "bronze"}}
	if _, err := c.UpdateProperty(ctx, "tickets", "tier", PropertyUpdate{Label: &label, Options: &opts}); err != nil {
		t.Fatal(err)
	}
	if want := `{"label":"Support tier","options":[{"label":"Bronze","value":"bronze","description":"","displayOrder":0,"hidden":false}]}`; s.body(1) != want {
		t.Fatalf("patch body\n got %s\nwant %s", s.body(1), want)
	}
	if err := c.ArchiveProperty(ctx, "tickets", "tier"); err != nil {
		t.Fatal(err)
	}
	if err := c.BatchArchiveProperties(ctx, "tickets", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if want := `{"inputs":[{"name":"a"},{"name":"b"}]}`; s.body(3) != want {
		t.Fatalf("batch archive body %s", s.body(3))
	}
	wantReqs := []string{"POST /crm/v3/properties/tickets", "PATCH /crm/v3/properties/tickets/tier", "DELETE /crm/v3/properties/tickets/tier", "POST /crm/v3/properties/tickets/batch/archive"}
	if strings.Join(s.lines(), "|") != strings.Join(wantReqs, "|") {
		t.Fatalf("requests %v", s.lines())
	}
}

func TestValidPropertyFieldType(t *testing.T) {
	for _, c := range []struct {
		typ, ft string
		ok      bool
	}{{"bool", "booleancheckbox", true}, {"enumeration", "checkbox", true}, {"datetime", "date", true}, {"phone_number", "phonenumber", true},
		{"string", "html", true}, {"number", "text", false}, {"date", "datetime", false}, {"bool", "select", false}} {
		if ValidPropertyFieldType(c.typ, c.ft) != c.ok {
			t.Errorf("%s/%s: want %v", c.typ, c.ft, c.ok)
		}
	}
}
