package console

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var scts = time.Date(2026, 12, 4, 18, 28, 31, 0, time.FixedZone("", 3600))

func openJournal(t *testing.T, path string, size int) *Journal {
	t.Helper()
	j, err := OpenJournal(path, size)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestJournalRemembersAcrossOpens(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "journal.json")
	req := Request{From: "+491701234567", FromTON: 1, Text: testPassword + " reboot", Time: scts}
	j := openJournal(t, path, 0)
	if j.Seen(req) {
		t.Fatal("an empty journal has seen the request")
	}
	if _, err := j.Record(req); err != nil {
		t.Fatal(err)
	}
	again := openJournal(t, path, 0)
	if !again.Seen(req) {
		t.Fatal("the request is forgotten when the journal is opened again")
	}
	// Each part of the key tells requests apart; the same instant in
	// another zone is the same timestamp.
	for _, other := range []Request{
		{From: "+491701234568", FromTON: 1, Text: req.Text, Time: scts},
		{From: req.From, FromTON: 5, Text: req.Text, Time: scts},
		{From: req.From, FromTON: 1, Text: testPassword + " status", Time: scts},
		{From: req.From, FromTON: 1, Text: req.Text, Time: scts.Add(time.Second)},
	} {
		if again.Seen(other) {
			t.Errorf("%+v taken for the recorded request", other)
		}
	}
	if !again.Seen(Request{From: req.From, FromTON: 1, Text: req.Text, Time: scts.UTC()}) {
		t.Error("the same timestamp in UTC not recognised")
	}
}

func TestJournalHoldsNoTextAndIsPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "journal.json")
	j := openJournal(t, path, 0)
	if _, err := j.Record(Request{From: "+491701234567", FromTON: 1, Text: testPassword + " set modem.pin=1234", Time: scts}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{testPassword, "modem.pin", "pin="} {
		if strings.Contains(string(data), s) {
			t.Errorf("journal holds %q: %s", s, data)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("journal mode %o, want 600", m)
	}
}

func TestJournalBounded(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "journal.json")
	j := openJournal(t, path, 3)
	req := func(i int) Request {
		return Request{From: "+491701234567", FromTON: 1, Text: fmt.Sprint(testPassword, " get x", i), Time: scts}
	}
	for i := range 5 {
		if _, err := j.Record(req(i)); err != nil {
			t.Fatal(err)
		}
	}
	again := openJournal(t, path, 3)
	for i := range 5 {
		if got, want := again.Seen(req(i)), i >= 2; got != want || j.Seen(req(i)) != want {
			t.Errorf("request %d seen %v, want %v", i, got, want)
		}
	}
	if n := len(again.entries); n != 3 {
		t.Errorf("%d entries, want 3", n)
	}
}

func TestJournalWithoutTimestampRecordsNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "journal.json")
	j := openJournal(t, path, 0)
	req := Request{From: "+491701234567", FromTON: 1, Text: testPassword + " status"}
	if _, err := j.Record(req); err != nil {
		t.Fatal(err)
	}
	if j.Seen(req) {
		t.Error("a request without a timestamp was recorded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("journal written: %v", err)
	}
}

func TestJournalDamagedStartsEmpty(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"garbage":     "{not json",
		"old version": `{"version":0,"key":"00112233445566778899aabbccddeeff","handled":[]}`,
		"no key":      `{"version":1,"handled":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "journal.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			j, err := OpenJournal(path, 0)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("error %v, want one naming %s", err, path)
			}
			req := Request{From: "+491701234567", FromTON: 1, Text: "x", Time: scts}
			if _, err := j.Record(req); err != nil {
				t.Fatal(err)
			}
			if !openJournal(t, path, 0).Seen(req) {
				t.Error("the damaged journal was not replaced")
			}
		})
	}
}

// A command runs only once its request is recorded: when the journal cannot
// be written the command is refused with a reply, and nothing is recorded.
func TestCommandNotRunWhenTheJournalCannotBeWritten(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "journal.json")
	j := openJournal(t, path, 0)
	j.sync = func(*os.File) error { return errBoom }
	r := newRig(t, Config{Journal: j})
	res := r.send("+491701234567", testPassword+" reboot")
	if res.After != nil {
		t.Fatal("reboot left to run although it could not be recorded")
	}
	if !res.Send || !strings.Contains(res.Reply, "not run") {
		t.Errorf("reply %+v", res)
	}
	if a := r.last(t); a.Accepted || !strings.Contains(a.Result, "not run") || !strings.Contains(a.Result, "boom") {
		t.Errorf("audit %+v", a)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("journal written: %v", err)
	}
	j.sync = (*os.File).Sync
	if res := r.send("+491701234567", testPassword+" reboot"); res.After == nil {
		t.Error("the request was taken as handled after a failed write")
	}
}

// A request found in the journal is not run, not answered and audited as
// already handled, even when its sender is locked out or the password
// changed since.
func TestRequestInJournalNotRunAgain(t *testing.T) {
	t.Parallel()
	j := openJournal(t, filepath.Join(t.TempDir(), "journal.json"), 0)
	r := newRig(t, Config{Journal: j, Allowed: []string{"+491701234567"}})
	if res := r.send("+491701234567", testPassword+" connect"); !res.Send {
		t.Fatalf("first request not answered: %+v", res)
	}
	r.c.SetPassword("Another-Secret")
	if res := r.send("+491701234567", testPassword+" connect"); res.Send || res.After != nil {
		t.Errorf("request found again answered: %+v", res)
	}
	if n := strings.Count(strings.Join(r.b.Calls(), "|"), "Connect"); n != 1 {
		t.Errorf("connect ran %d times", n)
	}
	if a := r.last(t); a.Accepted || a.Result != "already handled" || a.Command != "connect" {
		t.Errorf("audit %+v", a)
	}
	r.noSecrets(t, testPassword)
}

// Of the same request handled twice at once, only one runs.
func TestSameRequestAtOnceRunsOnce(t *testing.T) {
	t.Parallel()
	j := openJournal(t, filepath.Join(t.TempDir(), "journal.json"), 0)
	r := newRig(t, Config{Journal: j})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); r.send("+491701234567", testPassword+" connect") }()
	}
	wg.Wait()
	if n := strings.Count(strings.Join(r.b.Calls(), "|"), "Connect"); n != 1 {
		t.Errorf("connect ran %d times", n)
	}
}
