package formula

import (
	"slices"
	"testing"
)

func TestProperties(t *testing.T) {
	cases := map[string][]string{
		"amount * 2": {"amount"},
		"if amount > 10 then 'big' else 'small' endif": {"amount"},
		`concat(first_name, " and ", last_name)`:       {"first_name", "last_name"},
		"round (price * 1.5e2, 2) + price":             {"price"},
		`"only a literal"`:                             nil,
		`'it\'s' + note`:                               {"note"},
		"a AND NOT b or true":                          {"a", "b"},
		"x_1 + _y":                                     {"x_1", "_y"},
		"1 + 2":                                        nil,
		"a + b * a":                                    {"a", "b"},
		`if(x > 0, "y is a word", 'z too')`:            {"x"},
		`concatenate("a", "b")`:                        nil,
		`max (amount, 2.5e3) AND NOT closed`:           {"amount", "closed"},
		`"unterminated literal with a_word`:            nil,
		`"escaped \" quote" + after`:                   {"after"},
		"if a then b elseif c then d endif":            {"a", "b", "c", "d"},
		"true or false":                                nil,
		"número + 1":                                   {"número"},
		"hs_time_to_close_1 / 3600000 + 12abc ":        {"hs_time_to_close_1"},
	}
	for formula, want := range cases {
		if got := Properties(formula); !slices.Equal(got, want) {
			t.Errorf("Properties(%q) = %q, want %q", formula, got, want)
		}
	}
}
