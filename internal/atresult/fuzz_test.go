package atresult

import "testing"

// FuzzParseFinal: no panic, and every failing final result carries an error.
func FuzzParseFinal(f *testing.F) {
	for _, s := range []string{"OK", "ERROR", "+CME ERROR: 10", "+CME ERROR: SIM failure", "+CMS ERROR: 500",
		"CONNECT 7200000", "NO CARRIER", "+CMS ERROR:", "+CME ERROR: -99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fin, ok := ParseFinal(line)
		if !ok {
			return
		}
		if fin.OK == (fin.Err != nil) {
			t.Fatalf("%q: OK=%v err=%v", line, fin.OK, fin.Err)
		}
		if fin.Err != nil && fin.Err.Error() == "" {
			t.Fatalf("%q: empty error text", line)
		}
	})
}
