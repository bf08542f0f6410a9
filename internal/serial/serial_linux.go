package serial

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// go.bug.st/serial always clears CRTSCTS and offers no way to set it, and
// modems on UARTs need RTS/CTS, so on Linux the line is set up here with
// termios. The file stays in Go's poller: Close unblocks a pending Read and
// reads and writes honour deadlines.

var baudRates = map[int]uint32{
	1200: unix.B1200, 2400: unix.B2400, 4800: unix.B4800, 9600: unix.B9600,
	19200: unix.B19200, 38400: unix.B38400, 57600: unix.B57600, 115200: unix.B115200,
	230400: unix.B230400, 460800: unix.B460800, 921600: unix.B921600,
	1000000: unix.B1000000, 2000000: unix.B2000000, 3000000: unix.B3000000, 4000000: unix.B4000000,
}

var dataBits = map[int]uint32{5: unix.CS5, 6: unix.CS6, 7: unix.CS7, 8: unix.CS8}

func open(path string, c Config) (Port, error) {
	speed, ok := baudRates[c.Baud]
	if !ok {
		return nil, fmt.Errorf("unsupported baud rate %d", c.Baud)
	}
	f, err := os.OpenFile(path, os.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	raw, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	var terr error
	cerr := raw.Control(func(fd uintptr) {
		terr = setTermios(int(fd), speed, c)
	})
	if cerr != nil || terr != nil {
		f.Close()
		if terr == nil {
			terr = cerr
		}
		return nil, fmt.Errorf("configure line: %w", terr)
	}
	return f, nil
}

func setTermios(fd int, speed uint32, c Config) error {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	applyConfig(t, speed, c)
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return err
	}
	return unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIOFLUSH)
}

// applyConfig puts t in raw mode with the speed and format of c.
func applyConfig(t *unix.Termios, speed uint32, c Config) {
	// raw mode, as cfmakeraw(3)
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON | unix.IXOFF | unix.IXANY | unix.INPCK | unix.IGNPAR
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	// character format, receiver on, modem control lines ignored unless
	// flow control
	t.Cflag &^= unix.CSIZE | unix.PARENB | unix.PARODD | unix.CSTOPB | unix.CBAUD | unix.CRTSCTS
	t.Cflag |= dataBits[c.DataBits] | unix.CREAD | unix.CLOCAL | speed
	switch c.Parity {
	case 'E':
		t.Cflag |= unix.PARENB
		t.Iflag |= unix.INPCK
	case 'O':
		t.Cflag |= unix.PARENB | unix.PARODD
		t.Iflag |= unix.INPCK
	}
	if c.StopBits == 2 {
		t.Cflag |= unix.CSTOPB
	}
	if c.RTSCTS {
		t.Cflag |= unix.CRTSCTS
	}
	t.Ispeed, t.Ospeed = speed, speed
	// a read returns as soon as one byte is there; waiting is the poller's
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
}
