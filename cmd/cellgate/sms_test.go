package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/simulator/modem"
)

func TestSMSDecodeSeed(t *testing.T) {
	// Guide 9.2.1's received UCS2 message.
	out, err := runOut(t, "sms", "decode", "0891683108608805F9040D91683115101245F70008215071611480230A77ED6D88606F6D4B8BD5")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err, out)
	}
	if v["type"] != "SMS-DELIVER" || v["text"] != "短消息测试" || v["alphabet"] != "UCS2" ||
		v["timestamp"] != "2012-05-17T16:41:08+08:00" || v["from"].(map[string]any)["number"] != "+8613510121547" {
		t.Errorf("decoded %s", out)
	}
	// the guide's SMS-SUBMIT: a host-to-network PDU
	out, err = runOut(t, "sms", "decode", "0891683108608805F911000B813109730137F10000FF07EDF27C1E3E9701")
	if err != nil || !strings.Contains(out, `"type":"SMS-SUBMIT"`) || !strings.Contains(out, `"text":"message"`) {
		t.Errorf("submit %s %v", out, err)
	}
	if _, err := runOut(t, "sms", "decode", "ZZ"); err == nil {
		t.Error("bad hex decoded")
	}
}

func TestSMSEncodeDecodeRoundTrip(t *testing.T) {
	text := strings.Repeat("Grüße aus Köln ", 12) // 180 characters: 2 parts
	out, err := runOut(t, "sms", "encode", "--to", "+491701234567", "--text", text, "--class", "1", "--status-report", "--ref", "7")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d parts:\n%s", len(lines), out)
	}
	var joined string
	for i, l := range lines {
		pdu, length, _ := strings.Cut(l, " ")
		if want := len(pdu)/2 - 1; length != itoa(want) {
			t.Errorf("part %d length %s, want %d", i, length, want)
		}
		dec, err := runOut(t, "sms", "decode", pdu)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Type                string `json:"type"`
			Class               int    `json:"class"`
			StatusReportRequest bool   `json:"status_report_request"`
			Text                string `json:"text"`
			UDH                 struct{ Reference, Parts, Sequence int }
		}
		if err := json.Unmarshal([]byte(dec), &v); err != nil {
			t.Fatal(err)
		}
		if v.Type != "SMS-SUBMIT" || v.Class != 1 || !v.StatusReportRequest || v.UDH.Reference != 7 || v.UDH.Parts != 2 || v.UDH.Sequence != i+1 {
			t.Errorf("part %d: %s", i, dec)
		}
		joined += v.Text
	}
	if joined != text {
		t.Errorf("text %q", joined)
	}
	if _, err := runOut(t, "sms", "encode", "--text", "x"); err == nil {
		t.Error("encode without --to")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestSMSOnModem(t *testing.T) {
	sim := startSim(t, modem.Config{})
	waitRegisteredSim(t, sim)
	if _, err := sim.InjectSMS("+491701234567", "stored one"); err != nil {
		t.Fatal(err)
	}
	out, err := runOut(t, "sms", "list", "--port", sim.TTY())
	if err != nil || !strings.Contains(out, `"index":0`) || !strings.Contains(out, `"text":"stored one"`) {
		t.Fatalf("list %s %v", out, err)
	}
	out, err = runOut(t, "sms", "read", "--port", sim.TTY(), "0")
	if err != nil || !strings.Contains(out, `"status":1`) {
		t.Fatalf("read %s %v", out, err)
	}
	if _, err := runOut(t, "sms", "delete", "--port", sim.TTY(), "0"); err != nil {
		t.Fatal(err)
	}
	if _, err := runOut(t, "sms", "read", "--port", sim.TTY(), "0"); err == nil {
		t.Error("read of a deleted message")
	}
	out, err = runOut(t, "sms", "send", "--port", sim.TTY(), "--to", "+491701234567", "--text", strings.Repeat("x", 200))
	if err != nil || !strings.Contains(out, "part 2 of 2: ref 2") {
		t.Fatalf("send %s %v", out, err)
	}
	if sent := sim.Sent(); len(sent) != 2 || sent[0].Text+sent[1].Text != strings.Repeat("x", 200) {
		t.Errorf("sent %+v", sent)
	}
}
