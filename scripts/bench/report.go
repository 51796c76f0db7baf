package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// The targets every shape is held to.
const (
	noopTarget  = 30
	applyTarget = 184 * 1.1 // within 10% of the standard portal's apply
	rssTarget   = 150e6
	wallFactor  = 1.2 // the no-op plan's wall time against the floor's
)

// report prints one shape's measurements as Markdown: a summary table, the targets, then
// requests by endpoint.
func report(w io.Writer, name, about string, size portalSize, parallelism int, ms []measurement) {
	fmt.Fprintf(w, "### %s\n\n%s: %d tickets (each with a contact association, their values spread over %d custom properties), %d more tickets the configuration does not manage, %d custom ticket properties in %d groups, %d pipelines with %d stages each, %d standalone stages on the default pipeline, %d association labels (%d resources). Terraform -parallelism=%d, emulator at HubSpot's Free limit (100 requests per 10 s, search 5 per second).\n\n",
		name, about, size.Tickets, max(size.Spread, 1), size.Unmanaged, size.Properties, size.Groups, size.Pipelines, size.StagesPerPipeline, size.StandaloneStages, size.Labels, size.resources(), parallelism)
	fmt.Fprintln(w, "| run | API requests | 429s | wall time | provider peak RSS | CPU time: all processes | CPU time: provider |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, m := range ms {
		rss, providerCPU := "n/a", "n/a"
		if m.maxRSS > 0 {
			rss = fmt.Sprintf("%.0f MB", float64(m.maxRSS)/1e6)
			providerCPU = fmt.Sprintf("%.1f s", m.providerCPU.Seconds())
		}
		fmt.Fprintf(w, "| %s | %d | %d | %.1f s | %s | %.1f s | %s |\n", m.name, m.total, m.limited, m.wall.Seconds(), rss, m.cpu.Seconds(), providerCPU)
	}
	fmt.Fprintln(w)
	targets(w, ms)
	fmt.Fprintln(w, "Requests by endpoint:")
	fmt.Fprintln(w)
	for _, m := range ms {
		if m.total == 0 {
			continue
		}
		fmt.Fprintf(w, "- %s: ", m.name)
		keys := make([]string, 0, len(m.requests))
		for k := range m.requests {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return m.requests[keys[i]] > m.requests[keys[j]] || m.requests[keys[i]] == m.requests[keys[j]] && keys[i] < keys[j]
		})
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("`%s` %d", k, m.requests[k]))
		}
		fmt.Fprintln(w, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

// targets prints the shape's measurements against the targets.
func targets(w io.Writer, ms []measurement) {
	find := func(name string) *measurement {
		for i := range ms {
			if ms[i].name == name || name == "floor" && ms[i].floor {
				return &ms[i]
			}
		}
		return nil
	}
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "no"
	}
	apply, plan, floor := find("apply from empty"), find("no-op plan"), find("floor")
	if apply == nil || plan == nil || floor == nil {
		return
	}
	fmt.Fprintln(w, "| target | measured | met |")
	fmt.Fprintln(w, "|---|---|---|")
	fmt.Fprintf(w, "| no-op plan ≤ %d requests | %d | %s |\n", noopTarget, plan.total, yes(plan.total <= noopTarget))
	fmt.Fprintf(w, "| apply from empty ≤ %.0f requests (184 + 10%%) | %d | %s |\n", applyTarget, apply.total, yes(float64(apply.total) <= applyTarget))
	limited := 0
	for _, m := range ms {
		limited += m.limited
	}
	fmt.Fprintf(w, "| no 429 | %d | %s |\n", limited, yes(limited == 0))
	peak := max(apply.maxRSS, plan.maxRSS)
	fmt.Fprintf(w, "| provider peak RSS < 150 MB | %.0f MB | %s |\n", float64(peak)/1e6, yes(float64(peak) < rssTarget))
	ratio := plan.wall.Seconds() / floor.wall.Seconds()
	fmt.Fprintf(w, "| no-op plan wall ≤ %.1f× the time_static floor | %.1f s vs %.1f s (%.2f×) | %s |\n\n", wallFactor, plan.wall.Seconds(), floor.wall.Seconds(), ratio, yes(ratio <= wallFactor))
}
