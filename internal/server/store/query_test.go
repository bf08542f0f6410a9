package store

import (
	"net/url"
	"reflect"
	"testing"
)

func TestParseFilterAndSort(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		q    string
		want []Filter
		err  bool
	}{
		{"", nil, false},
		{"status:1", []Filter{{"status", "1"}}, false},
		{"status:1,iccid:8988", []Filter{{"status", "1"}, {"iccid", "8988"}}, false},
		{" name :a:b", []Filter{{"name", "a:b"}}, false}, // the value keeps its colons
		{"tags:", []Filter{{"tags", ""}}, false},
		{"status", nil, true},
		{":1", nil, true},
		{"status:1,", nil, true},
	} {
		got, err := ParseFilter(c.q)
		if (err != nil) != c.err || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseFilter(%q) = %+v, %v", c.q, got, err)
		}
		if e, ok := AsError(err); c.err && (!ok || e.Field != "q") {
			t.Errorf("ParseFilter(%q): error %v does not name q", c.q, err)
		}
	}
	for _, c := range []struct {
		s    string
		want []Sort
		err  bool
	}{
		{"", nil, false},
		{"-id", []Sort{{"id", true}}, false},
		{"name, -created", []Sort{{"name", false}, {"created", true}}, false},
		{"+iccid", []Sort{{"iccid", false}}, false},
		{"-", nil, true},
		{"id,,name", nil, true},
	} {
		got, err := ParseSort(c.s)
		if (err != nil) != c.err || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseSort(%q) = %+v, %v", c.s, got, err)
		}
	}
}

func TestListQueryStringEscapes(t *testing.T) {
	t.Parallel()
	q := ListQuery{PerPage: 100, Filter: []Filter{{"name", "a&b #1"}, {"status", "1"}}, Sort: []Sort{{"name", true}}}
	v, err := url.ParseQuery(q.String())
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("per_page") != "100" || v.Get("q") != "name:a&b #1,status:1" || v.Get("sort") != "-name" {
		t.Errorf("%s reads back as %v", q, v)
	}
	for _, c := range []struct{ total, per, want int }{{0, 10, 0}, {1, 10, 1}, {10, 10, 1}, {11, 10, 2}, {5, 0, 0}} {
		if got := Pages(c.total, c.per); got != c.want {
			t.Errorf("Pages(%d, %d) = %d, want %d", c.total, c.per, got, c.want)
		}
	}
}

// FuzzListQuery checks that a parsed q and sort survive the trip through
// a Link header's parameters.
func FuzzListQuery(f *testing.F) {
	for _, s := range [][2]string{{"status:1,iccid:89", "-id"}, {"name:a:b", "name,-created"}, {"tags:x%26y", "+id"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, qs, ss string) {
		fs, err1 := ParseFilter(qs)
		so, err2 := ParseSort(ss)
		if err1 != nil || err2 != nil {
			return
		}
		q := ListQuery{PerPage: 10, Filter: fs, Sort: so}
		v, err := url.ParseQuery(q.String())
		if err != nil {
			t.Fatalf("%q: %v", q.String(), err)
		}
		fs2, err1 := ParseFilter(v.Get("q"))
		so2, err2 := ParseSort(v.Get("sort"))
		if err1 != nil || err2 != nil || !reflect.DeepEqual(fs, fs2) || !reflect.DeepEqual(so, so2) {
			t.Fatalf("%+v %+v became %+v %+v (%v, %v)", fs, so, fs2, so2, err1, err2)
		}
	})
}
