package record

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRecordJSON(t *testing.T) {
	_, plc2 := an32Records()
	r := plc2.ToRecord(12)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"device":"357044060009633","seq":12,"ts":"2017-06-17T17:01:05Z","type":"modbus","source":"modbus:2","values":[{"name":"10","value":10,"raw":[10]},`
	if !strings.HasPrefix(string(b), want) {
		t.Errorf("got  %s\nwant %s...", b, want)
	}
	var back Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Device != r.Device || back.Seq != 12 || !back.TS.Equal(r.TS) || len(back.Values) != 5 || back.Values[4].Value != 0.0 || back.Values[0].Raw[0] != 10 {
		t.Errorf("round trip: %+v", back)
	}

	// Timestamps are written in UTC whatever their zone.
	paris := time.FixedZone("CEST", 2*3600)
	r2 := Record{Device: "1", Seq: 1, TS: time.Date(2017, 6, 17, 19, 1, 5, 0, paris), Type: "status"}
	b, _ = json.Marshal(r2)
	if !strings.Contains(string(b), `"ts":"2017-06-17T17:01:05Z"`) {
		t.Errorf("not UTC: %s", b)
	}

	for _, bad := range []Record{{Seq: 1, TS: r2.TS, Type: "x"}, {Device: "1", TS: r2.TS}, {Device: "1", Type: "x"}} {
		if _, err := json.Marshal(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v marshalled: %v", bad, err)
		}
	}
	if err := json.Unmarshal([]byte(`{"seq":1,"ts":"2017-06-17T17:01:05Z","type":"x"}`), &back); !errors.Is(err, ErrInvalid) {
		t.Errorf("record without device decoded: %v", err)
	}
}
