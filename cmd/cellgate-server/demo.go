package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cellgate/cellgate/internal/iccid"
	"github.com/cellgate/cellgate/internal/server/api"
	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/config"
	"github.com/cellgate/cellgate/internal/server/platform"
	"github.com/cellgate/cellgate/internal/server/store"
)

// The demo's organisation, sign-in and SIM batch.
const (
	demoOrg   = "Demo Fleet"
	demoEmail = "admin@example.com"
	demoBIC   = "DEMO-BIC-0001"
)

// demo is "cellgate-server demo": a server on embedded SQLite in a
// directory of its own, with an admin, a service and a tariff profile and
// an unregistered batch of ten SIMs to register, until ctx ends.
func demo(ctx context.Context, e *env, o demoOptions) error {
	cfg := config.Default()
	cfg.Listen = o.Listen
	cfg.Database.Path = filepath.Join(o.Dir, "cellgate-server.db")
	cfg.Secrets.JWTKeyFile = filepath.Join(o.Dir, "jwt.key")
	cfg.Secrets.EncryptionKeyFile = filepath.Join(o.Dir, "encryption.key")
	// The demo's admin signs in with its application token; a password
	// sign-in still needs the TOTP code printed below.
	if err := cfg.Check(); err != nil {
		return err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return err
	}
	if o.Reset {
		for _, f := range []string{"cellgate-server.db", "cellgate-server.db-wal", "cellgate-server.db-shm", "credentials.txt"} {
			if err := os.Remove(filepath.Join(o.Dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	p, err := platform.Open(ctx, cfg, logger(e, cfg))
	if err != nil {
		return err
	}
	defer p.Close()
	creds := filepath.Join(o.Dir, "credentials.txt")
	if _, err := p.Store.OrgByName(ctx, demoOrg); errors.Is(err, store.ErrNotFound) {
		text, err := seedDemo(ctx, p)
		if err != nil {
			return fmt.Errorf("seed the demo: %w", err)
		}
		if err := os.WriteFile(creds, []byte(text), 0o600); err != nil {
			return err
		}
	}
	text, err := os.ReadFile(creds)
	if err != nil {
		return fmt.Errorf("%w (start afresh with --reset)", err)
	}
	ln, err := p.Listen()
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	token := ""
	for line := range strings.Lines(string(text)) {
		if v, ok := strings.CutPrefix(line, "application token: "); ok {
			token = strings.TrimSpace(v)
		}
	}
	fmt.Fprintf(e.stdout, `cellgate-server demo: %s/api/v1 (database %s)

%s
Try it (the README walks through each call):

  TOKEN=$(curl -s -X POST %[1]s/api/v1/authenticate -H 'Content-Type: application/json' \
      -d '{"application_token":"%[4]s"}' | sed 's/.*"auth_token":"\([^"]*\)".*/\1/')
  curl -s -H "Authorization: Bearer $TOKEN" %[1]s/api/v1/sim_batch/bic/%[5]s
  curl -s -X PATCH -H "Authorization: Bearer $TOKEN" %[1]s/api/v1/sim_batch/bic/%[5]s -d '{"sim_status":{"id":1}}'
  curl -s -H "Authorization: Bearer $TOKEN" '%[1]s/api/v1/sim?per_page=5&sort=-id'

Stop it with Ctrl-C.
`, url, cfg.Database.Path, text, token, demoBIC)
	return p.Serve(ctx, ln)
}

// seedDemo creates the demo's organisation, admin, profiles and batch, and
// returns the credentials to print.
func seedDemo(ctx context.Context, p *platform.Platform) (string, error) {
	password := randomPassword()
	c, err := api.CreateUser(ctx, p.Store, p.Box, api.NewUser{Org: demoOrg, Email: demoEmail, Password: password, Role: auth.RoleAdmin, MFA: true})
	if err != nil {
		return "", err
	}
	a := store.Actor{OrgID: c.OrgID, UserID: c.User.ID, Name: "cellgate-server demo"}
	if _, err := p.Store.CreateServiceProfile(ctx, a, store.ServiceProfile{
		Name: "Industrial IoT", Description: "4G, NB-IoT and LTE-M; data and SMS",
		AllowedRATs: []store.RAT{store.RAT4G, store.RATNBIoT, store.RATLTEM}, SMSMO: true, SMSMT: true, Data: true, BreakoutRegion: "eu-west",
	}); err != nil {
		return "", err
	}
	if _, err := p.Store.CreateTariffProfile(ctx, a, store.TariffProfile{
		Name: "Europe", Description: "EU and EEA networks", AllowedCountries: []string{"DE", "FR", "NL", "IT", "ES"},
	}); err != nil {
		return "", err
	}
	sims := make([]store.SIM, 10)
	for i := range sims {
		payload := fmt.Sprintf("8988303%011d", 4200+i)
		id := payload + string(iccid.LuhnDigit(payload))
		sims[i] = store.SIM{ICCID: id, IMSI: fmt.Sprintf("9014300%08d", 4200+i), MSISDN: fmt.Sprintf("+88239%07d", 4200+i), FormFactor: "MFF2"}
		if sims[i].Secrets.PIN1, err = p.Box.Seal("1234", "pin1:"+id); err != nil {
			return "", err
		}
	}
	if _, err := p.Store.ImportBatch(ctx, a, store.Batch{BIC: demoBIC, Name: "demo batch"}, sims); err != nil {
		return "", err
	}
	var b strings.Builder
	printCredentials(&env{stdout: &b}, c, password)
	return b.String(), nil
}
