package bench

import (
	"io"
	"log/slog"

	"github.com/cellgate/cellgate/internal/testkit/rig"
)

// benchIMEI is the device identity used by the MQTT benchmarks and tests.
const benchIMEI = "357299070082380"

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// mosquittoConfig is the benchmarks' mosquitto: e's certificates, no limit
// on queued or in-flight messages, and persistence in persistDir ("" for
// none).
func mosquittoConfig(e *rig.PKI, persistDir string) rig.MosquittoConfig {
	return rig.MosquittoConfig{CAFile: e.CAFile, CertFile: e.ServerCert, KeyFile: e.ServerKey,
		Dir: e.Dir, PersistDir: persistDir, Unlimited: true}
}
