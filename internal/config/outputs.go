package config

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/cellgate/cellgate/internal/atpolicy"
	"github.com/cellgate/cellgate/internal/mqttaddr"
	"github.com/cellgate/cellgate/internal/redact"
)

// outputs checks that readings go somewhere, and where.
func (k *checker) outputs(c *Config) {
	o := c.Outputs
	if o.MQTT == nil && o.HTTPS == nil {
		k.errorf("outputs", "none configured; expected outputs.mqtt or outputs.https")
	}
	if q := o.MQTT; q != nil {
		const p = "outputs.mqtt"
		b, err := mqttaddr.ParseBroker(q.Broker)
		if err != nil {
			k.errorf(p+".broker", "%v; expected a URL such as ssl://broker.example.com:8883", err)
		} else if !b.TLS && (q.CA != "" || q.Cert != "" || q.Key != "") {
			k.errorf(p+".broker", "%q is not a TLS broker but ca, cert or key is given; expected ssl://, tls://, mqtts:// or wss://", redact.Command(q.Broker))
		}
		k.tlsFiles(p, q.CA, q.Cert, q.Key)
		k.topic(p+".topic", q.Topic, false)
		k.topic(p+".status_topic", q.StatusTopic, false)
		k.topic(p+".events_topic", q.EventsTopic, false)
		if q.ClientID != "" {
			k.topic(p+".client_id", q.ClientID, false)
		}
		if q.InFlight < 1 {
			k.errorf(p+".in_flight", "%d: expected a number of messages of 1 or more, such as 32", q.InFlight)
		}
	}
	if h := o.HTTPS; h != nil {
		const p = "outputs.https"
		u, err := url.Parse(h.URL)
		switch {
		case h.URL == "":
			k.errorf(p+".url", "missing; expected a URL such as https://example.com/readings")
		case err != nil || u.Host == "":
			k.errorf(p+".url", "%q is not a URL; expected one such as https://example.com/readings", redact.Command(h.URL))
		case u.Scheme != "https":
			k.errorf(p+".url", "%q is not https://; readings are only sent encrypted", redact.Command(h.URL))
		}
		k.tlsFiles(p, h.CA, h.Cert, h.Key)
		if h.Batch < 1 {
			k.errorf(p+".batch", "%d: expected a number of records of 1 or more, such as 100", h.Batch)
		}
		k.oneOf(p+".format", h.Format, "ndjson", "json-array")
		k.positive(p+".timeout", h.Timeout, "30s")
		for _, name := range slices.Sorted(maps.Keys(h.Headers)) {
			k.header(p+".headers."+name, name, h.Headers[name])
		}
	}
}

// header checks one HTTP header: a name of RFC 9110 token characters and a
// value without control characters (a CR or LF would end the header and
// every POST would fail). The value may be a secret: it is never printed.
func (k *checker) header(path, name, value string) {
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return !isTokenChar(r) }) >= 0 {
		k.errorf(path, "%q is not a header name; expected letters, digits and !#$%%&'*+-.^_`|~, such as Authorization", name)
		return
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; c < 0x20 && c != '\t' || c == 0x7f {
			k.errorf(path, "the value has a control character (0x%02X) at byte %d; expected printable text", c, i)
			return
		}
	}
}

// isTokenChar reports whether r may stand in an HTTP token (RFC 9110 5.6.2).
func isTokenChar(r rune) bool {
	return r < 0x7f && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
		strings.ContainsRune("!#$%&'*+-.^_`|~", r))
}

// topic checks a topic template; filter allows MQTT wildcards.
func (k *checker) topic(path, tmpl string, filter bool) {
	t, err := mqttaddr.Expand(tmpl, map[string]string{"IMEI": "x"})
	switch {
	case tmpl == "":
		k.errorf(path, "missing; expected a topic such as [IMEI]/logger")
	case err != nil:
		k.errorf(path, "%v; expected a topic such as [IMEI]/logger ([IMEI] is the only field)", err)
	case !filter && strings.ContainsAny(t, "+#"):
		k.errorf(path, "%q: wildcards + and # are only for subscriptions; expected a topic to publish to, such as [IMEI]/logger", tmpl)
	case strings.ContainsRune(t, 0):
		k.errorf(path, "%q contains a NUL character", tmpl)
	}
}

// tlsFiles checks that the CA file holds certificates and that the
// certificate and key files are readable and go together.
func (k *checker) tlsFiles(p, ca, cert, key string) {
	if ca != "" {
		if data, ok := k.pemFile(p+".ca", ca); ok && !x509.NewCertPool().AppendCertsFromPEM(data) {
			k.errorf(p+".ca", "%s holds no PEM certificate; expected the CA certificate that signed the server's", ca)
		}
	}
	switch {
	case cert != "" && key == "":
		k.errorf(p+".key", "missing; cert %s needs its private key", cert)
	case cert == "" && key != "":
		k.errorf(p+".cert", "missing; key %s needs its certificate", key)
	}
	if cert == "" || key == "" {
		return
	}
	certPEM, certOK := k.pemFile(p+".cert", cert)
	if certOK {
		if b, _ := pem.Decode(certPEM); b == nil || b.Type != "CERTIFICATE" {
			k.errorf(p+".cert", "%s holds no PEM certificate; expected the client certificate", cert)
			certOK = false
		} else if _, err := x509.ParseCertificate(b.Bytes); err != nil {
			k.errorf(p+".cert", "%s: %v", cert, err)
			certOK = false
		}
	}
	keyPEM, keyOK := k.pemFile(p+".key", key)
	if keyOK {
		if b, _ := pem.Decode(keyPEM); b == nil || !strings.HasSuffix(b.Type, "PRIVATE KEY") {
			k.errorf(p+".key", "%s holds no PEM private key; expected the client certificate's key", key)
			keyOK = false
		}
	}
	if certOK && keyOK {
		if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
			k.errorf(p+".key", "%s does not go with certificate %s: %s", key, cert, strings.TrimPrefix(err.Error(), "tls: "))
		}
	}
}

// pemFile reads a certificate or key file, reporting why it cannot.
func (k *checker) pemFile(path, file string) ([]byte, bool) {
	data, err := readFile(file, maxPEMBytes)
	if err != nil {
		k.errorf(path, "cannot read %s: %s", file, reason(err))
		return nil, false
	}
	return data, true
}

func (k *checker) remoteAT(c *Config) {
	r := c.RemoteAT
	const p = "remote_at"
	if r.Enabled && c.Outputs.MQTT == nil {
		k.errorf(p+".enabled", "remote AT needs an MQTT broker; expected outputs.mqtt")
	}
	k.topic(p+".topic", r.Topic, true)
	k.topic(p+".response_topic", r.ResponseTopic, false)
	if _, _, err := ParseRate(r.Rate); err != nil {
		k.errorf(p+".rate", "%v", err)
	}
	for _, l := range []struct {
		name string
		list []string
	}{{"allow", r.Allow}, {"deny", r.Deny}} {
		for i, s := range l.list {
			if !strings.HasPrefix(strings.ToUpper(s), "AT") {
				k.errorf(fmt.Sprintf("%s.%s[%d]", p, l.name, i), "%q is not an AT command prefix; expected one such as AT+CFUN", s)
			} else if cmds, err := atpolicy.Parse(s); err == nil && len(cmds) == 0 && l.name == "allow" {
				k.errorf(fmt.Sprintf("%s.%s[%d]", p, l.name, i), "%q names no command, and matches none; expected one command such as ATE0", s)
			} else if err == nil && len(cmds) > 1 {
				names := make([]string, len(cmds))
				for j, c := range cmds {
					names[j] = redact.Command(c.String())
				}
				k.errorf(fmt.Sprintf("%s.%s[%d]", p, l.name, i), "%q names %d commands (%s), and matches none; expected one command such as ATE0",
					redact.Command(s), len(cmds), strings.Join(names, ", "))
			}
		}
	}
}
