package config

import (
	"log/slog"

	gwconfig "github.com/cellgate/cellgate/internal/config"
)

// Duration is a duration written "15m", "1h30m" or "500ms".
type Duration = gwconfig.Duration

// Secret is a value written inline or as {file: PATH}; printed, logged or
// marshalled it shows only "***".
type Secret = gwconfig.Secret

// Error is one problem in a configuration file: file, line, column, field
// and message.
type Error = gwconfig.Error

// ErrorList is every problem found in a configuration file, in file order.
type ErrorList = gwconfig.ErrorList

// Config is the cellgate-server configuration.
type Config struct {
	// Path is the absolute name of the file it was read from; "" for
	// Default (not a YAML key).
	Path string `yaml:"-"`
	// Listen is the HTTP address, "127.0.0.1:8080" by default. Without
	// TLS it must be a loopback address.
	Listen string `yaml:"listen"`
	TLS    TLS    `yaml:"tls"`
	// PublicURL is the server's address as clients reach it, for Location
	// and Link headers ("https://fleet.example.com"), without a trailing
	// slash; "" derives it from each request.
	PublicURL string    `yaml:"public_url"`
	Database  Database  `yaml:"database"`
	Secrets   Secrets   `yaml:"secrets"`
	Auth      Auth      `yaml:"auth"`
	RateLimit RateLimit `yaml:"rate_limit"`
	Webhooks  Webhooks  `yaml:"webhooks"`
	Log       Log       `yaml:"log"`
}

// TLS is the server's certificate and private key, PEM files; both or
// neither.
type TLS struct {
	Cert string `yaml:"cert"`
	Key  string `yaml:"key"`
}

// Enabled reports whether the server serves HTTPS.
func (t TLS) Enabled() bool { return t.Cert != "" && t.Key != "" }

// The database drivers.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Database says where the inventory is kept.
type Database struct {
	// Driver is DriverSQLite (default) or DriverPostgres.
	Driver string `yaml:"driver"`
	// Path is the SQLite file, "./cellgate-server.db" by default; "" for
	// PostgreSQL.
	Path string `yaml:"path"`
	// URL is the PostgreSQL connection string, a URL
	// (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=verify-full) or
	// key=value pairs; required for PostgreSQL, unset for SQLite. Only
	// RedactDSN(URL.Reveal()) may be shown.
	URL Secret `yaml:"url"`
	// MaxConns is the most connections open at once, 10 by default.
	MaxConns int `yaml:"max_conns"`
}

// Secrets are the files of the server's keys.
type Secrets struct {
	// JWTKeyFile holds the key that signs access tokens,
	// "./cellgate-server.jwt.key" by default.
	JWTKeyFile string `yaml:"jwt_key_file"`
	// EncryptionKeyFile holds the key that encrypts secrets at rest,
	// "./cellgate-server.enc.key" by default.
	EncryptionKeyFile string `yaml:"encryption_key_file"`
}

// Auth is sign-in: tokens, second factors and lockout.
type Auth struct {
	// TokenTTL is how long an access token is valid, 15m by default.
	TokenTTL Duration `yaml:"token_ttl"`
	// MFARequiredForAdmins refuses administrators without a second
	// factor; true by default.
	MFARequiredForAdmins bool    `yaml:"mfa_required_for_admins"`
	Lockout              Lockout `yaml:"lockout"`
}

// Lockout bans a sign-in name or address after repeated failures.
type Lockout struct {
	// MaxFailures failed sign-ins within Window ban for Ban: 5, 10m and
	// 15m by default.
	MaxFailures int      `yaml:"max_failures"`
	Window      Duration `yaml:"window"`
	Ban         Duration `yaml:"ban"`
}

// RateLimit bounds requests by token and by client address.
type RateLimit struct {
	// PerToken is 20/s and PerIP 50/s by default; a zero Rate ("off") does
	// not limit.
	PerToken Rate `yaml:"per_token"`
	PerIP    Rate `yaml:"per_ip"`
	// Burst is how many requests each limiter lets through at once before
	// the rate applies, 40 by default.
	Burst int `yaml:"burst"`
}

// Webhooks is the delivery of events to subscribers' URLs.
type Webhooks struct {
	// Timeout is one delivery attempt's, 10s by default.
	Timeout Duration `yaml:"timeout"`
	// MaxAttempts is how often an event is tried before it is dropped,
	// 12 by default.
	MaxAttempts int `yaml:"max_attempts"`
	// BackoffMin and BackoffMax bound the wait between attempts, which
	// doubles from the one to the other: 5s and 1h by default.
	BackoffMin Duration `yaml:"backoff_min"`
	BackoffMax Duration `yaml:"backoff_max"`
	// AllowLoopback lets callbacks reach this host's loopback addresses
	// (http://127.0.0.1:9000/hook, a receiver under development); false by
	// default. Private and link-local addresses stay refused. Only a
	// server that itself listens on loopback may set it.
	AllowLoopback bool `yaml:"allow_loopback"`
}

// Log is the server's log.
type Log struct {
	// Level is debug, info (default), warn or error.
	Level string `yaml:"level"`
	// Format is text (default) or json.
	Format string `yaml:"format"`
}

// SlogLevel is Level as a slog.Level; info for anything else.
func (l Log) SlogLevel() slog.Level {
	switch l.Level {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}
