package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/config"
)

// consoleRig starts a gateway with the SMS console, remote AT enabled or
// not, at rate (remote_at.rate).
func consoleRig(t *testing.T, enabled bool, rate string) *rig {
	t.Helper()
	r := newRig(t, rigOptions{extra: consoleYAML("s3cret")})
	cfg := r.loadConfig()
	cfg.RemoteAT.Enabled = enabled
	cfg.RemoteAT.Rate = rate
	r.startWith(cfg)
	r.eventually(20*time.Second, "the modem online", r.modemOnline)
	return r
}

// ask sends the technician's console command and waits for the reply.
func (r *rig) ask(text string) string {
	r.t.Helper()
	return r.askWith("s3cret", text)
}

// With remote_at.enabled false the console's "at" runs nothing.
func TestConsoleATRefusedWhileRemoteATDisabled(t *testing.T) {
	t.Parallel()
	r := consoleRig(t, false, "")
	if got := r.ask("at AT+CSQ"); !strings.Contains(got, "remote AT is disabled") || strings.Contains(got, "+CSQ:") {
		t.Errorf("at AT+CSQ with remote AT disabled: reply %q", got)
	}
	if got := r.ask("status"); !strings.HasPrefix(got, "op:") {
		t.Errorf("status after the refusal: %q", got)
	}
}

// The console's "at" counts against remote_at.rate, per sender, and its
// commands pass the policy command by command.
func TestConsoleATRateLimited(t *testing.T) {
	t.Parallel()
	r := consoleRig(t, true, "2/1h")
	if got := r.ask("at ATV0+CSQ?"); !strings.Contains(got, "refused") || !strings.Contains(got, "ATV0") {
		t.Errorf("at ATV0+CSQ?: reply %q", got)
	}
	// Three texts: the same text from the same sender within one second
	// of service centre time is one request (the console's journal).
	for i, text := range []string{"at AT+CSQ", "AT AT+CSQ"} {
		if got := r.ask(text); !strings.Contains(got, "+CSQ:") {
			t.Fatalf("at AT+CSQ #%d within the rate: reply %q", i+1, got)
		}
	}
	if got := r.ask("At AT+CSQ"); !strings.Contains(got, "too many") || strings.Contains(got, "+CSQ:") {
		t.Errorf("at AT+CSQ over the rate: reply %q", got)
	}
}

// MQTT remote AT and the console's "at" get one limiter; a new rate, after
// a reload, a new one.
func TestRemoteATLimiterShared(t *testing.T) {
	t.Parallel()
	var p atLimits
	_, mqtt, err := p.policy(config.RemoteAT{Rate: "10/1m"})
	if err != nil {
		t.Fatal(err)
	}
	_, sms, err := p.policy(config.RemoteAT{Rate: "10/1m", Allow: []string{"ATE0"}})
	if err != nil {
		t.Fatal(err)
	}
	if mqtt != sms {
		t.Error("two limiters for one rate")
	}
	_, other, err := p.policy(config.RemoteAT{Rate: "5/1m"})
	if err != nil {
		t.Fatal(err)
	}
	if other == mqtt || other.N != 5 {
		t.Errorf("rate 5/1m: limiter %d per %v, the same: %v", other.N, other.Per, other == mqtt)
	}
	if _, _, err := p.policy(config.RemoteAT{Rate: "often"}); err == nil {
		t.Error("bad rate accepted")
	}
}
