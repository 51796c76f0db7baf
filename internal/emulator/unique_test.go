package emulator

import (
	"fmt"
	"strings"
	"testing"
)

// uniqueEmulator is a records portal with one unique property, ticket_ref.
func uniqueEmulator(t *testing.T) *Emulator {
	t.Helper()
	e, _ := recordsEmulator(t)
	expectOK(t, send(t, e, "POST", propsV3, `{"name":"ticket_ref","label":"Reference","type":"string","fieldType":"text","groupName":"ticketinformation","hasUniqueValue":true}`), 201, nil)
	return e
}

func refTicket(ref string) string {
	return fmt.Sprintf(`{"properties":{"subject":"s","hs_pipeline_stage":"1","ticket_ref":%q}}`, ref)
}

func TestUniqueValueOnCreate(t *testing.T) {
	e := uniqueEmulator(t)
	var first struct{ ID string }
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("A-1")), 201, &first)
	body := expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("A-1")), 409, catConflict,
		`Ticket already exists with the value "A-1" of unique property "ticket_ref". Existing ID: `+first.ID)
	if ctx := fmt.Sprint(body["context"]); ctx != fmt.Sprintf("map[existingId:[%s] propertyName:[ticket_ref] propertyValue:[A-1]]", first.ID) {
		t.Fatalf("context %s", ctx)
	}
	// Values are compared as stored: another value, or none, is fine.
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("a-1")), 201, nil)
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody), 201, nil)
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", ticketBody), 201, nil)
	// An archived ticket holds no value.
	expectOK(t, send(t, e, "DELETE", "/crm/v3/objects/tickets/"+first.ID, ""), 204, nil)
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("A-1")), 201, nil)
}

func TestUniqueValueInBatchCreate(t *testing.T) {
	e := uniqueEmulator(t)
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("A-1")), 201, nil)
	batch := func(refs ...string) string {
		var in []string
		for _, r := range refs {
			in = append(in, refTicket(r))
		}
		return `{"inputs":[` + strings.Join(in, ",") + `]}`
	}
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/create", batch("B-1", "A-1")), 409, catConflict, "inputs[1]: Ticket already exists", "Existing ID")
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/create", batch("C-1", "D-1", "C-1")), 409, catConflict,
		`inputs[2]: The value "C-1" of unique property "ticket_ref" is also given to inputs[0]`)
	// A refused batch writes nothing.
	if n := liveTickets(e); n != 1 {
		t.Fatalf("%d tickets after refused batches, want 1", n)
	}
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/create", batch("C-1", "D-1")), 201, nil)
}

func TestUniqueValueOnUpdate(t *testing.T) {
	e := uniqueEmulator(t)
	var a, b struct{ ID string }
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("A-1")), 201, &a)
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("B-1")), 201, &b)
	expectError(t, send(t, e, "PATCH", "/crm/v3/objects/tickets/"+b.ID, `{"properties":{"ticket_ref":"A-1"}}`), 409, catConflict, "Existing ID: "+a.ID)
	// Writing a ticket's own value again is no clash.
	expectOK(t, send(t, e, "PATCH", "/crm/v3/objects/tickets/"+a.ID, `{"properties":{"ticket_ref":"A-1"}}`), 200, nil)
	// In a batch, the values the batch leaves are what count: a swap is fine, a clash is not.
	swap := fmt.Sprintf(`{"inputs":[{"id":%q,"properties":{"ticket_ref":"B-1"}},{"id":%q,"properties":{"ticket_ref":"A-1"}}]}`, a.ID, b.ID)
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/update", swap), 200, nil)
	clash := fmt.Sprintf(`{"inputs":[{"id":%q,"properties":{"ticket_ref":"X"}},{"id":%q,"properties":{"ticket_ref":"X"}}]}`, a.ID, b.ID)
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/update", clash), 409, catConflict, "inputs[1]", "also given to inputs[0]")
	// Clearing a value frees it.
	expectOK(t, send(t, e, "PATCH", "/crm/v3/objects/tickets/"+a.ID, `{"properties":{"ticket_ref":""}}`), 200, nil)
	expectOK(t, send(t, e, "PATCH", "/crm/v3/objects/tickets/"+b.ID, `{"properties":{"ticket_ref":"B-1"}}`), 200, nil)
}

func TestIDPropertyMustBeUnique(t *testing.T) {
	e := uniqueEmulator(t)
	var a struct{ ID string }
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets", refTicket("A-1")), 201, &a)
	var got struct{ ID string }
	expectOK(t, send(t, e, "GET", "/crm/v3/objects/tickets/A-1?idProperty=ticket_ref", ""), 200, &got)
	if got.ID != a.ID {
		t.Fatalf("read by ticket_ref found %s, want %s", got.ID, a.ID)
	}
	for _, name := range []string{"subject", "hs_object_id", "nope"} {
		expectError(t, send(t, e, "GET", "/crm/v3/objects/tickets/A-1?idProperty="+name, ""), 400, catValidation,
			"Unable to perform read by non-unique 0-5 property "+name+" in portal ID 8812345")
	}
	upd := `{"inputs":[{"id":"A-1","idProperty":"hs_object_id","properties":{"subject":"x"}}]}`
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/update", upd), 400, catValidation, "Unable to perform update by non-unique 0-5 property hs_object_id")
	upd = `{"inputs":[{"id":"A-1","idProperty":"ticket_ref","properties":{"subject":"renamed"}}]}`
	expectOK(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/update", upd), 200, nil)
	read := `{"idProperty":"subject","inputs":[{"id":"renamed"}],"properties":[],"propertiesWithHistory":[]}`
	expectError(t, send(t, e, "POST", "/crm/v3/objects/tickets/batch/read", read), 400, catValidation, "non-unique 0-5 property subject")
}
