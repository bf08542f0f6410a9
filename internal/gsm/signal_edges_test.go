package gsm

import "testing"

// The measurement indices of +CESQ (27.007 8.69) and ^HCSQ name ranges:
// index 0 is "below the lowest edge", index n the range whose lower edge is
// the n-th step. cellgate reports the lower edge of the range, the lowest
// range one step below its edge, as ModemManager does
// (mm_3gpp_rsrp_level_to_rsrp and its siblings), so that the numbers match
// the rest of the ecosystem.
func TestCESQIndicesAreLowerRangeEdges(t *testing.T) {
	t.Parallel()
	runSignal(t, "ParseCESQ", ParseCESQ, []signalTest{
		// rsrp: 0 < -140, 1 -140 <= rsrp < -139, 97 >= -44 (36.133 9.1.4).
		{"+CESQ: 99,99,255,255,255,0", `{"rat":"LTE","rsrp_dbm":-141,"bars":0}`},
		{"+CESQ: 99,99,255,255,255,1", `{"rat":"LTE","rsrp_dbm":-140,"bars":0}`},
		{"+CESQ: 99,99,255,255,255,97", `{"rat":"LTE","rsrp_dbm":-44,"bars":5}`},
		// rsrq: 0 < -19.5, 1 -19.5 <= rsrq < -19, 34 >= -3 (36.133 9.1.7).
		{"+CESQ: 99,99,255,255,0,255", `{"rat":"LTE","rsrq_db":-20,"bars":0}`},
		{"+CESQ: 99,99,255,255,1,255", `{"rat":"LTE","rsrq_db":-19.5,"bars":0}`},
		{"+CESQ: 99,99,255,255,34,255", `{"rat":"LTE","rsrq_db":-3,"bars":0}`},
		// rxlev: 0 < -110, 1 -110 <= rxlev < -109, 63 >= -48 (45.008 8.1.4).
		{"+CESQ: 0,99,255,255,255,255", `{"rat":"GSM","rssi_dbm":-111,"bars":1}`},
		{"+CESQ: 1,99,255,255,255,255", `{"rat":"GSM","rssi_dbm":-110,"bars":1}`},
		{"+CESQ: 63,99,255,255,255,255", `{"rat":"GSM","rssi_dbm":-48,"bars":5}`},
		// rscp: 0 < -120, 1 -120 <= rscp < -119, 96 >= -25 (25.133 9.1.1.3).
		{"+CESQ: 99,99,0,255,255,255", `{"rat":"WCDMA","rscp_dbm":-121,"bars":0}`},
		{"+CESQ: 99,99,1,255,255,255", `{"rat":"WCDMA","rscp_dbm":-120,"bars":0}`},
		{"+CESQ: 99,99,96,255,255,255", `{"rat":"WCDMA","rscp_dbm":-25,"bars":5}`},
		// ecno: 0 < -24, 1 -24 <= ecno < -23.5, 49 >= 0 (25.133 9.1.2.3).
		{"+CESQ: 99,99,255,0,255,255", `{"rat":"WCDMA","ecio_db":-24.5,"bars":0}`},
		{"+CESQ: 99,99,255,1,255,255", `{"rat":"WCDMA","ecio_db":-24,"bars":0}`},
		{"+CESQ: 99,99,255,49,255,255", `{"rat":"WCDMA","ecio_db":0,"bars":0}`},
		// ModemManager's own +CESQ example: rsrq 20, rsrp 80.
		{"+CESQ: 99,99,255,255,20,80", `{"rat":"LTE","rsrp_dbm":-61,"rsrq_db":-10,"bars":5}`},
		// NR: ss_rsrq 0 < -43, 1 -43 <= x < -42.5; ss_rsrp 0 < -156,
		// 1 -156 <= x < -155; ss_sinr 0 < -23, 1 -23 <= x < -22.5 (38.133 10.1).
		{"+CESQ: 99,99,255,255,255,255,0,0,0", `{"rat":"NR","rsrp_dbm":-157,"rsrq_db":-43.5,"sinr_db":-23.5,"bars":0}`},
		{"+CESQ: 99,99,255,255,255,255,1,1,1", `{"rat":"NR","rsrp_dbm":-156,"rsrq_db":-43,"sinr_db":-23,"bars":0}`},
		{"+CESQ: 99,99,255,255,255,255,127,127,127", `{"rat":"NR","rsrp_dbm":-30,"rsrq_db":20,"sinr_db":40,"bars":5}`},
	}, nil)
}

// ^HCSQ follows the Huawei mapping, each index a range with the same lower
// edge convention: rssi and rscp 0 < -120 dBm, 1 -120 <= x < -119; ecio
// 0 < -32 dB, 1 -32 <= x < -31.5; rsrp 0 < -140 dBm; sinr 0 < -20 dB,
// 1 -20 <= x < -19.8; rsrq 0 < -19.5 dB.
func TestHCSQIndicesAreLowerRangeEdges(t *testing.T) {
	t.Parallel()
	runSignal(t, "ParseHCSQ", ParseHCSQ, []signalTest{
		// The MU709 guide's example (2.3.1); the simulator makes it from -91 dBm.
		{`^HCSQ: "WCDMA",30,30,58`, `{"rat":"WCDMA","rssi_dbm":-91,"rscp_dbm":-91,"ecio_db":-3.5,"bars":3}`},
		{`^HCSQ: "WCDMA",0,0,0`, `{"rat":"WCDMA","rssi_dbm":-121,"rscp_dbm":-121,"ecio_db":-32.5,"bars":0}`},
		{`^HCSQ: "WCDMA",1,1,1`, `{"rat":"WCDMA","rssi_dbm":-120,"rscp_dbm":-120,"ecio_db":-32,"bars":0}`},
		{`^HCSQ: "WCDMA",96,96,65`, `{"rat":"WCDMA","rssi_dbm":-25,"rscp_dbm":-25,"ecio_db":0,"bars":5}`},
		{`^HCSQ: "LTE",0,0,0,0`, `{"rat":"LTE","rssi_dbm":-121,"rsrp_dbm":-141,"rsrq_db":-20,"sinr_db":-20.2,"bars":0}`},
		{`^HCSQ: "LTE",1,1,1,1`, `{"rat":"LTE","rssi_dbm":-120,"rsrp_dbm":-140,"rsrq_db":-19.5,"sinr_db":-20,"bars":0}`},
		{`^HCSQ: "LTE",96,97,251,34`, `{"rat":"LTE","rssi_dbm":-25,"rsrp_dbm":-44,"rsrq_db":-3,"sinr_db":30,"bars":5}`},
	}, nil)
}
