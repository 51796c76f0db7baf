package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// report prints the measurements as Markdown: a summary table, then requests by endpoint.
func report(w io.Writer, size portalSize, parallelism int, ms []measurement) {
	fmt.Fprintf(w, "Standard portal: %d tickets (each with a contact association), %d custom ticket properties in %d groups, %d pipelines with %d stages each, %d standalone stages on the default pipeline, %d association labels (%d resources). Terraform -parallelism=%d, emulator at HubSpot's Free limit (100 requests per 10 s, search 5 per second).\n\n",
		size.Tickets, size.Properties, size.Groups, size.Pipelines, size.StagesPerPipeline, size.StandaloneStages, size.Labels, size.resources(), parallelism)
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
}
