package store

import (
	"net/url"
	"strconv"
	"strings"
)

// MaxPerPage bounds a page, as emnify does.
const MaxPerPage = 2500

// DefaultPerPage is a page's size when the client gives none.
const DefaultPerPage = 1000

// ListQuery is a page of a list: which page, how large, filtered and
// sorted by named fields. Field names are the API's JSON names; each list
// says which it takes (its Fields) and the store refuses others.
type ListQuery struct {
	Page    int // from 1
	PerPage int
	Filter  []Filter
	Sort    []Sort
}

// Filter keeps the rows whose field matches the value: numbers and states
// exactly, identifiers (ICCID, IMSI, IMEI, ...) by prefix, names and tags
// by a case-insensitive substring.
type Filter struct {
	Field string
	Value string
}

// Sort orders by a field, descending when Desc.
type Sort struct {
	Field string
	Desc  bool
}

// Match is how a filter compares.
type Match int

// The ways of matching.
const (
	MatchExact Match = iota
	MatchPrefix
	MatchContains
)

// Field is a list's field a client may filter or sort on.
type Field struct {
	Name   string
	Column string // SQL expression
	Match  Match
	Number bool // the value must be an integer
	// Nullable fields match "null" where they have no value, as emnify's
	// "endpoint:null" finds the SIMs without a device.
	Nullable bool
	Sort     bool
	Filter   bool
	// Unique says no two rows share the column's value: a sort on it
	// needs no tie breaker, so an index on it can give the order alone.
	Unique bool
}

// Fields is a list's fields by name.
type Fields []Field

// Find returns the field called name.
func (fs Fields) Find(name string) (Field, bool) {
	for _, f := range fs {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

func (fs Fields) names(pred func(Field) bool) string {
	var out []string
	for _, f := range fs {
		if pred(f) {
			out = append(out, f.Name)
		}
	}
	return strings.Join(out, ", ")
}

// Check refuses a query that names a field the list does not have, or a
// value of the wrong kind, naming the query parameter at fault.
func (q ListQuery) Check(fs Fields) error {
	if q.Page < 1 {
		return Invalid("page", "must be 1 or more, not %d", q.Page)
	}
	if q.PerPage < 1 || q.PerPage > MaxPerPage {
		return Invalid("per_page", "must be between 1 and %d, not %d", MaxPerPage, q.PerPage)
	}
	for _, f := range q.Filter {
		d, ok := fs.Find(f.Field)
		if !ok || !d.Filter {
			return Invalid("q", "cannot filter on %q; filter on one of: %s", f.Field, fs.names(func(f Field) bool { return f.Filter }))
		}
		if d.Number && !(d.Nullable && f.Value == NullValue) {
			if _, err := strconv.ParseInt(f.Value, 10, 64); err != nil {
				return Invalid("q", "%s takes a whole number, not %q", f.Field, f.Value)
			}
		}
	}
	for _, s := range q.Sort {
		d, ok := fs.Find(s.Field)
		if !ok || !d.Sort {
			return Invalid("sort", "cannot sort on %q; sort on one of: %s", s.Field, fs.names(func(f Field) bool { return f.Sort }))
		}
	}
	return nil
}

// Offset is the number of rows before the page.
func (q ListQuery) Offset() int { return (q.Page - 1) * q.PerPage }

// Pages is the number of pages total rows fill.
func Pages(total, perPage int) int {
	if total == 0 || perPage <= 0 {
		return 0
	}
	return (total + perPage - 1) / perPage
}

// NullValue is the filter value that matches a Nullable field without a
// value.
const NullValue = "null"

// ParseFilter reads emnify's q parameter: "field:value,field:value".
func ParseFilter(q string) ([]Filter, error) {
	if q == "" {
		return nil, nil
	}
	var out []Filter
	for part := range strings.SplitSeq(q, ",") {
		name, value, ok := strings.Cut(part, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, Invalid("q", "%q is not field:value", part)
		}
		out = append(out, Filter{Field: name, Value: value})
	}
	return out, nil
}

// ParseSort reads emnify's sort parameter: "-field,field".
func ParseSort(s string) ([]Sort, error) {
	if s == "" {
		return nil, nil
	}
	var out []Sort
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		desc := strings.HasPrefix(part, "-")
		part = strings.TrimLeft(part, "+-")
		if part == "" {
			return nil, Invalid("sort", "%q names no field", s)
		}
		out = append(out, Sort{Field: part, Desc: desc})
	}
	return out, nil
}

// String is the query as URL parameters (without page), escaped, for
// Link headers.
func (q ListQuery) String() string {
	out := "per_page=" + strconv.Itoa(q.PerPage)
	if len(q.Filter) > 0 {
		parts := make([]string, len(q.Filter))
		for i, f := range q.Filter {
			parts[i] = f.Field + ":" + f.Value
		}
		out += "&q=" + url.QueryEscape(strings.Join(parts, ","))
	}
	if len(q.Sort) > 0 {
		parts := make([]string, len(q.Sort))
		for i, s := range q.Sort {
			parts[i] = s.Field
			if s.Desc {
				parts[i] = "-" + s.Field
			}
		}
		out += "&sort=" + url.QueryEscape(strings.Join(parts, ","))
	}
	return out
}
