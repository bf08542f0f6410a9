package config

import "time"

// Defaults of the values Default fills in.
const (
	DefaultListen            = "127.0.0.1:8080"
	DefaultSQLitePath        = "./cellgate-server.db"
	DefaultJWTKeyFile        = "./cellgate-server.jwt.key"
	DefaultEncryptionKeyFile = "./cellgate-server.enc.key"
)

// Default returns the configuration used without a file: every value at
// its default, relative paths relative to the working directory. It is
// valid: HTTP on the loopback address, SQLite.
func Default() *Config {
	return &Config{
		Listen:   DefaultListen,
		Database: Database{Driver: DriverSQLite, Path: DefaultSQLitePath, MaxConns: 10},
		Secrets:  Secrets{JWTKeyFile: DefaultJWTKeyFile, EncryptionKeyFile: DefaultEncryptionKeyFile},
		Auth: Auth{
			TokenTTL:             Duration(15 * time.Minute),
			MFARequiredForAdmins: true,
			Lockout:              Lockout{MaxFailures: 5, Window: Duration(10 * time.Minute), Ban: Duration(15 * time.Minute)},
		},
		RateLimit: RateLimit{PerToken: Rate{N: 20, Per: time.Second}, PerIP: Rate{N: 50, Per: time.Second}, Burst: 40},
		Webhooks: Webhooks{
			Timeout:     Duration(10 * time.Second),
			MaxAttempts: 12,
			BackoffMin:  Duration(5 * time.Second),
			BackoffMax:  Duration(time.Hour),
		},
		Log: Log{Level: "info", Format: "text"},
	}
}
