package modem

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/atparam"
	"github.com/cellgate/cellgate/internal/gsm"
)

// DMPSettings configures access to the China Mobile device management
// platform on modules that have AT+DMPCONFIG (Quectel CMDMP note). Zero
// fields are left as the module has them. Saved settings take effect after
// the module reboots.
type DMPSettings struct {
	Enable *bool
	// ServerIP, ServerPort and Period (300 s to 4294966 s); BC95 firmware
	// needs the address and port whenever the period changes.
	ServerIP   string
	ServerPort int
	Period     time.Duration
	// AppKey, Password (the private key), IfType (0 interface, 1 Linux,
	// 2 Android) and IMEI of the terminal.
	AppKey, Password string
	IfType           int
	IMEI             string
}

// check refuses settings that are not what AT+DMPCONFIG takes (CMDMP note:
// <serverIp> an IP address, <updatePeriod> 300 to 4294966 s, <ifType> 0
// to 2, <tmIMEI> the IMEI), so that nothing unchecked reaches the line.
func (s DMPSettings) check() error {
	if s.ServerIP != "" {
		if ip, err := netip.ParseAddr(s.ServerIP); err != nil || ip.Zone() != "" {
			return fmt.Errorf("modem: CMDMP server %q is not an IP address", printableASCII(s.ServerIP))
		}
	}
	if s.ServerPort < 0 || s.ServerPort > 65535 {
		return fmt.Errorf("modem: CMDMP server port %d is out of range 1 to 65535", s.ServerPort)
	}
	if s.Period != 0 && (s.Period < 300*time.Second || s.Period > 4294966*time.Second) {
		return fmt.Errorf("modem: CMDMP update period %v is out of range 300 s to 4294966 s", s.Period)
	}
	if s.IfType < 0 || s.IfType > 2 {
		return fmt.Errorf("modem: CMDMP interface type %d: expected 0 (interface), 1 (Linux) or 2 (Android)", s.IfType)
	}
	return nil
}

// printableASCII replaces what is not printable ASCII by '?', for messages.
func printableASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}

// DMPStatus is what AT+DMPCONFIG? and AT+DMPCONFIG=6 report.
type DMPStatus struct {
	Lines []gsm.DMPConfig `json:"config"`
	State gsm.DMPConfig   `json:"state"`
}

// DMPConfig reads the CMDMP configuration in use and the access state.
func (m *Manager) DMPConfig(ctx context.Context) (DMPStatus, error) {
	var st DMPStatus
	if !m.drv().CMDMP {
		return st, ErrNotSupported
	}
	r, err := m.cmd(ctx, "AT+DMPCONFIG?")
	if err != nil {
		return st, err
	}
	for _, l := range r.Lines {
		c, err := gsm.ParseDMPCONFIG(l)
		if err != nil {
			return st, err
		}
		st.Lines = append(st.Lines, c)
	}
	if r, err = m.cmd(ctx, "AT+DMPCONFIG=6"); err == nil {
		for _, l := range r.Lines {
			if c, err := gsm.ParseDMPCONFIG(l); err == nil {
				st.State = c
			}
		}
	}
	return st, nil
}

// SetDMP writes the given CMDMP settings.
func (m *Manager) SetDMP(ctx context.Context, s DMPSettings) error {
	if !m.drv().CMDMP {
		return ErrNotSupported
	}
	var cmds []string
	if s.Enable != nil {
		cmds = append(cmds, fmt.Sprintf("AT+DMPCONFIG=0,%d", map[bool]int{false: 0, true: 1}[*s.Enable]))
	}
	if err := s.check(); err != nil {
		return err
	}
	if s.Period > 0 || s.ServerIP != "" {
		port := ""
		if s.ServerPort > 0 {
			port = fmt.Sprint(s.ServerPort)
		}
		period := int((s.Period + time.Second - 1) / time.Second)
		if s.Period == 0 {
			period = 86400
		}
		cmds = append(cmds, fmt.Sprintf("AT+DMPCONFIG=1,%s,%s,%d", s.ServerIP, port, period))
	}
	if s.AppKey != "" {
		imei := s.IMEI
		if imei == "" {
			imei = m.Status().IMEI
		}
		if atparam.IMEI(imei) != "" {
			return fmt.Errorf("modem: CMDMP terminal IMEI: %s", atparam.IMEI(imei))
		}
		q, err := quoteAll([]string{"CMDMP app key", "CMDMP password"}, s.AppKey, s.Password)
		if err != nil {
			return err
		}
		cmds = append(cmds, fmt.Sprintf("AT+DMPCONFIG=2,%s,%s,%d,%s", q[0], q[1], s.IfType, imei))
	}
	for _, c := range cmds {
		if _, err := m.cmd(ctx, c); err != nil {
			return err
		}
	}
	if len(cmds) == 0 {
		return fmt.Errorf("modem: no CMDMP setting given (%s)", strings.Join([]string{"enable", "server", "period", "app key"}, ", "))
	}
	return nil
}
