package serial

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

func TestSettingsApplied(t *testing.T) {
	t.Parallel()
	for _, c := range []Config{
		{Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1},
		{Baud: 19200, DataBits: 8, Parity: 'E', StopBits: 1},
		{Baud: 115200, DataBits: 7, Parity: 'O', StopBits: 2, RTSCTS: true},
	} {
		// Every flag, as computed; a pty forces CS8 and no parity
		// (drivers/tty/pty.c), so those are checked here only.
		tio := &unix.Termios{Cflag: unix.CS7 | unix.PARENB | unix.CSTOPB, Lflag: unix.ICANON | unix.ECHO, Oflag: unix.OPOST}
		applyConfig(tio, baudRates[c.Baud], c)
		check := func(what string, got, want bool) {
			t.Helper()
			if got != want {
				t.Errorf("%v: %s = %v, want %v", c, what, got, want)
			}
		}
		check("CSIZE", tio.Cflag&unix.CSIZE == dataBits[c.DataBits], true)
		check("PARENB", tio.Cflag&unix.PARENB != 0, c.Parity != 'N')
		check("INPCK", tio.Iflag&unix.INPCK != 0, c.Parity != 'N')

		// What the line really has after Open.
		_, tty := openPTY(t)
		p, err := Open(tty, c)
		if err != nil {
			t.Fatal(err)
		}
		f := p.(*os.File)
		raw, _ := f.SyscallConn()
		raw.Control(func(fd uintptr) { tio, err = unix.IoctlGetTermios(int(fd), unix.TCGETS) })
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
		check("speed", tio.Cflag&unix.CBAUD == baudRates[c.Baud], true)
		check("PARODD", tio.Cflag&unix.PARODD != 0, c.Parity == 'O')
		check("CSTOPB", tio.Cflag&unix.CSTOPB != 0, c.StopBits == 2)
		check("CRTSCTS", tio.Cflag&unix.CRTSCTS != 0, c.RTSCTS)
		check("ICANON", tio.Lflag&unix.ICANON != 0, false)
		check("ECHO", tio.Lflag&unix.ECHO != 0, false)
		check("OPOST", tio.Oflag&unix.OPOST != 0, false)
		check("VMIN=1", tio.Cc[unix.VMIN] == 1, true)
		check("VTIME=0", tio.Cc[unix.VTIME] == 0, true)
	}
}

func TestUnsupportedBaud(t *testing.T) {
	t.Parallel()
	_, tty := openPTY(t)
	if _, err := Open(tty, Config{Baud: 12345}); err == nil {
		t.Error("baud 12345 accepted")
	}
}
