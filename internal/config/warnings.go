package config

import (
	"io/fs"
	"maps"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/cellgate/cellgate/internal/mqttaddr"
	"github.com/cellgate/cellgate/internal/redact"
)

// warnings looks for what is accepted but unsafe in a valid Config: a
// broker reached without encryption, a status API open beyond this host,
// and files or directories that others may read or change. Modes follow
// OpenSSH's StrictModes: a configuration writable by every user is refused
// (Load), anything else loose is a warning. Group read is accepted: the
// packaging gives the service's group read access to the configuration
// and keys it may not change (packaging/README.md).
func (k *checker) warnings(c *Config) {
	k.plainBroker(c)
	k.configMode(c)
	for _, s := range k.secrets(c) {
		if s.secret.File != "" {
			k.privateFile(s.path+".file", s.secret.File)
		}
	}
	if q := c.Outputs.MQTT; q != nil {
		k.tlsModes("outputs.mqtt", q.CA, q.Cert, q.Key)
	}
	if h := c.Outputs.HTTPS; h != nil {
		k.tlsModes("outputs.https", h.CA, h.Cert, h.Key)
	}
	if c.Modem.ModemEnabled() {
		k.privateFile("modem.trace", c.Modem.Trace)
	}
	k.privateDir("gateway.state_dir", c.Gateway.StateDir)
	k.privateDir("spool.dir", c.Spool.Dir)
	k.openStatusAPI(c)
}

// openStatusAPI warns of a status API listening beyond this host: it has
// neither authentication nor encryption.
func (k *checker) openStatusAPI(c *Config) {
	l := c.Metrics.Listen
	if l == "off" {
		return
	}
	if host, _, err := net.SplitHostPort(l); err != nil || host != "" && loopback(host) {
		return
	}
	k.warnf("metrics.listen", "%q serves /metrics and /status (IMEI, SIM and network) to anyone who can reach it, without authentication or encryption; expected a loopback address such as 127.0.0.1:9110, with a tunnel or a reverse proxy for remote access", l)
}

// plainBroker warns of an MQTT broker that is neither encrypted nor on
// this host, more strongly when a password or AT commands go over it.
func (k *checker) plainBroker(c *Config) {
	q := c.Outputs.MQTT
	if q == nil {
		return
	}
	u, err := mqttaddr.ParseBroker(q.Broker)
	if err != nil || u.TLS || loopback(u.Hostname()) {
		return
	}
	_, inURL := u.User.Password()
	password := q.Password.Value != "" || inURL
	var what string
	switch {
	case password && c.RemoteAT.Enabled:
		what = ", the broker password is sent in clear and remote_at is enabled: anyone on the way can read the password and send this modem AT commands"
	case password:
		what = " and the broker password is sent in clear: anyone on the way can read it and connect as this gateway"
	case c.RemoteAT.Enabled:
		what = " and remote_at is enabled: anyone on the way can send this modem AT commands"
	default:
		what = ": readings cross the network in clear"
	}
	k.warnf("outputs.mqtt.broker", "%q is not encrypted%s; expected ssl://, tls://, mqtts:// or wss:// (plain tcp://, mqtt:// and ws:// are for a broker on this host)", redact.Command(q.Broker), what)
}

// loopback reports whether host is this host: localhost, 127.0.0.0/8 or ::1.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// configMode warns of a configuration file its group may change (Load
// refuses one every user may change), and of secrets written in it while
// others may read it.
func (k *checker) configMode(c *Config) {
	if !k.haveMode {
		return
	}
	if k.mode&0o020 != 0 {
		k.warnf("", "is writable by its group (mode %#o): its members can change what cellgate runs; chmod g-w %s", k.mode, c.Path)
	}
	if k.mode&0o004 == 0 {
		return
	}
	loose := looseness(k.mode & 0o004)
	for _, s := range k.secrets(c) {
		if s.secret.File == "" && s.secret.Value != "" {
			k.warnf(s.path, "written inline in %s, which is %s (mode %#o); chmod 600 %s, or read it from a file with {file: PATH}", c.Path, loose, k.mode, c.Path)
		}
	}
	urls := []struct{ path, url string }{}
	if q := c.Outputs.MQTT; q != nil {
		urls = append(urls, struct{ path, url string }{"outputs.mqtt.broker", q.Broker})
	}
	if h := c.Outputs.HTTPS; h != nil {
		urls = append(urls, struct{ path, url string }{"outputs.https.url", h.URL})
		for _, name := range slices.Sorted(maps.Keys(h.Headers)) {
			if secretHeader(name) && h.Headers[name] != "" {
				k.warnf("outputs.https.headers."+name, "written inline in %s, which is %s (mode %#o); chmod 600 %s", c.Path, loose, k.mode, c.Path)
			}
		}
	}
	for _, u := range urls {
		if p, err := url.Parse(u.url); err == nil {
			if _, ok := p.User.Password(); ok {
				k.warnf(u.path, "the password in the URL is written inline in %s, which is %s (mode %#o); chmod 600 %s", c.Path, loose, k.mode, c.Path)
			}
		}
	}
}

// secretHeader reports whether an HTTP header named name carries
// credentials: Authorization, Proxy-Authorization, Cookie, or a name that
// ends in key, token, secret, password and the like (redact.SecretKey).
func secretHeader(name string) bool {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization", "cookie":
		return true
	}
	return redact.SecretKey(name)
}

// privateFile warns of a secret, key or trace file others may read, or
// its group or others may change.
func (k *checker) privateFile(path, file string) {
	if w := privateFileWarning(file); w != "" {
		k.warnf(path, "%s", w)
	}
}

// tlsModes warns of a CA or certificate file its group or others may
// change, and of a key file as of any private file.
func (k *checker) tlsModes(p, ca, cert, key string) {
	for _, f := range []struct{ path, file, why string }{
		{p + ".ca", ca, "decides which server is trusted"},
		{p + ".cert", cert, "decides how this gateway identifies itself"},
	} {
		if m, ok := perm(f.file); ok && m&0o022 != 0 {
			k.warnf(f.path, "%s is %s (mode %#o): whoever can change it %s; chmod 644 %s", f.file, looseness(m&0o022), m, f.why, f.file)
		}
	}
	k.privateFile(p+".key", key)
}

// privateDir warns of an existing directory its group or others may
// change: they could replace or delete what cellgate keeps there.
func (k *checker) privateDir(path, dir string) {
	if m, ok := perm(dir); ok && m&0o022 != 0 {
		k.warnf(path, "%s is %s (mode %#o); chmod 700 %s", dir, looseness(m&0o022), m, dir)
	}
}

// perm is the permission bits of an existing file; ok is false when it
// cannot be found or there is no file to check.
func perm(file string) (fs.FileMode, bool) {
	if file == "" || file == "-" {
		return 0, false
	}
	st, err := os.Stat(file)
	if err != nil {
		return 0, false
	}
	return st.Mode().Perm(), true
}

// looseness says who may read or change a file with permission bits m:
// "readable by its group and others", "readable and writable by others",
// "readable by its group and writable by its group and others".
func looseness(m fs.FileMode) string {
	r, w := who(m&0o040 != 0, m&0o004 != 0), who(m&0o020 != 0, m&0o002 != 0)
	switch {
	case r != "" && r == w:
		return "readable and writable by " + r
	case r != "" && w != "":
		return "readable by " + r + " and writable by " + w
	case r != "":
		return "readable by " + r
	}
	return "writable by " + w
}

func who(group, others bool) string {
	switch {
	case group && others:
		return "its group and others"
	case group:
		return "its group"
	case others:
		return "others"
	}
	return ""
}
