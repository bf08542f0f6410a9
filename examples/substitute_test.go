package examples

import (
	"strings"
	"testing"
)

// A site whose target the example no longer holds is an error, not a
// configuration that silently keeps the example's value.
func TestSubstituteMissingTarget(t *testing.T) {
	t.Parallel()
	edited := strings.Replace(TitanAN32, "/dev/ttyUSB2", "/dev/ttyACM0", 1)
	if _, err := substitute(edited, AN32Site{ModemPort: "/dev/modem0"}); err == nil || !strings.Contains(err.Error(), "ttyUSB2") {
		t.Errorf("a missing modem port: %v", err)
	}
	if _, err := substitute(edited, AN32Site{RTUPort: "/dev/plc0"}); err != nil {
		t.Errorf("a target the edit kept: %v", err)
	}
	if _, err := substitute("modem:\n", AN32Site{PLC2TCP: "127.0.0.1:502"}); err == nil {
		t.Error("moved a PLC2 the text does not have")
	}
}
