package runplan

import (
	"sync"
	"testing"
)

func TestRecordAndLookup(t *testing.T) {
	r := New()
	if _, ok := Lookup[int](r, PropertyGroup, "g"); ok {
		t.Fatal("an empty registry finds a group")
	}
	if others := r.Record(PropertyGroup, "g", "a", 1); len(others) != 0 {
		t.Fatalf("first record: others %v", others)
	}
	// The same owner planning again (a replacement's second plan) is not another owner.
	if others := r.Record(PropertyGroup, "g", "a", 2); len(others) != 0 {
		t.Fatalf("same owner again: others %v", others)
	}
	if v, ok := Lookup[int](r, PropertyGroup, "g"); !ok || v != 2 {
		t.Fatalf("Lookup = %v, %v; want 2, true", v, ok)
	}
	others := r.Record(PropertyGroup, "g", "b", 3)
	if len(others) != 1 || others[0].Owner != "a" {
		t.Fatalf("second owner: others %v, want owner a", others)
	}
	if _, ok := Lookup[int](r, TicketProperty, "g"); ok {
		t.Fatal("kinds share names")
	}
	if _, ok := Lookup[string](r, PropertyGroup, "g"); ok {
		t.Fatal("a value of another type is found")
	}
	if _, ok := Lookup[int](nil, PropertyGroup, "g"); ok {
		t.Fatal("a nil registry finds a group")
	}
}

func TestConcurrentRecords(t *testing.T) {
	r := New()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Record(TicketProperty, "p", string(rune('a'+i%26))+string(rune('a'+i/26)), i)
		}()
	}
	wg.Wait()
	if others := r.Record(TicketProperty, "p", "last", 0); len(others) != 50 {
		t.Fatalf("%d other owners, want 50", len(others))
	}
}

// TestDuplicateEitherOrder checks that of two owners recording one name, the second learns of
// the first whichever records first: a duplicate is refused in any plan order.
func TestDuplicateEitherOrder(t *testing.T) {
	for _, order := range [][2]string{{"a", "b"}, {"b", "a"}} {
		r := New()
		if others := r.Record(TicketProperty, "p", order[0], 1); len(others) != 0 {
			t.Fatalf("order %v: the first owner sees %v", order, others)
		}
		if others := r.Record(TicketProperty, "p", order[1], 2); len(others) != 1 || others[0].Owner != order[0] {
			t.Fatalf("order %v: the second owner sees %v, want the first", order, others)
		}
	}
}

func TestClaim(t *testing.T) {
	r := New()
	if !r.Claim(Ticket, "42", "a") {
		t.Fatal("a free ticket could not be claimed")
	}
	if !r.Claim(Ticket, "42", "a") {
		t.Fatal("an owner's own claim must hold")
	}
	if r.Claim(Ticket, "42", "b") {
		t.Fatal("a second owner claimed a ticket the first one holds")
	}
	if !r.Claim(Ticket, "43", "b") {
		t.Fatal("a free ticket could not be claimed")
	}
	var none *Registry
	if !none.Claim(Ticket, "42", "b") {
		t.Fatal("without a registry every claim holds")
	}
}

func TestNames(t *testing.T) {
	r := New()
	r.Record(UniqueValue, "a", "x", true)
	r.Record(UniqueValue, "b", "y", false)
	r.Record(UniqueValue, "b", "z", true)
	r.Record(Ticket, "c", "x", true)
	got := Names[bool](r, UniqueValue)
	if len(got) != 2 || !got["a"] || got["b"] {
		t.Fatalf("Names = %v, want a=true and b=false (its first owner's value)", got)
	}
	if len(Names[bool](nil, UniqueValue)) != 0 {
		t.Fatal("a nil registry has names")
	}
}

func TestRecorded(t *testing.T) {
	r := New()
	r.Record(AssociationLabel, "p/n", "a", "first")
	r.Record(AssociationLabel, "p/n", "b", "second")
	if v, ok := Recorded[string](r, AssociationLabel, "p/n", "b"); !ok || v != "second" {
		t.Fatalf("Recorded(b) = %q, %v; want second, true", v, ok)
	}
	if _, ok := Recorded[string](r, AssociationLabel, "p/n", "c"); ok {
		t.Fatal("an owner that recorded nothing has a value")
	}
	if _, ok := Recorded[int](r, AssociationLabel, "p/n", "a"); ok {
		t.Fatal("a value of another type is found")
	}
	if _, ok := Recorded[string](nil, AssociationLabel, "p/n", "a"); ok {
		t.Fatal("a nil registry has values")
	}
}
