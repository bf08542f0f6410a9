package config

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/examples"
	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/serial"
)

func TestExampleParses(t *testing.T) {
	t.Parallel()
	c, err := load(t, Example())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Buses) != 1 || len(c.Buses[0].Devices) != 2 || c.Outputs.MQTT == nil {
		t.Errorf("example: %d buses, mqtt %v", len(c.Buses), c.Outputs.MQTT != nil)
	}
}

// TestExampleHasEveryKey checks that the example shows every key of every
// section (some in comments).
func TestExampleHasEveryKey(t *testing.T) {
	t.Parallel()
	ex := Example()
	var walk func(reflect.Type)
	walk = func(t2 reflect.Type) {
		switch t2.Kind() {
		case reflect.Pointer, reflect.Slice:
			walk(t2.Elem())
			return
		case reflect.Struct:
		default:
			return
		}
		if pt := reflect.PointerTo(t2); pt.Implements(nodeUnmarshalerType) || pt.Implements(textUnmarshalerType) {
			return // a leaf: one value in the file
		}
		for i := range t2.NumField() {
			f := t2.Field(i)
			tag := f.Tag.Get("yaml")
			if tag == "" || tag == "-" {
				continue
			}
			if !strings.Contains(ex, " "+tag+":") && !strings.Contains(ex, "\n"+tag+":") {
				t.Errorf("the example does not show %s.%s (%s)", t2.Name(), f.Name, tag)
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Config]())
}

func TestTitanAN32(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca, err := pki.NewCA("mosquitto.org")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "mosquitto.org.crt", string(ca.CertPEM))
	client, err := ca.Client("356938035643809")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.WriteFiles(dir, "client"); err != nil {
		t.Fatal(err)
	}
	c, err := Load(writeFile(t, dir, "titan-an32.yaml", examples.TitanAN32))
	if err != nil {
		t.Fatal(err)
	}

	if m := c.Modem; m.Port != "/dev/ttyUSB2" || m.Vendor != "auto" || m.APN != "em" || m.Baud != 115200 {
		t.Errorf("modem %+v", m)
	}
	if len(c.Buses) != 1 {
		t.Fatalf("%d buses", len(c.Buses))
	}
	b := c.Buses[0]
	if b.Name != "COM1" || b.TCP != nil || *b.RTU != (RTU{Port: "/dev/ttyS1", Baud: 9600, Format: serial.Format{DataBits: 8, Parity: 'N', StopBits: 1}, RS485: true}) {
		t.Errorf("bus %+v rtu %+v", b, b.RTU)
	}
	want := []struct {
		name     string
		id, unit int
		blocks   string
	}{
		{"PLC1", 1, 1, "[1+1 10+3 55+2 69+2 72+9 100+10 120+5 130+4 152+3 160+7 170+1]"},
		{"PLC2", 2, 2, "[10+5]"},
	}
	if len(b.Devices) != len(want) {
		t.Fatalf("%d devices", len(b.Devices))
	}
	for i, w := range want {
		d := b.Devices[i]
		blocks, err := d.TitanBlocks()
		if err != nil {
			t.Fatal(err)
		}
		if got := formatBlocks(blocks); d.Name != w.name || d.ID != w.id || d.Unit != w.unit || got != w.blocks {
			t.Errorf("device %d: %s id %d unit %d blocks %s; want %+v", i, d.Name, d.ID, d.Unit, got, w)
		}
		if d.Interval != 10*time.Minute || d.Function != collect.Holding || len(d.Registers) != 0 {
			t.Errorf("device %s: interval %v function %s", d.Name, d.Interval, d.Function)
		}
	}
	if r := c.Records; r.Format != "titan" || r.P != "12345678" || r.Timezone != "UTC" {
		t.Errorf("records %+v", r)
	}
	q := c.Outputs.MQTT
	if q == nil || c.Outputs.HTTPS != nil {
		t.Fatalf("outputs %+v", c.Outputs)
	}
	if q.Broker != "ssl://test.mosquitto.org:8884" || q.Topic != "[IMEI]/logger" ||
		q.CA != filepath.Join(dir, "mosquitto.org.crt") || q.Cert != filepath.Join(dir, "client.crt") || q.Key != filepath.Join(dir, "client.key") {
		t.Errorf("mqtt %+v", q)
	}
	if r := c.RemoteAT; !r.Enabled || r.Topic != "[IMEI]/AT" || r.ResponseTopic != "[IMEI]/ATR" {
		t.Errorf("remote_at %+v", r)
	}
}

func formatBlocks(rs []modbus.Range) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = fmt.Sprintf("%d+%d", r.Start, r.Count)
	}
	return "[" + strings.Join(s, " ") + "]"
}
