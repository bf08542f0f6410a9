package modem

import (
	"context"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/gsm"
)

// The SIM files that tell the home network (31.102): EF AD (6FAD) holds the
// length of the MNC in the IMSI in its fourth byte, EF EHPLMN (6FD9) the
// equivalent HPLMNs, three bytes each.
const (
	efAD     = 28589
	efEHPLMN = 28633
)

// readHome reads what tells the home network: the IMSI (read with the
// subscriber's identity), the MNC length from EF AD and EF EHPLMN. A SIM
// without EF EHPLMN (most) has the HPLMN of its IMSI alone.
func (m *Manager) readHome(ctx context.Context) {
	h := gsm.Home{IMSI: m.Status().IMSI}
	if data, ok := m.readBinary(ctx, efAD, 4); ok {
		h.MNCLen = gsm.MNCLengthFromAD(data)
	}
	if n := m.efLength(ctx, efEHPLMN, 0); n >= 3 {
		if data, ok := m.readBinary(ctx, efEHPLMN, n); ok {
			if list, err := gsm.DecodeFPLMN(data); err == nil {
				h.EHPLMN = list
			}
		}
	}
	m.mu.Lock()
	m.home = h
	m.mu.Unlock()
	hplmn, _ := gsm.HomePLMN(h.IMSI, h.MNCLen)
	m.log.Debug("home network", "hplmn", hplmn, "mnc_length", h.MNCLen, "ehplmn", strings.Join(h.EHPLMN, ","))
}

// readBinary reads the first n bytes of a transparent EF with AT+CRSM
// (READ BINARY), reporting false when the module or the SIM refuses.
func (m *Manager) readBinary(ctx context.Context, fid, n int) (string, bool) {
	r, err := m.cmd(ctx, fmt.Sprintf("AT+CRSM=176,%d,0,0,%d", fid, n))
	if err != nil || len(r.Lines) == 0 {
		return "", false
	}
	c, err := gsm.ParseCRSM(r.Lines[0])
	if err != nil || !c.OK() {
		return "", false
	}
	return c.Data, true
}

// mayChoose reports whether the manager may select plmn itself: any network
// with roaming allowed; with roaming off only a home network (the HPLMN of
// the IMSI or an EHPLMN), and none while the home network is unknown.
func (m *Manager) mayChoose(plmn string) bool {
	if m.cfg.Roaming {
		return true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.home.Contains(plmn)
}
