package examples_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cellgate/cellgate/examples"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/pki"
)

// The embedded file is the example on disk.
func TestTitanAN32IsTheFile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("titan-an32.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != examples.TitanAN32 {
		t.Error("the embedded example differs from titan-an32.yaml")
	}
	y, err := examples.AN32(examples.AN32Site{})
	if err != nil || y != examples.TitanAN32 {
		t.Errorf("an empty site changed the example (%v)", err)
	}
}

// Every field of a site lands where it belongs and the result loads.
func TestAN32Site(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca, err := pki.NewCA("test CA")
	if err != nil {
		t.Fatal(err)
	}
	caFile, err := ca.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := ca.Client("357299070082380")
	if err != nil {
		t.Fatal(err)
	}
	cert, key, err := cl.WriteFiles(dir, "device")
	if err != nil {
		t.Fatal(err)
	}
	y, err := examples.AN32(examples.AN32Site{
		ModemPort: "/dev/modem0", RTUPort: "/dev/plc0", Broker: "127.0.0.1:8883",
		CA: caFile, Cert: cert, Key: key, Interval: "1s", P: "87654321",
		PLC2TCP: "127.0.0.1:5020",
		Modem:   "pin: \"1234\"\nsignal_interval: 5s", Records: "seq: true", MQTT: "keep_alive: 5s",
		Extra: "gateway:\n  status_interval: 3s\nmetrics:\n  listen: 127.0.0.1:0",
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "cellgate.yaml")
	if err := os.WriteFile(path, []byte(y), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	if c.Modem.Port != "/dev/modem0" || c.Modem.APN != "em" || c.Modem.PIN.Reveal() != "1234" || c.Modem.SignalInterval.D() != 5*time.Second {
		t.Errorf("modem %+v", c.Modem)
	}
	if len(c.Buses) != 2 || c.Buses[0].RTU == nil || c.Buses[0].RTU.Port != "/dev/plc0" || len(c.Buses[0].Devices) != 1 ||
		c.Buses[1].Name != "ETH" || c.Buses[1].TCP == nil || c.Buses[1].TCP.Address != "127.0.0.1:5020" ||
		len(c.Buses[1].Devices) != 1 || c.Buses[1].Devices[0].Name != "PLC2" {
		t.Fatalf("buses %+v", c.Buses)
	}
	for _, b := range c.Buses {
		if d := b.Devices[0]; d.Interval != time.Second {
			t.Errorf("%s interval %v", d.Name, d.Interval)
		}
	}
	if r := c.Records; r.P != "87654321" || !r.Seq || r.Format != "titan" {
		t.Errorf("records %+v", r)
	}
	q := c.Outputs.MQTT
	if q.Broker != "ssl://127.0.0.1:8883" || q.CA != caFile || q.Cert != cert || q.Key != key || q.KeepAlive.D() != 5*time.Second {
		t.Errorf("mqtt %+v", q)
	}
	if c.Gateway.StatusInterval.D() != 3*time.Second || c.Metrics.Listen != "127.0.0.1:0" {
		t.Errorf("gateway %+v metrics %+v", c.Gateway, c.Metrics)
	}
}
