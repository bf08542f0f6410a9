package watchdog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
)

// ErrPingNotPermitted is the failure of an ICMP check on a system that does
// not let this process open unprivileged ping sockets: on Linux, the
// process's group must be within the sysctl net.ipv4.ping_group_range.
var ErrPingNotPermitted = errors.New("the OS does not permit unprivileged ICMP echo (ping) sockets for this process")

// protocolICMP is ICMP's IP protocol number.
const protocolICMP = 1

var pingSeq atomic.Uint32

// ping sends one echo request to host and waits for its reply.
func ping(ctx context.Context, host string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip4", host)
	if err != nil || len(ips) == 0 {
		return fmt.Errorf("ICMP echo: cannot resolve %s: %v", host, err)
	}
	ip := ips[0].Unmap()
	c, err := icmp.ListenPacket("udp4", "0.0.0.0")
	if err != nil {
		if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EPROTONOSUPPORT) {
			return fmt.Errorf("%w: net.ipv4.ping_group_range is %s and must include its group (%v)", ErrPingNotPermitted, pingGroupRange(), err)
		}
		return fmt.Errorf("ICMP echo: %w", err)
	}
	defer c.Close()
	if d, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
	defer stop()

	seq := int(pingSeq.Add(1) & 0xffff)
	data := fmt.Appendf(nil, "cellgate watchdog %d", seq)
	// The kernel sets the identifier of a ping socket's requests itself.
	msg := icmp.Message{Type: ipv4.ICMPTypeEcho, Body: &icmp.Echo{ID: os.Getpid() & 0xffff, Seq: seq, Data: data}}
	b, err := msg.Marshal(nil)
	if err != nil {
		return fmt.Errorf("ICMP echo: %w", err)
	}
	if _, err := c.WriteTo(b, &net.UDPAddr{IP: ip.AsSlice()}); err != nil {
		return fmt.Errorf("ICMP echo to %s: %w", ip, err)
	}
	buf := make([]byte, 1500)
	for {
		n, _, err := c.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, os.ErrDeadlineExceeded) {
				return fmt.Errorf("no ICMP echo reply from %s within %v", ip, timeout)
			}
			return fmt.Errorf("ICMP echo from %s: %w", ip, err)
		}
		m, err := icmp.ParseMessage(protocolICMP, buf[:n])
		if err != nil || m.Type != ipv4.ICMPTypeEchoReply {
			continue
		}
		if e, ok := m.Body.(*icmp.Echo); ok && e.Seq == seq && bytes.Equal(e.Data, data) {
			return nil
		}
	}
}

// pingGroupRange reads the Linux sysctl for the error message.
func pingGroupRange() string {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ping_group_range")
	if err != nil {
		return "unknown"
	}
	return `"` + strings.Join(strings.Fields(string(b)), " ") + `"`
}
