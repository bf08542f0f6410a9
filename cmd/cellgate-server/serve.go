package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"

	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/platform"
)

// logger is the server's log on stderr, as the configuration says.
func logger(e *env, c *config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.Log.SlogLevel()}
	if c.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// serve is "cellgate-server run": the API until ctx ends.
func serve(ctx context.Context, e *env, cfg *config.Config) error {
	p, err := platform.Open(ctx, cfg, logger(e, cfg))
	if err != nil {
		return err
	}
	defer p.Close()
	ln, err := p.Listen()
	if err != nil {
		return err
	}
	scheme := "http"
	if cfg.TLS.Enabled() {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "cellgate-server: serving %s://%s/api/v1\n", scheme, ln.Addr())
	return p.Serve(ctx, ln)
}

// adminCreate is "cellgate-server admin create": a user with a random
// password, an application token and (for admins) a TOTP secret, printed
// once.
func adminCreate(ctx context.Context, e *env, cfg *config.Config, o adminOptions) error {
	role, err := auth.ParseRole(o.Role)
	if err != nil {
		return fmt.Errorf("--role: %w", err)
	}
	p, err := platform.Open(ctx, cfg, logger(e, cfg))
	if err != nil {
		return err
	}
	defer p.Close()
	n := api.NewUser{Email: o.Email, Role: role, Password: randomPassword(), MFA: role == auth.RoleAdmin}
	n.Org = o.Org
	if n.Org == "" {
		n.Org = "default"
	}
	if org, ok := findOrg(ctx, p, n.Org); ok {
		n.OrgID = org
	}
	c, err := api.CreateUser(ctx, p.Store, p.Box, n)
	if err != nil {
		return err
	}
	printCredentials(e, c, n.Password)
	return nil
}

// findOrg finds an organisation by name.
func findOrg(ctx context.Context, p *platform.Platform, name string) (int64, bool) {
	o, err := p.Store.OrgByName(ctx, name)
	return o.ID, err == nil
}

func printCredentials(e *env, c api.Credentials, password string) {
	fmt.Fprintf(e.stdout, "user:              %s (%s, organisation %d)\n", c.User.Email, c.User.Role, c.OrgID)
	fmt.Fprintf(e.stdout, "password:          %s\n", password)
	fmt.Fprintf(e.stdout, "application token: %s\n", c.ApplicationToken)
	if c.TOTPSecret != "" {
		fmt.Fprintf(e.stdout, "TOTP secret:       %s\n", c.TOTPSecret)
		fmt.Fprintf(e.stdout, "TOTP URL:          %s\n", c.TOTPURL)
	}
	fmt.Fprintln(e.stdout, "These are shown once; the server keeps only their hashes (and the TOTP secret encrypted).")
}

// randomPassword is 20 characters from an alphabet without look-alikes.
func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
