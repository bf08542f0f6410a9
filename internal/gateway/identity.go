package gateway

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/modem"
)

// identity finds the gateway's identity and hands it to the recorder. Its
// Start returns once the identity is known: the components after it
// (outputs, collectors, watchdogs) need it. With a remembered IMEI it then
// watches for the modem reporting another one (a swapped module).
type identity struct {
	cfg *config.Config
	log *slog.Logger
	mgr *modem.Manager // nil without a modem
	rec *recorder
	run routines
}

func newIdentity(cfg *config.Config, log *slog.Logger, mgr *modem.Manager, rec *recorder) *identity {
	return &identity{cfg: cfg, log: log, mgr: mgr, rec: rec}
}

// Start waits for the identity: the configured one, else the one
// remembered from the modem, else the modem's once it answers.
func (id *identity) Start(ctx context.Context) error {
	id.run.init(ctx)
	imei, err := id.resolve(ctx)
	if err != nil {
		return err
	}
	id.rec.setIMEI(imei)
	id.log.Info("gateway identity", "imei", imei)
	return nil
}

// Close stops watching the modem's IMEI.
func (id *identity) Close() error {
	id.run.stop()
	return nil
}

func (id *identity) resolve(ctx context.Context) (string, error) {
	if id.cfg.Gateway.IMEI != "" {
		return id.cfg.Gateway.IMEI, nil
	}
	path := statePath(id.cfg, "imei")
	b, _ := os.ReadFile(path)
	cached := strings.TrimSpace(string(b))
	if id.mgr == nil {
		if cached != "" {
			return cached, nil
		}
		host, _ := os.Hostname()
		id.log.Warn("no modem and no gateway.imei: using the host name as identity", "name", host)
		return host, nil
	}
	if cached != "" {
		id.run.Go(func(ctx context.Context) { id.check(ctx, cached, path) })
		return cached, nil
	}
	id.log.Info("waiting for the modem's IMEI (readings start once it is known)")
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		if imei := id.mgr.Status().IMEI; imei != "" {
			writeIMEI(path, imei, id.log)
			return imei, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-t.C:
		}
	}
}

// check remembers a changed modem IMEI (a swapped module) for the next
// start and reports it.
func (id *identity) check(ctx context.Context, cached, path string) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		imei := id.mgr.Status().IMEI
		if imei == "" {
			continue
		}
		if imei != cached {
			id.log.Warn("the modem's IMEI changed; the new one is used from the next start", "was", cached, "now", imei)
			id.rec.event("gateway", "imei-changed", cached+" → "+imei)
			writeIMEI(path, imei, id.log)
		}
		return
	}
}

func writeIMEI(path, imei string, log *slog.Logger) {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(imei+"\n"), 0o640); err == nil {
		err = os.Rename(tmp, path)
		if err == nil {
			return
		}
	}
	log.Warn("cannot remember the IMEI", "path", path)
}
