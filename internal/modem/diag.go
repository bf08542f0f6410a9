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

// ErrNotSupported: the module's driver has no command for the request.
var ErrNotSupported = errors.New("modem: not supported by this module")

// Cells are the serving and neighbour cells the module measures.
type Cells struct {
	Serving    gsm.ServingCell     `json:"serving"`
	Neighbours []gsm.NeighbourCell `json:"neighbours"`
}

// Cells reads the serving and neighbour cells (Huawei ^MONSC/^MONNC,
// guide chapter 23).
func (m *Manager) Cells(ctx context.Context) (Cells, error) {
	var c Cells
	if m.drv() != huawei {
		return c, ErrNotSupported
	}
	r, err := m.cmd(ctx, "AT^MONSC")
	if err != nil {
		return c, err
	}
	for _, l := range r.Prefixed("^MONSC:") {
		if c.Serving, err = gsm.ParseMONSC("^MONSC: " + l); err != nil {
			return c, err
		}
	}
	r, err = m.cmd(ctx, "AT^MONNC")
	if err != nil {
		return c, err
	}
	for _, l := range r.Prefixed("^MONNC:") {
		n, err := gsm.ParseMONNC("^MONNC: " + l)
		if err != nil {
			return c, err
		}
		if n.RAT != "NONE" {
			c.Neighbours = append(c.Neighbours, n)
		}
	}
	return c, nil
}

// CellScan scans frequencies for cells with the Huawei ^NETSCAN (guide
// chapter 22): a finer view than AT+COPS=?, cell by cell with levels. Like a
// network scan it takes long; progress is called about every second.
func (m *Manager) CellScan(ctx context.Context, progress func(time.Duration)) ([]gsm.ScanCell, error) {
	d := m.drv()
	if d.Scan == "" {
		return nil, ErrNotSupported
	}
	r, err := m.long(ctx, d.Scan, progress)
	if err != nil {
		return nil, err
	}
	var cells []gsm.ScanCell
	for _, l := range r.Prefixed("^NETSCAN:") {
		c, err := gsm.ParseNETSCAN("^NETSCAN: " + l)
		if err != nil {
			return nil, err
		}
		cells = append(cells, c)
	}
	return cells, nil
}

// long runs a command that takes long, calling progress every second.
func (m *Manager) long(ctx context.Context, cmd string, progress func(time.Duration)) (*at.Response, error) {
	type result struct {
		r   *at.Response
		err error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		r, err := m.cmd(ctx, cmd)
		done <- result{r, err}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if progress != nil {
				progress(time.Since(start))
			}
		case res := <-done:
			return res.r, res.err
		}
	}
}

// LockCell locks the module to one cell (Huawei ^CELLLOCK, guide chapter
// 24): rat 0 GSM, 1 WCDMA; lac and ci in hex. An empty lac unlocks.
func (m *Manager) LockCell(ctx context.Context, rat int, lac, ci string) error {
	if m.drv() != huawei {
		return ErrNotSupported
	}
	if lac == "" {
		_, err := m.cmd(ctx, "AT^CELLLOCK=0")
		return err
	}
	if rat != 0 && rat != 1 {
		return fmt.Errorf("modem: cell lock RAT %d: expected 0 (GSM) or 1 (WCDMA)", rat)
	}
	if !isHex(lac, 4) || !isHex(ci, 8) {
		return fmt.Errorf("modem: cell lock: LAC %q and cell id %q must be up to 4 and 8 hex digits", printableASCII(lac), printableASCII(ci))
	}
	_, err := m.cmd(ctx, fmt.Sprintf(`AT^CELLLOCK=1,%d,"%04s","%08s"`, rat, strings.ToUpper(lac), strings.ToUpper(ci)))
	return err
}

// CellLocks reads the cell locks in force.
func (m *Manager) CellLocks(ctx context.Context) ([]gsm.CellLock, error) {
	if m.drv() != huawei {
		return nil, ErrNotSupported
	}
	r, err := m.cmd(ctx, "AT^CELLLOCK?")
	if err != nil {
		return nil, err
	}
	var locks []gsm.CellLock
	for _, l := range r.Prefixed("^CELLLOCK:") {
		c, err := gsm.ParseCELLLOCK("^CELLLOCK: " + l)
		if err != nil {
			return nil, err
		}
		locks = append(locks, c)
	}
	return locks, nil
}

// isHex reports whether s is 1 to n hexadecimal digits.
func isHex(s string, n int) bool {
	if s == "" || len(s) > n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
