package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binarySizeTarget is the size budget of one cellgate binary: 15 MB.
const binarySizeTarget = 15e6

// binaryTargets are the router CPUs cellgate is built for, with the build
// environment of each (as in .ci/run and packaging/README.md).
var binaryTargets = []struct {
	name string
	env  []string
}{
	{"linux-amd64", []string{"GOOS=linux", "GOARCH=amd64"}},
	{"linux-armv7", []string{"GOOS=linux", "GOARCH=arm", "GOARM=7"}},
	{"linux-arm64", []string{"GOOS=linux", "GOARCH=arm64"}},
	{"linux-mipsle-softfloat", []string{"GOOS=linux", "GOARCH=mipsle", "GOMIPS=softfloat"}},
}

// BenchmarkBinarySize builds the static, stripped cellgate binary
// (CGO_ENABLED=0, -trimpath -ldflags='-s -w') for each router CPU and
// reports its size in bytes and against the 15 MB budget (size/target);
// ns/op is the build time. It fails only if a build fails:
//
//	go test ./bench -run '^$' -bench BinarySize -benchtime 1x
func BenchmarkBinarySize(b *testing.B) {
	for _, tg := range binaryTargets {
		b.Run(tg.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "cellgate")
			var size int64
			for range b.N {
				cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out,
					"github.com/cellgate/cellgate/cmd/cellgate")
				// The last of duplicate variables wins: these override the
				// caller's GOARM, GOMIPS and the like.
				cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0", "GOARM=", "GOMIPS="), tg.env...)
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("go build %v: %v\n%s", tg.env, err, msg)
				}
				fi, err := os.Stat(out)
				if err != nil {
					b.Fatal(err)
				}
				size = fi.Size()
			}
			b.ReportMetric(float64(size), "bytes")
			b.ReportMetric(float64(size)/binarySizeTarget, "size/target")
		})
	}
}
