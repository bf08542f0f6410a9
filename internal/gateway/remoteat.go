package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/atpolicy"
	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/metrics"
	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/uplink"
)

// atLimits holds the one remote AT rate limiter that MQTT requests (keyed
// by topic) and the SMS console's "at" (keyed by sender) share. It outlives
// a reload; a new remote_at.rate starts a new limiter.
type atLimits struct {
	mu   sync.Mutex
	rate string
	lim  *atpolicy.Limiter
}

// limiter returns the limiter for rate ("10/1m").
func (a *atLimits) limiter(rate string) (*atpolicy.Limiter, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.lim != nil && a.rate == rate {
		return a.lim, nil
	}
	n, per, err := config.RateLimit(rate)
	if err != nil {
		return nil, err
	}
	a.rate, a.lim = rate, &atpolicy.Limiter{N: n, Per: per}
	return a.lim, nil
}

// policy turns remote_at into the policy and the shared limiter.
func (a *atLimits) policy(c config.RemoteAT) (*atpolicy.Policy, *atpolicy.Limiter, error) {
	lim, err := a.limiter(c.Rate)
	if err != nil {
		return nil, nil, err
	}
	return &atpolicy.Policy{Allow: c.Allow, Deny: c.Deny}, lim, nil
}

// remoteAT is remote AT as one configuration has it, for the MQTT output
// and the SMS console's "at" alike: one policy, one rate, one audit.
type remoteAT struct {
	cfg    config.RemoteAT
	limits *atLimits
	audits *eventBucket        // the rate of the audit events (the Gateway's)
	held   *metrics.CounterVec // events held back, by source
	rec    *recorder
}

// uplink is the MQTT publisher's remote AT on the modem.
func (r *remoteAT) uplink(m *modemUnit) (*uplink.ATConfig, error) {
	pol, lim, err := r.limits.policy(r.cfg)
	if err != nil {
		return nil, err
	}
	return &uplink.ATConfig{
		Runner: modemRunner{m}, Policy: pol, Limiter: lim,
		Topic: r.cfg.Topic, ResponseTopic: r.cfg.ResponseTopic, JSON: r.cfg.JSON, Timeout: r.cfg.Timeout.D(),
		Audit: r.audit,
	}, nil
}

// console runs cmd for the SMS console as remote AT over MQTT would: only
// with remote_at.enabled, through the same policy, and within the same rate
// limiter, keyed by sender.
func (r *remoteAT) console(ctx context.Context, m *modemUnit, sender, cmd string) (string, error) {
	if !r.cfg.Enabled {
		return "", errors.New("remote AT is disabled (remote_at.enabled: false)")
	}
	pol, lim, err := r.limits.policy(r.cfg)
	if err != nil {
		return "", err
	}
	line, err := pol.Prepare(cmd)
	if err != nil {
		return "", err
	}
	if err := lim.Allow("sms:" + sender); err != nil {
		return "", fmt.Errorf("too many AT commands (at most %d per %v), try again later", lim.N, lim.Per)
	}
	return modemRunner{m}.text(ctx, line)
}

// audit records a remote AT request as an event, within the rate of
// remoteATBurst and remoteATEvery, with its secrets masked.
func (r *remoteAT) audit(a uplink.ATAudit) {
	note, ok := admitEvent(r.audits, r.held, time.Now(), "remote-at", "requests")
	if !ok {
		return
	}
	cmd := redact.Command(a.Command)
	var detail string
	switch {
	case !a.Allowed:
		detail = fmt.Sprintf("%s refused: %s", cmd, redact.Command(a.Reason))
	case a.Err != nil:
		detail = fmt.Sprintf("%s failed: %s", cmd, redact.Command(a.Err.Error()))
	default:
		detail = fmt.Sprintf("%s → %s in %v", cmd, redact.Command(a.Final), a.Duration.Round(time.Millisecond))
	}
	r.rec.event("remote-at", "command", detail+note)
}

// modemRunner runs remote AT commands on the modem, failing at once while
// its port is not open.
type modemRunner struct{ m *modemUnit }

var errNoModem = errors.New("modem not available")

func (r modemRunner) Command(ctx context.Context, cmd string, opts ...at.Option) (*at.Response, error) {
	if !r.m.up.Load() || !r.m.eng.Available() {
		return nil, errNoModem
	}
	return r.m.eng.Command(ctx, cmd, opts...)
}

// text runs one command for the SMS console and renders its answer.
func (r modemRunner) text(ctx context.Context, cmd string) (string, error) {
	resp, err := r.Command(ctx, cmd)
	if resp == nil {
		return "", err
	}
	// The answer goes back by SMS: a password a read command shows
	// (AT^AUTHDATA?) is masked.
	out := strings.Join(append(redact.Response(resp.Lines), resp.Final), "\n")
	return strings.TrimSpace(out), err
}
