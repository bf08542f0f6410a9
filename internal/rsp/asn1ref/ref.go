package asn1ref

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/testkit"
)

const install = "apt-get install erlang-asn1 erlang-base"

// startTimeout bounds compiling and starting; callTimeout one request.
const (
	startTimeout = 2 * time.Minute
	callTimeout  = 30 * time.Second
)

// Ref is the compiled reference codec: one erl process, shared by all tests
// of a test binary and safe for concurrent use.
type Ref struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	replies chan string
	stderr  testkit.Buffer

	mu     sync.Mutex
	broken error
}

var (
	compileOnce sync.Once
	compiled    *Ref
	compileErr  error
)

// Compile returns the reference codec, compiling the modules and starting
// erl on the first call of the test binary. It skips the test when erlc or
// erl is missing, or fails it when CELLGATE_REQUIRE_INTEGRATION is set.
func Compile(tb testing.TB) *Ref {
	tb.Helper()
	erlc := testkit.Program(tb, "erlc", install)
	erl := testkit.Program(tb, "erl", install)
	compileOnce.Do(func() { compiled, compileErr = start(erlc, erl) })
	if compileErr != nil {
		tb.Fatalf("asn1ref: %v", compileErr)
	}
	return compiled
}

// start compiles the sources into a temporary directory, starts the server
// there and removes the directory once the server has loaded its modules.
func start(erlc, erl string) (*Ref, error) {
	dir, err := os.MkdirTemp("", "cellgate-asn1ref-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := writeSources(dir); err != nil {
		return nil, err
	}
	// BER back end, DER encoding; undec_rest so that trailing bytes are
	// reported instead of ignored.
	for _, args := range [][]string{
		{"-bber", "+der", "+undec_rest", setModule + ".set.asn"},
		{"asn1ref_server.erl"},
	} {
		cmd := exec.Command(erlc, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("erlc %s: %v: %s (is erlang-asn1 installed?)",
				strings.Join(args, " "), err, out)
		}
	}
	r := &Ref{replies: make(chan string, 1)}
	r.cmd = exec.Command(erl, "+S", "1:1", "-noshell", "-pa", dir, "-run", "asn1ref_server", "main")
	r.cmd.Dir = dir
	r.cmd.Env = append(os.Environ(), "ERL_CRASH_DUMP_SECONDS=0")
	r.cmd.Stderr = &r.stderr
	if r.stdin, err = r.cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("erl stdin: %w", err)
	}
	stdout, err := r.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("erl stdout: %w", err)
	}
	if err := r.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start erl: %w", err)
	}
	go r.read(stdout)
	select {
	case line, ok := <-r.replies:
		if !ok || line != "ready" {
			r.cmd.Process.Kill()
			return nil, fmt.Errorf("erl did not start: %q %s", line, r.stderr.String())
		}
	case <-time.After(startTimeout):
		r.cmd.Process.Kill()
		return nil, fmt.Errorf("erl did not start within %s: %s", startTimeout, r.stderr.String())
	}
	return r, nil
}

// read passes the server's lines on until its output ends.
func (r *Ref) read(stdout io.Reader) {
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		r.replies <- sc.Text()
	}
	close(r.replies)
	r.cmd.Wait()
}

var typeNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)

// Decode decodes der as the ASN.1 type typeName and returns the value as
// the Erlang term the compiled codec gives, printed with ~w: a SEQUENCE is
// {'TypeName', Field...} with asn1_NOVALUE for an absent OPTIONAL, a
// CHOICE {alternative, Value}, an OCTET STRING <<Byte,...>>. The error is
// the codec's reason (a wrong tag, trailing bytes, an unknown type). A
// broken or stuck erl fails the test.
func (r *Ref) Decode(tb testing.TB, typeName string, der []byte) (string, error) {
	tb.Helper()
	if !typeNamePattern.MatchString(typeName) {
		return "", fmt.Errorf("asn1ref: type name %q is not an ASN.1 type reference", typeName)
	}
	return r.call(tb, "D "+typeName+" "+strings.ToUpper(hex.EncodeToString(der)))
}

// Encode encodes erlangTerm, Erlang term syntax in the form Decode
// returns, as the ASN.1 type typeName and returns the DER bytes. The error
// is a term that does not parse or that the codec refuses.
func (r *Ref) Encode(tb testing.TB, typeName, erlangTerm string) ([]byte, error) {
	tb.Helper()
	if !typeNamePattern.MatchString(typeName) {
		return nil, fmt.Errorf("asn1ref: type name %q is not an ASN.1 type reference", typeName)
	}
	out, err := r.call(tb, "E "+typeName+" "+hex.EncodeToString([]byte(erlangTerm)))
	if err != nil {
		return nil, err
	}
	der, err := hex.DecodeString(out)
	if err != nil {
		tb.Fatalf("asn1ref: encoding of %s: erl answered %q: %v", typeName, out, err)
	}
	return der, nil
}

// call sends one request line and waits for its answer.
func (r *Ref) call(tb testing.TB, request string) (string, error) {
	tb.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.broken != nil {
		tb.Fatalf("asn1ref: %v", r.broken)
	}
	if _, err := io.WriteString(r.stdin, request+"\n"); err != nil {
		r.broken = fmt.Errorf("write to erl: %v: %s", err, r.stderr.String())
		tb.Fatalf("asn1ref: %v", r.broken)
	}
	var line string
	select {
	case l, ok := <-r.replies:
		if !ok {
			r.broken = fmt.Errorf("erl exited: %s", r.stderr.String())
			tb.Fatalf("asn1ref: %v", r.broken)
		}
		line = l
	case <-time.After(callTimeout):
		r.broken = fmt.Errorf("erl did not answer within %s: %s", callTimeout, r.stderr.String())
		r.cmd.Process.Kill()
		tb.Fatalf("asn1ref: %v", r.broken)
	}
	if rest, ok := strings.CutPrefix(line, "ok "); ok {
		return rest, nil
	}
	if rest, ok := strings.CutPrefix(line, "error "); ok {
		return "", errors.New(rest)
	}
	r.broken = fmt.Errorf("erl answered %q", line)
	tb.Fatalf("asn1ref: %v", r.broken)
	return "", nil
}
