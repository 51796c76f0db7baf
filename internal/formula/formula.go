// Package formula reads HubSpot's calculation formulas, as far as the rules about them need:
// which property names a formula refers to. Both the emulator and the provider's plan-time
// checks apply the rule that a formula names only existing properties, and must agree on what
// a name is.
package formula

import (
	"slices"
	"strings"
	"unicode"
)

// formulaKeywords are the words of HubSpot's formula syntax that are not property names.
var formulaKeywords = []string{"and", "else", "elseif", "endif", "false", "if", "not", "or", "then", "true"}

// Properties returns the property names a calculation formula refers to, each once, in
// the order they first appear: every identifier outside a string literal that is neither a
// keyword nor a function (a name followed by "("). Numbers, operators and literals are
// skipped, so a formula that does not parse still yields the names HubSpot would look up.
func Properties(formula string) []string {
	var names []string
	rs := []rune(formula)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case c == '"' || c == '\'':
			i = skipLiteral(rs, i)
		case unicode.IsDigit(c):
			for i < len(rs) && (unicode.IsDigit(rs[i]) || rs[i] == '.' || unicode.IsLetter(rs[i])) {
				i++
			}
		case unicode.IsLetter(c) || c == '_':
			start := i
			for i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) || rs[i] == '_') {
				i++
			}
			word := string(rs[start:i])
			next := i
			for next < len(rs) && unicode.IsSpace(rs[next]) {
				next++
			}
			isCall := next < len(rs) && rs[next] == '('
			if !isCall && !slices.Contains(formulaKeywords, strings.ToLower(word)) && !slices.Contains(names, word) {
				names = append(names, word)
			}
		default:
			i++
		}
	}
	return names
}

// skipLiteral returns the index after the string literal opening at i; a backslash escapes
// the next character.
func skipLiteral(rs []rune, i int) int {
	quote := rs[i]
	for i++; i < len(rs); i++ {
		switch rs[i] {
		case '\\':
			i++
		case quote:
			return i + 1
		}
	}
	return i
}
