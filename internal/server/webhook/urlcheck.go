package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// MaxURLLength is the longest callback URL CheckURL accepts.
const MaxURLLength = 2048

// ErrForbiddenAddress is wrapped by the errors of CheckURL and of
// NewClient's dialer when the address is not a public one.
var ErrForbiddenAddress = errors.New("webhook: address is not public")

// CheckURL vets a callback URL before it is stored: an absolute http or
// https URL with a host, no user:password, no fragment, at most
// MaxURLLength bytes, and not aimed at a loopback, private, link-local,
// shared (CGNAT), multicast or otherwise non-public address. With
// allowLoopback, loopback addresses and "localhost" are accepted (for
// development and tests); private and link-local ones never are.
//
// CheckURL does not resolve host names: a name that resolves to a private
// address, now or after a DNS change (rebinding), passes here and is
// stopped when NewClient's dialer checks the address it connects to. Host
// names that are really numbers ("2130706433", "127.1", "0x7f.1"), which
// some resolvers turn into addresses, are refused outright.
func CheckURL(raw string, allowLoopback bool) error {
	if len(raw) > MaxURLLength {
		return fmt.Errorf("callback url: longer than %d bytes", MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("callback url: %v", unwrapURLError(err))
	}
	switch u.Scheme {
	case "http", "https":
	case "":
		return errors.New("callback url: not absolute (want http:// or https://)")
	default:
		return fmt.Errorf("callback url: scheme %q, want http or https", u.Scheme)
	}
	if u.Opaque != "" {
		return errors.New("callback url: no // after the scheme")
	}
	if u.User != nil {
		return errors.New("callback url: must not contain a user name or password (use the callback's secret)")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return errors.New("callback url: must not contain a #fragment")
	}
	host := u.Hostname()
	if host == "" {
		return errors.New("callback url: no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("callback url: port %q out of range", p)
		}
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Zone() != "" {
			return errors.New("callback url: an IPv6 zone is not allowed")
		}
		if !addrAllowed(ip, allowLoopback) {
			return fmt.Errorf("callback url: %w: %s", ErrForbiddenAddress, ip)
		}
		return nil
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		if !allowLoopback {
			return fmt.Errorf("callback url: %w: %s", ErrForbiddenAddress, host)
		}
		return nil
	}
	if looksNumeric(name) {
		return fmt.Errorf("callback url: host %q is neither a name nor a dotted IPv4 address", host)
	}
	return nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// looksNumeric is true when the last label of a host name is all digits (or
// 0x-hex), which no real top-level domain is, but which inet_aton-style
// resolvers read as an address.
func looksNumeric(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		return true
	}
	for _, r := range last {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// nonPublic lists the IPv4 ranges the netip predicates do not cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (CGNAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// addrAllowed reports whether a webhook may connect to ip.
func addrAllowed(ip netip.Addr, allowLoopback bool) bool {
	ip = ip.Unmap()
	if nat64.Contains(ip) { // judge the IPv4 address it translates to
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	if ip.IsLoopback() {
		return allowLoopback
	}
	if !ip.IsValid() || ip.IsUnspecified() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsMulticast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// DialControl returns a net.Dialer Control hook that refuses to connect to
// any address CheckURL would refuse. It runs after name resolution, on the
// address about to be connected to, so it also stops names that resolve,
// or are re-pointed, to the server's own network.
func DialControl(allowLoopback bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		switch network {
		case "tcp", "tcp4", "tcp6":
		default:
			return fmt.Errorf("webhook: network %q not allowed", network)
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook: dial address %q: %v", address, err)
		}
		if !addrAllowed(ap.Addr(), allowLoopback) {
			return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
		}
		return nil
	}
}

var _ = net.Dialer{Control: DialControl(false)} // the hook fits net.Dialer
