package stageorder

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// spaced returns stages with the given labels, all OPEN, at the orders a new pipeline gets;
// ids are "1", "2", … in order.
func spaced(labels ...string) []Stage {
	out := make([]Stage, len(labels))
	for i, o := range Spread(len(labels)) {
		out[i] = Stage{ID: fmt.Sprint(i + 1), Label: labels[i], State: "OPEN", Order: o}
	}
	return out
}

// contiguous is spaced with orders 0, 1, 2, …, as HubSpot's default pipeline has them.
func contiguous(labels ...string) []Stage {
	out := spaced(labels...)
	for i := range out {
		out[i].Order = i
	}
	return out
}

// keep lists the wanted stages as kept stages of current, by label, with their state.
func keep(current []Stage, labels ...string) []Want {
	var out []Want
	for _, l := range labels {
		i := slices.IndexFunc(current, func(s Stage) bool { return s.Label == l })
		if i < 0 {
			out = append(out, Want{Key: strings.ToLower(l), Label: l, State: "OPEN"})
			continue
		}
		s := current[i]
		out = append(out, Want{Key: strings.ToLower(l), ID: s.ID, Label: s.Label, State: s.State})
	}
	return out
}

func relabel(w []Want, i int, label string) []Want {
	w = slices.Clone(w)
	w[i].Label = label
	return w
}

func restate(w []Want, i int, state string) []Want {
	w = slices.Clone(w)
	w[i].State = state
	return w
}

func TestPlan(t *testing.T) {
	abcde := spaced("A", "B", "C", "D", "E")
	dflt := contiguous("New", "Waiting on contact", "Waiting on us", "Closed")
	ab := spaced("A", "B")
	abc := spaced("A", "B", "C")
	cases := []struct {
		name    string
		current []Stage
		want    []Want
		writes  map[Kind]int
	}{
		{"no change", abcde, keep(abcde, "A", "B", "C", "D", "E"), nil},
		{"move the first to the end", abcde, keep(abcde, "B", "C", "D", "E", "A"), map[Kind]int{Update: 1}},
		{"move the last to the front", abcde, keep(abcde, "E", "A", "B", "C", "D"), map[Kind]int{Update: 1}},
		{"move one into the middle", abcde, keep(abcde, "A", "D", "B", "C", "E"), map[Kind]int{Update: 1}},
		{"swap two neighbours", abcde, keep(abcde, "A", "C", "B", "D", "E"), map[Kind]int{Update: 1}},
		{"reverse", abc, keep(abc, "C", "B", "A"), map[Kind]int{Update: 2}},
		{"insert at the front", abcde, keep(abcde, "N", "A", "B", "C", "D", "E"), map[Kind]int{Create: 1}},
		{"insert in the middle", abcde, keep(abcde, "A", "B", "N", "C", "D", "E"), map[Kind]int{Create: 1}},
		{"append", abcde, keep(abcde, "A", "B", "C", "D", "E", "N"), map[Kind]int{Create: 1}},
		{"insert three between two", ab, keep(ab, "A", "X", "Y", "Z", "B"), map[Kind]int{Create: 3}},
		{"delete one", abcde, keep(abcde, "A", "B", "D", "E"), map[Kind]int{Delete: 1}},
		{"delete and move", abcde, keep(abcde, "E", "B", "C", "D"), map[Kind]int{Delete: 1, Update: 1}},
		{"rename in place", abcde, relabel(keep(abcde, "A", "B", "C", "D", "E"), 2, "Gamma"), map[Kind]int{Update: 1}},
		{"state in place", abc, restate(keep(abc, "A", "B", "C"), 1, "CLOSED"), map[Kind]int{Update: 1}},
		{"rename and move in one write", abcde, relabel(keep(abcde, "A", "E", "B", "C", "D"), 1, "Epsilon"), map[Kind]int{Update: 1}},
		{"case only", []Stage{{ID: "1", Label: "done", State: "OPEN", Order: 0}}, []Want{{Key: "d", ID: "1", Label: "Done", State: "OPEN"}}, map[Kind]int{Update: 1}},
		// Two stages swap labels: one of them is parked on a temporary label first.
		{"swap labels", ab, relabel(relabel(keep(ab, "A", "B"), 0, "B"), 1, "A"), map[Kind]int{Update: 3}},
		{"rotate three labels", abc, relabel(relabel(relabel(keep(abc, "A", "B", "C"), 0, "B"), 1, "C"), 2, "A"), map[Kind]int{Update: 4}},
		{"rotate three places", abc, keep(abc, "B", "C", "A"), map[Kind]int{Update: 1}},
		{"rename into a deleted stage's label", ab, relabel(keep(ab, "B"), 0, "A"), map[Kind]int{Delete: 1, Update: 1}},
		{"new stage takes a label a kept stage gives up", spaced("A"),
			[]Want{{Key: "n", Label: "A", State: "OPEN"}, {Key: "a", ID: "1", Label: "Z", State: "CLOSED"}}, map[Kind]int{Update: 1, Create: 1}},
		{"replace every stage", ab, keep(ab, "X", "Y"), map[Kind]int{Create: 2, Delete: 2}},
		{"move and state", contiguous("A", "B"), restate(keep(contiguous("A", "B"), "B", "A"), 0, "CLOSED"), map[Kind]int{Update: 2}},
		// Contiguous orders leave no room: the fewest stages that make room are renumbered.
		{"insert at the front of contiguous stages", dflt, keep(dflt, "Triage", "New", "Waiting on contact", "Waiting on us", "Closed"), map[Kind]int{Create: 1, Update: 4}},
		{"move to the end of contiguous stages", dflt, keep(dflt, "Waiting on contact", "Waiting on us", "Closed", "New"), map[Kind]int{Update: 1}},
		{"move into the middle of contiguous stages", dflt, keep(dflt, "New", "Closed", "Waiting on contact", "Waiting on us"), map[Kind]int{Update: 2}},
		{"no room between neighbours", []Stage{{ID: "1", Label: "A", State: "OPEN", Order: 10}, {ID: "2", Label: "B", State: "OPEN", Order: 11}, {ID: "3", Label: "C", State: "OPEN", Order: 5000}},
			keep([]Stage{{ID: "1", Label: "A", State: "OPEN", Order: 10}, {ID: "2", Label: "B", State: "OPEN", Order: 11}, {ID: "3", Label: "C", State: "OPEN", Order: 5000}}, "A", "N", "B", "C"),
			map[Kind]int{Create: 1, Update: 1}},
		{"orders at the top of the range", []Stage{{ID: "1", Label: "A", State: "OPEN", Order: math.MaxInt32 - 1}},
			keep([]Stage{{ID: "1", Label: "A", State: "OPEN", Order: math.MaxInt32 - 1}}, "A", "N"), map[Kind]int{Create: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ops, err := Plan(c.current, c.want)
			if err != nil {
				t.Fatal(err)
			}
			got := map[Kind]int{}
			for _, op := range ops {
				got[op.Kind]++
			}
			for _, k := range []Kind{Delete, Update, Create} {
				if got[k] != c.writes[k] {
					t.Fatalf("writes %v, want %v: %+v", got, c.writes, ops)
				}
			}
			replay(t, c.current, c.want, ops)
		})
	}
}

// replay plays the calls against a model of the pipeline, checking HubSpot's rules after each
// (unique labels, at least one stage, orders within an int32 and not negative) and that the
// pipeline ends as want lists it.
func replay(t *testing.T, current []Stage, want []Want, ops []Op) {
	t.Helper()
	pipe := map[string]Stage{}
	for _, s := range current {
		pipe[s.ID] = s
	}
	created := map[string]string{}
	for i, op := range ops {
		switch op.Kind {
		case Delete:
			delete(pipe, op.ID)
		case Update:
			if _, ok := pipe[op.ID]; !ok {
				t.Fatalf("call %d updates missing stage %s", i, op.ID)
			}
			pipe[op.ID] = Stage{ID: op.ID, Label: op.Label, State: op.State, Order: op.Order}
		case Create:
			id := fmt.Sprintf("new-%d", i)
			pipe[id] = Stage{ID: id, Label: op.Label, State: op.State, Order: op.Order}
			created[op.Key] = id
		}
		if len(pipe) == 0 {
			t.Fatalf("after call %d (%+v) the pipeline has no stage", i, op)
		}
		seen := map[string]bool{}
		for _, s := range pipe {
			if seen[LabelKey(s.Label)] {
				t.Fatalf("after call %d (%+v) two stages are labelled %q", i, op, s.Label)
			}
			seen[LabelKey(s.Label)] = true
			if s.Order < 0 || s.Order > math.MaxInt32 {
				t.Fatalf("after call %d stage %s has order %d", i, s.ID, s.Order)
			}
		}
	}
	var final []Stage
	for _, s := range pipe {
		final = append(final, s)
	}
	Sort(final)
	if len(final) != len(want) {
		t.Fatalf("ended with %d stages, want %d", len(final), len(want))
	}
	for i, w := range want {
		id := w.ID
		if id == "" {
			id = created[w.Key]
		}
		if g := final[i]; g.ID != id || g.Label != w.Label || g.State != w.State {
			t.Fatalf("stage %d ended as %+v, want %q (id %s) %q %s; all: %+v", i, g, w.Key, id, w.Label, w.State, final)
		}
	}
}

func TestPlanStageGone(t *testing.T) {
	_, err := Plan(spaced("A"), []Want{{Key: "a", ID: "9", Label: "A", State: "OPEN"}})
	if err == nil || !strings.Contains(err.Error(), "no longer exists") {
		t.Fatalf("a wanted stage missing from HubSpot: err = %v", err)
	}
}

func TestSort(t *testing.T) {
	stages := []Stage{{ID: "3", Label: "b", Order: 1}, {ID: "1", Label: "C", Order: 0}, {ID: "2", Label: "B", Order: 1}, {ID: "4", Label: "a", Order: 1}}
	Sort(stages)
	var ids []string
	for _, s := range stages {
		ids = append(ids, s.ID)
	}
	// By order, then label ignoring case, then id.
	if got := strings.Join(ids, ","); got != "1,4,2,3" {
		t.Fatalf("sorted ids %s, want 1,4,2,3", got)
	}
}

func TestAfter(t *testing.T) {
	for _, c := range []struct {
		orders []int
		want   int
	}{
		{nil, Step},
		{[]int{0, 1, 2}, 2 + Step},
		{[]int{5000, 1000}, 5000 + Step},
		{[]int{math.MaxInt32 - 10}, math.MaxInt32 - 9},
		{[]int{math.MaxInt32}, math.MaxInt32},
	} {
		var stages []Stage
		for _, o := range c.orders {
			stages = append(stages, Stage{Order: o})
		}
		if got := After(stages); got != c.want {
			t.Errorf("After(%v) = %d, want %d", c.orders, got, c.want)
		}
	}
	if got := Spread(3); !slices.Equal(got, []int{Step, 2 * Step, 3 * Step}) {
		t.Errorf("Spread(3) = %v", got)
	}
}
