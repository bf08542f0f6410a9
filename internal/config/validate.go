package config

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/atparam"
)

// validate checks every section of a completed Config.
func (k *checker) validate(c *Config) {
	k.gateway(c)
	k.modem(c)
	k.buses(c)
	k.records(c)
	k.spool(c)
	k.outputs(c)
	k.remoteAT(c)
	k.sms(c)
	k.watchdog(c)
	k.metricsAndLog(c)
}

// oneOf reports v unless it is one of allowed.
func (k *checker) oneOf(path, v string, allowed ...string) {
	if !slices.Contains(allowed, v) {
		k.errorf(path, "%q is not known; expected one of %s", v, strings.Join(allowed, ", "))
	}
}

// positive reports a duration that is 0 ("off"); example is a good value.
func (k *checker) positive(path string, d Duration, example string) {
	if d <= 0 {
		k.errorf(path, "must be more than 0; expected a duration such as %s", example)
	}
}

// baudRates are the standard serial rates.
var baudRates = []int{300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600}

func (k *checker) baud(path string, b int) {
	if !slices.Contains(baudRates, b) {
		k.errorf(path, "%d is not a standard baud rate; expected one of 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600", b)
	}
}

func (k *checker) gateway(c *Config) {
	g := c.Gateway
	if g.IMEI != "" && atparam.IMEI(g.IMEI) != "" {
		k.errorf("gateway.imei", "%q is not an IMEI; expected 15 digits", g.IMEI)
	}
	if g.IMEI == "" && !c.Modem.ModemEnabled() {
		k.errorf("gateway.imei", "missing; expected the 15-digit IMEI that topics and records use when the modem is disabled")
	}
}

func (k *checker) modem(c *Config) {
	m := c.Modem
	if !m.ModemEnabled() {
		return
	}
	if m.Port == "" {
		k.errorf("modem.port", "missing; expected the modem's AT port, such as /dev/ttyUSB2 (or enabled: false to run without a modem)")
	}
	k.baud("modem.baud", m.Baud)
	k.oneOf("modem.vendor", m.Vendor, "auto", "generic", "huawei", "quectel", "quectel-nb", "ublox")
	k.oneOf("modem.pdp_type", m.PDPType, "IP", "IPV6", "IPV4V6")
	if m.CID < 1 || m.CID > 16 {
		k.errorf("modem.cid", "%d is out of range; expected a PDP context id from 1 to 16", m.CID)
	}
	k.atValues(m)
	if m.Operator != "" && atparam.PLMN(m.Operator) != "" {
		k.errorf("modem.operator", "%q is not a PLMN; expected 5 or 6 digits (MCC and MNC) such as 26201, or \"\" for automatic", m.Operator)
	}
	for i, p := range m.Blacklist {
		if atparam.PLMN(p) != "" {
			k.errorf(fmt.Sprintf("modem.blacklist[%d]", i), "%q is not a PLMN; expected 5 or 6 digits (MCC and MNC) such as 26201", p)
		}
	}
	k.powerSaving(m)
	k.positive("modem.signal_interval", m.SignalInterval, "30s")
	k.positive("modem.check_interval", m.CheckInterval, "60s")
	if m.TraceMaxBytes < 4<<10 {
		k.errorf("modem.trace_max_bytes", "%v is too small; expected at least 4KiB, such as 1MiB", m.TraceMaxBytes)
	}
}

func (k *checker) records(c *Config) {
	r := c.Records
	k.oneOf("records.format", r.Format, "titan", "titan-json", "json")
	if _, err := time.LoadLocation(r.Timezone); err != nil {
		k.errorf("records.timezone", "%q is not a known time zone; expected UTC, Local or an IANA name such as Europe/Berlin", r.Timezone)
	}
}

func (k *checker) spool(c *Config) {
	s := c.Spool
	k.oneOf("spool.policy", s.Policy, "drop-oldest", "refuse")
	if s.MaxBytes < 64<<10 {
		k.errorf("spool.max_bytes", "%v is too small; expected at least 64KiB, such as 64MiB", s.MaxBytes)
	}
}

func (k *checker) metricsAndLog(c *Config) {
	if l := c.Metrics.Listen; l != "off" {
		probe := l
		if strings.HasSuffix(l, ":0") { // port 0 picks a free port (tests, the demo)
			probe = strings.TrimSuffix(l, "0") + "1"
		}
		if err := hostPort(probe, true); err != nil {
			k.errorf("metrics.listen", "%q: %v; expected HOST:PORT such as 127.0.0.1:9110, or off", l, err)
		}
	}
	k.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	k.oneOf("log.format", c.Log.Format, "text", "json")
}

// hostPort checks "host:port"; emptyHost allows ":9110" (every interface).
func hostPort(s string, emptyHost bool) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("not HOST:PORT")
	}
	if host == "" && !emptyHost {
		return fmt.Errorf("no host")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return nil
}
