package config

import (
	"crypto/tls"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// validate checks every value of c.
func (k *checker) validate(c *Config) {
	k.listen(c)
	k.tls(c)
	k.publicURL(c)
	k.database(c)
	k.secrets(c)
	k.auth(c)
	k.rateLimit(c)
	k.webhooks(c)
	k.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	k.oneOf("log.format", c.Log.Format, "text", "json")
}

func (k *checker) listen(c *Config) {
	host, port, err := net.SplitHostPort(c.Listen)
	if err == nil {
		if n, e := strconv.Atoi(port); e != nil || n < 0 || n > 65535 {
			err = e
			if err == nil {
				err = strconv.ErrRange
			}
		}
	}
	if err != nil {
		k.errorf("listen", "%q is not an address; expected HOST:PORT such as 127.0.0.1:8080 or :443", c.Listen)
		return
	}
	if !c.TLS.Enabled() && !IsLoopback(host) {
		k.errorf("listen", "plain HTTP is only allowed on loopback; set tls.cert and tls.key")
	}
}

// IsLoopback reports whether host, of a listen address, is this host only:
// localhost or a loopback IP address. "" (every interface) is not.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (k *checker) tls(c *Config) {
	t := c.TLS
	switch {
	case t.Cert == "" && t.Key == "":
		return
	case t.Cert == "":
		k.errorf("tls.cert", "missing; tls.key is given, expected the certificate file too")
		return
	case t.Key == "":
		k.errorf("tls.key", "missing; tls.cert is given, expected the private key file too")
		return
	}
	ok := k.regularFile("tls.cert", t.Cert, "certificate")
	if !k.regularFile("tls.key", t.Key, "private key") || !ok {
		return
	}
	if _, err := tls.LoadX509KeyPair(t.Cert, t.Key); err != nil {
		k.errorf("tls", "cannot use %s and %s: %v; expected a PEM certificate and its private key", t.Cert, t.Key, err)
	}
}

// regularFile reports whether file is a regular file, reporting at field
// why not.
func (k *checker) regularFile(field, file, what string) bool {
	st, err := os.Stat(file)
	switch {
	case err != nil:
		k.errorf(field, "cannot read the %s %s: %v", what, file, reason(err))
	case !st.Mode().IsRegular():
		k.errorf(field, "%s is not a regular file; expected the %s", file, what)
	default:
		return true
	}
	return false
}

// reason is err without the path a *os.PathError repeats.
func reason(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func (k *checker) publicURL(c *Config) {
	if c.PublicURL == "" {
		return
	}
	const want = "expected the server's address as clients reach it, such as https://fleet.example.com"
	u, err := url.Parse(c.PublicURL)
	switch {
	case err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http":
		k.errorf("public_url", "%q is not an http or https URL; %s", c.PublicURL, want)
	case u.User != nil:
		k.errorf("public_url", "holds a user name or password; %s", want)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.PublicURL, "?") || strings.HasSuffix(c.PublicURL, "#"):
		k.errorf("public_url", "%q has a query or fragment; %s", c.PublicURL, want)
	default:
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	}
}

func (k *checker) database(c *Config) {
	d := &c.Database
	if !k.oneOf("database.driver", d.Driver, DriverSQLite, DriverPostgres) {
		return
	}
	if d.MaxConns < 1 {
		k.errorf("database.max_conns", "%d is too few; expected at least 1 connection", d.MaxConns)
	}
	switch d.Driver {
	case DriverSQLite:
		if d.URL.IsSet() || d.URL.File != "" {
			k.errorf("database.url", "only for driver postgres; expected database.path for sqlite")
		}
		if d.Path == "" {
			k.errorf("database.path", "empty; expected the SQLite file such as %s", DefaultSQLitePath)
		}
	case DriverPostgres:
		if k.doc.Set("database.path") {
			k.errorf("database.path", "only for driver sqlite; expected database.url for postgres")
		}
		d.Path = ""
		if !d.URL.IsSet() {
			if d.URL.File == "" {
				k.errorf("database.url", "missing; expected the PostgreSQL connection URL such as postgres://cellgate@localhost/cellgate, or {file: PATH} when it holds a password")
			}
			return
		}
		if err := checkDSN(d.URL.Reveal()); err != nil {
			k.errorf("database.url", "%v", err)
		}
	}
}

func (k *checker) secrets(c *Config) {
	s := c.Secrets
	if s.JWTKeyFile == "" {
		k.errorf("secrets.jwt_key_file", "empty; expected a file such as %s", DefaultJWTKeyFile)
	}
	if s.EncryptionKeyFile == "" {
		k.errorf("secrets.encryption_key_file", "empty; expected a file such as %s", DefaultEncryptionKeyFile)
	}
	if s.JWTKeyFile != "" && s.JWTKeyFile == s.EncryptionKeyFile {
		k.errorf("secrets.encryption_key_file", "the same file as secrets.jwt_key_file; expected a file of its own for each key")
	}
}

func (k *checker) auth(c *Config) {
	a := c.Auth
	k.positive("auth.token_ttl", a.TokenTTL, "15m")
	k.atLeastOne("auth.lockout.max_failures", a.Lockout.MaxFailures, "failed sign-in")
	k.positive("auth.lockout.window", a.Lockout.Window, "10m")
	k.positive("auth.lockout.ban", a.Lockout.Ban, "15m")
}

func (k *checker) rateLimit(c *Config) {
	r := c.RateLimit
	if (!r.PerToken.IsZero() || !r.PerIP.IsZero()) && r.Burst < 1 {
		k.errorf("rate_limit.burst", "%d is too few; expected at least 1 request", r.Burst)
	}
}

func (k *checker) webhooks(c *Config) {
	w := c.Webhooks
	k.positive("webhooks.timeout", w.Timeout, "10s")
	k.atLeastOne("webhooks.max_attempts", w.MaxAttempts, "attempt")
	k.positive("webhooks.backoff_min", w.BackoffMin, "5s")
	if k.positive("webhooks.backoff_max", w.BackoffMax, "1h") && w.BackoffMin > 0 && w.BackoffMax < w.BackoffMin {
		k.errorf("webhooks.backoff_max", "%s is shorter than webhooks.backoff_min (%s); expected at least as long", w.BackoffMax, w.BackoffMin)
	}
	if w.AllowLoopback {
		if host, _, err := net.SplitHostPort(c.Listen); err == nil && !IsLoopback(host) {
			k.errorf("webhooks.allow_loopback", "only for a server that listens on loopback, not on %s: it would let any user's callback reach this host's own services; expected false", c.Listen)
		}
	}
}

// positive reports whether d is above 0, reporting at field if not.
func (k *checker) positive(field string, d Duration, example string) bool {
	if d > 0 {
		return true
	}
	k.errorf(field, "is off; expected a duration above 0 such as %s", example)
	return false
}

// atLeastOne reports at field a count below 1.
func (k *checker) atLeastOne(field string, n int, what string) {
	if n < 1 {
		k.errorf(field, "%d is too few; expected at least 1 %s", n, what)
	}
}

// oneOf reports whether v is one of values, reporting at field if not.
func (k *checker) oneOf(field, v string, values ...string) bool {
	for _, x := range values {
		if v == x {
			return true
		}
	}
	k.errorf(field, "%q is not one of %s", v, strings.Join(values, ", "))
	return false
}
