package uplink

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/pki"
	"github.com/cellgate/cellgate/internal/testkit"
)

// connectErr makes one connection attempt and returns its error.
func connectErr(t *testing.T, cfg Config) error {
	t.Helper()
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := p.connect(t.Context())
	if c != nil {
		c.Disconnect(0)
	}
	return err
}

func TestTLSFailuresAreNamed(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	other, _ := pki.NewCA("some other CA")
	otherFile, _ := other.WriteFiles(t.TempDir())
	strangerCert, _ := other.Client(imei)
	sc, sk, _ := strangerCert.WriteFiles(t.TempDir(), "stranger")
	expired, _ := e.CA.ClientWith(pki.Expired(), imei)
	ec, ek, _ := expired.WriteFiles(t.TempDir(), "expired")

	cases := []struct {
		name   string
		edit   func(*Config)
		kinds  []error
		broker bool
	}{
		{"wrong CA for the broker", func(c *Config) { c.CAFile = otherFile }, []error{ErrUnknownAuthority}, false},
		{"name mismatch", func(c *Config) { c.ServerName = "broker.example.com" }, []error{ErrNameMismatch}, false},
		{"no client certificate", func(c *Config) { c.CertFile, c.KeyFile = "", "" }, []error{ErrCertificateRequired}, true},
		// Go does not send a certificate the broker's CA list excludes
		{"client certificate from another CA", func(c *Config) { c.CertFile, c.KeyFile = sc, sk }, []error{ErrCertificateRequired, ErrBadCertificate, ErrUnknownAuthority}, true},
		{"expired client certificate", func(c *Config) { c.CertFile, c.KeyFile = ec, ek }, []error{ErrCertificateExpired, ErrBadCertificate}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := e.config(b)
			tc.edit(&cfg)
			err := connectErr(t, cfg)
			var te *TLSError
			if !errors.As(err, &te) || !slices.ContainsFunc(tc.kinds, func(k error) bool { return errors.Is(err, k) }) || te.Broker != tc.broker {
				t.Fatalf("got %v, want one of %v (broker side %v)", err, tc.kinds, tc.broker)
			}
			t.Log(err)
		})
	}
	t.Run("server name override accepted", func(t *testing.T) {
		cfg := e.config(b)
		cfg.ServerName = "localhost"
		if err := connectErr(t, cfg); err != nil {
			t.Fatal(err)
		}
	})
}

func TestExpiredBrokerCertificate(t *testing.T) {
	e := newEnv(t)
	var err error
	if e.Server, err = e.CA.ServerWith(pki.Expired(), "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if e.ServerCert, e.ServerKey, err = e.Server.WriteFiles(e.Dir, "expired-server"); err != nil {
		t.Fatal(err)
	}
	b := e.startBroker(t, "")
	err = connectErr(t, e.config(b))
	if !errors.Is(err, ErrCertificateExpired) {
		t.Fatalf("got %v", err)
	}
}

func TestLastErrorNamesTLSFailure(t *testing.T) {
	e := newEnv(t)
	b := e.startBroker(t, "")
	other, _ := pki.NewCA("other")
	cfg := e.config(b)
	cfg.CAFile, _ = other.WriteFiles(t.TempDir())
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, newMemSource())
	testkit.Eventually(t, "a named error", func() bool {
		s := p.Stats()
		return s.Reconnects > 0 && s.LastError != "" && !s.Connected &&
			strings.Contains(s.LastError, "unknown authority")
	})
}
