package testkit

import (
	"testing"

	"github.com/cellgate/cellgate/examples"
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
