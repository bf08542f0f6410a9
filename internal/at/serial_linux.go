package at

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// On Linux cellgate sets the line up with termios itself: go.bug.st/serial
// (used on other systems) always clears CRTSCTS and offers no way to set it,
// and modems on UARTs need RTS/CTS. The file stays in Go's poller, so Close
// unblocks a pending Read and writes honour deadlines.

var baudRates = map[int]uint32{
	1200: unix.B1200, 2400: unix.B2400, 4800: unix.B4800, 9600: unix.B9600,
	19200: unix.B19200, 38400: unix.B38400, 57600: unix.B57600, 115200: unix.B115200,
	230400: unix.B230400, 460800: unix.B460800, 921600: unix.B921600,
	1000000: unix.B1000000, 2000000: unix.B2000000, 3000000: unix.B3000000, 4000000: unix.B4000000,
}

func openSerial(path string, cfg SerialConfig) (io.ReadWriteCloser, error) {
	speed, ok := baudRates[cfg.Baud]
	if !ok {
		return nil, fmt.Errorf("unsupported baud rate %d", cfg.Baud)
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
		terr = setTermios(int(fd), speed, cfg.FlowControl)
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

func setTermios(fd int, speed uint32, flow bool) error {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	// raw mode, as cfmakeraw(3)
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON | unix.IXOFF | unix.IXANY
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	// 8N1, receiver on, modem control lines ignored unless flow control
	t.Cflag &^= unix.CSIZE | unix.PARENB | unix.CSTOPB | unix.CBAUD | unix.CRTSCTS
	t.Cflag |= unix.CS8 | unix.CREAD | unix.CLOCAL | speed
	if flow {
		t.Cflag |= unix.CRTSCTS
	}
	t.Ispeed, t.Ospeed = speed, speed
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return err
	}
	return unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIOFLUSH)
}
