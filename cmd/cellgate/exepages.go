package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/cellgate/cellgate/internal/retry"
)

// Start-up runs code and reads tables that the daemon does not touch again
// (package initialisation, the configuration parser, the TLS handshake),
// and the kernel maps the executable's pages around each one it faults in,
// 64 KB at a time: two seconds after start nearly the whole binary (10.5 MB
// of 11.5 MB on amd64) is resident, of which the running daemon keeps using
// about 7 MB. The daemon releases those pages 5 s after start, then at
// doubling intervals up to every 10 minutes, so that code run now and then
// (a reconnection, a reload, the SMS console) does not stay resident either.
// Each release costs the daemon a few hundred minor faults at most.
const (
	exePagesFirst = 5 * time.Second
	exePagesMax   = 10 * time.Minute
)

// releaseExecutablePages releases the executable's pages (see
// dropExecutablePages) on that schedule until ctx ends.
func releaseExecutablePages(ctx context.Context, log *slog.Logger) {
	wait := retry.Backoff{Min: exePagesFirst, Max: exePagesMax}
	t := time.NewTimer(wait.Next())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := dropExecutablePages()
		if err != nil {
			log.Debug("releasing the executable's pages failed", "err", err.Error())
			return
		}
		if n == 0 {
			return // not supported here, or a debugger is attached
		}
		t.Reset(wait.Next())
	}
}
