package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEDRXEncode(t *testing.T) {
	out, err := runCaptured(t, "", "edrx", "encode", "--rat", "ltem", "--cycle", "143.36s", "--ptw", "10.24s")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1000      143.36s\n", "0111      10.24s\n", "AT+CEDRXS=1,4,\"1000\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// NB-IoT has no 61.44 s cycle: 60 s becomes 81.92 s.
	out, err = runCaptured(t, "", "edrx", "encode", "--rat", "nbiot", "--cycle", "60s", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var j edrxOutput
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if j.RAT != "NB-IoT" || j.AcT != 5 || j.Cycle.Bits != "0101" || j.Cycle.Value != "81.92s" || j.Cycle.Requested != "60s" ||
		j.PTW != nil || j.Command != `AT+CEDRXS=1,5,"0101"` {
		t.Errorf("JSON %s", out)
	}
	for _, args := range [][]string{
		{"edrx", "encode", "--cycle", "10s"}, {"edrx", "encode", "--rat", "gsm", "--cycle", "10s"},
		{"edrx", "encode", "--rat", "ltem"}, {"edrx", "encode", "--rat", "ltem", "--cycle", "3h"},
		{"edrx", "encode", "--rat", "ltem", "--cycle", "10s", "--ptw", "30s"}, {"edrx"},
	} {
		if _, err := runCaptured(t, "", args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

func TestEDRXDecode(t *testing.T) {
	out, err := runCaptured(t, "", "edrx", "decode", "--rat", "ltem", "1000", "0111")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "143.36s") || !strings.Contains(out, "10.24s") {
		t.Errorf("output:\n%s", out)
	}
	// The same bits mean other values on NB-IoT.
	out, err = runCaptured(t, "", "edrx", "decode", "0000", "0111", "--rat", "nbiot", "--json")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"rat":"NB-IoT","act":5,"cycle":{"bits":"0000","value":"20.48s","seconds":20.48},"ptw":{"bits":"0111","value":"20.48s","seconds":20.48}}` + "\n"
	if out != want {
		t.Errorf("JSON\n got %s\nwant %s", out, want)
	}
	for _, args := range [][]string{{"edrx", "decode", "1000"}, {"edrx", "decode", "--rat", "ltem"}, {"edrx", "decode", "--rat", "ltem", "10000"}, {"edrx", "decode", "--rat", "ltem", "1000", "011"}} {
		if _, err := runCaptured(t, "", args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
