package hubspot

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds the client's response decoding whatever a server might answer: every body
// and status must give a value or an error, never a panic, and an error's message must stay
// short and printable whatever the body holds.
func FuzzDecode(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"results":[{"id":"1","properties":{"subject":"a","content":null},"createdAt":"2024-01-02T03:04:05.678Z","archived":false}],"paging":{"next":{"after":"2"}}}`},
		{207, `{"status":"COMPLETE","results":[],"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"not found","context":{"ids":["9"]},"subCategory":{"a":1}}]}`},
		{400, `{"status":"error","message":"Property values were not valid","correlationId":"x","category":"VALIDATION_ERROR","errors":[{"message":"bad","code":"INVALID"}],"context":{"name":["p"]}}`},
		{429, daily429},
		{429, tenSecondly429},
		{502, "<html><body>Bad gateway</body></html>"},
		{404, "\xff\xfe not utf-8"},
		{200, `{"results":[{"toObjectId":123,"associationTypes":[{"category":"HUBSPOT_DEFINED","typeId":16,"label":null}]}]}`},
		{200, `not json`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		outs := []any{
			&wireBatchObjects{},
			&struct {
				Results []Pipeline  `json:"results"`
				Paging  *wirePaging `json:"paging"`
			}{},
			&struct {
				Results []Property `json:"results"`
			}{},
			&struct {
				Results []wireAssociated `json:"results"`
			}{},
			&Owner{},
		}
		for _, out := range outs {
			err := decode(request{method: http.MethodGet, path: "/x", out: out}, status, http.Header{}, body)
			if status >= 300 && err == nil {
				t.Fatalf("status %d decoded without error", status)
			}
			var e *Error
			if errors.As(err, &e) {
				if !utf8.ValidString(e.Message) || !utf8.ValidString(e.Error()) && utf8.Valid(body) {
					t.Fatalf("message is not UTF-8: %q", e.Message)
				}
				if !strings.HasPrefix(strings.TrimSpace(string(body)), "{") && len([]rune(e.Message)) > maxErrorText+1 {
					t.Fatalf("message of %d runes from a non-JSON body", len([]rune(e.Message)))
				}
			}
		}
	})
}
