package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/gsm"
)

// ndisTimeout bounds the wait for ^NDISSTAT after AT^NDISDUP.
const ndisTimeout = 60 * time.Second

// PDPError is a rejected bearer activation with its 24.008 session
// management cause (#27 missing or unknown APN, #29 user authentication
// failed, #33 requested service option not subscribed, ...).
type PDPError struct {
	Cause int
	Text  string
}

func (e *PDPError) Error() string {
	return fmt.Sprintf("PDP activation rejected: cause #%d (%s)", e.Cause, e.Text)
}

// connect brings the data bearer up with the driver's method.
func (m *Manager) connect(ctx context.Context) error {
	var err error
	method := m.drv().Data
	switch method {
	case DataNDIS:
		err = m.connectNDIS(ctx)
	default:
		err = m.connectCGACT(ctx)
	}
	var pdp *PDPError
	if errors.As(err, &pdp) {
		m.update(func(st *Status) {
			st.Bearer = Bearer{Method: method, APN: m.cfg.APN, RejectCause: pdp.Cause, Reject: pdp.Text}
		})
		m.emit(EventPDPRejected, pdp.Cause, pdp.Error())
	}
	if err != nil {
		return err
	}
	m.readAddresses(ctx)
	st := m.Status().Bearer
	m.emit(EventBearerUp, 0, fmt.Sprintf("%s %s ip %s", st.Method, st.APN, st.IP))
	return nil
}

func (m *Manager) connectCGACT(ctx context.Context) error {
	cid := m.cfg.CID
	if up, _ := m.contextActive(ctx); !up {
		_, err := m.cmd(ctx, fmt.Sprintf("AT+CGACT=1,%d", cid), at.WithTimeout(150*time.Second))
		if err != nil {
			var cme *at.CMEError
			if errors.As(err, &cme) {
				if cause, ok := smCause(cme.Code); ok {
					return &PDPError{Cause: cause, Text: cme.Text}
				}
			}
			return err
		}
	}
	m.bearerUp(DataCGACT)
	return nil
}

// contextActive reads AT+CGACT? for the configured context.
func (m *Manager) contextActive(ctx context.Context) (bool, error) {
	r, err := m.cmd(ctx, "AT+CGACT?")
	if err != nil {
		return false, err
	}
	for _, l := range r.Prefixed("+CGACT:") {
		f := fields(l)
		if len(f) == 2 && atoiOr(f[0], -1) == m.cfg.CID {
			return f[1] == "1", nil
		}
	}
	return false, nil
}

func (m *Manager) connectNDIS(ctx context.Context) error {
	c := m.cfg
	q, err := quoteAll([]string{"APN", "user", "password"}, c.APN, c.User, c.Password)
	if err != nil {
		return err
	}
	cmd := fmt.Sprintf("AT^NDISDUP=%d,1,%s", c.CID, q[0])
	if c.User != "" {
		cmd += fmt.Sprintf(",%s,%s,2", q[1], q[2]) // 2: PAP or CHAP
	}
	if _, err := m.cmd(ctx, cmd); err != nil {
		return err
	}
	deadline := time.NewTimer(ndisTimeout)
	defer deadline.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			if up, _ := m.ndisUp(ctx); up {
				m.bearerUp(DataNDIS)
				return nil
			}
			return fmt.Errorf("modem: no ^NDISSTAT within %v after AT^NDISDUP", ndisTimeout)
		case s := <-m.urcs:
			if m.restarted(s) {
				return errRestarted
			}
			if !strings.HasPrefix(s.line, "^NDISSTAT:") {
				m.handleIndication(ctx, s.line)
				continue
			}
			st, err := gsm.ParseNDISSTAT(s.line)
			if err != nil {
				continue
			}
			if st.Up {
				m.bearerUp(DataNDIS)
				return nil
			}
			if st.Cause > 0 {
				return &PDPError{Cause: st.Cause, Text: causeText(st.Cause)}
			}
		}
	}
}

// ndisUp asks AT^NDISSTATQRY? whether the IPv4 connection is up.
func (m *Manager) ndisUp(ctx context.Context) (bool, error) {
	r, err := m.cmd(ctx, "AT^NDISSTATQRY?")
	if err != nil {
		return false, err
	}
	for _, l := range r.Lines {
		if st, err := gsm.ParseNDISSTAT(l); err == nil {
			return st.Up, nil
		}
	}
	return false, nil
}

func (m *Manager) bearerUp(method DataMethod) {
	m.update(func(st *Status) {
		st.Bearer = Bearer{Up: true, Method: method, APN: m.cfg.APN, Since: time.Now()}
	})
}

// readAddresses reads the bearer's IP address and DNS servers
// (AT+CGPADDR, AT+CGCONTRDP).
func (m *Manager) readAddresses(ctx context.Context) {
	cid := fmt.Sprint(m.cfg.CID)
	ip := ""
	var dns []string
	if r, err := m.cmd(ctx, "AT+CGPADDR="+cid); err == nil {
		for _, l := range r.Prefixed("+CGPADDR:") {
			if f := fields(l); len(f) >= 2 && f[0] == cid {
				ip = f[1]
			}
		}
	}
	if r, err := m.cmd(ctx, "AT+CGCONTRDP="+cid); err == nil {
		for _, l := range r.Prefixed("+CGCONTRDP:") {
			// <cid>,<bearer_id>,<apn>,<local_addr and subnet_mask>,<gw_addr>,<DNS_prim_addr>,<DNS_sec_addr>
			if f := fields(l); len(f) >= 6 && f[0] == cid {
				for _, d := range f[5:min(len(f), 7)] {
					if d != "" {
						dns = append(dns, d)
					}
				}
				if ip == "" {
					ip = localAddr(f[3])
				}
			}
		}
	}
	m.update(func(st *Status) { st.Bearer.IP, st.Bearer.DNS = ip, dns })
}

// Redial tears the data bearer down (AT+CGACT=0,<cid>, or AT^NDISDUP=<cid>,0
// with the NDIS driver, guide 7.3) and has upkeep dial it again at once,
// with EventBearerDown and EventBearerUp as for a dropped bearer: the remedy
// for a bearer that is up on paper and carries nothing. It returns the
// outcome of the re-dial; after a failed one upkeep retries with backoff. It
// fails at once when NoData is set or the manager is not online (not
// running, bringing the module up, waiting for it). When ctx ends first,
// Redial returns ctx's error and the re-dial goes on.
func (m *Manager) Redial(ctx context.Context) error {
	if m.cfg.NoData {
		return errors.New("modem: no data bearer to re-dial (NoData)")
	}
	if st := m.Status().State; !m.upkeeping.Load() || st != StateOnline && st != StateConnecting {
		return fmt.Errorf("modem: cannot re-dial while %s", st)
	}
	reply := make(chan error, 1)
	select {
	case m.redials <- reply:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// redial is Redial's work, on upkeep's goroutine.
func (m *Manager) redial(ctx context.Context) error {
	cmd, opts := fmt.Sprintf("AT+CGACT=0,%d", m.cfg.CID), []at.Option{at.WithTimeout(150 * time.Second)}
	if m.drv().Data == DataNDIS {
		cmd, opts = fmt.Sprintf("AT^NDISDUP=%d,0", m.cfg.CID), nil
	}
	if _, err := m.cmd(ctx, cmd, opts...); err != nil {
		return err
	}
	m.bearerDown("bearer torn down for a re-dial")
	// A ^NDISSTAT queued before the teardown must not be taken for the
	// answer to the new dial.
	if err := m.forgetBearerReports(ctx); err != nil {
		return err
	}
	m.setState(StateConnecting, "re-dialling on request")
	if err := m.connect(ctx); err != nil {
		m.setError(err)
		return err
	}
	m.setError(nil)
	m.setState(StateOnline, "bearer up again")
	return nil
}

// forgetBearerReports handles the indications already queued, dropping
// bearer reports (^NDISSTAT, ^NDISEND) that predate a re-dial.
func (m *Manager) forgetBearerReports(ctx context.Context) error {
	for {
		select {
		case s := <-m.urcs:
			switch {
			case m.restarted(s):
				return errRestarted
			case s.event != nil:
			case strings.HasPrefix(s.line, "^NDISSTAT:"), strings.HasPrefix(s.line, "^NDISEND:"):
			default:
				m.handleIndication(ctx, s.line)
			}
		default:
			return nil
		}
	}
}

// bearerDown records a lost bearer.
func (m *Manager) bearerDown(detail string) {
	if !m.Status().Bearer.Up {
		return
	}
	m.update(func(st *Status) { st.Bearer.Up, st.Bearer.IP, st.Bearer.DNS = false, "", nil })
	m.emit(EventBearerDown, 0, detail)
}

// smCause maps the 27.007 9.2.2 GPRS error codes of +CME ERROR to the
// 24.008 session and mobility management causes they stand for.
func smCause(code int) (int, bool) {
	switch {
	case code >= 103 && code <= 147:
		return code - 100, true // 103 illegal MS (#3) ... 133 requested service option not subscribed (#33)
	case code == 149:
		return 29, true // PDP authentication failure
	}
	return 0, false
}

// causeText names a 24.008 session management cause.
func causeText(cause int) string {
	if text, ok := gsm.SMCause(cause); ok {
		return text
	}
	return "unspecified"
}

// localAddr takes the address from 27.007's "<local_addr and subnet_mask>",
// which for IPv4 is eight dotted numbers ("10.1.2.3.255.255.255.0").
func localAddr(s string) string {
	if parts := strings.Split(s, "."); len(parts) == 8 {
		return strings.Join(parts[:4], ".")
	}
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
