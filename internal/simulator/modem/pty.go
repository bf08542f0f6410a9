package modem

import (
	"context"
	"errors"
	"fmt"

	"github.com/cellgate/cellgate/internal/simulator/terminal"
)

// Start opens a pseudo-terminal and serves AT on it until ctx is done or the
// Modem is closed. Programs open the terminal's slave side, TTY, as they
// would a modem's device node; the Modem keeps a descriptor of the slave
// open itself, so that they can open and close it as often as they like.
// When link is not empty, a symlink to the slave is made there (replacing a
// symlink already at that path) and removed by Close.
//
// Start returns once the terminal is ready. The terminal starts in raw mode
// (no echo by the line discipline, CR and LF left alone); output nobody
// reads stays in the terminal's buffer for the next program that opens it.
func (m *Modem) Start(ctx context.Context, link string) error {
	if m.ctx.Err() != nil {
		return ErrClosed
	}
	m.ptyMu.Lock()
	defer m.ptyMu.Unlock()
	if m.term != nil {
		return errors.New("modem: already started")
	}
	term, err := terminal.Open(link)
	if err != nil {
		return fmt.Errorf("modem: open pty: %w", err)
	}
	m.term = term
	m.log.Info("modem simulator started", "tty", term.Name(), "link", link)
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		if err := m.Serve(ctx, term.Master); err != nil {
			m.log.Warn("modem pty stopped", "err", err)
		}
	}()
	return nil
}

// TTY gives the path of the pseudo-terminal's slave side, "" before Start.
func (m *Modem) TTY() string {
	m.ptyMu.Lock()
	defer m.ptyMu.Unlock()
	if m.term == nil {
		return ""
	}
	return m.term.Name()
}

// closePTY closes the terminal and removes the symlink.
func (m *Modem) closePTY() error {
	m.ptyMu.Lock()
	defer m.ptyMu.Unlock()
	if m.term == nil {
		return nil
	}
	return m.term.Close()
}
