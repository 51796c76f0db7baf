package validators

import (
	"slices"
	"testing"
)

func TestFormulaProperties(t *testing.T) {
	cases := map[string][]string{
		"amount * 2": {"amount"},
		"if amount > 10 then 'big' else 'small' endif": {"amount"},
		`concat(first_name, " and ", last_name)`:       {"first_name", "last_name"},
		"round (price * 1.5e2, 2) + price":             {"price"},
		`"only a literal"`:                             nil,
		`'it\'s' + note`:                               {"note"},
		"a AND NOT b or true":                          {"a", "b"},
		"x_1 + _y":                                     {"x_1", "_y"},
	}
	for formula, want := range cases {
		if got := FormulaProperties(formula); !slices.Equal(got, want) {
			t.Errorf("FormulaProperties(%q) = %q, want %q", formula, got, want)
		}
	}
}
