// Package stageorder decides where pipeline stages go and which stage-level calls turn the
// stages HubSpot holds into the stages a configuration lists. It is pure: it knows HubSpot's
// rules, not HubSpot's API.
//
// HubSpot's rules, from the pipelines spec: a stage's displayOrder is any int32, stages are
// shown by displayOrder and then alphabetically by label, each stage's label is unique within
// its pipeline, and a pipeline always keeps at least one stage. Display orders need not be
// contiguous, so a stage moves with one write: it takes a display order between its new
// neighbours, and the others keep theirs. Only when two neighbours leave no room between them
// are other stages renumbered, as few as the order allows.
package stageorder

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Step is the distance between the display orders this package hands out where nothing
// bounds them (a new pipeline, a stage after the last one), which leaves room for later moves
// and inserts between any two stages without renumbering.
const Step = 1000

// maxOrder is the largest display order HubSpot stores (an int32). Orders below zero are
// never handed out: HubSpot gives them no documented meaning.
const maxOrder = math.MaxInt32

// Stage is a stage as HubSpot holds it.
type Stage struct {
	ID, Label, State string
	Order            int
}

// Want is a stage as the configuration lists it, in display order; ID is empty for a stage
// to create.
type Want struct {
	Key, ID, Label, State string
}

// Kind is the kind of a stage-level call.
type Kind int

// The stage-level calls.
const (
	Delete Kind = iota
	Update
	Create
)

// Op is one stage-level call. An Update sends the stage's label, state and display order.
type Op struct {
	Kind         Kind
	ID, Key      string
	Label, State string
	Order        int
	// TemporaryRename marks the update that parks a stage on a temporary label.
	TemporaryRename bool
}

// LabelKey is how HubSpot compares stage labels for uniqueness: trimmed, ignoring case.
func LabelKey(label string) string { return strings.ToLower(strings.TrimSpace(label)) }

// Compare orders stages as HubSpot shows them: by display order, then label (ignoring case),
// then id, so that the order is total.
func Compare(a, b Stage) int {
	if c := cmp.Compare(a.Order, b.Order); c != 0 {
		return c
	}
	if c := cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Sort sorts stages into HubSpot's display order.
func Sort(stages []Stage) { slices.SortStableFunc(stages, Compare) }

// Spread returns the display orders of n stages of a new pipeline, Step apart.
func Spread(n int) []int {
	out := make([]int, n)
	fill(out, -1, maxOrder+1, true)
	return out
}

// After returns the display order of a stage added after every stage of stages.
func After(stages []Stage) int {
	if len(stages) == 0 {
		return Step
	}
	last := slices.MaxFunc(stages, func(a, b Stage) int { return cmp.Compare(a.Order, b.Order) }).Order
	switch {
	case last < 0:
		return Step
	case last <= maxOrder-Step:
		return last + Step
	case last < maxOrder:
		return last + 1
	}
	// No order is left after the last stage; HubSpot then sorts by label among equals.
	return maxOrder
}

// Plan returns the calls that turn current (HubSpot's active stages, in any order) into want,
// in the order they must be made so that HubSpot's rules hold after every call:
//
//   - Deletions come first, so that their labels are free for the others; when no stage is
//     kept they come last instead, so that the pipeline never has no stage.
//   - Kept stages are only patched, never recreated. A cycle of renames (two stages swapping
//     labels, say) parks one stage on a temporary label.
//   - The display orders are chosen by orders: as many stages as possible keep theirs, so a
//     move or an insert is one call when its neighbours leave room.
//
// It fails when want names a stage id that current lacks.
func Plan(current []Stage, want []Want) ([]Op, error) {
	byID := make(map[string]Stage, len(current))
	for _, s := range current {
		byID[s.ID] = s
	}
	kept := map[string]bool{}
	for _, w := range want {
		if w.ID == "" {
			continue
		}
		if _, ok := byID[w.ID]; !ok {
			return nil, fmt.Errorf("stage %s (key %q) no longer exists in HubSpot; it was deleted after the plan was made. Run terraform apply again to plan its re-creation", w.ID, w.Key)
		}
		kept[w.ID] = true
	}
	sorted := slices.Clone(current)
	Sort(sorted)
	var deletes []Op
	for _, s := range sorted {
		if !kept[s.ID] {
			deletes = append(deletes, Op{Kind: Delete, ID: s.ID, Label: s.Label})
		}
	}
	order := orders(byID, want)

	var ops []Op
	if len(kept) > 0 {
		ops = append(ops, deletes...)
	}
	updates, err := renames(sorted, kept, byID, want, order)
	if err != nil {
		return nil, err
	}
	ops = append(ops, updates...)
	for i, w := range want {
		if w.ID == "" {
			ops = append(ops, Op{Kind: Create, Key: w.Key, Label: w.Label, State: w.State, Order: order[i]})
		}
	}
	if len(kept) == 0 {
		ops = append(ops, deletes...)
	}
	return ops, nil
}

// renames returns the updates of the kept stages, ordered so that no two stages ever hold
// the same label: a stage waits while another holds the label it takes, and when every
// waiting stage waits on another, one of them is parked on a temporary label.
func renames(sorted []Stage, kept map[string]bool, byID map[string]Stage, want []Want, order []int) ([]Op, error) {
	held := map[string]string{} // label key -> id of the stage holding it
	labelOf := map[string]string{}
	for _, s := range sorted {
		if kept[s.ID] {
			held[LabelKey(s.Label)] = s.ID
			labelOf[s.ID] = s.Label
		}
	}
	wanted := map[string]bool{}
	var queue []Op
	for i, w := range want {
		wanted[LabelKey(w.Label)] = true
		if w.ID == "" {
			continue
		}
		cur := byID[w.ID]
		if cur.Label != w.Label || cur.State != w.State || cur.Order != order[i] {
			queue = append(queue, Op{Kind: Update, ID: w.ID, Key: w.Key, Label: w.Label, State: w.State, Order: order[i]})
		}
	}
	var ops []Op
	for len(queue) > 0 {
		var blocked []Op
		for _, op := range queue {
			if h, ok := held[LabelKey(op.Label)]; ok && h != op.ID {
				blocked = append(blocked, op)
				continue
			}
			delete(held, LabelKey(labelOf[op.ID]))
			held[LabelKey(op.Label)] = op.ID
			labelOf[op.ID] = op.Label
			ops = append(ops, op)
		}
		if len(blocked) == len(queue) {
			op := blocked[0]
			holder := held[LabelKey(op.Label)]
			if !slices.ContainsFunc(blocked, func(b Op) bool { return b.ID == holder }) {
				return nil, fmt.Errorf("stage %s cannot take the label %q: stage %s holds it and is not being renamed", op.ID, op.Label, holder)
			}
			tmp := temporaryLabel(labelOf[op.ID], held, wanted)
			delete(held, LabelKey(labelOf[op.ID]))
			held[LabelKey(tmp)] = op.ID
			labelOf[op.ID] = tmp
			ops = append(ops, Op{Kind: Update, ID: op.ID, Key: op.Key, Label: tmp, State: op.State, Order: byID[op.ID].Order, TemporaryRename: true})
		}
		queue = blocked
	}
	return ops, nil
}

// temporaryLabel returns a label no stage holds or will hold, for a stage that must give up
// its label before it can take its new one.
func temporaryLabel(current string, held map[string]string, wanted map[string]bool) string {
	for n := 1; ; n++ {
		l := fmt.Sprintf("%s (renaming %d)", current, n)
		if _, taken := held[LabelKey(l)]; !taken && !wanted[LabelKey(l)] {
			return l
		}
	}
}
