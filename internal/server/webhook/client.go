package webhook

import (
	"net"
	"net/http"
	"time"
)

// DefaultTimeout bounds one delivery attempt, from dialling to the
// response headers, when the Dispatcher is given none.
const DefaultTimeout = 10 * time.Second

// NewClient returns the HTTP client a Dispatcher should use: connections
// only to public addresses (loopback too with allowLoopback), checked at
// dial time after resolution; no proxy (a proxy would dial for us,
// unchecked); no redirects; each request bounded by timeout
// (DefaultTimeout when zero or less).
func NewClient(allowLoopback bool, timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{Timeout: timeout, Control: DialControl(allowLoopback)}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    timeout,
		ResponseHeaderTimeout:  timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: refuseRedirect}
}

// refuseRedirect makes the client hand back a 3xx response as it is.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
