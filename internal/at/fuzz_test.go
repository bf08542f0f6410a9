package at

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzFramer: any byte stream, cut anywhere, frames without panic, every
// line within the bound, and the same tokens whatever the cuts.
func FuzzFramer(f *testing.F) {
	f.Add([]byte("AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n"), uint8(3), true)
	f.Add([]byte("\r\n> 0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701\x1a"), uint8(5), true)
	f.Add([]byte("\r\n+CMT: ,25\r\n0891683108608805F9040D91683109730147F200002150716172350005F4F29C4E03\r\n"), uint8(7), false)
	f.Add([]byte("\x00\xff\xfe garbage \x1b\x1a\r\r\n\n"), uint8(1), false)
	f.Fuzz(func(t *testing.T, data []byte, cut uint8, prompt bool) {
		const max = 64
		whole := &Framer{Max: max, Prompt: prompt}
		var a []Token
		whole.Feed(data, func(tok Token) { a = append(a, tok) })
		pieces := &Framer{Max: max, Prompt: prompt}
		var b []Token
		step := int(cut)%7 + 1
		for i := 0; i < len(data); i += step {
			pieces.Feed(data[i:min(i+step, len(data))], func(tok Token) { b = append(b, tok) })
		}
		if len(a) != len(b) {
			t.Fatalf("%d tokens whole, %d in pieces", len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("token %d: %+v vs %+v", i, a[i], b[i])
			}
			if len(a[i].Line) > max || strings.ContainsAny(a[i].Line, "\r\n\x00") {
				t.Fatalf("bad line %q", a[i].Line)
			}
			if a[i].Kind == TokLine && a[i].Line == "" {
				t.Fatal("empty line token")
			}
		}
		if len(whole.Pending()) > max || bytes.Contains([]byte(whole.Pending()), []byte("\r")) {
			t.Fatalf("pending %q", whole.Pending())
		}
	})
}
