package config

import (
	"time"

	"github.com/cellgate/cellgate/internal/collect"
	"github.com/cellgate/cellgate/internal/serial"
)

// Config is a whole cellgate configuration file. After Load, every default
// is filled in, every secret read from its file and every path made absolute
// relative to the configuration file's directory.
type Config struct {
	// Path is the file it was loaded from (not a YAML key).
	Path string `yaml:"-"`
	// Warnings are what is accepted but unsafe: an unencrypted broker
	// that is not on this host, files that others may read or change.
	// Each names the file, line and field like an Error (not a YAML key).
	Warnings ErrorList `yaml:"-"`

	Gateway  Gateway  `yaml:"gateway"`
	Modem    Modem    `yaml:"modem"`
	Buses    []Bus    `yaml:"buses"`
	Records  Records  `yaml:"records"`
	Spool    Spool    `yaml:"spool"`
	Outputs  Outputs  `yaml:"outputs"`
	RemoteAT RemoteAT `yaml:"remote_at"`
	SMS      SMS      `yaml:"sms"`
	Watchdog Watchdog `yaml:"watchdog"`
	Metrics  Metrics  `yaml:"metrics"`
	Log      Log      `yaml:"log"`
}

// Gateway is the router itself.
type Gateway struct {
	// IMEI overrides the modem's IMEI in topics and records ("" reads it
	// from the modem, or from the state directory until the modem answers).
	IMEI string `yaml:"imei"`
	// StateDir holds the spool, sequence numbers and settings
	// (default /var/lib/cellgate).
	StateDir string `yaml:"state_dir"`
	// StatusInterval is how often modem status and signal are recorded and
	// published (default 10m; 0 with "off").
	StatusInterval Duration `yaml:"status_interval"`
}

// Modem is the cellular module and what it is asked to achieve.
type Modem struct {
	// Enabled is false to run without a modem (fixed WAN); default true.
	Enabled *bool `yaml:"enabled"`
	// Port is the AT port ("/dev/ttyUSB2"); Baud 115200 by default.
	Port        string `yaml:"port"`
	Baud        int    `yaml:"baud"`
	FlowControl bool   `yaml:"flow_control"`
	// Vendor forces a driver: auto (default), generic, huawei, quectel,
	// quectel-nb, ublox.
	Vendor    string   `yaml:"vendor"`
	PIN       Secret   `yaml:"pin"`
	APN       string   `yaml:"apn"`
	User      string   `yaml:"user"`
	Password  Secret   `yaml:"password"`
	PDPType   string   `yaml:"pdp_type"` // IP (default), IPV6, IPV4V6
	CID       int      `yaml:"cid"`      // 1
	Roaming   bool     `yaml:"roaming"`
	Operator  string   `yaml:"operator"` // PLMN "26201"; "" automatic
	Blacklist []string `yaml:"blacklist"`
	NoData    bool     `yaml:"no_data"`
	PSM       *PSM     `yaml:"psm"`
	EDRX      *EDRX    `yaml:"edrx"`
	// SignalInterval (30s) and CheckInterval (60s) are the polling periods.
	SignalInterval Duration `yaml:"signal_interval"`
	CheckInterval  Duration `yaml:"check_interval"`
	// Trace names a file that receives the raw AT traffic ("" none);
	// TraceMaxBytes (1MiB) caps it, the previous part kept as Trace.1.
	Trace         string `yaml:"trace"`
	TraceMaxBytes Size   `yaml:"trace_max_bytes"`
}

// ModemEnabled reports whether a modem is configured.
func (m Modem) ModemEnabled() bool { return m.Enabled == nil || *m.Enabled }

// PSM requests power saving mode timers.
type PSM struct {
	TAU    Duration `yaml:"tau"`    // periodic TAU (T3412 extended)
	Active Duration `yaml:"active"` // active time (T3324)
}

// EDRX requests an eDRX cycle.
type EDRX struct {
	RAT   string   `yaml:"rat"` // ltem or nbiot
	Cycle Duration `yaml:"cycle"`
}

// Bus is one Modbus bus: a serial line (RTU) or a TCP connection.
type Bus struct {
	Name string `yaml:"name"`
	// Exactly one of RTU and TCP is set.
	RTU *RTU `yaml:"rtu"`
	TCP *TCP `yaml:"tcp"`
	// Timeout per attempt (1s) and Retries after a timeout or CRC error (1).
	Timeout Duration `yaml:"timeout"`
	Retries *int     `yaml:"retries"`
	// Devices are polled on a schedule. After Load each has its id
	// (default its position in the file, counting from 1 over all buses),
	// its timeout and its retries (the bus's when not given).
	Devices []collect.Device `yaml:"devices"`
}

// RTU is a serial line.
type RTU struct {
	Port   string        `yaml:"port"`   // "/dev/ttyS1"
	Baud   int           `yaml:"baud"`   // 9600
	Format serial.Format `yaml:"format"` // data bits, parity, stop bits: "8N1" (default)
	RS485  bool          `yaml:"rs485"`  // documentation of the wiring; the kernel driver switches direction
}

// TCP is a Modbus TCP server.
type TCP struct {
	Address string `yaml:"address"` // "10.0.0.5:502"; the port defaults to 502
}

// Records says how readings are written.
type Records struct {
	// Format: titan (default; the Titan logger line), titan-json (the same
	// fields as strict JSON) or json (cellgate's typed records).
	Format string `yaml:"format"`
	// P is the Titan "P" field (configured ID).
	P string `yaml:"p"`
	// Seq adds a SEQ field to Titan records.
	Seq bool `yaml:"seq"`
	// Timezone of Titan TS fields: "UTC" (default), "Local" or an IANA name.
	Timezone string `yaml:"timezone"`
}

// Spool is the on-disk queue of readings.
type Spool struct {
	Dir      string   `yaml:"dir"`       // default <state_dir>/spool
	MaxBytes Size     `yaml:"max_bytes"` // 64MiB
	MaxAge   Duration `yaml:"max_age"`   // 0: keep regardless of age
	Policy   string   `yaml:"policy"`    // drop-oldest (default) or refuse
	// SyncDelay is the group-commit window (0).
	SyncDelay Duration `yaml:"sync_delay"`
}

// Outputs are where readings go; at least one is configured.
type Outputs struct {
	MQTT  *MQTT  `yaml:"mqtt"`
	HTTPS *HTTPS `yaml:"https"`
}

// MQTT is the MQTT broker.
type MQTT struct {
	Broker     string `yaml:"broker"` // "ssl://host:8884", "tcp://...", "wss://..."
	ClientID   string `yaml:"client_id"`
	Username   string `yaml:"username"`
	Password   Secret `yaml:"password"`
	CA         string `yaml:"ca"`   // PEM file
	Cert       string `yaml:"cert"` // client certificate, PEM file
	Key        string `yaml:"key"`  // client key, PEM file
	ServerName string `yaml:"server_name"`
	// Topic is the logger topic ("[IMEI]/logger"); StatusTopic and
	// EventsTopic as in the wire contract.
	Topic       string   `yaml:"topic"`
	StatusTopic string   `yaml:"status_topic"`
	EventsTopic string   `yaml:"events_topic"`
	InFlight    int      `yaml:"in_flight"`  // 32
	KeepAlive   Duration `yaml:"keep_alive"` // 30s
}

// HTTPS is an HTTPS endpoint that takes batches of records.
type HTTPS struct {
	URL        string            `yaml:"url"`
	CA         string            `yaml:"ca"`
	Cert       string            `yaml:"cert"`
	Key        string            `yaml:"key"`
	ServerName string            `yaml:"server_name"`
	Headers    map[string]string `yaml:"headers"`
	Batch      int               `yaml:"batch"`  // 100
	Format     string            `yaml:"format"` // ndjson (default) or json-array
	Timeout    Duration          `yaml:"timeout"`
}

// RemoteAT runs AT commands that arrive over MQTT.
type RemoteAT struct {
	Enabled       bool     `yaml:"enabled"`
	Topic         string   `yaml:"topic"`          // "[IMEI]/AT"
	ResponseTopic string   `yaml:"response_topic"` // "[IMEI]/ATR"
	Allow         []string `yaml:"allow"`          // commands allowed beyond queries (atpolicy.Policy)
	Deny          []string `yaml:"deny"`
	// Rate is at most N commands per period: "10/1m" (default).
	Rate    string   `yaml:"rate"`
	JSON    bool     `yaml:"json"`
	Timeout Duration `yaml:"timeout"` // per command, never shorter than the AT engine's own; 0: the engine's own
}

// SMS is the SMS service and its console.
type SMS struct {
	Enabled bool    `yaml:"enabled"`
	SMSC    string  `yaml:"smsc"`
	Storage string  `yaml:"storage"` // SM (default), ME
	Console Console `yaml:"console"`
}

// Console takes configuration by SMS.
type Console struct {
	Password       Secret   `yaml:"password"` // 4 characters or more; "" disables the console
	Allowed        []string `yaml:"allowed"`
	DefaultCountry string   `yaml:"default_country"`
}

// Watchdog configures the three watched layers.
type Watchdog struct {
	Modem       ModemWatch       `yaml:"modem"`
	Network     NetworkWatch     `yaml:"network"`
	Application ApplicationWatch `yaml:"application"`
}

// ModemWatch pings the module with AT and escalates: reopen the port →
// AT+CFUN=1,1 → power cycle → reboot.
type ModemWatch struct {
	Enabled  *bool    `yaml:"enabled"`  // default true
	Interval Duration `yaml:"interval"` // between pings: 60s
	Timeout  Duration `yaml:"timeout"`  // per ping: 5s
	Failures int      `yaml:"failures"` // failed pings before an action: 3
	Backoff  Duration `yaml:"backoff"`  // after an action before the next may run: 2m
	// PowerCycle is a command run with /bin/sh -c, or "gpio:N" / "gpio:N:active-low"
	// to pulse a GPIO line; "" skips the step. Reboot likewise ("" skips).
	PowerCycle string `yaml:"power_cycle"`
	Reboot     string `yaml:"reboot"`
}

// NetworkWatch checks registration, the bearer and reachability.
type NetworkWatch struct {
	Enabled  *bool    `yaml:"enabled"`
	Interval Duration `yaml:"interval"` // 60s
	// Host is checked for reachability: "tcp:host:port", "icmp:host", or
	// "" for the MQTT broker over TCP.
	Host     string   `yaml:"host"`
	Timeout  Duration `yaml:"timeout"`  // 10s
	Failures int      `yaml:"failures"` // 3
	Backoff  Duration `yaml:"backoff"`  // 5m
	// Unregistered is how long the module may stay unregistered before the
	// modem is reset (10m).
	Unregistered Duration `yaml:"unregistered"`
}

// ApplicationWatch checks that the uplink delivers.
type ApplicationWatch struct {
	Enabled  *bool    `yaml:"enabled"`
	Interval Duration `yaml:"interval"` // 60s
	// Stall is how long the uplink may stay disconnected, or connected
	// without acknowledgements while records wait, before it is restarted (10m).
	Stall Duration `yaml:"stall"`
	// Backlog is how long the spool backlog may grow without shrinking
	// before it is reported and the uplink restarted (1h).
	Backlog Duration `yaml:"backlog"`
	Backoff Duration `yaml:"backoff"` // 10m
}

// Metrics is the local HTTP listener: /metrics (Prometheus), /status (JSON).
type Metrics struct {
	Listen string `yaml:"listen"` // "127.0.0.1:9110" (default); "off" disables it
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info (default), warn, error
	Format string `yaml:"format"` // text (default) or json
}

// Duration is a time.Duration written "10m", "1h30m", "500ms" (or "off": 0).
type Duration time.Duration

// Size is a byte count written "64MiB", "512KiB", "10MB" or a plain number.
type Size int64

// Secret is a value given inline or read from a file: either
// "pin: 1234" or "pin: {file: /etc/cellgate/pin}". After Load, Value holds
// it (a file's trailing newline and blanks removed) and File is absolute.
// Printed, logged or marshalled it shows only "***".
type Secret struct {
	Value string
	File  string
}
