package console

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The console refuses, before the backend sees it, any value the AT
// parameter rules refuse, and the reply says what is wrong.
func TestSetRefusesValuesTheATRulesRefuse(t *testing.T) {
	t.Parallel()
	tests := []struct{ cmd, reply string }{
		{"set modem.apn=em\rAT+CFUN=0\rAT", "refused: line break in command"},
		{"set modem.apn=em-", "refused: modem.apn: a label must begin and end with a letter or digit"},
		{"set modem.apn=-em", "refused: modem.apn: a label must begin and end with a letter or digit"},
		{"set modem.apn=internet.gprs", `refused: modem.apn: must not end in ".gprs" unless followed by the operator part mnc<MNC>.mcc<MCC>.gprs`},
		{"apn=rac1.example;usr=u;pwd=p", `refused: modem.apn: must not start with "rac" (reserved by 3GPP TS 23.003 9.1.1)`},
		{"set modem.pin=123456789", "refused: modem.pin: not a PIN; expected 4 to 8 digits"},
		{"set modem.operator=2620x", "refused: modem.operator: not a PLMN; expected 5 or 6 digits (MCC and MNC) such as 26201"},
		{"set modem.roaming=maybe", "refused: modem.roaming: must be true or false"},
		{"set modem.apn=em;nope.key=1", "refused: nope.key: unknown key"},
	}
	for _, tt := range tests {
		r := newRig(t, Config{})
		res := r.send("+491701234567", testPassword+" "+tt.cmd)
		if res.Reply != tt.reply {
			t.Errorf("%q: reply %q, want %q", tt.cmd, res.Reply, tt.reply)
		}
		if calls := r.b.Calls(); len(calls) != 0 {
			t.Errorf("%q: backend called: %q", tt.cmd, calls)
		}
	}
	// Real APNs pass.
	for _, apn := range []string{"em", "TM", "internet.t-mobile", "iot.1nce.net", "internet.mnc001.mcc262.gprs"} {
		r := newRig(t, Config{})
		if res := r.send("+491701234567", testPassword+" set modem.apn="+apn); res.Reply != "set modem.apn" {
			t.Errorf("%q: reply %q", apn, res.Reply)
		}
	}
}

// A stored value that no longer validates is set aside and reported, not
// applied and not fatal: the default stands in for it.
func TestOpenFileStoreSetsAsideInvalidStoredValues(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "settings.json")
	stored := `{"modem.apn":"em\rAT+CFUN=0\rAT","modem.pin":"12a4","modem.user":"fine","modem.roaming":"maybe"}`
	if err := os.WriteFile(path, []byte(stored), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := OpenFileStore(path, map[string]string{"modem.apn": "internet", "modem.roaming": "false"})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"modem.apn": "internet", "modem.pin": "", "modem.user": "fine", "modem.roaming": "false"} {
		if v, _ := s.Value(k); v != want {
			t.Errorf("%s = %q, want %q", k, v, want)
		}
	}
	var keys []string
	for _, e := range s.Rejected() {
		keys = append(keys, e.Key)
		if strings.Contains(e.Error(), "12a4") || strings.Contains(e.Error(), "CFUN") {
			t.Errorf("the report %q holds the value", e)
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"modem.apn", "modem.pin", "modem.roaming"}) {
		t.Errorf("rejected %q", keys)
	}
}

// The backend's note (the SIM's answer to a new PIN) is part of the reply.
func TestSetReplyCarriesTheBackendsNote(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{})
	r.b.setNote = "PIN verified by the SIM; 3 PIN tries left"
	if res := r.send("+491701234567", testPassword+" set modem.pin=4321"); res.Reply != "set modem.pin (PIN verified by the SIM; 3 PIN tries left)" {
		t.Errorf("reply %q", res.Reply)
	}
	r.noSecrets(t, "4321")
}
