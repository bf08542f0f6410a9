package config

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that a failure is always an
// ErrorList whose every entry names the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte(Example()))
	f.Add([]byte("modem: [a, b]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("buses: &b [{name: x, devices: [{registers: *b}]}]\n"))
	f.Add([]byte("modem: {pin: {file: /dev/zero}}\n"))
	f.Add([]byte("outputs: {mqtt: {broker: \"ssl://x\", ca: /dev/stdin}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err == nil {
			if c == nil {
				t.Fatal("no config and no error")
			}
			return
		}
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Fatalf("%T %v", err, err)
		}
		for _, e := range list {
			if !strings.HasPrefix(e.Error(), "fuzz.yaml") {
				t.Fatalf("error without the file: %q", e)
			}
		}
	})
}
