package atparam

import "fmt"

// QuoteError is a value Quote refused; it never holds the value itself.
type QuoteError struct {
	Problem string // what is wrong: "line break not allowed"
}

func (e *QuoteError) Error() string { return "atparam: cannot quote the value: " + e.Problem }

// Quote makes v a V.250 string constant: v between double quotes. It refuses
// a value with a double quote or backslash (V.250 5.4.2.2 has no escape for
// the quote; modules that take "\" as an escape would end the string
// elsewhere), a control character (a CR ends the command line and starts
// the next command) or a non-ASCII character, instead of altering it.
func Quote(v string) (string, error) {
	if p := quotable(v); p != "" {
		return "", &QuoteError{Problem: p}
	}
	return `"` + v + `"`, nil
}

// QuoteAll quotes every value, stopping at the first refused; the error
// names its position among the values (from 1).
func QuoteAll(vs ...string) ([]string, error) {
	out := make([]string, len(vs))
	for i, v := range vs {
		q, err := Quote(v)
		if err != nil {
			return nil, fmt.Errorf("parameter %d: %w", i+1, err)
		}
		out[i] = q
	}
	return out, nil
}
