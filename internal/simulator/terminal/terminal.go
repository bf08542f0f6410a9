// Package terminal gives cellgate's simulators a serial device: a
// pseudo-terminal whose slave side programs open as they would a modem's or
// an RS-485 adapter's device node.
//
// The simulator keeps a descriptor of the slave open itself, so programs can
// open and close the device as often as they like without the line hanging
// up. The slave starts in raw mode (no echo by the line discipline, CR and LF
// left alone); the master stays in Go's poller, so that deadlines and Close
// stop a pending Read.
package terminal

import (
	"errors"
	"os"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Terminal is an open pseudo-terminal pair.
type Terminal struct {
	Master *os.File // the simulator's side
	slave  *os.File
	link   string
}

// Open opens a pseudo-terminal. When link is not empty, a symlink to the
// slave is made there (replacing a symlink already at that path); Close
// removes it.
func Open(link string) (*Terminal, error) {
	master, slave, err := openPair()
	if err != nil {
		return nil, err
	}
	if link != "" {
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			os.Remove(link)
		}
		if err := os.Symlink(slave.Name(), link); err != nil {
			master.Close()
			slave.Close()
			return nil, err
		}
	}
	return &Terminal{Master: master, slave: slave, link: link}, nil
}

// Name is the path of the slave side, the device programs open.
func (t *Terminal) Name() string { return t.slave.Name() }

// Link is the symlink made by Open, "" if none.
func (t *Terminal) Link() string { return t.link }

// FlushInput discards what was written to the device and nobody read.
func (t *Terminal) FlushInput() error {
	return unix.IoctlSetInt(int(t.slave.Fd()), unix.TCFLSH, unix.TCIFLUSH)
}

// Close closes both sides and removes the symlink if it still points here.
func (t *Terminal) Close() error {
	err := errors.Join(t.Master.Close(), t.slave.Close())
	if t.link != "" {
		if target, lerr := os.Readlink(t.link); lerr == nil && target == t.slave.Name() {
			os.Remove(t.link)
		}
	}
	return err
}

// openPair opens a pty pair with the master in Go's poller and the slave in
// raw mode.
func openPair() (master, slave *os.File, err error) {
	p, s, err := pty.Open()
	if err != nil {
		return nil, nil, err
	}
	defer p.Close()
	// pty.Open leaves the master blocking; a non-blocking duplicate is
	// pollable.
	fd, err := unix.Dup(int(p.Fd()))
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		s.Close()
		return nil, nil, err
	}
	unix.CloseOnExec(fd)
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	if err := makeRaw(int(s.Fd())); err != nil {
		master.Close()
		s.Close()
		return nil, nil, err
	}
	return master, s, nil
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
