package hubspot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestListAssociationTypesPassesUnknownTypesThrough(t *testing.T) {
	ls, srv := newStub(t, map[string]answer{"GET /crm/v4/associations/2-123/0-5/labels": fixed(200, `{"results":[]}`)})
	c := newTestClient(t, srv, Config{})
	if _, err := c.ListAssociationTypes(context.Background(), "2-123", "tickets"); err != nil {
		t.Fatal(err)
	}
	if ls.sent("GET /crm/v4/associations/2-123/0-5/labels") != 1 {
		t.Fatalf("requests = %v", ls.lines())
	}
}

func TestCreateAssociationLabelDirections(t *testing.T) {
	cases := []struct {
		name     string
		from, to string
		in       AssociationLabelInput
		response string
		// forwardList answers the list of the first direction, for responses that do not say
		// which type reads which way.
		forwardList string
		want        AssociationLabelIDs
	}{
		{
			name: "response with object type ids, inverse first", from: "tickets", to: "contacts",
			in:       AssociationLabelInput{Name: "requester", Label: "Requester"},
			response: `{"results":[{"category":"USER_DEFINED","typeId":12,"label":"Requester","fromObjectTypeId":"0-1","toObjectTypeId":"0-5"},{"category":"USER_DEFINED","typeId":11,"label":"Requester","fromObjectTypeId":"0-5","toObjectTypeId":"0-1"}]}`,
			want:     AssociationLabelIDs{TypeID: 11, InverseTypeID: 12},
		},
		{
			name: "paired label without object type ids", from: "tickets", to: "contacts",
			in:       AssociationLabelInput{Name: "escalation", Label: "Escalated to", InverseLabel: "Escalation contact for"},
			response: `{"results":[{"category":"USER_DEFINED","typeId":145,"label":"Escalation contact for"},{"category":"USER_DEFINED","typeId":144,"label":"Escalated to"}]}`,
			want:     AssociationLabelIDs{TypeID: 144, InverseTypeID: 145},
		},
		{
			name: "single label without object type ids", from: "tickets", to: "contacts",
			in:          AssociationLabelInput{Name: "cc", Label: "CC"},
			response:    `{"results":[{"category":"USER_DEFINED","typeId":31,"label":"CC"},{"category":"USER_DEFINED","typeId":30,"label":"CC"}]}`,
			forwardList: `{"results":[{"category":"HUBSPOT_DEFINED","typeId":16,"label":null},{"category":"USER_DEFINED","typeId":31,"label":"CC"}]}`,
			want:        AssociationLabelIDs{TypeID: 31, InverseTypeID: 30},
		},
		{
			name: "single label between tickets", from: "tickets", to: "tickets",
			in:       AssociationLabelInput{Name: "duplicate", Label: "Duplicate"},
			response: `{"results":[{"category":"USER_DEFINED","typeId":77,"label":"Duplicate","fromObjectTypeId":"0-5","toObjectTypeId":"0-5"}]}`,
			want:     AssociationLabelIDs{TypeID: 77, InverseTypeID: 77},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			from, to := CanonicalObjectType(tc.from), CanonicalObjectType(tc.to)
			post := "POST /crm/v4/associations/" + from + "/" + to + "/labels"
			answers := map[string]answer{post: fixed(200, tc.response)}
			if tc.forwardList != "" {
				answers["GET /crm/v4/associations/"+from+"/"+to+"/labels"] = fixed(200, tc.forwardList)
			}
			ls, srv := newStub(t, answers)
			c := newTestClient(t, srv, Config{})
			got, err := c.CreateAssociationLabel(context.Background(), tc.from, tc.to, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("ids = %+v, want %+v", got, tc.want)
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(ls.body(0)), &body); err != nil {
				t.Fatal(err)
			}
			if body["name"] != tc.in.Name || body["label"] != tc.in.Label {
				t.Fatalf("body = %v", body)
			}
			if _, sent := body["inverseLabel"]; sent != (tc.in.InverseLabel != "") {
				t.Fatalf("inverseLabel sent = %v for input %+v", sent, tc.in)
			}
		})
	}
}

func TestCreateAssociationLabelReportsUnknownIDs(t *testing.T) {
	ls, srv := newStub(t, map[string]answer{
		"POST /crm/v4/associations/0-5/0-1/labels": fixed(200, `{"results":[{"category":"USER_DEFINED","typeId":1,"label":"A"},{"category":"USER_DEFINED","typeId":2,"label":"B"}]}`),
	})
	c := newTestClient(t, srv, Config{})
	_, err := c.CreateAssociationLabel(context.Background(), "tickets", "contacts", AssociationLabelInput{Name: "x", Label: "X", InverseLabel: "Y"})
	if err == nil || !strings.Contains(err.Error(), "type ids are unknown") {
		t.Fatalf("err = %v", err)
	}
	if ls.sent("POST /crm/v4/associations/0-5/0-1/labels") != 1 {
		t.Fatalf("requests = %v", ls.lines())
	}
}

func TestAssociationTypeNames(t *testing.T) {
	_, srv := newStub(t, map[string]answer{
		"GET /crm/v3/associations/0-5/0-2/types": fixed(200, `{"results":[{"id":"26","name":"ticket_to_company"},{"id":"1000003","name":"billing_contact"}]}`),
	})
	c := newTestClient(t, srv, Config{})
	names, err := c.AssociationTypeNames(context.Background(), "tickets", "companies")
	if err != nil {
		t.Fatal(err)
	}
	if names[26] != "ticket_to_company" || names[1000003] != "billing_contact" || len(names) != 2 {
		t.Fatalf("names = %v", names)
	}
}

func TestObjectTypeID(t *testing.T) {
	for in, want := range map[string]string{"tickets": "0-5", "Ticket": "0-5", "0-5": "0-5", "companies": "0-2", "postal_mail": "0-116", "line_items": "0-8"} {
		if got, ok := ObjectTypeID(in); !ok || got != want {
			t.Errorf("ObjectTypeID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"2-123", "widgets", ""} {
		if got, ok := ObjectTypeID(in); ok {
			t.Errorf("ObjectTypeID(%q) = %q, want not ok", in, got)
		}
	}
}
