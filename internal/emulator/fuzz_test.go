package emulator

// Fuzz targets for every request decoder: the JSON bodies of each API, the query parameters,
// the OAuth form, and the fault rules. Each input is one request to a portal holding one of
// every kind of object; whatever the input, the emulator must answer (never 5xx, never a
// panic), answer JSON where it says so, and leave the portal in a state HubSpot allows.
// Seed corpora are in testdata/fuzz/<target>. A short run of one target:
//
//	go test ./internal/emulator -run '^$' -fuzz '^FuzzObjectRequests$' -fuzztime 30s -fuzzminimizetime 10x
//
// Nearly every early input reaches new code, and the default minimisation (up to 60 s per new
// input) would take the whole of a short run; 10x keeps it to ten executions.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixture is the portal every fuzz input starts from, with the ids its objects got.
type fixture struct {
	state                                 []byte
	pipeline, stage, ticket, contact      string
	labelType                             int
	uniqueProperty, enumProperty, company string
}

var (
	fixtureOnce sync.Once
	theFixture  fixture
	fixtureErr  error
)

// buildFixture makes the portal through the API, as a client would, and keeps it serialised.
func buildFixture() (fixture, error) {
	e, err := New(Options{Token: testToken, RateLimit: RateLimit{Disabled: true}})
	if err != nil {
		return fixture{}, err
	}
	do := func(method, path, body string, out any) error {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := serveRequest(e, req)
		if rec.Code >= 300 {
			return fmt.Errorf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(rec.Body.Bytes(), out)
	}
	var f fixture
	var p wirePipeline
	var obj struct{ ID string }
	var labels struct{ Results []wireType }
	steps := []error{
		do("POST", "/crm/v3/pipelines/tickets", twoStages, &p),
		do("POST", propsV3+"/groups", `{"name":"fuzz_group","label":"Fuzz"}`, nil),
		do("POST", propsV3, `{"name":"fuzz_ref","label":"Ref","type":"string","fieldType":"text","groupName":"fuzz_group","hasUniqueValue":true}`, nil),
		do("POST", propsV3, `{"name":"fuzz_topics","label":"Topics","type":"enumeration","fieldType":"checkbox","groupName":"fuzz_group","options":[{"label":"A","value":"a","hidden":false},{"label":"B","value":"b","hidden":false}]}`, nil),
		do("POST", propsV3, `{"name":"fuzz_score","label":"Score","type":"number","fieldType":"calculation_equation","groupName":"fuzz_group","calculationFormula":"time_to_close / 1000"}`, nil),
	}
	f.pipeline, f.stage = p.ID, p.Stages[0].ID
	steps = append(steps,
		do("POST", "/crm/v3/objects/tickets", fmt.Sprintf(`{"properties":{"subject":"s","hs_pipeline":%q,"hs_pipeline_stage":%q,"fuzz_ref":"R-1","fuzz_topics":"a;b"}}`, f.pipeline, f.stage), &obj))
	f.ticket = obj.ID
	steps = append(steps, do("POST", "/crm/v3/objects/contacts", `{"properties":{"email":"a@example.com"}}`, &obj))
	f.contact = obj.ID
	steps = append(steps, do("POST", "/crm/v3/objects/companies", `{"properties":{"name":"Acme"}}`, &obj))
	f.company = obj.ID
	steps = append(steps, do("POST", "/crm/v4/associations/tickets/contacts/labels", `{"label":"Requester","name":"requester","inverseLabel":"Requested"}`, &labels))
	for _, l := range labels.Results {
		if l.FromObjectTypeID == ticketTypeID {
			f.labelType = l.TypeID
		}
	}
	steps = append(steps, do("PUT", fmt.Sprintf("/crm/v4/objects/tickets/%s/associations/contacts/%s", f.ticket, f.contact),
		fmt.Sprintf(`[{"associationCategory":"USER_DEFINED","associationTypeId":%d}]`, f.labelType), nil))
	for _, err := range steps {
		if err != nil {
			return fixture{}, err
		}
	}
	f.uniqueProperty, f.enumProperty = "fuzz_ref", "fuzz_topics"
	f.state, err = json.Marshal(e.p)
	return f, err
}

var (
	fuzzPortal     *Emulator
	fuzzPortalOnce sync.Once
)

// fuzzEmulator is the fuzz targets' emulator holding a fresh copy of the fixture portal. A
// fuzz worker runs one input at a time, so one emulator serves them all: registering its
// routes costs more than most inputs.
func fuzzEmulator(t *testing.T) (*Emulator, fixture) {
	t.Helper()
	fixtureOnce.Do(func() { theFixture, fixtureErr = buildFixture() })
	fuzzPortalOnce.Do(func() {
		fuzzPortal, fixtureErr = New(Options{Token: testToken, RateLimit: RateLimit{Disabled: true}, OAuth: &OAuthApp{ClientID: "cid", ClientSecret: "sec", RefreshToken: "rt"}})
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	p := &portal{}
	if err := json.Unmarshal(theFixture.state, p); err != nil {
		t.Fatal(err)
	}
	e := fuzzPortal
	e.mu.Lock()
	defer e.mu.Unlock()
	e.p = p
	e.faults = newFaultState(Faults{})
	e.requests, e.stats, e.oauth = nil, map[string]int{}, map[string]time.Time{}
	return e, theFixture
}

// route picks one of templates by sel and fills in the fixture's ids.
func (f fixture) route(sel uint8, templates []string) (method, path string) {
	t := templates[int(sel)%len(templates)]
	method, path, _ = strings.Cut(t, " ")
	return method, strings.NewReplacer("{pipeline}", f.pipeline, "{stage}", f.stage, "{ticket}", f.ticket,
		"{contact}", f.contact, "{company}", f.company, "{label}", fmt.Sprint(f.labelType)).Replace(path)
}

// fuzzBodies runs a target that sends its input as the body of one of routes.
func fuzzBodies(f *testing.F, routes []string) {
	f.Fuzz(func(t *testing.T, sel uint8, body []byte) {
		e, fx := fuzzEmulator(t)
		method, path := fx.route(sel, routes)
		fuzzServe(t, e, httptest.NewRequest(method, path, strings.NewReader(string(body))))
	})
}

// fuzzServe sends one request and checks what any answer must be.
func fuzzServe(t *testing.T, e *Emulator, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := serveRequest(e, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s: %d %s", req.Method, req.URL, rec.Code, rec.Body.String())
	}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%s %s: invalid JSON %q", req.Method, req.URL, rec.Body.String())
	}
	if rec.Code >= 400 {
		var body apiError
		if err := json.Unmarshal(rec.Body.Bytes(), &body); req.URL.Path != "/oauth/v1/token" && (err != nil || body.Category == "" || body.Message == "") {
			t.Fatalf("%s %s: error body %q", req.Method, req.URL, rec.Body.String())
		}
	}
	if err := e.p.checkInvariants(); err != nil {
		t.Fatalf("%s %s answered %d and left the portal broken: %v", req.Method, req.URL, rec.Code, err)
	}
	return rec
}

// checkInvariants reports a state HubSpot never allows.
func (p *portal) checkInvariants() error {
	stageIDs := map[string]bool{}
	pipelineLabels := map[string]bool{}
	for _, pl := range p.activePipelines() {
		if pipelineLabels[pipelineLabelKey(pl.Label)] {
			return fmt.Errorf("two pipelines are labelled %q", pl.Label)
		}
		pipelineLabels[pipelineLabelKey(pl.Label)] = true
		stages := activePipelineStages(pl)
		if len(stages) == 0 || len(stages) > maxStagesPerPipeline {
			return fmt.Errorf("pipeline %s has %d stages", pl.ID, len(stages))
		}
		labels := map[string]bool{}
		for _, s := range pl.Stages {
			if stageIDs[s.ID] {
				return fmt.Errorf("stage id %s is used twice", s.ID)
			}
			stageIDs[s.ID] = true
			if !s.Archived && labels[pipelineLabelKey(s.Label)] {
				return fmt.Errorf("pipeline %s has two stages labelled %q", pl.ID, s.Label)
			}
			labels[pipelineLabelKey(s.Label)] = !s.Archived
		}
	}
	for _, d := range p.Properties {
		if d.HubspotDefined || d.Archived {
			continue
		}
		if err := p.checkProperty(d); err != nil {
			return fmt.Errorf("property %s: %v", d.Name, err)
		}
	}
	if n := p.countUniqueProperties(); n > maxUniqueProperties {
		return fmt.Errorf("%d unique properties", n)
	}
	for name, d := range p.Properties {
		held := map[string]string{}
		for _, o := range p.Objects[ticketTypeID] {
			v := o.Properties[name]
			if !d.HasUniqueValue || d.Archived || o.Archived || v == "" {
				continue
			}
			if other, ok := held[v]; ok {
				return fmt.Errorf("tickets %s and %s share the value %q of unique property %s", other, o.ID, v, name)
			}
			held[v] = o.ID
		}
	}
	return nil
}

func FuzzPipelineRequests(f *testing.F) {
	routes := []string{
		"POST /crm/v3/pipelines/tickets", "PUT /crm/v3/pipelines/tickets/{pipeline}", "PATCH /crm/v3/pipelines/tickets/{pipeline}",
		"POST /crm/v3/pipelines/tickets/{pipeline}/stages", "PUT /crm/v3/pipelines/tickets/{pipeline}/stages/{stage}",
		"PATCH /crm/v3/pipelines/tickets/{pipeline}/stages/{stage}", "PATCH /crm/pipelines/2026-09/tickets/0",
	}
	f.Add(uint8(0), []byte(twoStages))
	f.Add(uint8(5), []byte(`{"displayOrder":-4,"metadata":{}}`))
	fuzzBodies(f, routes)
}

func FuzzPropertyRequests(f *testing.F) {
	routes := []string{
		"POST /crm/v3/properties/tickets", "PATCH /crm/v3/properties/tickets/fuzz_topics", "PATCH /crm/v3/properties/tickets/fuzz_score",
		"PATCH /crm/properties/2026-03/tickets/hs_ticket_priority", "POST /crm/v3/properties/tickets/batch/create",
		"POST /crm/v3/properties/tickets/batch/read", "POST /crm/v3/properties/tickets/batch/archive",
		"POST /crm/v3/properties/tickets/groups", "PATCH /crm/v3/properties/tickets/groups/fuzz_group",
	}
	f.Add(uint8(0), []byte(`{"name":"n","label":"N","type":"string","fieldType":"text","groupName":"fuzz_group"}`))
	f.Add(uint8(1), []byte(`{"options":[{"label":"C","value":"c;d","hidden":false}]}`))
	fuzzBodies(f, routes)
}

func FuzzObjectRequests(f *testing.F) {
	routes := []string{
		"POST /crm/v3/objects/tickets", "PATCH /crm/v3/objects/tickets/{ticket}", "POST /crm/v3/objects/tickets/batch/create",
		"POST /crm/v3/objects/tickets/batch/update", "POST /crm/v3/objects/tickets/batch/read", "POST /crm/v3/objects/tickets/batch/archive",
		"POST /crm/v3/objects/tickets/search", "POST /crm/objects/2026-03/contacts", "POST /crm/v3/objects/contacts/search",
	}
	f.Add(uint8(0), []byte(ticketBody))
	f.Add(uint8(6), []byte(`{"filterGroups":[{"filters":[{"propertyName":"subject","operator":"CONTAINS_TOKEN","value":"s*"}]}],"sorts":["-createdate"],"limit":5}`))
	fuzzBodies(f, routes)
}

func FuzzAssociationRequests(f *testing.F) {
	routes := []string{
		"POST /crm/v4/associations/tickets/contacts/labels", "PUT /crm/associations/v4/tickets/contacts/labels",
		"PUT /crm/v4/objects/tickets/{ticket}/associations/contacts/{contact}", "POST /crm/v4/associations/tickets/companies/batch/create",
		"POST /crm/v4/associations/tickets/contacts/batch/read", "POST /crm/v4/associations/tickets/contacts/batch/labels/archive",
		"POST /crm/v4/associations/tickets/contacts/batch/archive", "POST /crm/v4/associations/tickets/companies/batch/associate/default",
	}
	f.Add(uint8(0), []byte(`{"label":"Watcher","name":"watcher"}`))
	f.Add(uint8(3), []byte(`{"inputs":[{"from":{"id":"1"},"to":{"id":2},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":339}]}]}`))
	fuzzBodies(f, routes)
}

// FuzzQueryParameters sends reads (and deletes, whose only input is the query) with an
// arbitrary query string.
func FuzzQueryParameters(f *testing.F) {
	routes := []string{
		"GET /crm/v3/objects/tickets", "GET /crm/v3/objects/tickets/{ticket}", "GET /crm/v3/owners", "GET /crm/v3/owners/20000001",
		"GET /crm/v3/properties/tickets", "GET /crm/v3/properties/tickets/subject", "GET /crm/v4/objects/tickets/{ticket}/associations/contacts",
		"DELETE /crm/v3/pipelines/tickets/{pipeline}/stages/{stage}", "DELETE /crm/pipelines/2026-09/tickets/{pipeline}",
		"DELETE /crm/v4/associations/tickets/contacts/labels/{label}",
	}
	f.Add(uint8(0), "limit=2&after=1000005&properties=subject,fuzz_ref&associations=contacts&archived=false")
	f.Add(uint8(7), "validateReferencesBeforeDelete=true")
	f.Fuzz(func(t *testing.T, sel uint8, query string) {
		e, fx := fuzzEmulator(t)
		method, path := fx.route(sel, routes)
		req := httptest.NewRequest(method, path, nil)
		req.URL.RawQuery = query
		fuzzServe(t, e, req)
	})
}

func FuzzOAuthTokenForm(f *testing.F) {
	f.Add("grant_type=refresh_token&client_id=cid&client_secret=sec&refresh_token=rt")
	f.Add("grant_type=authorization_code&code=x")
	f.Fuzz(func(t *testing.T, form string) {
		e, _ := fuzzEmulator(t)
		rec := fuzzServe(t, e, newFormRequest("/oauth/v1/token", form))
		values, err := url.ParseQuery(form)
		granted := err == nil && rec.Code == http.StatusOK
		if granted && (values.Get("refresh_token") != "rt" || values.Get("client_secret") != "sec") {
			t.Fatalf("form %q was granted a token", form)
		}
	})
}

func FuzzFaultRules(f *testing.F) {
	f.Add("lost,p=0.05,method=POST,path=/crm/v3/objects/tickets/**", "/crm/v3/objects/tickets/batch/create")
	f.Add("429,policy=DAILY,burst=3", "/crm")
	f.Fuzz(func(t *testing.T, rule, urlPath string) {
		r, err := ParseFaultRule(rule)
		if err != nil {
			return
		}
		again, err := ParseFaultRule(r.String())
		if err != nil || again.String() != r.String() {
			t.Fatalf("%q parses as %q, which reads back as %q (%v)", rule, r.String(), again.String(), err)
		}
		pp, err := compilePathPattern(r.Path)
		if err != nil {
			t.Fatalf("a valid rule's path %q does not compile: %v", r.Path, err)
		}
		pp.match(urlPath)
		e, _ := fuzzEmulator(t)
		if err := e.SetFaults(Faults{Rules: []FaultRule{r}}); err != nil {
			t.Fatalf("a parsed rule is refused: %v", err)
		}
	})
}

func FuzzFaultsDocument(f *testing.F) {
	f.Add([]byte(`{"seed":9,"rules":["5xx,p=1,status=502,method=GET,path=/test/*"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, _ := fuzzEmulator(t)
		rec := serveRequest(e, httptest.NewRequest("PUT", "/_emulator/faults", strings.NewReader(string(body))))
		if rec.Code != http.StatusNoContent && rec.Code != http.StatusBadRequest {
			t.Fatalf("PUT faults answered %d", rec.Code)
		}
	})
}

// The invariants the fuzz targets check must be able to fail.
func TestInvariantsCatchBrokenPortals(t *testing.T) {
	for name, breakIt := range map[string]func(p *portal){
		"pipeline without stages": func(p *portal) { p.Pipelines["0"].Stages = nil },
		"two stages alike": func(p *portal) {
			p.Pipelines["0"].Stages[1].Label = strings.ToUpper(p.Pipelines["0"].Stages[0].Label)
		},
		"duplicate unique value": func(p *portal) {
			for _, o := range p.Objects[ticketTypeID] {
				c := *o
				c.ID, c.Properties = "1", map[string]string{"fuzz_ref": o.Properties["fuzz_ref"]}
				p.Objects[ticketTypeID]["1"] = &c
				return
			}
		},
		"separator in a checkbox option": func(p *portal) { p.Properties["fuzz_topics"].Options[0].Value = "a;z" },
		"formula naming nothing":         func(p *portal) { p.Properties["fuzz_score"].CalculationFormula = "nothing_here" },
	} {
		e, _ := fuzzEmulator(t)
		if err := e.p.checkInvariants(); err != nil {
			t.Fatalf("the fixture is broken: %v", err)
		}
		breakIt(e.p)
		if err := e.p.checkInvariants(); err == nil {
			t.Errorf("%s: not caught", name)
		}
	}
}
