package at

import (
	"testing"
	"time"
)

// WithLongerTimeout lengthens a command's own timeout and never shortens it.
func TestWithLongerTimeoutNeverShortens(t *testing.T) {
	t.Parallel()
	e := New(nil, Config{Timeout: 20 * time.Second, Timeouts: map[string]time.Duration{"AT^SLOW": 90 * time.Second}})
	for _, tc := range []struct {
		cmd  string
		opts []Option
		want time.Duration
	}{
		{"AT+COPS=?", []Option{WithLongerTimeout(10 * time.Second)}, ScanTimeout},
		{"AT+CMGS=20", []Option{WithLongerTimeout(time.Second)}, SMSSendTimeout},
		{"AT^SLOW=1", []Option{WithLongerTimeout(time.Second)}, 90 * time.Second},
		{"AT+CSQ", []Option{WithLongerTimeout(time.Second)}, 20 * time.Second},
		{"AT+CSQ", []Option{WithLongerTimeout(5 * time.Minute)}, 5 * time.Minute},
		{"AT+COPS=?", []Option{WithLongerTimeout(5 * time.Minute)}, 5 * time.Minute},
		{"AT+COPS=?", []Option{WithTimeout(time.Second), WithLongerTimeout(3 * time.Second)}, 3 * time.Second},
		{"AT+COPS=?", []Option{WithLongerTimeout(3 * time.Second), WithTimeout(time.Second)}, 3 * time.Second},
		{"AT+COPS=?", []Option{WithLongerTimeout(0)}, ScanTimeout},
	} {
		if got := e.newRequest(t.Context(), tc.cmd, tc.opts).timeout; got != tc.want {
			t.Errorf("%s with %d options: timeout %v, want %v", tc.cmd, len(tc.opts), got, tc.want)
		}
	}
}
