package uplink

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/mqttaddr"
	"github.com/cellgate/cellgate/internal/retry"
)

// Defaults of the wire contract.
const (
	DefaultLoggerTopic = mqttaddr.DefaultLoggerTopic
	DefaultStatusTopic = mqttaddr.DefaultStatusTopic
	DefaultEventsTopic = mqttaddr.DefaultEventsTopic
	DefaultATTopic     = mqttaddr.DefaultATTopic
	DefaultATRTopic    = mqttaddr.DefaultATRTopic
	DefaultInFlight    = mqttaddr.DefaultInFlight
)

// Config configures a Publisher. Only Broker and IMEI are required.
type Config struct {
	Broker string // "ssl://broker.example.com:8884", "tcp://...", "wss://.../mqtt"
	IMEI   string // replaces [IMEI] in topics and is the default client id
	// Fields are further topic fields: {"SERIAL": "A1234"} for [SERIAL].
	Fields   map[string]string
	ClientID string // default: the IMEI; may be a template
	Username string
	Password string

	// TLS: PEM files; CAFile empty uses the system roots. ServerName
	// overrides the name expected in the broker's certificate (default: the
	// broker URL's host). TLSConfig, if set, is the base configuration.
	CAFile, CertFile, KeyFile string
	ServerName                string
	TLSConfig                 *tls.Config

	LoggerTopic, StatusTopic, EventsTopic string // templates; defaults above
	Online, Offline                       string // status payloads: "online", "offline"

	InFlight       int           // unacknowledged messages at most: 32
	KeepAlive      time.Duration // 30s
	ConnectTimeout time.Duration // 10s
	BackoffMin     time.Duration // 1s
	BackoffMax     time.Duration // 2m
	PollInterval   time.Duration // re-read the source this often without a notification: 5s

	// AT enables remote AT commands over MQTT when set.
	AT *ATConfig

	Logger *slog.Logger // nil: slog.Default()
}

func (c *Config) setDefaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&c.LoggerTopic, DefaultLoggerTopic)
	def(&c.StatusTopic, DefaultStatusTopic)
	def(&c.EventsTopic, DefaultEventsTopic)
	def(&c.Online, "online")
	def(&c.Offline, "offline")
	def(&c.ClientID, "[IMEI]")
	durs := []struct {
		d *time.Duration
		v time.Duration
	}{
		{&c.KeepAlive, 30 * time.Second}, {&c.ConnectTimeout, 10 * time.Second},
		{&c.BackoffMin, time.Second}, {&c.BackoffMax, 2 * time.Minute}, {&c.PollInterval, 5 * time.Second},
	}
	for _, d := range durs {
		if *d.d <= 0 {
			*d.d = d.v
		}
	}
	if c.InFlight <= 0 {
		c.InFlight = DefaultInFlight
	}
	if c.BackoffMax < c.BackoffMin {
		c.BackoffMax = c.BackoffMin
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// fields returns the topic fields: IMEI plus Config.Fields, upper-cased.
func (c *Config) fields() (map[string]string, error) {
	if c.IMEI == "" {
		return nil, errors.New("uplink: IMEI is required (topics and client id use it)")
	}
	f := map[string]string{"IMEI": c.IMEI}
	for k, v := range c.Fields {
		k = strings.ToUpper(strings.Trim(k, "[]"))
		if k == "IMEI" {
			return nil, fmt.Errorf("uplink: field IMEI comes from Config.IMEI")
		}
		f[k] = v
	}
	return f, nil
}

// topics holds the expanded topic names.
type topics struct {
	logger, status, events, at, atr, clientID string
}

func (c *Config) expand(f map[string]string) (topics, error) {
	var t topics
	var at, atr string
	if c.AT != nil {
		at, atr = c.AT.Topic, c.AT.ResponseTopic
		if at == "" {
			at = DefaultATTopic
		}
		if atr == "" {
			atr = DefaultATRTopic
		}
	}
	list := []struct {
		dst    *string
		tmpl   string
		filter bool
	}{
		{&t.logger, c.LoggerTopic, false}, {&t.status, c.StatusTopic, false},
		{&t.events, c.EventsTopic, false}, {&t.at, at, true}, {&t.atr, atr, false},
		{&t.clientID, c.ClientID, false},
	}
	for _, e := range list {
		if e.tmpl == "" {
			continue
		}
		v, err := Expand(e.tmpl, f)
		if err != nil {
			return t, err
		}
		if err := checkTopic(v, e.filter); err != nil {
			return t, err
		}
		*e.dst = v
	}
	if len(t.clientID) > 65535 {
		return t, errors.New("uplink: client id too long")
	}
	return t, nil
}

// reconnectBackoff is the wait between attempts to reach the broker or the
// HTTPS endpoint: doubling from lo up to hi, each wait drawn uniformly from
// [d/2, d] so that a fleet that lost its broker does not come back in
// lockstep.
func reconnectBackoff(lo, hi time.Duration) retry.Backoff {
	return retry.Backoff{Min: lo, Max: hi, Jitter: 0.5}
}
