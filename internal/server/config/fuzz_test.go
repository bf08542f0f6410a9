package config

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that a failure is an ErrorList
// whose every entry names the file, and that a configuration it accepts
// passes Check and reads back from Redacted.
func FuzzParse(f *testing.F) {
	f.Add([]byte(Example()))
	f.Add([]byte("listen: 0.0.0.0:80\ndatabase: {driver: postgres, url: 'host=h password=x'}\n"))
	f.Add([]byte("rate_limit: {per_token: 1/h, burst: 1}\nwebhooks: {backoff_min: 1h, backoff_max: 1h}\n"))
	f.Add([]byte("a: &a [*a, *a]\nb: *a\n"))
	f.Add([]byte("database: {url: {file: /dev/zero}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("%T %v", err, err)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), "fuzz.yaml") {
					t.Fatalf("error without the file: %q", e)
				}
			}
			return
		}
		if err := c.Check(); err != nil {
			t.Fatalf("accepted, but Check fails: %v", err)
		}
		if c.Database.URL.File != "" {
			return // Redacted shows the URL's value, not its file
		}
		back, err := Parse("fuzz.yaml", []byte(c.Redacted()))
		if err != nil && c.Database.URL.IsSet() {
			return // the redacted URL may no longer be a connection string
		}
		if err != nil {
			t.Fatalf("Redacted does not read back: %v\n%s", err, c.Redacted())
		}
		if c.Database.URL.IsSet() {
			back.Database.URL = c.Database.URL
		}
		if *back != *c {
			t.Fatalf("read back:\n got %+v\nwant %+v", *back, *c)
		}
	})
}
