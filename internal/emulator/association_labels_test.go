package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func newLabelsEmulator(t *testing.T, opts Options) *Emulator {
	t.Helper()
	return newTestEmulator(t, opts)
}

type wireType struct {
	Category         string  `json:"category"`
	TypeID           int     `json:"typeId"`
	Label            *string `json:"label"`
	FromObjectTypeID string  `json:"fromObjectTypeId"`
	ToObjectTypeID   string  `json:"toObjectTypeId"`
}

func listTypes(t *testing.T, e *Emulator, prefix, from, to string) []wireType {
	t.Helper()
	rec := send(t, e, "GET", prefix+"/"+from+"/"+to+"/labels", "")
	expectStatus(t, rec, http.StatusOK, "", "")
	var out struct{ Results []wireType }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out.Results
}

func findWire(types []wireType, id int) *wireType {
	for i := range types {
		if types[i].TypeID == id {
			return &types[i]
		}
	}
	return nil
}

func createLabel(t *testing.T, e *Emulator, from, to, body string) []wireType {
	t.Helper()
	rec := send(t, e, "POST", "/crm/v4/associations/"+from+"/"+to+"/labels", body)
	expectStatus(t, rec, http.StatusOK, "", "")
	var out struct{ Results []wireType }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out.Results
}

// expectLabel fails unless the type with id is listed from one object type to another with
// the label want.
func expectLabel(t *testing.T, e *Emulator, prefix, from, to string, id int, want string) {
	t.Helper()
	if w := findWire(listTypes(t, e, prefix, from, to), id); labelOf(w) != want {
		t.Fatalf("%s->%s type %d has label %q, want %q", from, to, id, labelOf(w), want)
	}
}

func labelOf(w *wireType) string {
	if w == nil || w.Label == nil {
		return "<nil>"
	}
	return *w.Label
}

func TestLabelsListHubSpotDefinedOnEveryPathFamily(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	for _, prefix := range labelPrefixes {
		for _, pair := range [][2]string{{"tickets", "companies"}, {"0-5", "0-2"}, {"ticket", "company"}} {
			types := listTypes(t, e, prefix, pair[0], pair[1])
			primary, unlabeled := findWire(types, 26), findWire(types, 339)
			if labelOf(primary) != "Primary" || primary.Category != "HUBSPOT_DEFINED" || primary.FromObjectTypeID != "0-5" || primary.ToObjectTypeID != "0-2" {
				t.Fatalf("%s %v: 26 = %+v", prefix, pair, primary)
			}
			if unlabeled == nil || unlabeled.Label != nil {
				t.Fatalf("%s %v: 339 = %+v", prefix, pair, unlabeled)
			}
		}
	}
	// The unlabeled type's label is rendered as null, not left out.
	rec := send(t, e, "GET", "/crm/v4/associations/contacts/tickets/labels", "")
	if !strings.Contains(rec.Body.String(), `"typeId":15,"label":null`) {
		t.Fatalf("contacts->tickets body %s", rec.Body.String())
	}
	// Internal fields stay inside the emulator.
	if strings.Contains(rec.Body.String(), "inverseTypeId") {
		t.Fatalf("body leaks the inverse: %s", rec.Body.String())
	}
}

func TestLabelsUnknownObjectType(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/crm/v4/associations/widgets/contacts/labels", ""},
		{"POST", "/crm/associations/v4/tickets/widgets/labels", `{"name":"x","label":"X"}`},
		{"DELETE", "/crm/associations/2026-03/widgets/tickets/labels/5", ""},
		{"GET", "/crm/v3/associations/tickets/widgets/types", ""},
	} {
		expectStatus(t, send(t, e, tc.method, tc.path, tc.body), http.StatusBadRequest, catValidation, "Unable to infer object type from: widgets")
	}
}

func TestLabelsCreateSingleLabelBothDirections(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	got := createLabel(t, e, "tickets", "contacts", `{"name":"cc_contact","label":"CC"}`)
	if len(got) != 2 {
		t.Fatalf("results = %+v", got)
	}
	// The inverse comes first, as in HubSpot's guide.
	inv, fwd := got[0], got[1]
	if fwd.FromObjectTypeID != "0-5" || fwd.ToObjectTypeID != "0-1" || inv.FromObjectTypeID != "0-1" || inv.ToObjectTypeID != "0-5" {
		t.Fatalf("directions: %+v", got)
	}
	if fwd.Category != "USER_DEFINED" || labelOf(&fwd) != "CC" || labelOf(&inv) != "CC" || fwd.TypeID == inv.TypeID {
		t.Fatalf("results = %+v", got)
	}
	expectLabel(t, e, "/crm/associations/v4", "tickets", "contacts", fwd.TypeID, "CC")
	expectLabel(t, e, "/crm/v4/associations", "contacts", "tickets", inv.TypeID, "CC")
	// Ids never collide with HubSpot's own.
	for _, ht := range hubspotDefinedTypes {
		if ht.typeID == fwd.TypeID || ht.typeID == inv.TypeID {
			t.Fatalf("custom type id %d is a HubSpot-defined id", ht.typeID)
		}
	}
}

func TestLabelsCreatePairedLabel(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	got := createLabel(t, e, "tickets", "companies", `{"name":"escalation","label":"Escalated to","inverseLabel":"Escalation for"}`)
	inv, fwd := got[0], got[1]
	if labelOf(&fwd) != "Escalated to" || fwd.FromObjectTypeID != "0-5" || labelOf(&inv) != "Escalation for" || inv.FromObjectTypeID != "0-2" {
		t.Fatalf("results = %+v", got)
	}
	expectLabel(t, e, "/crm/v4/associations", "companies", "tickets", inv.TypeID, "Escalation for")
}

func TestLabelsCreateBetweenTickets(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	single := createLabel(t, e, "tickets", "tickets", `{"name":"duplicate_of","label":"Duplicate"}`)
	if len(single) != 1 || labelOf(&single[0]) != "Duplicate" {
		t.Fatalf("single label between tickets: %+v", single)
	}
	if at := e.p.findType("0-5", "0-5", single[0].TypeID); at.InverseTypeID != at.TypeID {
		t.Fatalf("a single label between tickets is its own inverse: %+v", at)
	}
	paired := createLabel(t, e, "tickets", "tickets", `{"name":"parent_child","label":"Parent","inverseLabel":"Child"}`)
	if len(paired) != 2 || labelOf(&paired[1]) != "Parent" || labelOf(&paired[0]) != "Child" {
		t.Fatalf("paired label between tickets: %+v", paired)
	}
	types := listTypes(t, e, "/crm/v4/associations", "tickets", "tickets")
	if findWire(types, 452) == nil || findWire(types, paired[0].TypeID) == nil || findWire(types, paired[1].TypeID) == nil {
		t.Fatalf("tickets->tickets = %+v", types)
	}
}

func TestLabelsCreateValidation(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	createLabel(t, e, "tickets", "deals", `{"name":"blocked_by","label":"Blocked by"}`)
	for _, tc := range []struct {
		name, path, body string
		status           int
		category, want   string
	}{
		{"no body", "tickets/deals", ``, 400, catValidation, "no content"},
		{"not JSON", "tickets/deals", `{`, 400, catValidation, "Invalid input JSON"},
		{"missing fields", "tickets/deals", `{}`, 400, catValidation, "PublicAssociationDefinitionCreateRequest, some of required attributes are not set [label, name]"},
		{"hyphen", "tickets/deals", `{"name":"blocked-by","label":"X"}`, 400, catValidation, "cannot contain hyphens"},
		{"leading digit", "tickets/deals", `{"name":"2nd_line","label":"X"}`, 400, catValidation, "cannot begin with a number"},
		{"empty label", "tickets/deals", `{"name":"x","label":" "}`, 400, catValidation, "label cannot be empty"},
		{"empty inverse", "tickets/deals", `{"name":"x","label":"X","inverseLabel":""}`, 400, catValidation, "inverseLabel cannot be empty"},
		{"duplicate name", "deals/tickets", `{"name":"blocked_by","label":"Other"}`, 409, catAlreadyExists, "named blocked_by already exists"},
		{"duplicate label", "tickets/deals", `{"name":"other","label":"blocked BY"}`, 400, catValidation, `"blocked BY" already exists`},
		{"HubSpot's label", "tickets/companies", `{"name":"main","label":"Primary"}`, 400, catValidation, `"Primary" already exists`},
		{"inverse label taken", "deals/tickets", `{"name":"other","label":"Other","inverseLabel":"Blocked by"}`, 400, catValidation, `"Blocked by" already exists`},
		{"unsupported pair", "tickets/calls", `{"name":"x","label":"X"}`, 400, catValidation, "not supported between tickets and calls"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectStatus(t, send(t, e, "POST", "/crm/v4/associations/"+tc.path+"/labels", tc.body), tc.status, tc.category, tc.want)
		})
	}
}

func TestLabelsLimitPerPair(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	// Ten definitions between tickets and contacts, made from both sides and paired or not.
	for i := range maxCustomLabelsPerPair {
		from, to, body := "tickets", "contacts", fmt.Sprintf(`{"name":"l%d","label":"L%d"}`, i, i)
		if i%2 == 1 {
			from, to, body = "contacts", "tickets", fmt.Sprintf(`{"name":"l%d","label":"L%d","inverseLabel":"R%d"}`, i, i, i)
		}
		createLabel(t, e, from, to, body)
	}
	rec := send(t, e, "POST", "/crm/v4/associations/tickets/contacts/labels", `{"name":"one_more","label":"One more"}`)
	expectStatus(t, rec, http.StatusBadRequest, catAPILimit, "limit of 10 association labels between tickets and contacts")
	// Other pairs have their own limit.
	createLabel(t, e, "tickets", "companies", `{"name":"one_more","label":"One more"}`)
	// Deleting one makes room.
	types := listTypes(t, e, "/crm/v4/associations", "tickets", "contacts")
	var custom int
	for _, w := range types {
		if w.Category == "USER_DEFINED" {
			custom = w.TypeID
		}
	}
	expectStatus(t, send(t, e, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", custom), ""), http.StatusNoContent, "", "")
	createLabel(t, e, "tickets", "contacts", `{"name":"one_more","label":"One more"}`)
}

func TestLabelsUpdateSingleLabel(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	got := createLabel(t, e, "tickets", "contacts", `{"name":"cc","label":"CC"}`)
	inv, fwd := got[0], got[1]
	rec := send(t, e, "PUT", "/crm/associations/2026-03/tickets/contacts/labels", fmt.Sprintf(`{"associationTypeId":%d,"label":"Copied"}`, fwd.TypeID))
	expectStatus(t, rec, http.StatusNoContent, "", "")
	if rec.Body.Len() != 0 {
		t.Fatalf("204 with a body: %s", rec.Body.String())
	}
	expectLabel(t, e, "/crm/v4/associations", "tickets", "contacts", fwd.TypeID, "Copied")
	expectLabel(t, e, "/crm/v4/associations", "contacts", "tickets", inv.TypeID, "Copied")
	// A single label cannot become a paired one.
	rec = send(t, e, "PUT", "/crm/v4/associations/tickets/contacts/labels", fmt.Sprintf(`{"associationTypeId":%d,"label":"Copied","inverseLabel":"Copier"}`, fwd.TypeID))
	expectStatus(t, rec, http.StatusBadRequest, catValidation, "inverseLabel can only be changed on a paired label")
	// Relabeling from the other side works too.
	rec = send(t, e, "PUT", "/crm/v4/associations/contacts/tickets/labels", fmt.Sprintf(`{"associationTypeId":%d,"label":"Watcher"}`, inv.TypeID))
	expectStatus(t, rec, http.StatusNoContent, "", "")
	expectLabel(t, e, "/crm/v4/associations", "tickets", "contacts", fwd.TypeID, "Watcher")
}

func TestLabelsUpdatePairedLabel(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	got := createLabel(t, e, "tickets", "companies", `{"name":"escalation","label":"Escalated to","inverseLabel":"Escalation for"}`)
	inv, fwd := got[0], got[1]
	put := func(body string) {
		expectStatus(t, send(t, e, "PUT", "/crm/v4/associations/tickets/companies/labels", body), http.StatusNoContent, "", "")
	}
	put(fmt.Sprintf(`{"associationTypeId":%d,"label":"Escalated"}`, fwd.TypeID))
	expectLabel(t, e, "/crm/v4/associations", "companies", "tickets", inv.TypeID, "Escalation for")
	put(fmt.Sprintf(`{"associationTypeId":%d,"label":"Escalated","inverseLabel":"Escalations"}`, fwd.TypeID))
	expectLabel(t, e, "/crm/v4/associations", "companies", "tickets", inv.TypeID, "Escalations")
	expectLabel(t, e, "/crm/v4/associations", "tickets", "companies", fwd.TypeID, "Escalated")
}

func TestLabelsUpdateValidation(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	got := createLabel(t, e, "tickets", "companies", `{"name":"vendor","label":"Vendor"}`)
	fwd := got[1]
	for _, tc := range []struct {
		name, body     string
		status         int
		category, want string
	}{
		{"missing fields", `{}`, 400, catValidation, "PublicAssociationDefinitionUpdateRequest, some of required attributes are not set [associationTypeId, label]"},
		{"HubSpot-defined", `{"associationTypeId":26,"label":"Main"}`, 400, catValidation, "HUBSPOT_DEFINED and cannot be changed"},
		{"unknown type", `{"associationTypeId":999,"label":"X"}`, 404, catNotFound, "No association type 999 exists from tickets to companies"},
		{"empty label", fmt.Sprintf(`{"associationTypeId":%d,"label":""}`, fwd.TypeID), 400, catValidation, "label cannot be empty"},
		{"label taken", fmt.Sprintf(`{"associationTypeId":%d,"label":"primary"}`, fwd.TypeID), 400, catValidation, `"primary" already exists`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectStatus(t, send(t, e, "PUT", "/crm/v4/associations/tickets/companies/labels", tc.body), tc.status, tc.category, tc.want)
		})
	}
}

func TestLabelsDelete(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	got := createLabel(t, e, "tickets", "contacts", `{"name":"cc","label":"CC"}`)
	inv, fwd := got[0], got[1]
	expectStatus(t, send(t, e, "DELETE", "/crm/v4/associations/tickets/contacts/labels/16", ""), http.StatusBadRequest, catValidation, "HUBSPOT_DEFINED and cannot be deleted")
	expectStatus(t, send(t, e, "DELETE", "/crm/v4/associations/tickets/contacts/labels/999", ""), http.StatusNotFound, catNotFound, "No association type 999")
	expectStatus(t, send(t, e, "DELETE", "/crm/v4/associations/tickets/contacts/labels/abc", ""), http.StatusBadRequest, catValidation, "Invalid associationTypeId")
	// The label is a different type id from the other side.
	expectStatus(t, send(t, e, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", inv.TypeID), ""), http.StatusNotFound, catNotFound, "exists from tickets to contacts")

	// A label in use cannot be deleted, whichever way the association is stored.
	e.p.Associations = append(e.p.Associations, &AssociationLink{FromType: "0-1", FromID: "1", ToType: "0-5", ToID: "2", TypeID: inv.TypeID, Category: "USER_DEFINED"})
	expectStatus(t, send(t, e, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", fwd.TypeID), ""), http.StatusBadRequest, catValidation, "used by 1 record associations")
	e.p.Associations = nil

	expectStatus(t, send(t, e, "DELETE", fmt.Sprintf("/crm/associations/v4/tickets/contacts/labels/%d", fwd.TypeID), ""), http.StatusNoContent, "", "")
	if w := findWire(listTypes(t, e, "/crm/v4/associations", "tickets", "contacts"), fwd.TypeID); w != nil {
		t.Fatalf("forward still listed: %+v", w)
	}
	if w := findWire(listTypes(t, e, "/crm/v4/associations", "contacts", "tickets"), inv.TypeID); w != nil {
		t.Fatalf("inverse still listed: %+v", w)
	}
	if findWire(listTypes(t, e, "/crm/v4/associations", "tickets", "contacts"), 16) == nil {
		t.Fatal("deleting a label removed HubSpot's type")
	}
	expectStatus(t, send(t, e, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/contacts/labels/%d", fwd.TypeID), ""), http.StatusNotFound, catNotFound, "")
}

func TestV3AssociationTypes(t *testing.T) {
	e := newLabelsEmulator(t, Options{})
	createLabel(t, e, "tickets", "companies", `{"name":"vendor","label":"Vendor"}`)
	rec := send(t, e, "GET", "/crm/v3/associations/tickets/companies/types", "")
	expectStatus(t, rec, http.StatusOK, "", "")
	var out struct {
		Results []struct{ ID, Name string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, r := range out.Results {
		names[r.ID] = r.Name
	}
	if names["26"] != "ticket_to_company" || names["339"] != "ticket_to_company_unlabeled" || len(names) != 3 {
		t.Fatalf("names = %v", names)
	}
	var custom string
	for id, n := range names {
		if n == "vendor" {
			custom = id
		}
	}
	if custom == "" {
		t.Fatalf("the custom label is not listed by name: %v", names)
	}
	rec = send(t, e, "GET", "/crm/v3/associations/tickets/contacts/types", "")
	if !strings.Contains(rec.Body.String(), `{"id":"16","name":"ticket_to_contact"}`) {
		t.Fatalf("tickets->contacts = %s", rec.Body.String())
	}
}

func TestLabelsCountAgainstTheAssociationsWindow(t *testing.T) {
	e := newLabelsEmulator(t, Options{RateLimit: RateLimit{Max: 1}})
	expectStatus(t, send(t, e, "GET", "/crm/v3/owners", ""), http.StatusOK, "", "")
	if rec := send(t, e, "GET", "/crm/v3/owners", ""); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("second general request: %d", rec.Code)
	}
	// The general window is spent; association calls have their own.
	expectStatus(t, send(t, e, "GET", "/crm/v4/associations/tickets/contacts/labels", ""), http.StatusOK, "", "")
	if rec := send(t, e, "GET", "/crm/v3/associations/tickets/contacts/types", ""); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("second associations request: %d", rec.Code)
	}
}

func TestLabelsSurviveRestart(t *testing.T) {
	state := t.TempDir() + "/portal.json"
	e := newLabelsEmulator(t, Options{StatePath: state})
	got := createLabel(t, e, "tickets", "deals", `{"name":"blocked_by","label":"Blocked by"}`)
	again := newLabelsEmulator(t, Options{StatePath: state})
	expectLabel(t, again, "/crm/v4/associations", "deals", "tickets", got[0].TypeID, "Blocked by")
	// The inverse link survives too: deleting one side still removes both.
	expectStatus(t, send(t, again, "DELETE", fmt.Sprintf("/crm/v4/associations/tickets/deals/labels/%d", got[1].TypeID), ""), http.StatusNoContent, "", "")
	if w := findWire(listTypes(t, again, "/crm/v4/associations", "deals", "tickets"), got[0].TypeID); w != nil {
		t.Fatalf("inverse kept after restart and delete: %+v", w)
	}
}
