package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestDropExecutablePages(t *testing.T) {
	if traced() {
		t.Skip("a debugger is attached")
	}
	if ok, err := staticExecutable("/proc/self/exe"); err != nil || !ok {
		// -race and cgo builds are linked dynamically: nothing is released.
		if n, err := dropExecutablePages(); n != 0 || err != nil {
			t.Fatalf("dynamically linked: released %d bytes, err %v", n, err)
		}
		// The release builds are static: test one of those.
		if testing.Short() {
			t.Skip("the test binary is linked dynamically")
		}
		bin := filepath.Join(t.TempDir(), "cellgate.test")
		build := exec.Command(runtime.GOROOT()+"/bin/go", "test", "-c", "-o", bin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building a static test binary: %v\n%s", err, msg)
		}
		out, err := exec.Command(bin, "-test.run", "^TestDropExecutablePages$", "-test.v").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestDropExecutablePages") {
			t.Fatalf("static test binary: %v\n%s", err, out)
		}
		return
	}
	before := rssFileKB(t)
	n, err := dropExecutablePages()
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("released no mapping of the executable")
	}
	after := rssFileKB(t)
	if after >= before {
		t.Errorf("file-backed resident memory %d kB before, %d kB after releasing %d bytes of mappings", before, after, n)
	}
	// The code and its tables are mapped back as they are used.
	if s := strconv.Quote(strings.Repeat("é", 2)); s != `"éé"` {
		t.Errorf("after release: %s", s)
	}
}

// rssFileKB is RssFile of /proc/self/status.
func rssFileKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
	}
	t.Fatal("no RssFile in /proc/self/status")
	return 0
}

// TestStaticExecutable checks the ELF reader against debug/elf on the
// binaries the release builds make and on a position-independent one.
func TestStaticExecutable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	builds := []struct {
		name   string
		env    []string
		args   []string
		static bool
	}{
		{"exe", []string{"CGO_ENABLED=0"}, nil, true},
		{"arm", []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm", "GOARM=7"}, nil, true},
		{"mipsle", []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=mipsle", "GOMIPS=softfloat"}, nil, true},
		{"mips", []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=mips", "GOMIPS=softfloat"}, nil, true},
		{"pie", []string{"CGO_ENABLED=0"}, []string{"-buildmode=pie"}, false},
	}
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			out := filepath.Join(dir, b.name)
			args := append(append([]string{"build", "-o", out}, b.args...), src)
			cmd := exec.Command(runtime.GOROOT()+"/bin/go", args...)
			cmd.Dir = dir
			cmd.Env = append(append(os.Environ(), "GOFLAGS=", "GO111MODULE=off"), b.env...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Skipf("cannot build: %v\n%s", err, msg)
			}
			got, err := staticExecutable(out)
			if err != nil {
				t.Fatal(err)
			}
			f, err := elf.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := f.Type == elf.ET_EXEC
			for _, p := range f.Progs {
				if p.Type == elf.PT_DYNAMIC || p.Type == elf.PT_INTERP {
					want = false
				}
			}
			if got != want || got != b.static {
				t.Errorf("staticExecutable = %v, debug/elf says %v, expected %v", got, want, b.static)
			}
		})
	}
	if _, err := staticExecutable(src); err == nil {
		t.Error("a Go source file taken for an executable")
	}
}
