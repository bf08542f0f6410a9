package plc

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// StartRTU opens a pseudo-terminal and serves Modbus RTU on it until ctx is
// done or the server is closed. Masters open its slave side, TTY, as they
// would an RS-485 adapter; the server keeps a descriptor of the slave open
// itself, so that they can open and close it as often as they like. When
// link is not empty, a symlink to the slave is made there (replacing a
// symlink already at that path) and removed by Close.
//
// The terminal starts in raw mode. A response left unread for half a second
// (nobody had the terminal open) is discarded, and so is whatever is unread
// when a request starts, as it would be gone from a real bus.
func (s *Server) StartRTU(ctx context.Context, link string) error {
	if s.ctx.Err() != nil {
		return errors.New("plc: server closed")
	}
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.ptmx != nil {
		return errors.New("plc: RTU already started")
	}
	master, tty, err := openPTY()
	if err != nil {
		return fmt.Errorf("plc: open pty: %w", err)
	}
	if link != "" {
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			os.Remove(link)
		}
		if err := os.Symlink(tty.Name(), link); err != nil {
			master.Close()
			tty.Close()
			return fmt.Errorf("plc: %w", err)
		}
	}
	s.ptmx, s.tty, s.link = master, tty, link
	s.log.Info("plc simulator started", "tty", tty.Name(), "link", link)
	fd := int(tty.Fd())
	flush := func() { unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIFLUSH) }
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.serveRTU(ctx, master, flush); err != nil && ctx.Err() == nil && s.ctx.Err() == nil {
			s.log.Warn("plc pty stopped", "err", err)
		}
	}()
	return nil
}

// TTY gives the path of the terminal's slave side, "" before StartRTU.
func (s *Server) TTY() string {
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.tty == nil {
		return ""
	}
	return s.tty.Name()
}

// closePTY closes the terminal and removes the symlink.
func (s *Server) closePTY() error {
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.ptmx == nil {
		return nil
	}
	err := errors.Join(s.ptmx.Close(), s.tty.Close())
	if s.link != "" {
		if target, lerr := os.Readlink(s.link); lerr == nil && target == s.tty.Name() {
			os.Remove(s.link)
		}
	}
	return err
}

// openPTY opens a pty pair with the master in Go's poller (so that deadlines
// and Close stop a pending Read) and the slave in raw mode.
func openPTY() (master, tty *os.File, err error) {
	p, t, err := pty.Open()
	if err != nil {
		return nil, nil, err
	}
	defer p.Close()
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
