package emulator

import (
	"fmt"
	"strings"
	"testing"
)

const propsV3 = "/crm/v3/properties/tickets"

type wireProp struct {
	Name                 string `json:"name"`
	Label                string `json:"label"`
	Type                 string `json:"type"`
	FieldType            string `json:"fieldType"`
	GroupName            string `json:"groupName"`
	Description          string `json:"description"`
	DisplayOrder         int    `json:"displayOrder"`
	HasUniqueValue       bool   `json:"hasUniqueValue"`
	Hidden               bool   `json:"hidden"`
	FormField            bool   `json:"formField"`
	Calculated           bool   `json:"calculated"`
	CalculationFormula   string `json:"calculationFormula"`
	ExternalOptions      bool   `json:"externalOptions"`
	ReferencedObjectType string `json:"referencedObjectType"`
	HubspotDefined       bool   `json:"hubspotDefined"`
	DataSensitivity      string `json:"dataSensitivity"`
	Archived             bool   `json:"archived"`
	ArchivedAt           string `json:"archivedAt"`
	CreatedAt            string `json:"createdAt"`
	UpdatedAt            string `json:"updatedAt"`
	Options              []struct {
		Label        string `json:"label"`
		Value        string `json:"value"`
		Description  string `json:"description"`
		DisplayOrder int    `json:"displayOrder"`
		Hidden       bool   `json:"hidden"`
	} `json:"options"`
	ModificationMetadata *struct {
		Archivable         bool `json:"archivable"`
		ReadOnlyDefinition bool `json:"readOnlyDefinition"`
		ReadOnlyValue      bool `json:"readOnlyValue"`
		ReadOnlyOptions    bool `json:"readOnlyOptions"`
	} `json:"modificationMetadata"`
}

func (p wireProp) optionValues() string {
	var v []string
	for _, o := range p.Options {
		v = append(v, o.Value)
	}
	return strings.Join(v, ",")
}

func listProps(t *testing.T, e *Emulator, query string) map[string]wireProp {
	t.Helper()
	var out struct {
		Results []wireProp `json:"results"`
	}
	expectOK(t, send(t, e, "GET", propsV3+query, ""), 200, &out)
	m := map[string]wireProp{}
	for _, p := range out.Results {
		m[p.Name] = p
	}
	return m
}

func createGroup(t *testing.T, e *Emulator, name string) {
	t.Helper()
	expectOK(t, send(t, e, "POST", propsV3+"/groups", fmt.Sprintf(`{"name":%q,"label":"Group %s"}`, name, name)), 201, nil)
}

const enumBody = `{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","groupName":"ticketinformation",
	"options":[{"label":"Gold","value":"gold","hidden":false,"displayOrder":1},{"label":"Silver","value":"silver","hidden":false,"displayOrder":0}]}`

func TestPropertiesSeededTicketDefaults(t *testing.T) {
	e := newTestEmulator(t, Options{})
	props := listProps(t, e, "")
	for _, name := range []string{"subject", "content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority", "hs_ticket_category",
		"hubspot_owner_id", "source_type", "createdate", "hs_lastmodifieddate", "hs_object_id", "closed_date", "hs_ticket_id"} {
		p, ok := props[name]
		if !ok {
			t.Fatalf("seeded property %s missing", name)
		}
		m := p.ModificationMetadata
		if !p.HubspotDefined || m == nil || m.Archivable || !m.ReadOnlyDefinition {
			t.Fatalf("%s: hubspotDefined %v, metadata %+v", name, p.HubspotDefined, m)
		}
		if p.Options == nil {
			t.Fatalf("%s: options must be a list, even empty", name)
		}
	}
	if got := props["hs_ticket_priority"].optionValues(); got != "LOW,MEDIUM,HIGH" {
		t.Fatalf("hs_ticket_priority options %s", got)
	}
	if got := props["hs_ticket_category"].optionValues(); got != "PRODUCT_ISSUE,BILLING_ISSUE,FEATURE_REQUEST,GENERAL_INQUIRY" {
		t.Fatalf("hs_ticket_category options %s", got)
	}
	if got := props["source_type"].optionValues(); got != "CHAT,EMAIL,FORM,PHONE" {
		t.Fatalf("source_type options %s", got)
	}
	owner := props["hubspot_owner_id"]
	if owner.Type != "enumeration" || !owner.ExternalOptions || owner.ReferencedObjectType != "OWNER" {
		t.Fatalf("hubspot_owner_id = %+v", owner)
	}
	for _, name := range []string{"createdate", "hs_object_id", "hs_lastmodifieddate", "hs_ticket_id"} {
		if !props[name].ModificationMetadata.ReadOnlyValue {
			t.Fatalf("%s should have a read-only value", name)
		}
	}
	if props["subject"].ModificationMetadata.ReadOnlyValue {
		t.Fatal("subject's value is writable")
	}

	var groups struct {
		Results []struct {
			Name         string `json:"name"`
			Label        string `json:"label"`
			DisplayOrder int    `json:"displayOrder"`
			Archived     bool   `json:"archived"`
		} `json:"results"`
	}
	expectOK(t, send(t, e, "GET", propsV3+"/groups", ""), 200, &groups)
	found := false
	for _, g := range groups.Results {
		found = found || g.Name == "ticketinformation" && g.Label == "Ticket information"
	}
	if !found || len(groups.Results) < 3 {
		t.Fatalf("groups = %+v", groups.Results)
	}
}

func TestPropertiesObjectTypesAndPathFamilies(t *testing.T) {
	e := newTestEmulator(t, Options{})
	for _, p := range []string{"/crm/v3/properties/ticket/subject", "/crm/v3/properties/0-5/subject", "/crm/v3/properties/TICKETS/subject", "/crm/properties/2026-03/tickets/subject"} {
		var got wireProp
		expectOK(t, send(t, e, "GET", p, ""), 200, &got)
		if got.Name != "subject" {
			t.Fatalf("%s: %+v", p, got)
		}
	}
	expectError(t, send(t, e, "GET", "/crm/v3/properties/contacts", ""), 404, "OBJECT_NOT_FOUND", "tickets only")
	expectError(t, send(t, e, "GET", "/crm/v3/properties/widgets", ""), 400, "VALIDATION_ERROR", "Unable to infer object type from: widgets")
}

func TestPropertyCreateShapeAndConflicts(t *testing.T) {
	e := newTestEmulator(t, Options{})
	rec := send(t, e, "POST", propsV3, enumBody)
	var p wireProp
	expectOK(t, rec, 201, &p)
	if p.Name != "tier" || p.HubspotDefined || p.Archived || p.CreatedAt == "" || p.UpdatedAt == "" || p.DisplayOrder != -1 || p.DataSensitivity != "non_sensitive" {
		t.Fatalf("created = %+v", p)
	}
	if m := p.ModificationMetadata; m == nil || !m.Archivable || m.ReadOnlyDefinition || m.ReadOnlyValue {
		t.Fatalf("metadata = %+v", m)
	}
	// Options come back in display order, whatever order they were sent in.
	if p.optionValues() != "silver,gold" || p.Options[0].DisplayOrder != 0 {
		t.Fatalf("options = %+v", p.Options)
	}
	body := expectError(t, send(t, e, "POST", propsV3, enumBody), 409, "OBJECT_ALREADY_EXISTS", `"tier" already exists`)
	if ctx, _ := body["context"].(map[string]any); fmt.Sprint(ctx["name"]) != "[tier]" {
		t.Fatalf("context = %v", body["context"])
	}
	// The recycle bin keeps the name.
	expectOK(t, send(t, e, "DELETE", propsV3+"/tier", ""), 204, nil)
	expectError(t, send(t, e, "POST", propsV3, enumBody), 409, "OBJECT_ALREADY_EXISTS", "archived")
}

func TestPropertyCreateValidation(t *testing.T) {
	e := newTestEmulator(t, Options{})
	body := func(fields string) string {
		return `{"name":"x_prop","label":"X","groupName":"ticketinformation",` + fields + `}`
	}
	cases := []struct {
		name, body, fragment string
	}{
		{"missing required", `{"name":"x_prop"}`, "[fieldType, groupName, label, type]"},
		{"uppercase name", `{"name":"XProp","label":"X","type":"string","fieldType":"text","groupName":"ticketinformation"}`, "should be lowercase"},
		{"name with a dash", `{"name":"x-prop","label":"X","type":"string","fieldType":"text","groupName":"ticketinformation"}`, "is invalid"},
		{"name too long", `{"name":"` + strings.Repeat("a", 100) + `","label":"X","type":"string","fieldType":"text","groupName":"ticketinformation"}`, "less than 100 characters"},
		{"empty label", `{"name":"x_prop","label":" ","type":"string","fieldType":"text","groupName":"ticketinformation"}`, "label must not be empty"},
		{"unknown type", body(`"type":"text","fieldType":"text"`), `"text" is not a valid type`},
		{"unknown field type", body(`"type":"string","fieldType":"dropdown"`), `"dropdown" is not a valid fieldType`},
		{"bad pair", body(`"type":"number","fieldType":"text"`), `fieldType "text" is not valid for a property of type "number"`},
		{"unknown group", `{"name":"x_prop","label":"X","type":"string","fieldType":"text","groupName":"nope"}`, `Property group "nope" does not exist`},
		{"enumeration without options", body(`"type":"enumeration","fieldType":"select"`), "options are required"},
		{"options on a string", body(`"type":"string","fieldType":"text","options":[{"label":"A","value":"a","hidden":false}]`), "only valid for enumeration"},
		{"duplicate option values", body(`"type":"enumeration","fieldType":"radio","options":[{"label":"A","value":"a","hidden":false},{"label":"B","value":"a","hidden":false}]`), `option value "a" appears more than once`},
		{"empty option value", body(`"type":"enumeration","fieldType":"radio","options":[{"label":"A","value":"","hidden":false}]`), "option values must not be empty"},
		{"option without hidden", body(`"type":"enumeration","fieldType":"radio","options":[{"label":"A","value":"a"}]`), "Cannot build OptionInput"},
		{"formula without calculation_equation", body(`"type":"number","fieldType":"number","calculationFormula":"1+1"`), "only valid when fieldType is calculation_equation"},
		{"calculation_equation without formula", body(`"type":"number","fieldType":"calculation_equation"`), "calculationFormula is required"},
		{"external options on a string", body(`"type":"string","fieldType":"text","externalOptions":true,"referencedObjectType":"OWNER"`), "only applicable to enumeration"},
		{"external options without a referenced type", body(`"type":"enumeration","fieldType":"select","externalOptions":true`), "referencedObjectType is required"},
		{"external options other than OWNER", body(`"type":"enumeration","fieldType":"select","externalOptions":true,"referencedObjectType":"PIPELINE"`), "reference OWNER"},
		{"number hint on a string", body(`"type":"string","fieldType":"text","numberDisplayHint":"currency"`), "only valid for number properties"},
		{"bad number hint", body(`"type":"number","fieldType":"number","numberDisplayHint":"money"`), `"money" is not a valid numberDisplayHint`},
		{"text hint on a number", body(`"type":"number","fieldType":"number","textDisplayHint":"email"`), "only valid for string properties"},
		{"unique textarea", body(`"type":"string","fieldType":"textarea","hasUniqueValue":true`), "hasUniqueValue is only available"},
		{"bad sensitivity", body(`"type":"string","fieldType":"text","dataSensitivity":"secret"`), `"secret" is not a valid dataSensitivity`},
		{"unknown field", body(`"type":"string","fieldType":"text","colour":"red"`), `Unrecognized field "colour"`},
		{"not JSON", `{"name":`, "Invalid input JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectError(t, send(t, e, "POST", propsV3, c.body), 400, "VALIDATION_ERROR", c.fragment)
		})
	}
	if len(listProps(t, e, "")) != len(seededProperties) {
		t.Fatal("a refused create stored a property")
	}
}

func TestPropertyEveryTypeFieldTypePair(t *testing.T) {
	e := newTestEmulator(t, Options{})
	n := 0
	for _, typ := range propertyTypes {
		for _, ft := range propertyFieldTypes {
			n++
			name := fmt.Sprintf("pair_%d", n)
			extra := ""
			if typ == "enumeration" {
				extra += `,"options":[{"label":"A","value":"a","hidden":false}]`
			}
			if ft == "calculation_equation" {
				extra += `,"calculationFormula":"1"`
			}
			rec := send(t, e, "POST", propsV3, fmt.Sprintf(`{"name":%q,"label":"P","type":%q,"fieldType":%q,"groupName":"ticketinformation"%s}`, name, typ, ft, extra))
			valid := map[string]bool{}
			for _, v := range fieldTypesByType[typ] {
				valid[v] = true
			}
			if valid[ft] {
				expectOK(t, rec, 201, nil)
			} else {
				expectError(t, rec, 400, "VALIDATION_ERROR", "is not valid for a property of type")
			}
		}
	}
}

func TestPropertyDatedAliasRequiresOptionDisplayOrder(t *testing.T) {
	e := newTestEmulator(t, Options{})
	without := `{"name":"dated","label":"D","type":"enumeration","fieldType":"select","groupName":"ticketinformation","options":[{"label":"A","value":"a","hidden":false}]}`
	expectError(t, send(t, e, "POST", "/crm/properties/2026-03/tickets", without), 400, "VALIDATION_ERROR", "[displayOrder]")
	expectOK(t, send(t, e, "POST", propsV3, without), 201, nil)
}

func TestPropertyUpdate(t *testing.T) {
	e := newTestEmulator(t, Options{})
	createGroup(t, e, "other")
	var created wireProp
	expectOK(t, send(t, e, "POST", propsV3, enumBody), 201, &created)

	for _, f := range []string{"name", "hasUniqueValue", "externalOptions", "referencedObjectType", "dataSensitivity"} {
		expectError(t, send(t, e, "PATCH", propsV3+"/tier", fmt.Sprintf(`{%q:false}`, f)), 400, "VALIDATION_ERROR", f+" can't be changed")
	}
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"archived":false}`), 400, "VALIDATION_ERROR", "archived is not part of PropertyUpdate")
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"colour":"red"}`), 400, "VALIDATION_ERROR", `Unrecognized field "colour"`)
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"groupName":"nope"}`), 400, "VALIDATION_ERROR", `"nope" does not exist`)
	expectError(t, send(t, e, "PATCH", propsV3+"/nope", `{"label":"x"}`), 404, "OBJECT_NOT_FOUND")

	// Options replace the list: relabel, reorder, add and remove in one PATCH.
	var p wireProp
	expectOK(t, send(t, e, "PATCH", propsV3+"/tier", `{"label":"Support tier","groupName":"other","hidden":true,
		"options":[{"label":"Bronze","value":"bronze","hidden":false,"displayOrder":0},{"label":"Gold plus","value":"gold","hidden":true,"displayOrder":1}]}`), 200, &p)
	if p.Label != "Support tier" || p.GroupName != "other" || !p.Hidden || p.optionValues() != "bronze,gold" || p.Options[1].Label != "Gold plus" || !p.Options[1].Hidden {
		t.Fatalf("updated = %+v", p)
	}
	if p.CreatedAt != created.CreatedAt {
		t.Fatalf("createdAt changed: %s -> %s", created.CreatedAt, p.CreatedAt)
	}
	// An enumeration that becomes a string loses its options; back to enumeration needs them.
	expectOK(t, send(t, e, "PATCH", propsV3+"/tier", `{"type":"string","fieldType":"text"}`), 200, &p)
	if p.Type != "string" || len(p.Options) != 0 || p.Options == nil {
		t.Fatalf("after type change = %+v", p)
	}
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"type":"enumeration","fieldType":"select"}`), 400, "VALIDATION_ERROR", "options are required")
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"type":"number"}`), 400, "VALIDATION_ERROR", `fieldType "text" is not valid`)

	// A number shown as currency becomes a text field: the number settings go with the type,
	// and one sent for the new type is refused.
	expectOK(t, send(t, e, "PATCH", propsV3+"/tier", `{"type":"number","fieldType":"number","numberDisplayHint":"currency","showCurrencySymbol":true}`), 200, nil)
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"type":"string","fieldType":"text","numberDisplayHint":"percentage"}`), 400, "VALIDATION_ERROR", "only valid for number properties")
	var hints struct {
		NumberDisplayHint  *string `json:"numberDisplayHint"`
		ShowCurrencySymbol *bool   `json:"showCurrencySymbol"`
		TextDisplayHint    string  `json:"textDisplayHint"`
	}
	expectOK(t, send(t, e, "PATCH", propsV3+"/tier", `{"type":"string","fieldType":"text","textDisplayHint":"email"}`), 200, &hints)
	if hints.NumberDisplayHint != nil || hints.ShowCurrencySymbol != nil || hints.TextDisplayHint != "email" {
		t.Fatalf("after number -> string: %+v", hints)
	}
	// "" is not in PropertyUpdate's enum: the default display is set by its name.
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"textDisplayHint":""}`), 400, "VALIDATION_ERROR", `"" is not a valid textDisplayHint`)
	expectOK(t, send(t, e, "PATCH", propsV3+"/tier", `{"textDisplayHint":"unformatted_single_line"}`), 200, &hints)
	if hints.TextDisplayHint != "unformatted_single_line" {
		t.Fatalf("text hint after reset: %+v", hints)
	}

	// HubSpot-defined: the definition is read-only, editable options may change.
	expectError(t, send(t, e, "PATCH", propsV3+"/subject", `{"label":"Title"}`), 400, "VALIDATION_ERROR", "defined by HubSpot")
	expectOK(t, send(t, e, "PATCH", propsV3+"/hs_ticket_priority", `{"label":"Priority","options":[
		{"label":"Low","value":"LOW","hidden":false,"displayOrder":0},{"label":"Medium","value":"MEDIUM","hidden":false,"displayOrder":1},
		{"label":"High","value":"HIGH","hidden":false,"displayOrder":2},{"label":"Urgent","value":"URGENT","hidden":false,"displayOrder":3}]}`), 200, &p)
	if p.optionValues() != "LOW,MEDIUM,HIGH,URGENT" {
		t.Fatalf("priority options = %s", p.optionValues())
	}
	expectError(t, send(t, e, "PATCH", propsV3+"/hs_time_to_first_response_sla_status", `{"options":[{"label":"On time","value":"ON_TIME","hidden":false}]}`), 400, "VALIDATION_ERROR", "read-only")
}

func TestPropertyArchive(t *testing.T) {
	e := newTestEmulator(t, Options{})
	expectOK(t, send(t, e, "POST", propsV3, enumBody), 201, nil)
	expectOK(t, send(t, e, "DELETE", propsV3+"/tier", ""), 204, nil)
	expectError(t, send(t, e, "GET", propsV3+"/tier", ""), 404, "OBJECT_NOT_FOUND")
	expectError(t, send(t, e, "DELETE", propsV3+"/tier", ""), 404, "OBJECT_NOT_FOUND")
	expectError(t, send(t, e, "PATCH", propsV3+"/tier", `{"label":"x"}`), 404, "OBJECT_NOT_FOUND")
	var p wireProp
	expectOK(t, send(t, e, "GET", propsV3+"/tier?archived=true", ""), 200, &p)
	if !p.Archived || p.ArchivedAt == "" {
		t.Fatalf("archived = %+v", p)
	}
	if _, ok := listProps(t, e, "")["tier"]; ok {
		t.Fatal("an archived property is listed")
	}
	archived := listProps(t, e, "?archived=true")
	if _, ok := archived["tier"]; !ok || len(archived) != 1 {
		t.Fatalf("archived list = %v", archived)
	}
	expectError(t, send(t, e, "GET", propsV3+"/subject?archived=true", ""), 404, "OBJECT_NOT_FOUND")
	expectError(t, send(t, e, "DELETE", propsV3+"/hs_ticket_priority", ""), 400, "VALIDATION_ERROR", "can't be archived")
}

func TestPropertyDataSensitivity(t *testing.T) {
	e := newTestEmulator(t, Options{})
	expectOK(t, send(t, e, "POST", propsV3, `{"name":"ssn","label":"SSN","type":"string","fieldType":"text","groupName":"ticketinformation","dataSensitivity":"sensitive"}`), 201, nil)
	if _, ok := listProps(t, e, "")["ssn"]; ok {
		t.Fatal("a sensitive property is in the default list")
	}
	if s := listProps(t, e, "?dataSensitivity=sensitive"); len(s) != 1 || s["ssn"].DataSensitivity != "sensitive" {
		t.Fatalf("sensitive list = %v", s)
	}
	expectError(t, send(t, e, "GET", propsV3+"/ssn", ""), 404, "OBJECT_NOT_FOUND")
	expectOK(t, send(t, e, "GET", propsV3+"/ssn?dataSensitivity=sensitive", ""), 200, nil)
	expectError(t, send(t, e, "GET", propsV3+"?dataSensitivity=open", ""), 400, "VALIDATION_ERROR", "dataSensitivity")
}

func TestPropertyUniqueValueLimit(t *testing.T) {
	e := newTestEmulator(t, Options{})
	for i := 0; i < 10; i++ {
		expectOK(t, send(t, e, "POST", propsV3, fmt.Sprintf(`{"name":"uniq_%d","label":"U","type":"number","fieldType":"number","groupName":"ticketinformation","hasUniqueValue":true}`, i)), 201, nil)
	}
	eleventh := `{"name":"uniq_10","label":"U","type":"string","fieldType":"text","groupName":"ticketinformation","hasUniqueValue":true}`
	body := expectError(t, send(t, e, "POST", propsV3, eleventh), 400, "API_LIMIT", "You have reached your limit of 10 properties with unique values.")
	if ctx, _ := body["context"].(map[string]any); fmt.Sprint(ctx["maximum unique properties"]) != "[10]" {
		t.Fatalf("context = %v", body["context"])
	}
	// Archived ones do not count.
	expectOK(t, send(t, e, "DELETE", propsV3+"/uniq_0", ""), 204, nil)
	expectOK(t, send(t, e, "POST", propsV3, eleventh), 201, nil)
}

func TestPropertyBatches(t *testing.T) {
	e := newTestEmulator(t, Options{})
	rec := send(t, e, "POST", propsV3+"/batch/create", `{"inputs":[
		{"name":"b_one","label":"One","type":"string","fieldType":"text","groupName":"ticketinformation"},
		{"name":"b_two","label":"Two","type":"number","fieldType":"number","groupName":"ticketinformation"}]}`)
	var created struct {
		Status    string     `json:"status"`
		Results   []wireProp `json:"results"`
		StartedAt string     `json:"startedAt"`
		NumErrors int        `json:"numErrors"`
		Errors    []struct {
			Category string              `json:"category"`
			Message  string              `json:"message"`
			Context  map[string][]string `json:"context"`
		} `json:"errors"`
	}
	expectOK(t, rec, 201, &created)
	if created.Status != "COMPLETE" || len(created.Results) != 2 || created.StartedAt == "" {
		t.Fatalf("batch create = %+v", created)
	}
	rec = send(t, e, "POST", propsV3+"/batch/create", `{"inputs":[
		{"name":"b_three","label":"Three","type":"bool","fieldType":"booleancheckbox","groupName":"ticketinformation"},
		{"name":"b_one","label":"Again","type":"string","fieldType":"text","groupName":"ticketinformation"},
		{"name":"b_bad","label":"Bad","type":"bool","fieldType":"text","groupName":"ticketinformation"}]}`)
	expectOK(t, rec, 207, &created)
	if len(created.Results) != 1 || created.NumErrors != 2 || created.Errors[0].Category != "OBJECT_ALREADY_EXISTS" ||
		created.Errors[0].Context["name"][0] != "b_one" || created.Errors[1].Category != "VALIDATION_ERROR" {
		t.Fatalf("partial batch create = %+v", created)
	}

	expectError(t, send(t, e, "POST", propsV3+"/batch/read", `{"inputs":[{"name":"b_one"}]}`), 400, "VALIDATION_ERROR", "[archived, dataSensitivity]")
	var read struct {
		Results []wireProp `json:"results"`
		Errors  []struct {
			Category string              `json:"category"`
			Context  map[string][]string `json:"context"`
		} `json:"errors"`
	}
	expectOK(t, send(t, e, "POST", propsV3+"/batch/read", `{"inputs":[{"name":"b_one"},{"name":"subject"}],"archived":false,"dataSensitivity":"non_sensitive"}`), 200, &read)
	if len(read.Results) != 2 || len(read.Errors) != 0 {
		t.Fatalf("batch read = %+v", read)
	}
	expectOK(t, send(t, e, "POST", propsV3+"/batch/read", `{"inputs":[{"name":"b_one"},{"name":"nope"}],"archived":false,"dataSensitivity":"non_sensitive"}`), 207, &read)
	if len(read.Results) != 1 || read.Errors[0].Category != "OBJECT_NOT_FOUND" || read.Errors[0].Context["names"][0] != "nope" {
		t.Fatalf("partial batch read = %+v", read)
	}

	// Archive: unknown and already archived names are fine; a HubSpot-defined one refuses all.
	expectError(t, send(t, e, "POST", propsV3+"/batch/archive", `{"inputs":[{"name":"b_two"},{"name":"subject"}]}`), 400, "VALIDATION_ERROR", "can't be archived")
	if _, ok := listProps(t, e, "")["b_two"]; !ok {
		t.Fatal("a refused batch archive archived b_two")
	}
	expectOK(t, send(t, e, "POST", propsV3+"/batch/archive", `{"inputs":[{"name":"b_one"},{"name":"b_two"},{"name":"nope"}]}`), 204, nil)
	expectOK(t, send(t, e, "POST", propsV3+"/batch/archive", `{"inputs":[{"name":"b_one"}]}`), 204, nil)
	expectOK(t, send(t, e, "POST", propsV3+"/batch/read", `{"inputs":[{"name":"b_one"},{"name":"b_two"}],"archived":true,"dataSensitivity":"non_sensitive"}`), 200, &read)
	if len(read.Results) != 2 {
		t.Fatalf("archived batch read = %+v", read)
	}
}

func TestPropertyGroups(t *testing.T) {
	e := newTestEmulator(t, Options{})
	var g struct {
		Name         string `json:"name"`
		Label        string `json:"label"`
		DisplayOrder int    `json:"displayOrder"`
		Archived     bool   `json:"archived"`
	}
	expectOK(t, send(t, e, "POST", propsV3+"/groups", `{"name":"escalation","label":"Escalation"}`), 201, &g)
	if g.Name != "escalation" || g.Label != "Escalation" || g.DisplayOrder != -1 || g.Archived {
		t.Fatalf("created group = %+v", g)
	}
	expectError(t, send(t, e, "POST", propsV3+"/groups", `{"name":"escalation","label":"Again"}`), 409, "OBJECT_ALREADY_EXISTS")
	expectError(t, send(t, e, "POST", propsV3+"/groups", `{"label":"No name"}`), 400, "VALIDATION_ERROR", "[name]")
	expectError(t, send(t, e, "POST", propsV3+"/groups", `{"name":"Bad Name","label":"x"}`), 400, "VALIDATION_ERROR", "is invalid")
	expectOK(t, send(t, e, "GET", propsV3+"/groups/escalation", ""), 200, &g)
	expectOK(t, send(t, e, "PATCH", propsV3+"/groups/escalation", `{"label":"Escalations","displayOrder":4}`), 200, &g)
	if g.Label != "Escalations" || g.DisplayOrder != 4 {
		t.Fatalf("updated group = %+v", g)
	}
	expectError(t, send(t, e, "PATCH", propsV3+"/groups/escalation", `{"name":"other"}`), 400, "VALIDATION_ERROR", "name can't be changed")
	expectError(t, send(t, e, "PATCH", propsV3+"/groups/nope", `{"label":"x"}`), 404, "OBJECT_NOT_FOUND")

	expectOK(t, send(t, e, "POST", propsV3, `{"name":"esc_level","label":"Level","type":"number","fieldType":"number","groupName":"escalation"}`), 201, nil)
	body := expectError(t, send(t, e, "DELETE", propsV3+"/groups/escalation", ""), 400, "VALIDATION_ERROR", "Can't delete or purge a group with active properties")
	if body["subCategory"] != "PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES" {
		t.Fatalf("body = %v", body)
	}
	expectError(t, send(t, e, "DELETE", propsV3+"/groups/ticketinformation", ""), 400, "VALIDATION_ERROR", "active properties")
	// Archived properties do not hold the group.
	expectOK(t, send(t, e, "DELETE", propsV3+"/esc_level", ""), 204, nil)
	expectOK(t, send(t, e, "DELETE", propsV3+"/groups/escalation", ""), 204, nil)
	expectError(t, send(t, e, "GET", propsV3+"/groups/escalation", ""), 404, "OBJECT_NOT_FOUND")
	expectError(t, send(t, e, "POST", propsV3+"/groups", `{"name":"escalation","label":"Escalation"}`), 409, "OBJECT_ALREADY_EXISTS", "archived")
	expectError(t, send(t, e, "POST", propsV3, `{"name":"esc_two","label":"Two","type":"number","fieldType":"number","groupName":"escalation"}`), 400, "VALIDATION_ERROR", "does not exist")
}

func TestPropertiesSurviveRestart(t *testing.T) {
	path := t.TempDir() + "/portal.json"
	e := newTestEmulator(t, Options{StatePath: path})
	expectOK(t, send(t, e, "POST", propsV3, enumBody), 201, nil)
	e2 := newTestEmulator(t, Options{StatePath: path})
	var p wireProp
	expectOK(t, send(t, e2, "GET", propsV3+"/tier", ""), 200, &p)
	if p.optionValues() != "silver,gold" {
		t.Fatalf("after restart = %+v", p)
	}
}
