package simimport

import (
	"fmt"
	"strings"
)

// column identifies a known column.
type column int

const (
	colNone column = iota // unnamed column, must stay empty
	colICCID
	colIMSI
	colMSISDN
	colEID
	colPIN1
	colPIN2
	colPUK1
	colPUK2
	colBIC
	colFormFactor
)

var columnNames = [...]string{
	colNone:       "",
	colICCID:      "iccid",
	colIMSI:       "imsi",
	colMSISDN:     "msisdn",
	colEID:        "eid",
	colPIN1:       "pin1",
	colPIN2:       "pin2",
	colPUK1:       "puk1",
	colPUK2:       "puk2",
	colBIC:        "bic",
	colFormFactor: "form_factor",
}

func (c column) String() string { return columnNames[c] }

// aliases maps a normalized header name to its column.
var aliases = map[string]column{
	"iccid":       colICCID,
	"imsi":        colIMSI,
	"msisdn":      colMSISDN,
	"eid":         colEID,
	"pin1":        colPIN1,
	"pin":         colPIN1,
	"pin2":        colPIN2,
	"puk1":        colPUK1,
	"puk":         colPUK1,
	"puk2":        colPUK2,
	"bic":         colBIC,
	"form_factor": colFormFactor,
}

const knownColumns = "iccid, imsi, msisdn, eid, pin1 (or pin), pin2, puk1 (or puk), puk2, bic, form_factor"

// normalizeName lowercases a header name and turns spaces and hyphens
// into underscores.
func normalizeName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
}

// parseHeader maps each header cell to a column. It returns the columns
// and the problems found, each as an error for the header line.
func parseHeader(cells []string) ([]column, []error) {
	cols := make([]column, len(cells))
	first := map[column]int{} // column -> 1-based position
	var errs []error
	for i, cell := range cells {
		name := normalizeName(cell)
		if name == "" {
			cols[i] = colNone
			continue
		}
		c, ok := aliases[name]
		if !ok {
			hint := ""
			if isDigits(name) {
				hint = "; the first line must be a header row naming the columns"
			}
			errs = append(errs, fmt.Errorf("unknown column %q (known: %s)%s", shorten(strings.TrimSpace(cell)), knownColumns, hint))
			continue
		}
		if j, dup := first[c]; dup {
			errs = append(errs, fmt.Errorf("columns %d (%q) and %d (%q) both name %s", j, strings.TrimSpace(cells[j-1]), i+1, strings.TrimSpace(cell), c))
			continue
		}
		first[c] = i + 1
		cols[i] = c
	}
	if _, ok := first[colICCID]; !ok && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("no iccid column; the header row must name one (known columns: %s)", knownColumns))
	}
	return cols, errs
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
