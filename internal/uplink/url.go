package uplink

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/cellgate/cellgate/internal/mqttaddr"
)

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
	b, err := mqttaddr.ParseBroker(s)
	if err != nil {
		return brokerURL{}, fmt.Errorf("uplink: %w", err)
	}
	return brokerURL{URL: b.URL, tls: b.TLS, ws: b.WebSocket}, nil
}

// parseError is what url.Parse found wrong, without the URL, which may
// carry a password.
func parseError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}
