package mqttaddr

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/cellgate/cellgate/internal/redact"
)

// schemes are the facts of each scheme: whether it is TLS, whether it is
// WebSocket, its default port.
var schemes = map[string]struct {
	tls, ws bool
	port    string
}{
	"tcp": {false, false, "1883"}, "mqtt": {false, false, "1883"},
	"ssl": {true, false, "8883"}, "tls": {true, false, "8883"}, "mqtts": {true, false, "8883"},
	"tcps": {true, false, "8883"}, "mqtt+ssl": {true, false, "8883"},
	"ws": {false, true, "80"}, "wss": {true, true, "443"},
}

// Broker is a parsed, normalised broker address.
type Broker struct {
	*url.URL
	TLS       bool // the scheme encrypts
	WebSocket bool // ws:// or wss://
}

// ParseBroker parses a broker URL as users write it ("ssl://host:8884",
// "tcp://10.0.0.1", "wss://host/mqtt") and adds the scheme's default port.
// Its errors never show a password the URL holds.
func ParseBroker(s string) (Broker, error) {
	s = strings.TrimSpace(s)
	shown := redact.Command(s) // errors are printed and logged
	if s == "" {
		return Broker{}, fmt.Errorf("broker URL is empty")
	}
	if !strings.Contains(s, "://") {
		return Broker{}, fmt.Errorf("broker %q: missing scheme (tcp://, ssl://, mqtts://, ws://, wss://)", shown)
	}
	u, err := url.Parse(s)
	if err != nil {
		return Broker{}, fmt.Errorf("broker %q: %w", shown, parseError(err))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	sc, ok := schemes[u.Scheme]
	if !ok {
		return Broker{}, fmt.Errorf("broker %q: unknown scheme %q (tcp, mqtt, ssl, tls, mqtts, ws, wss)", shown, u.Scheme)
	}
	if u.Hostname() == "" {
		return Broker{}, fmt.Errorf("broker %q: missing host", shown)
	}
	if u.Port() == "" {
		u.Host = net.JoinHostPort(u.Hostname(), sc.port)
	}
	if !sc.ws && u.Path != "" && u.Path != "/" {
		return Broker{}, fmt.Errorf("broker %q: a path is only meaningful for ws:// and wss://", shown)
	}
	return Broker{URL: u, TLS: sc.tls, WebSocket: sc.ws}, nil
}

// parseError is what url.Parse found wrong, without the URL, which may
// carry a password.
func parseError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}
