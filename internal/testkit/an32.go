package testkit

import (
	"testing"

	"github.com/cellgate/cellgate/examples"
	"strconv"
	"strings"
)

// AN32YAML is the Titan AN32 example configuration (examples/titan-an32.yaml)
// with the test's ports, addresses, files and further keys put in by
// examples.AN32: what each field of site replaces is documented on
// examples.AN32Site. It fails the test when the example no longer holds
// what site replaces, so a test cannot drift from the example.
func AN32YAML(tb testing.TB, site examples.AN32Site) string {
	tb.Helper()
	y, err := examples.AN32(site)
	if err != nil {
		tb.Fatal(err)
	}
	return y
}

// AN32Blocks is the Titan "Start" and "Number Words" of device (PLC1,
// PLC2) in the Titan AN32 example, as its start and words keys give them,
// for the tests of packages the configuration package imports (which
// cannot load the example through it).
func AN32Blocks(tb testing.TB, device string) (start, words string) {
	tb.Helper()
	entry := "      - name: " + device + "\n"
	i := strings.Index(examples.TitanAN32, entry)
	if i < 0 {
		tb.Fatalf("examples: titan-an32.yaml has no %q", entry)
	}
	rest := examples.TitanAN32[i+len(entry):]
	for line := range strings.Lines(rest) {
		key, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok || strings.HasPrefix(key, "- ") {
			break
		}
		v, err := strconv.Unquote(value)
		if err != nil {
			v = value
		}
		switch key {
		case "start":
			start = v
		case "words":
			words = v
		}
	}
	if start == "" || words == "" {
		tb.Fatalf("examples: titan-an32.yaml: %s has no start and words", device)
	}
	return start, words
}
