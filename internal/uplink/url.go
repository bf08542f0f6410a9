package uplink

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/cellgate/cellgate/internal/redact"
)

// scheme facts: whether it is TLS, whether it is WebSocket, default port.
var schemes = map[string]struct {
	tls, ws bool
	port    string
}{
	"tcp": {false, false, "1883"}, "mqtt": {false, false, "1883"},
	"ssl": {true, false, "8883"}, "tls": {true, false, "8883"}, "mqtts": {true, false, "8883"},
	"tcps": {true, false, "8883"}, "mqtt+ssl": {true, false, "8883"},
	"ws": {false, true, "80"}, "wss": {true, true, "443"},
}

// brokerURL is a parsed, normalised broker address.
type brokerURL struct {
	*url.URL
	tls, ws bool
}

// ParseBroker parses a broker URL as users write it ("ssl://host:8884",
// "tcp://10.0.0.1", "wss://host/mqtt") and adds the scheme's default port.
func ParseBroker(s string) (*url.URL, bool, error) {
	b, err := parseBroker(s)
	if err != nil {
		return nil, false, err
	}
	return b.URL, b.tls, nil
}

func parseBroker(s string) (brokerURL, error) {
	s = strings.TrimSpace(s)
	shown := redact.Command(s) // errors are printed and logged
	if s == "" {
		return brokerURL{}, fmt.Errorf("uplink: broker URL is empty")
	}
	if !strings.Contains(s, "://") {
		return brokerURL{}, fmt.Errorf("uplink: broker %q: missing scheme (tcp://, ssl://, mqtts://, ws://, wss://)", shown)
	}
	u, err := url.Parse(s)
	if err != nil {
		return brokerURL{}, fmt.Errorf("uplink: broker %q: %w", shown, parseError(err))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	sc, ok := schemes[u.Scheme]
	if !ok {
		return brokerURL{}, fmt.Errorf("uplink: broker %q: unknown scheme %q (tcp, mqtt, ssl, tls, mqtts, ws, wss)", shown, u.Scheme)
	}
	if u.Hostname() == "" {
		return brokerURL{}, fmt.Errorf("uplink: broker %q: missing host", shown)
	}
	if u.Port() == "" {
		u.Host = net.JoinHostPort(u.Hostname(), sc.port)
	}
	if !sc.ws && u.Path != "" && u.Path != "/" {
		return brokerURL{}, fmt.Errorf("uplink: broker %q: a path is only meaningful for ws:// and wss://", shown)
	}
	return brokerURL{URL: u, tls: sc.tls, ws: sc.ws}, nil
}

// parseError is what url.Parse found wrong, without the URL, which may
// carry a password.
func parseError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}
