package atresult

import (
	"strings"
	"testing"
)

func TestErrorMeanings(t *testing.T) {
	t.Parallel()
	// The Quectel CMDMP note, chapter 3, tables 1 and 2.
	cme := map[int]string{3: "operation not allowed", 4: "operation not supported", 23: "memory failure",
		30: "no network service", 50: "incorrect parameters", 51: "command implemented but currently disabled",
		52: "command aborted by user", 159: "uplink busy/flow control"}
	for code, want := range cme {
		if got, _ := CMEMeaning(code); !strings.EqualFold(got, want) {
			t.Errorf("CME %d: %q, want %q", code, got, want)
		}
	}
	cms := map[int]string{300: "ME failure", 304: "invalid PDU mode parameter", 310: "SIM not inserted",
		316: "SIM PUK required", 321: "invalid memory index", 322: "memory full", 330: "SMSC address unknown",
		340: "no +CNMA acknowledgement expected", 500: "unknown error"}
	for code, want := range cms {
		if got, _ := CMSMeaning(code); !strings.EqualFold(got, want) {
			t.Errorf("CMS %d: %q, want %q", code, got, want)
		}
	}
	err := newCMEError("11")
	if err.Error() != "+CME ERROR: 11 (SIM PIN required)" {
		t.Errorf("message: %q", err.Error())
	}
}
