package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPSMEncode(t *testing.T) {
	out, err := runCaptured(t, "", "psm", "encode", "--tau", "140h", "--active", "10s")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"01001110  140h0m0s\n", "00000101  10s\n", "AT+CPSMS=1,,,\"01001110\",\"00000101\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "nearest") {
		t.Errorf("exact values reported as rounded:\n%s", out)
	}

	// Values that must be rounded up say so.
	out, err = runCaptured(t, "", "psm", "encode", "--tau", "35h", "--active", "70s")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"01000100  40h0m0s  (nearest not shorter than 35h0m0s)", "00100010  2m0s  (nearest not shorter than 1m10s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	out, err = runCaptured(t, "", "psm", "encode", "--json", "--tau", "140h", "--active", "off")
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		T3412, T3324 timerValue
		Command      string
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if j.T3412.Bits != "01001110" || j.T3412.Value != "140h0m0s" || *j.T3412.Seconds != 504000 ||
		j.T3324.Bits != "11100000" || j.T3324.Value != "deactivated" || j.T3324.Seconds != nil ||
		j.Command != `AT+CPSMS=1,,,"01001110","11100000"` {
		t.Errorf("JSON %s", out)
	}

	out, err = runCaptured(t, "", "psm", "encode", "--tau", "24h")
	if err != nil || !strings.Contains(out, "AT+CPSMS=1,,,\"00111000\"\n") {
		t.Errorf("TAU only: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{"psm", "encode"}, {"psm", "encode", "--tau", "10000h"}, {"psm", "encode", "--active", "-1s"},
		{"psm", "encode", "--tau", "soon"}, {"psm", "encode", "--tau", "1h", "extra"}, {"psm", "bogus"},
	} {
		if _, err := runCaptured(t, "", args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

func TestPSMDecode(t *testing.T) {
	out, err := runCaptured(t, "", "psm", "decode", "01001110", "00000101")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "140h0m0s") || !strings.Contains(out, "10s") {
		t.Errorf("output:\n%s", out)
	}
	out, err = runCaptured(t, "", "psm", "decode", "01001110", "00000101", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"t3412":{"bits":"01001110","value":"140h0m0s","seconds":504000},"t3324":{"bits":"00000101","value":"10s","seconds":10}}` + "\n"; out != want {
		t.Errorf("JSON\n got %s\nwant %s", out, want)
	}
	out, err = runCaptured(t, "", "psm", "decode", "11100000")
	if err != nil || !strings.Contains(out, "deactivated") {
		t.Errorf("deactivated: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"psm", "decode"}, {"psm", "decode", "0100111"}, {"psm", "decode", "01001110", "2"}, {"psm", "decode", "1", "2", "3"}} {
		if _, err := runCaptured(t, "", args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
