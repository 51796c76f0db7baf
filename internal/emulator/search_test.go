package emulator

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// searchIDs runs a ticket search and returns the subjects found, in order, and the total.
func searchSubjects(t *testing.T, e *Emulator, body map[string]any) ([]string, float64) {
	t.Helper()
	if _, ok := body["properties"]; !ok {
		body["properties"] = []string{"subject"}
	}
	res := mustDo(t, e, 200, "POST", "/crm/v3/objects/tickets/search", body)
	var out []string
	for _, r := range res["results"].([]any) {
		s, _ := props(r.(map[string]any))["subject"].(string)
		out = append(out, s)
	}
	return out, res["total"].(float64)
}

func filter(prop, op string, value ...string) map[string]any {
	f := map[string]any{"propertyName": prop, "operator": op}
	switch {
	case op == "IN" || op == "NOT_IN":
		f["values"] = value
	case op == "BETWEEN":
		f["value"], f["highValue"] = value[0], value[1]
	case len(value) > 0:
		f["value"] = value[0]
	}
	return f
}

func groups(gs ...[]map[string]any) []map[string]any {
	out := []map[string]any{}
	for _, g := range gs {
		out = append(out, map[string]any{"filters": g})
	}
	return out
}

func TestSearchOperators(t *testing.T) {
	e, _ := recordsEmulator(t)
	addProperty(e, "tf_score", "number", "number")
	for _, tk := range []map[string]string{
		{"subject": "Alpha printer jam", "hs_ticket_priority": "HIGH", "tf_score": "10"},
		{"subject": "Beta login broken", "hs_ticket_priority": "LOW", "tf_score": "2"},
		{"subject": "Gamma printer toner", "tf_score": "30"},
		{"subject": "Delta billing"},
	} {
		tk["hs_pipeline_stage"] = "1"
		createTicket(t, e, tk)
	}
	sorted := func(s []string) string { sort.Strings(s); return strings.Join(s, ",") }
	for _, tc := range []struct {
		name   string
		groups []map[string]any
		want   string
	}{
		{"EQ ignores case", groups([]map[string]any{filter("hs_ticket_priority", "EQ", "high")}), "Alpha printer jam"},
		{"NEQ includes unset", groups([]map[string]any{filter("hs_ticket_priority", "NEQ", "HIGH")}), "Beta login broken,Delta billing,Gamma printer toner"},
		{"numeric GT", groups([]map[string]any{filter("tf_score", "GT", "9")}), "Alpha printer jam,Gamma printer toner"},
		{"numeric LTE", groups([]map[string]any{filter("tf_score", "LTE", "10")}), "Alpha printer jam,Beta login broken"},
		{"LT excludes unset", groups([]map[string]any{filter("tf_score", "LT", "1000")}), "Alpha printer jam,Beta login broken,Gamma printer toner"},
		{"GTE", groups([]map[string]any{filter("tf_score", "GTE", "30")}), "Gamma printer toner"},
		{"BETWEEN", groups([]map[string]any{filter("tf_score", "BETWEEN", "2", "10")}), "Alpha printer jam,Beta login broken"},
		{"IN", groups([]map[string]any{filter("hs_ticket_priority", "IN", "LOW", "HIGH")}), "Alpha printer jam,Beta login broken"},
		{"NOT_IN", groups([]map[string]any{filter("hs_ticket_priority", "NOT_IN", "LOW")}), "Alpha printer jam,Delta billing,Gamma printer toner"},
		{"HAS_PROPERTY", groups([]map[string]any{filter("tf_score", "HAS_PROPERTY")}), "Alpha printer jam,Beta login broken,Gamma printer toner"},
		{"NOT_HAS_PROPERTY", groups([]map[string]any{filter("hs_ticket_priority", "NOT_HAS_PROPERTY")}), "Delta billing,Gamma printer toner"},
		{"CONTAINS_TOKEN", groups([]map[string]any{filter("subject", "CONTAINS_TOKEN", "printer")}), "Alpha printer jam,Gamma printer toner"},
		{"CONTAINS_TOKEN wildcard", groups([]map[string]any{filter("subject", "CONTAINS_TOKEN", "bill*")}), "Delta billing"},
		{"NOT_CONTAINS_TOKEN", groups([]map[string]any{filter("subject", "NOT_CONTAINS_TOKEN", "printer")}), "Beta login broken,Delta billing"},
		{"filters in a group AND", groups([]map[string]any{filter("subject", "CONTAINS_TOKEN", "printer"), filter("tf_score", "GT", "20")}), "Gamma printer toner"},
		{"groups OR", groups([]map[string]any{filter("tf_score", "EQ", "2")}, []map[string]any{filter("subject", "CONTAINS_TOKEN", "delta")}), "Beta login broken,Delta billing"},
		{"datetime against epoch ms", groups([]map[string]any{filter("createdate", "GTE", "1772409600000")}), "Alpha printer jam,Beta login broken,Delta billing,Gamma printer toner"},
	} {
		got, total := searchSubjects(t, e, map[string]any{"filterGroups": tc.groups, "limit": 100})
		if sorted(got) != tc.want || int(total) != len(got) {
			t.Errorf("%s: got %v (total %v), want %s", tc.name, got, total, tc.want)
		}
	}
	got, _ := searchSubjects(t, e, map[string]any{"query": "print"})
	if sorted(got) != "Alpha printer jam,Gamma printer toner" {
		t.Errorf("query = %v", got)
	}
}

func TestSearchSortAndPaging(t *testing.T) {
	e, _ := recordsEmulator(t)
	for _, s := range []string{"c", "a", "e", "b", "d"} {
		createTicket(t, e, map[string]string{"subject": s, "hs_pipeline_stage": "1"})
	}
	got, _ := searchSubjects(t, e, map[string]any{"sorts": []any{"-subject"}})
	if strings.Join(got, "") != "edcba" {
		t.Errorf("string sort = %v", got)
	}
	got, _ = searchSubjects(t, e, map[string]any{"sorts": []any{map[string]any{"propertyName": "subject", "direction": "ASCENDING"}, "-createdate"}})
	if strings.Join(got, "") != "abcde" {
		t.Errorf("object sort = %v", got)
	}
	got, _ = searchSubjects(t, e, map[string]any{})
	if strings.Join(got, "") != "caebd" {
		t.Errorf("unsorted = %v, want creation order", got)
	}
	var all []string
	after := ""
	for i := 0; i < 5; i++ {
		body := map[string]any{"sorts": []any{"subject"}, "limit": 2, "properties": []string{"subject"}}
		if after != "" {
			body["after"] = after
		}
		res := mustDo(t, e, 200, "POST", "/crm/v3/objects/tickets/search", body)
		if res["total"] != float64(5) {
			t.Errorf("total = %v", res["total"])
		}
		for _, r := range res["results"].([]any) {
			all = append(all, props(r.(map[string]any))["subject"].(string))
		}
		paging, ok := res["paging"].(map[string]any)
		if !ok {
			break
		}
		after = paging["next"].(map[string]any)["after"].(string)
	}
	if strings.Join(all, "") != "abcde" {
		t.Errorf("pages = %v", all)
	}
	// Search answers carry only the daily rate-limit headers.
	_, _, h := do(t, e, "POST", "/crm/v3/objects/tickets/search", map[string]any{})
	if h.Get("X-HubSpot-RateLimit-Max") != "" || h.Get("X-HubSpot-RateLimit-Daily") == "" {
		t.Errorf("search headers = %v", h)
	}
}

func TestSearchLimits(t *testing.T) {
	e, _ := recordsEmulator(t)
	f := filter("subject", "EQ", "x")
	many := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = f
		}
		return out
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		want string
	}{
		{"limit", map[string]any{"limit": 201}, "limit"},
		{"groups", map[string]any{"filterGroups": groups(many(1), many(1), many(1), many(1), many(1), many(1))}, "filter groups"},
		{"per group", map[string]any{"filterGroups": groups(many(7))}, "filterGroups[0]"},
		{"total", map[string]any{"filterGroups": groups(many(6), many(6), many(6), many(1))}, "across all filter groups"},
		{"10,000 cap", map[string]any{"after": "10000"}, "10000"},
		{"query length", map[string]any{"query": strings.Repeat("q", 3001)}, "3000"},
		{"unknown property", map[string]any{"filterGroups": groups([]map[string]any{filter("no_such", "EQ", "x")})}, "no_such"},
		{"missing value", map[string]any{"filterGroups": groups([]map[string]any{{"propertyName": "subject", "operator": "EQ"}})}, "needs a value"},
		{"missing values", map[string]any{"filterGroups": groups([]map[string]any{{"propertyName": "subject", "operator": "IN"}})}, "needs values"},
		{"between", map[string]any{"filterGroups": groups([]map[string]any{{"propertyName": "subject", "operator": "BETWEEN", "value": "a"}})}, "highValue"},
		{"operator", map[string]any{"filterGroups": groups([]map[string]any{filter("subject", "LIKE", "x")})}, "Unknown operator"},
		{"sort direction", map[string]any{"sorts": []any{map[string]any{"propertyName": "subject", "direction": "UP"}}}, "direction"},
	} {
		code, body, _ := do(t, e, "POST", "/crm/v3/objects/tickets/search", tc.body)
		if code != 400 || !strings.Contains(fmt.Sprint(body["message"]), tc.want) {
			t.Errorf("%s: = %d %v", tc.name, code, body)
		}
	}
	// The limits themselves are allowed.
	mustDo(t, e, 200, "POST", "/crm/v3/objects/tickets/search", map[string]any{"limit": 200, "after": "9999", "filterGroups": groups(many(6), many(6), many(6))})
	// Contacts take any property name.
	mustDo(t, e, 200, "POST", "/crm/v3/objects/contacts/search", map[string]any{"filterGroups": groups([]map[string]any{filter("anything", "EQ", "x")})})
}
