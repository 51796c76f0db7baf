package emulator

import (
	"fmt"
	"strings"
	"time"
)

// seedPipelines adds the default ticket pipeline "0" every account starts with (NOTES §1.4):
// created at the epoch, with its four stages.
func seedPipelines(p *portal) {
	epoch := time.Unix(0, 0).UTC()
	stages := []struct{ id, label, state string }{
		{"1", "New", "OPEN"},
		{"2", "Waiting on contact", "OPEN"},
		{"3", "Waiting on us", "OPEN"},
		{"4", "Closed", "CLOSED"},
	}
	pl := &Pipeline{ID: "0", Label: "Support Pipeline", DisplayOrder: 0, record: madeAt(epoch)}
	for i, s := range stages {
		pl.Stages = append(pl.Stages, &PipelineStage{
			ID: s.id, Label: s.label, DisplayOrder: i,
			Metadata:         map[string]string{"ticketState": s.state},
			record:           madeAt(epoch),
			WritePermissions: "CRM_PERMISSIONS_ENFORCEMENT",
		})
	}
	p.Pipelines[pl.ID] = pl
}

// hubspotDefinedTypes is HubSpot's table of HUBSPOT_DEFINED association type ids (NOTES §4.3)
// for tickets and the records tickets are usually linked to. Each row is one direction; a
// label is set only where HubSpot labels the type ("Primary").
var hubspotDefinedTypes = []struct {
	from, to string
	typeID   int
	label    string
	inverse  int
}{
	{"0-5", "0-5", 452, "", 452},
	{"0-5", "0-1", 16, "", 15},
	{"0-1", "0-5", 15, "", 16},
	{"0-5", "0-2", 339, "", 340},
	{"0-2", "0-5", 340, "", 339},
	{"0-5", "0-2", 26, "Primary", 25},
	{"0-2", "0-5", 25, "Primary", 26},
	{"0-5", "0-3", 28, "", 27},
	{"0-3", "0-5", 27, "", 28},
	{"0-5", "0-48", 219, "", 220},
	{"0-48", "0-5", 220, "", 219},
	{"0-5", "0-49", 223, "", 224},
	{"0-49", "0-5", 224, "", 223},
	{"0-5", "0-47", 225, "", 226},
	{"0-47", "0-5", 226, "", 225},
	{"0-5", "0-46", 227, "", 228},
	{"0-46", "0-5", 228, "", 227},
	{"0-5", "0-27", 229, "", 230},
	{"0-27", "0-5", 230, "", 229},
	{"0-5", "0-18", 84, "", 83},
	{"0-18", "0-5", 83, "", 84},
	{"0-5", "0-116", 456, "", 455},
	{"0-116", "0-5", 455, "", 456},
	{"0-5", "0-123", 526, "", 525},
	{"0-123", "0-5", 525, "", 526},
	{"0-5", "0-421", 947, "", 946},
	{"0-421", "0-5", 946, "", 947},
	{"0-5", "0-410", 941, "", 940},
	{"0-410", "0-5", 940, "", 941},
	{"0-5", "0-420", 943, "", 942},
	{"0-420", "0-5", 942, "", 943},
	{"0-5", "0-162", 797, "", 796},
	{"0-162", "0-5", 796, "", 797},
	{"0-5", "0-69", 1122, "", 1121},
	{"0-69", "0-5", 1121, "", 1122},
	{"0-5", "0-101", 1355, "", 1354},
	{"0-101", "0-5", 1354, "", 1355},
	{"0-5", "0-19", 99, "", 100},
	{"0-19", "0-5", 100, "", 99},
	{"0-5", "0-970", 1241, "", 1240},
	{"0-970", "0-5", 1240, "", 1241},
	{"0-53", "0-5", 986, "", 0},
	{"0-142", "0-5", 594, "", 0},
	// Contacts, companies and deals among themselves.
	{"0-1", "0-2", 279, "", 280},
	{"0-2", "0-1", 280, "", 279},
	{"0-1", "0-2", 1, "Primary", 2},
	{"0-2", "0-1", 2, "Primary", 1},
	{"0-1", "0-3", 4, "", 3},
	{"0-3", "0-1", 3, "", 4},
	{"0-3", "0-2", 341, "", 342},
	{"0-2", "0-3", 342, "", 341},
	{"0-3", "0-2", 5, "Primary", 6},
	{"0-2", "0-3", 6, "Primary", 5},
	{"0-1", "0-1", 449, "", 449},
	{"0-2", "0-2", 450, "", 450},
	{"0-3", "0-3", 451, "", 451},
}

func seedAssociationTypes(p *portal) {
	for _, t := range hubspotDefinedTypes {
		at := &AssociationType{
			Category: "HUBSPOT_DEFINED", TypeID: t.typeID,
			FromObjectTypeID: t.from, ToObjectTypeID: t.to, InverseTypeID: t.inverse,
		}
		if t.label != "" {
			label := t.label
			at.Label = &label
		}
		key := t.from + "/" + t.to
		p.AssociationTypes[key] = append(p.AssociationTypes[key], at)
	}
}

// seedOwners adds the owners of a small support team: three people and a queue.
func seedOwners(p *portal, now time.Time) {
	people := []struct{ first, last string }{{"Alex", "Morgan"}, {"Sam", "Rivera"}, {"Jordan", "Lee"}}
	team := []OwnerTeam{{ID: "3001", Name: "Support", Primary: true}}
	for i, n := range people {
		p.Owners = append(p.Owners, &Owner{
			ID: fmt.Sprint(20000001 + i), Type: "PERSON",
			Email:     fmt.Sprintf("%s.%s@example.com", strings.ToLower(n.first), strings.ToLower(n.last)),
			FirstName: n.first, LastName: n.last, UserID: 5000001 + i, UserIDIncludingInactive: 5000001 + i, Teams: team,
			CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
		})
	}
	p.Owners = append(p.Owners, &Owner{ID: "20000010", Type: "QUEUE", FirstName: "Tier 2", LastName: "Queue", CreatedAt: now.UTC(), UpdatedAt: now.UTC()})
}
