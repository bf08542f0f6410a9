package uplink

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"sync"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// attempt remembers the first network error of one connection attempt, so a
// TLS alert that arrives after the handshake (TLS 1.3 sends the broker's
// verdict on the client certificate late) is reported by name instead of as
// "EOF before CONNACK".
type attempt struct {
	mu      sync.Mutex
	err     error
	conn    net.Conn // the connection made, closed by abort
	aborted bool
}

func (a *attempt) note(err error) {
	a.mu.Lock()
	if a.err == nil {
		a.err = err
	}
	a.mu.Unlock()
}

func (a *attempt) get() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// use records the connection made; false (and the connection closed) when
// the attempt was aborted meanwhile.
func (a *attempt) use(c net.Conn) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.aborted {
		c.Close()
		return false
	}
	a.conn = c
	return true
}

// abort closes the attempt's connection, so that paho stops waiting for a
// CONNACK that may never come.
func (a *attempt) abort() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.aborted = true
	if a.conn != nil {
		a.conn.Close()
	}
}

type noteConn struct {
	net.Conn
	a *attempt
}

func (c noteConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if err != nil {
		c.a.note(err)
	}
	return n, err
}

// dial opens TCP or TLS connections for paho; ctx ending aborts the dial
// and the handshake.
func (p *Publisher) dial(ctx context.Context, a *attempt) paho.OpenConnectionFunc {
	return func(u *url.URL, _ paho.ClientOptions) (net.Conn, error) {
		d := net.Dialer{Timeout: p.cfg.ConnectTimeout}
		conn, err := d.DialContext(ctx, "tcp", u.Host)
		if err != nil {
			return nil, err
		}
		if !p.url.tls {
			if !a.use(conn) {
				return nil, context.Canceled
			}
			return conn, nil
		}
		tc := tls.Client(conn, p.tls)
		ctx, cancel := context.WithTimeout(ctx, p.cfg.ConnectTimeout)
		defer cancel()
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			if te := classifyTLS(u.Host, err); te != nil {
				a.note(te)
				return nil, te
			}
			return nil, err
		}
		if err := probeAlert(tc); err != nil {
			conn.Close()
			te := classifyTLS(u.Host, err)
			if te == nil { // reset before the alert could be read
				te = &TLSError{Kind: ErrBadCertificate, Broker: true, Addr: u.Host,
					Err: fmt.Errorf("connection closed right after the TLS 1.3 handshake (the broker's verdict on the client certificate): %w", err)}
			}
			a.note(te)
			return nil, te
		}
		if !a.use(tc) {
			return nil, context.Canceled
		}
		return noteConn{tc, a}, nil
	}
}

// alertProbe is how long a TLS 1.3 connection waits for the broker's verdict
// on the client certificate, which TLS 1.3 sends after the handshake.
const alertProbe = 250 * time.Millisecond

// probeAlert reads briefly after a TLS 1.3 handshake: a broker that refuses
// the client certificate sends its alert now, and reading it here names the
// failure instead of a "connection reset" on the CONNECT. A timeout means no
// alert; read timeouts leave a tls.Conn usable.
func probeAlert(tc *tls.Conn) error {
	if tc.ConnectionState().Version != tls.VersionTLS13 {
		return nil
	}
	tc.SetReadDeadline(time.Now().Add(alertProbe))
	defer tc.SetReadDeadline(time.Time{})
	// an MQTT broker sends nothing before CONNACK, so no byte is lost here
	var one [1]byte
	n, err := tc.Read(one[:])
	if n > 0 {
		return fmt.Errorf("uplink: broker sent data before CONNECT")
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return nil
	}
	return err
}

// connect makes one connection: CONNECT with the offline last will, the
// retained online status, and the AT subscription. lost receives the error
// when the connection later drops.
func (p *Publisher) connect(ctx context.Context) (paho.Client, <-chan error, error) {
	lost := make(chan error, 1)
	a := &attempt{}
	o := paho.NewClientOptions().
		AddBroker(p.url.String()).
		SetClientID(p.topics.clientID).
		SetUsername(p.cfg.Username).SetPassword(p.cfg.Password).
		SetCleanSession(true).
		SetAutoReconnect(false).
		SetConnectRetry(false).
		SetOrderMatters(false).
		SetKeepAlive(p.cfg.KeepAlive).
		SetPingTimeout(p.cfg.ConnectTimeout).
		SetConnectTimeout(p.cfg.ConnectTimeout).
		SetWriteTimeout(p.cfg.ConnectTimeout).
		SetBinaryWill(p.topics.status, []byte(p.cfg.Offline), 1, true).
		SetConnectionLostHandler(func(_ paho.Client, err error) {
			select {
			case lost <- err:
			default:
			}
		})
	if p.url.ws {
		o.SetTLSConfig(p.tls)
	} else {
		o.SetCustomOpenConnectionFn(p.dial(ctx, a))
	}
	c := paho.NewClient(o)
	tok := c.Connect()
	select {
	case <-tok.Done():
	case <-ctx.Done():
		a.abort()    // a broker that took the connection and does not answer
		<-tok.Done() // bounded by ConnectTimeout (websockets: paho dials)
		c.Disconnect(0)
		return nil, nil, ctx.Err()
	}
	if err := tok.Error(); err != nil {
		if te := classifyTLS(p.url.Host, a.get()); te != nil {
			return nil, nil, te
		}
		return nil, nil, fmt.Errorf("uplink: connect %s: %w", p.url.Redacted(), err)
	}
	if err := wait(ctx, c.Publish(p.topics.status, 1, true, p.cfg.Online), p.cfg.ConnectTimeout); err != nil {
		c.Disconnect(0)
		return nil, nil, fmt.Errorf("uplink: publish status: %w", err)
	}
	if p.cfg.AT != nil {
		if err := wait(ctx, c.Subscribe(p.topics.at, 1, p.onAT), p.cfg.ConnectTimeout); err != nil {
			c.Disconnect(0)
			return nil, nil, fmt.Errorf("uplink: subscribe %s: %w", p.topics.at, err)
		}
	}
	p.log.Info("uplink connected", "broker", p.url.Redacted(), "client", p.topics.clientID)
	return c, lost, nil
}

// wait waits for a token, ctx or timeout.
func wait(ctx context.Context, tok paho.Token, timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-tok.Done():
		return tok.Error()
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return fmt.Errorf("no answer within %v", timeout)
	}
}
