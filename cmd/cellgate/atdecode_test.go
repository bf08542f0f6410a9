package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// runCaptured runs cellgate with args and input, returning its stdout.
func runCaptured(t *testing.T, input string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	oldIn, oldOut := stdin, stdout
	stdin, stdout = strings.NewReader(input), &out
	defer func() { stdin, stdout = oldIn, oldOut }()
	err := run(args)
	return out.String(), err
}

func decodeLines(t *testing.T, out string) []decoded {
	t.Helper()
	var res []decoded
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var d decoded
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("output is not JSON lines: %v\n%s", err, out)
		}
		res = append(res, d)
	}
	return res
}

func TestATDecodeArgs(t *testing.T) {
	out, err := runCaptured(t, "", "at", "decode", `+CSQ: 28,99`, `AT+CPSMS=1,,,"01001110","00000101"`)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeLines(t, out)
	if len(got) != 2 || got[0].Type != "+CSQ" || got[1].Type != "+CPSMS" || got[0].Error != "" || got[1].Error != "" {
		t.Fatalf("output:\n%s", out)
	}
	if v := got[0].Value.(map[string]any); v["rssi_dbm"] != -57.0 || v["bars"] != 5.0 {
		t.Errorf("+CSQ value %v", v)
	}
	if v := got[1].Value.(map[string]any); v["tau"] != "140h0m0s" || v["active"] != "10s" {
		t.Errorf("+CPSMS value %v", v)
	}

	out, err = runCaptured(t, "", "at", "decode", "+CREG: 2,x", "+CSQ: 11,99")
	if !errors.Is(err, errSilent) {
		t.Errorf("a line that does not decode must fail the run: %v", err)
	}
	got = decodeLines(t, out)
	if len(got) != 2 || got[0].Error != `gsm: +CREG: bad <stat> "x" in "+CREG: 2,x"` || got[0].Value != nil || got[1].Error != "" {
		t.Errorf("output:\n%s", out)
	}
}

func TestATDecodeLog(t *testing.T) {
	// A trace as cellgate at --trace writes it, and lines from other logs.
	log := strings.Join([]string{
		`2026-11-24T15:58:07.767001Z > "AT+CSQ\r"`,
		`2026-11-24T15:58:07.767300Z < "AT+CSQ"`,
		`2026-11-24T15:58:07.767624Z < "+CSQ: 11,99"`,
		`2026-11-24T15:58:07.767700Z < "OK"`,
		`2026-11-24T15:58:08.000000Z # port reopened`,
		`2026-11-24T15:58:08.100000Z < [overlong line: 9000 bytes dropped]`,
		`2026-11-24T15:58:08.200000Z < "> "`,
		``,
		`AT+CEREG?`,
		`+CEREG: 4,1,"0001","01A2D001",7,,,"00000101","01001110"`,
		`OK`,
		`[2020-04-18 23:37:39] ^HCSQ: "LTE",57,56,113,24`,
		`15:58:09.123 +CME ERROR: 10`,
		"^NDISSTAT: 0,33,,IPV4\r",
		`RING`,
	}, "\n")
	out, err := runCaptured(t, log, "at", "decode")
	if err != nil {
		t.Fatal(err)
	}
	got := decodeLines(t, out)
	want := []struct{ line, typ string }{
		{"+CSQ: 11,99", "+CSQ"},
		{`+CEREG: 4,1,"0001","01A2D001",7,,,"00000101","01001110"`, "+CEREG"},
		{`^HCSQ: "LTE",57,56,113,24`, "^HCSQ"},
		{"+CME ERROR: 10", "+CME ERROR"},
		{"^NDISSTAT: 0,33,,IPV4", "^NDISSTAT"},
		{"RING", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out)
	}
	for i, w := range want {
		if got[i].Line != w.line || got[i].Type != w.typ {
			t.Errorf("line %d: %+v, want %q %q", i, got[i], w.line, w.typ)
		}
	}
	if got[5].Error == "" || got[0].Error != "" {
		t.Errorf("errors: %+v", got)
	}
	if v := got[3].Value.(map[string]any); v["text"] != "SIM not inserted" {
		t.Errorf("+CME ERROR value %v", v)
	}
}

func TestLogLine(t *testing.T) {
	for raw, want := range map[string]string{
		`2026-11-24T15:58:07.767624Z < "+CSQ: 11,99"`:   "+CSQ: 11,99",
		`2026-11-24T15:58:07.767624Z < "+CMT: ,23\r"`:   "+CMT: ,23",
		`2026-11-24 15:58:07 +CSQ: 11,99`:               "+CSQ: 11,99",
		`[15:58:07.123] "^JDET: \"JAMMED\""`:            `^JDET: "JAMMED"`,
		`+COPS: 0,0,"AT&T",7`:                           `+COPS: 0,0,"AT&T",7`,
		`2026-11-24T15:58:07.767624+01:00 < "+CREG: 1"`: "+CREG: 1",
	} {
		if got, ok := logLine(raw); !ok || got != want {
			t.Errorf("logLine(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	}
	for _, raw := range []string{"", "  ", "OK", "at+csq", `2026-11-24T15:58:07.767001Z > "AT+CSQ\r"`, `2026-11-24T15:58:07Z # opened /dev/ttyUSB2`, `< "> "`} {
		if got, ok := logLine(raw); ok {
			t.Errorf("logLine(%q) = %q, want it skipped", raw, got)
		}
	}
}
