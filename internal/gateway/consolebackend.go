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
	"github.com/cellgate/cellgate/internal/record"
	"github.com/cellgate/cellgate/internal/redact"
	"github.com/cellgate/cellgate/internal/smsgw"
)

// backend is what the SMS console drives: the modem it runs on.
type backend struct {
	m   *modemUnit
	sms *smsgw.Service
}

var _ console.Backend = (*backend)(nil)

func (b *backend) Status(ctx context.Context) (console.Status, error) {
	s := b.m.mgr.Status()
	st := console.Status{
		Operator:     s.Registration.Operator,
		Registration: registration(s.Registration),
		IP:           s.Bearer.IP,
		SignalBars:   s.Signal.Bars,
		Uptime:       time.Since(b.m.started),
	}
	if st.Operator == "" {
		st.Operator = s.Registration.PLMN
	}
	if s.Signal.RSRP != nil {
		st.SignalDBm = s.Signal.RSRP
	} else {
		st.SignalDBm = s.Signal.RSSI
	}
	st.Backlog = int(b.m.rec.backlog())
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

func (b *backend) Get(key string) (string, error) { return b.m.console.settings.Get(key) }

// Set persists the changes; the gateway then replaces its components with
// ones on them. A PIN is first tried against the SIM
// (modem.Manager.CheckPIN) and the changes are stored only when the SIM
// confirmed it: a mistyped PIN is refused with the tries left instead of
// costing a try at the next start. The note gives the SIM's answer.
func (b *backend) Set(ctx context.Context, changes map[string]string) (string, error) {
	pin := changes["modem.pin"]
	if pin == "" {
		return "", b.m.console.settings.Set(ctx, changes)
	}
	if err := console.ValidateSetting("modem.pin", pin); err != nil {
		return "", err
	}
	if b.m.mgr == nil {
		return "", &console.SettingError{Key: "modem.pin", Problem: "no modem to check the PIN with; not stored"}
	}
	left, err := b.m.mgr.CheckPIN(ctx, pin)
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
	return note, b.m.console.settings.Set(ctx, changes)
}

func (b *backend) Connect(ctx context.Context) error { return b.m.mgr.Redial(ctx) }

func (b *backend) Factory(ctx context.Context) error { return b.m.console.settings.Reset(ctx) }

// Reboot runs the configured reboot command (watchdog.modem.reboot).
func (b *backend) Reboot(ctx context.Context) error {
	cmd := b.m.cfg.Watchdog.Modem.Reboot
	if cmd == "" || strings.HasPrefix(cmd, "gpio:") {
		return errors.New("no reboot command configured (watchdog.modem.reboot)")
	}
	b.m.rec.event("sms", "reboot", "requested by SMS")
	return exec.CommandContext(ctx, "/bin/sh", "-c", cmd).Run()
}

// AT runs cmd as remote AT over MQTT would (remoteAT.console), keyed by
// the SMS sender.
func (b *backend) AT(ctx context.Context, cmd string) (string, error) {
	return b.m.remoteAT.console(ctx, b.m, console.SenderOf(ctx), cmd)
}

// auditConsole records a request to the SMS console as an "sms"/"console"
// event: a one-line detail, and the entry's fields as values (from,
// command, accepted, result, and its time in RFC 3339, UTC). The console
// has masked the secrets already; they are masked again here, as every
// record that carries a command is.
func (m *modemUnit) auditConsole(a console.AuditEntry) {
	cmd, result := redact.Command(a.Command), redact.Command(a.Result)
	verdict := "refused"
	if a.Accepted {
		verdict = "accepted"
	}
	m.rec.event("sms", "console", fmt.Sprintf("%q from %s %s: %s", cmd, a.From, verdict, result),
		record.Value{Name: "from", Value: a.From},
		record.Value{Name: "command", Value: cmd},
		record.Value{Name: "accepted", Value: a.Accepted},
		record.Value{Name: "result", Value: result},
		record.Value{Name: "time", Value: a.Time.UTC().Format(time.RFC3339)},
	)
}
