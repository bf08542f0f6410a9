package gateway

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/console"
	"github.com/cellgate/cellgate/internal/gsm"
	"github.com/cellgate/cellgate/internal/modem"
	"github.com/cellgate/cellgate/internal/smsgw"
)

// backend is what the SMS console drives.
type backend struct {
	p   *parts
	sms *smsgw.Service
}

var _ console.Backend = (*backend)(nil)

func (b *backend) Status(ctx context.Context) (console.Status, error) {
	s := b.p.mgr.Status()
	st := console.Status{
		Operator:     s.Registration.Operator,
		Registration: registration(s.Registration),
		IP:           s.Bearer.IP,
		SignalBars:   s.Signal.Bars,
		Uptime:       time.Since(b.p.g.started),
	}
	if st.Operator == "" {
		st.Operator = s.Registration.PLMN
	}
	if s.Signal.RSRP != nil {
		st.SignalDBm = s.Signal.RSRP
	} else {
		st.SignalDBm = s.Signal.RSSI
	}
	for _, o := range b.p.outs {
		st.Backlog = max(st.Backlog, int(o.sp.Stats().Records))
	}
	return st, nil
}

// registration is the registration in the console's words: home, roaming,
// searching, denied, or the state in words otherwise.
func registration(r modem.Registration) string {
	switch {
	case r.Stat.Registered() && r.Roaming:
		return "roaming"
	case r.Stat.Registered():
		return "home"
	case r.Stat == gsm.RegSearching:
		return "searching"
	case r.Stat == gsm.RegDenied:
		return "denied"
	}
	return r.State
}

func (b *backend) Get(key string) (string, error) { return b.p.settings.Get(key) }

// Set persists the changes; the gateway then restarts its parts on them. A
// PIN is first tried against the SIM (modem.Manager.CheckPIN) and the
// changes are stored only when the SIM confirmed it: a mistyped PIN is
// refused with the tries left instead of costing a try at the next start.
// The note gives the SIM's answer.
func (b *backend) Set(ctx context.Context, changes map[string]string) (string, error) {
	pin := changes["modem.pin"]
	if pin == "" {
		return "", b.p.settings.Set(ctx, changes)
	}
	if err := console.ValidateSetting("modem.pin", pin); err != nil {
		return "", err
	}
	if b.p.mgr == nil {
		return "", &console.SettingError{Key: "modem.pin", Problem: "no modem to check the PIN with; not stored"}
	}
	left, err := b.p.mgr.CheckPIN(ctx, pin)
	var pe *modem.PINCheckError
	switch {
	case errors.As(err, &pe):
		return "", &console.SettingError{Key: "modem.pin", Problem: pe.Error() + "; not stored"}
	case err != nil:
		return "", &console.SettingError{Key: "modem.pin", Problem: "the PIN cannot be checked with the SIM (" + err.Error() + "); not stored"}
	}
	note := "PIN verified by the SIM"
	if left >= 0 {
		note += fmt.Sprintf("; %d PIN tries left", left)
	}
	return note, b.p.settings.Set(ctx, changes)
}

func (b *backend) Connect(ctx context.Context) error { return b.p.mgr.Redial(ctx) }

func (b *backend) Factory(ctx context.Context) error { return b.p.settings.Reset(ctx) }

// Reboot runs the configured reboot command (watchdog.modem.reboot).
func (b *backend) Reboot(ctx context.Context) error {
	cmd := b.p.cfg.Watchdog.Modem.Reboot
	if cmd == "" || strings.HasPrefix(cmd, "gpio:") {
		return errors.New("no reboot command configured (watchdog.modem.reboot)")
	}
	b.p.event("sms", "reboot", "requested by SMS")
	return exec.CommandContext(ctx, "/bin/sh", "-c", cmd).Run()
}

// AT runs cmd as remote AT over MQTT would: only with remote_at.enabled,
// through the same policy, and within the same rate limiter, keyed by the
// SMS sender.
func (b *backend) AT(ctx context.Context, cmd string) (string, error) {
	r := b.p.cfg.RemoteAT
	if !r.Enabled {
		return "", errors.New("remote AT is disabled (remote_at.enabled: false)")
	}
	pol, lim, err := b.p.atPolicy(r)
	if err != nil {
		return "", err
	}
	line, err := pol.Prepare(cmd)
	if err != nil {
		return "", err
	}
	if err := lim.Allow("sms:" + console.SenderOf(ctx)); err != nil {
		return "", fmt.Errorf("too many AT commands (at most %d per %v), try again later", lim.N, lim.Per)
	}
	return modemRunner{b.p}.text(ctx, line)
}
