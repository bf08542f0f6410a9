package modem

import (
	"context"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/gsm"
)

// EF FPLMN (3GPP 31.102 4.2.16): file 6F7B, three bytes per PLMN. Its size
// is read with GET RESPONSE; 12 bytes (four entries) is the minimum.
const (
	efFPLMN        = 28539
	minFPLMNLength = 12
)

// fplmnLength reads the size of EF FPLMN from its FCP template (tag 80).
func (m *Manager) fplmnLength(ctx context.Context) int {
	return m.efLength(ctx, efFPLMN, minFPLMNLength)
}

// efLength reads the size of a transparent EF with GET RESPONSE (the FCP
// template's tag 80); def when the SIM does not tell (or has no such file).
func (m *Manager) efLength(ctx context.Context, fid, def int) int {
	r, err := m.cmd(ctx, fmt.Sprintf("AT+CRSM=192,%d", fid))
	if err != nil || len(r.Lines) == 0 {
		return def
	}
	c, err := gsm.ParseCRSM(r.Lines[0])
	if err != nil || !c.OK() {
		return def
	}
	if n := fcpFileSize(strings.ToUpper(c.Data)); n >= 3 && n <= 255 {
		return n
	}
	return def
}

// fcpFileSize finds the file size (tag 80, two bytes) in an FCP template.
func fcpFileSize(h string) int {
	if len(h) < 4 || h[:2] != "62" {
		return 0
	}
	for i := 4; i+4 <= len(h); {
		tag, n := h[i:i+2], hexByte(h[i+2:i+4])
		if n < 0 || i+4+2*n > len(h) {
			return 0
		}
		if tag == "80" && n == 2 {
			return hexByte(h[i+4:i+6])<<8 | hexByte(h[i+6:i+8])
		}
		i += 4 + 2*n
	}
	return 0
}

func hexByte(s string) int {
	var v int
	if _, err := fmt.Sscanf(s, "%02X", &v); err != nil {
		return -1
	}
	return v
}

// FPLMN reads the forbidden PLMN list from the SIM.
func (m *Manager) FPLMN(ctx context.Context) ([]string, error) {
	n := m.fplmnLength(ctx)
	r, err := m.cmd(ctx, fmt.Sprintf("AT+CRSM=176,%d,0,0,%d", efFPLMN, n))
	if err != nil {
		return nil, err
	}
	if len(r.Lines) == 0 {
		return nil, fmt.Errorf("AT+CRSM: empty answer")
	}
	c, err := gsm.ParseCRSM(r.Lines[0])
	if err != nil {
		return nil, err
	}
	if !c.OK() {
		return nil, fmt.Errorf("reading EF FPLMN: SIM status %d,%d", c.SW1, c.SW2)
	}
	list, err := gsm.DecodeFPLMN(c.Data)
	if err != nil {
		return nil, err
	}
	m.update(func(st *Status) { st.FPLMN = list })
	return list, nil
}

// ClearFPLMN empties the forbidden PLMN list by rewriting the whole file
// with FF, then reads it back.
func (m *Manager) ClearFPLMN(ctx context.Context) error {
	n := m.fplmnLength(ctx)
	data, err := gsm.EncodeFPLMN(nil, n)
	if err != nil {
		return err
	}
	r, err := m.cmd(ctx, fmt.Sprintf(`AT+CRSM=214,%d,0,0,%d,"%s"`, efFPLMN, n, data))
	if err != nil {
		return err
	}
	if len(r.Lines) > 0 {
		if c, err := gsm.ParseCRSM(r.Lines[0]); err == nil && !c.OK() {
			return fmt.Errorf("writing EF FPLMN: SIM status %d,%d", c.SW1, c.SW2)
		}
	}
	list, err := m.FPLMN(ctx)
	if err != nil {
		return err
	}
	if len(list) > 0 {
		return fmt.Errorf("EF FPLMN still lists %s after clearing", strings.Join(list, ", "))
	}
	return nil
}

func (m *Manager) readFPLMNStatus(ctx context.Context) {
	if _, err := m.FPLMN(ctx); err != nil {
		m.log.Debug("reading EF FPLMN failed", "err", err)
	}
}
