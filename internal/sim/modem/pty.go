package modem

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
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
	if m.ptmx != nil {
		return errors.New("modem: already started")
	}
	master, tty, err := openPTY()
	if err != nil {
		return fmt.Errorf("modem: open pty: %w", err)
	}
	if link != "" {
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			os.Remove(link)
		}
		if err := os.Symlink(tty.Name(), link); err != nil {
			master.Close()
			tty.Close()
			return fmt.Errorf("modem: %w", err)
		}
	}
	m.ptmx, m.tty, m.link = master, tty, link
	m.log.Info("modem simulator started", "tty", tty.Name(), "link", link)
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		if err := m.Serve(ctx, master); err != nil {
			m.log.Warn("modem pty stopped", "err", err)
		}
	}()
	return nil
}

// openPTY opens a pty pair with the master in Go's poller (so that deadlines
// and Close stop a pending Read) and the slave in raw mode.
func openPTY() (master, tty *os.File, err error) {
	p, t, err := pty.Open()
	if err != nil {
		return nil, nil, err
	}
	defer p.Close()
	// pty.Open leaves the master blocking; a non-blocking duplicate is
	// pollable.
	fd, err := unix.Dup(int(p.Fd()))
	if err != nil {
		t.Close()
		return nil, nil, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		t.Close()
		return nil, nil, err
	}
	unix.CloseOnExec(fd)
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	if err := makeRaw(int(t.Fd())); err != nil {
		master.Close()
		t.Close()
		return nil, nil, err
	}
	return master, t, nil
}

// makeRaw puts a terminal in raw mode, as cfmakeraw(3) does.
func makeRaw(fd int) error {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	return unix.IoctlSetTermios(fd, unix.TCSETS, t)
}

// TTY gives the path of the pseudo-terminal's slave side, "" before Start.
func (m *Modem) TTY() string {
	m.ptyMu.Lock()
	defer m.ptyMu.Unlock()
	if m.tty == nil {
		return ""
	}
	return m.tty.Name()
}

// closePTY closes the terminal and removes the symlink.
func (m *Modem) closePTY() error {
	m.ptyMu.Lock()
	defer m.ptyMu.Unlock()
	if m.ptmx == nil {
		return nil
	}
	err := errors.Join(m.ptmx.Close(), m.tty.Close())
	if m.link != "" {
		if target, lerr := os.Readlink(m.link); lerr == nil && target == m.tty.Name() {
			os.Remove(m.link)
		}
	}
	return err
}
