package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/gateway"
	"github.com/cellgate/cellgate/internal/gsm"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/spool"
	"github.com/cellgate/cellgate/internal/uplink"
	"github.com/cellgate/cellgate/internal/watchdog"
)

func TestStatusPrintsTheDaemonsState(t *testing.T) {
	rsrp := -95.0
	st := gateway.Status{
		Version: "v1.0.0", Uptime: "1h0m0s", Config: "/etc/cellgate/cellgate.yaml", IMEI: "357044060009633",
		Modem: &modem.Status{
			State: modem.StateOnline, Manufacturer: "Huawei", Model: "MU709s-2", IMEI: "357044060009633",
			ICCID: "89490200001234567892", SIM: gsm.SIMState("READY"),
			Registration: modem.Registration{State: "registered, home network", Operator: "Telekom.de", PLMN: "26201", RAT: "LTE"},
			Signal:       gsm.Signal{Bars: 4, RSRP: &rsrp},
			Bearer:       modem.Bearer{Up: true, Method: modem.DataNDIS, IP: "100.64.10.2"},
		},
		ModemUp: true,
		Outputs: []gateway.OutputStatus{{Name: "mqtt", Connected: true, Spool: spool.Stats{Records: 3},
			MQTT: &uplink.Stats{Published: 10, Acked: 7}}},
		Devices:  map[string]collect.DeviceStats{"PLC1": {Polls: 5, Records: 5, LastPoll: time.Now()}},
		Watchdog: map[string]watchdog.LayerStats{"modem": {Healthy: true, Checks: 9, Actions: map[string]int{"reopen": 1}}},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/status" {
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(st)
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	var out strings.Builder
	stdout = &out
	defer func() { stdout = nil }()
	if err := run([]string{"status", "--addr", addr}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"IMEI       357044060009633",
		"modem      online · Huawei MU709s-2",
		"network    registered, home network · Telekom.de 26201 LTE",
		"signal     4/5 bars · RSRP -95 dBm",
		"data       up · ndis · IP 100.64.10.2",
		"output     mqtt connected · 3 waiting, 0 dropped · 10 published, 7 acknowledged",
		"device     PLC1 · 5 polls, 5 records, 0 errors",
		"watchdog   modem healthy · 9 checks, 0 failed · actions: reopen×1",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}

	out.Reset()
	if err := run([]string{"status", "--addr", addr, "--json"}); err != nil {
		t.Fatal(err)
	}
	var back gateway.Status
	if err := json.Unmarshal([]byte(out.String()), &back); err != nil || back.IMEI != st.IMEI {
		t.Errorf("--json: %v %+v", err, back)
	}
	if err := run([]string{"status", "--addr", "127.0.0.1:1"}); err == nil || !strings.Contains(err.Error(), "is cellgate running?") {
		t.Errorf("no daemon: %v", err)
	}
}
