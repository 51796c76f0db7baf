package stageorder

// orders returns the display order of each stage of want.
//
// A stage is left where it is (an anchor) when keeping its display order is consistent with
// the anchors around it: the orders of the anchors rise along want, and between two anchors
// there is a free order for every stage listed between them. Among the consistent choices
// the one kept is the one that leaves the most stages unwritten: a kept stage with no other
// change counts for far more than one that is written anyway (a new label or state), which
// counts only so that it keeps its order when it can. The others get orders spread evenly
// between their anchors, Step apart after the last one.
func orders(current map[string]Stage, want []Want) []int {
	type cand struct {
		pos, order, weight int
	}
	// The sentinels bound the orders handed out: at least 0, at most an int32.
	cands := []cand{{pos: -1, order: -1}}
	for i, w := range want {
		cur, ok := current[w.ID]
		if w.ID == "" || !ok || cur.Order < 0 {
			continue
		}
		weight := 1
		if cur.Label == w.Label && cur.State == w.State {
			weight = len(want) + 1
		}
		cands = append(cands, cand{pos: i, order: cur.Order, weight: weight})
	}
	end := cand{pos: len(want), order: maxOrder + 1}
	cands = append(cands, end)

	fits := func(a, b cand) bool {
		return a.order < b.order && b.order-a.order-1 >= b.pos-a.pos-1
	}
	best := make([]int, len(cands))
	prev := make([]int, len(cands))
	prev[0] = -1
	for j := 1; j < len(cands); j++ {
		best[j], prev[j] = -1, -1
		for i := 0; i < j; i++ {
			if best[i] >= 0 && fits(cands[i], cands[j]) && best[i]+cands[j].weight > best[j] {
				best[j], prev[j] = best[i]+cands[j].weight, i
			}
		}
	}

	out := make([]int, len(want))
	for j := len(cands) - 1; prev[j] >= 0; j = prev[j] {
		lo, hi := cands[prev[j]], cands[j]
		if hi.pos < len(want) {
			out[hi.pos] = hi.order
		}
		fill(out[lo.pos+1:hi.pos], lo.order, hi.order, hi == end)
	}
	return out
}

// fill gives the stages of a gap orders strictly between lo and hi: Step apart when the gap
// is open-ended and has room, else spread evenly.
func fill(gap []int, lo, hi int, open bool) {
	k := len(gap)
	if k == 0 {
		return
	}
	if start := max(lo, 0); open && start <= maxOrder-Step*k {
		for t := range gap {
			gap[t] = start + Step*(t+1)
		}
		return
	}
	spacing := (hi - lo) / (k + 1)
	for t := range gap {
		gap[t] = lo + spacing*(t+1)
	}
}
