package broker

import (
	"bytes"
	"crypto/tls"
	"slices"
	"strings"
	"unicode/utf8"

	mqtt "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/cellgate/cellgate/internal/pki"
)

// identity is who a client is, as its verified certificate says: an
// operator, allowed every topic, or a device, allowed only the topics under
// "<device>/". The zero identity is nobody, allowed nothing.
type identity struct {
	operator bool
	device   string
}

func (id identity) known() bool { return id.operator || id.device != "" }

// allows reports whether id may publish to topic, or subscribe to the
// filter topic.
func (id identity) allows(topic string) bool {
	if id.operator {
		return true
	}
	return id.device != "" && strings.HasPrefix(topic, id.device+"/") && len(topic) > len(id.device)+1
}

// deviceName reports whether cn can name a device: one topic level that is
// not empty, holds no wildcard, separator or control character, and does
// not start with '$' (the broker's own topics).
func deviceName(cn string) bool {
	if cn == "" || len(cn) > 64 || !utf8.ValidString(cn) || cn[0] == '$' {
		return false
	}
	for _, r := range cn {
		if r == '/' || r == '+' || r == '#' || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// aclHook lets each client use only the topics its certificate names; see
// the package documentation. The client id and the user name a client
// claims count for nothing.
type aclHook struct {
	mqtt.HookBase
	srv        *mqtt.Server
	trustPlain bool
}

func (h *aclHook) ID() string { return "certificate-acl" }

func (h *aclHook) Provides(b byte) bool {
	return bytes.Contains([]byte{mqtt.OnConnectAuthenticate, mqtt.OnACLCheck}, []byte{b})
}

// identify gives the identity of cl from its connection.
func (h *aclHook) identify(cl *mqtt.Client) identity {
	if cl.Net.Inline {
		return identity{operator: true}
	}
	tc, ok := cl.Net.Conn.(*tls.Conn)
	if !ok {
		return identity{operator: h.trustPlain && cl.Net.Listener == plainListener}
	}
	state := tc.ConnectionState()
	if !state.HandshakeComplete || len(state.VerifiedChains) == 0 {
		return identity{}
	}
	cert := state.PeerCertificates[0]
	if slices.Contains(cert.Subject.OrganizationalUnit, pki.OperatorUnit) {
		return identity{operator: true}
	}
	if deviceName(cert.Subject.CommonName) {
		return identity{device: cert.Subject.CommonName}
	}
	return identity{}
}

// OnConnectAuthenticate admits a client with an identity whose last will,
// if any, is on a topic it may use, and that does not take over the
// session of a client of another identity.
func (h *aclHook) OnConnectAuthenticate(cl *mqtt.Client, pk packets.Packet) bool {
	id := h.identify(cl)
	if !id.known() {
		return false
	}
	if pk.Connect.WillFlag && !id.allows(pk.Connect.WillTopic) {
		return false
	}
	if old, ok := h.srv.Clients.Get(cl.ID); ok && old != cl && h.identify(old) != id {
		return false
	}
	return true
}

// OnACLCheck allows id the topics under its name.
func (h *aclHook) OnACLCheck(cl *mqtt.Client, topic string, _ bool) bool {
	return h.identify(cl).allows(topic)
}
