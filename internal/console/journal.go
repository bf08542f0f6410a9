package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
)

// DefaultJournalSize is how many handled requests a Journal remembers when
// OpenJournal is given no size.
const DefaultJournalSize = 256

// journalVersion is the version of the journal file's format.
const journalVersion = 1

// Journal is the console's durable record of the requests it ran, so that
// a request delivered again is never run twice. The SMS service delivers at
// least once: a message whose delete failed, or that was not deleted yet
// when the router restarted (reboot, factory and set restart it or its
// parts), is found again at the next start and handed on again.
//
// A request is known by its sender as received with its type of number,
// its service centre timestamp (TP-SCTS, to the second) and a keyed hash
// of its text: HMAC-SHA256 with a random key kept in the file, so that the
// text, which holds the password, is never stored and cannot be looked up
// in a precomputed table. The file is JSON, mode 0600:
//
//	{"version":1,"key":"<hex>","handled":[{"from":"+491701234567","ton":1,"scts":"2026-12-04T17:28:31+01:00","text":"<hex HMAC>"}, ...]}
//
// oldest first, bounded to the last size entries. Every Record rewrites it
// atomically (temporary file, fsync, rename, fsync of the directory) before
// it returns, so a power cut leaves the old journal or the new one. A
// request without a service centre timestamp is not recorded: it cannot be
// told from a new one with the same text. An SMS-DELIVER carries nothing
// else that tells a message apart from a second delivery of it, so the
// same text sent twice by one sender within the same second of service
// centre time is one request. It is safe for concurrent use.
type Journal struct {
	mu      sync.Mutex
	path    string
	size    int
	key     []byte
	entries []journalEntry // oldest first
	known   map[journalKey]bool

	fileOps
}

// journalFile is the file's JSON form.
type journalFile struct {
	Version int            `json:"version"`
	Key     string         `json:"key"`
	Handled []journalEntry `json:"handled"`
}

// journalEntry is one handled request.
type journalEntry struct {
	From string    `json:"from"`
	TON  byte      `json:"ton"`
	SCTS time.Time `json:"scts"`
	Text string    `json:"text"` // hex HMAC-SHA256 of the text
}

// journalKey is what tells two requests apart.
type journalKey struct {
	from string
	ton  byte
	scts int64 // Unix seconds: the SCTS has no finer resolution
	text string
}

func (e journalEntry) key() journalKey {
	return journalKey{from: e.From, ton: e.TON, scts: e.SCTS.Unix(), text: e.Text}
}

// OpenJournal opens the journal at path, remembering the last size requests
// (DefaultJournalSize when size <= 0). A missing file is no error: the
// journal starts empty and the file is written at the first Record. A file
// that cannot be read or understood is reported as an error naming it,
// together with a usable empty journal, which replaces the file at the first
// Record: the caller decides whether to go on without the old entries.
func OpenJournal(path string, size int) (*Journal, error) {
	if size <= 0 {
		size = DefaultJournalSize
	}
	j := &Journal{
		path:    path,
		size:    size,
		known:   map[journalKey]bool{},
		fileOps: osFileOps(),
	}
	fresh := func() {
		j.key = make([]byte, 32)
		rand.Read(j.key)
		j.entries = nil
		clear(j.known)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		fresh()
		return j, nil
	}
	if err != nil {
		fresh()
		return j, fmt.Errorf("console: journal: %w", err)
	}
	var f journalFile
	if err := json.Unmarshal(data, &f); err != nil {
		fresh()
		return j, fmt.Errorf("console: journal %s: not a journal: %w", path, err)
	}
	key, err := hex.DecodeString(f.Key)
	if f.Version != journalVersion || err != nil || len(key) < 16 {
		fresh()
		return j, fmt.Errorf("console: journal %s: version %d with key of %d bytes; expected version %d with a key of 32 bytes", path, f.Version, len(f.Key)/2, journalVersion)
	}
	j.key = key
	for _, e := range f.Handled {
		j.add(e)
	}
	return j, nil
}

// entry gives the entry of req, false when req has no timestamp.
func (j *Journal) entry(req Request) (journalEntry, bool) {
	if req.Time.IsZero() {
		return journalEntry{}, false
	}
	m := hmac.New(sha256.New, j.key)
	m.Write([]byte(req.Text))
	return journalEntry{From: req.From, TON: req.FromTON, SCTS: req.Time, Text: hex.EncodeToString(m.Sum(nil))}, true
}

// add appends e, forgetting the oldest entries beyond the size.
func (j *Journal) add(e journalEntry) {
	k := e.key()
	if j.known[k] {
		return
	}
	j.entries = append(j.entries, e)
	j.known[k] = true
	for len(j.entries) > j.size {
		delete(j.known, j.entries[0].key())
		j.entries = j.entries[1:]
	}
}

// Seen reports whether req was recorded. A nil Journal has seen nothing.
func (j *Journal) Seen(req Request) bool {
	if j == nil {
		return false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.entry(req)
	return ok && j.known[e.key()]
}

// Record adds req and writes the journal through to the disk; when it
// returns nil, req is known to every Journal opened on the file later.
// added is false when req was recorded before (by a concurrent caller):
// only the caller that added it may run it. A failed write leaves the
// journal as it was. A request without a timestamp, or a nil Journal,
// records nothing and is reported added.
func (j *Journal) Record(req Request) (added bool, err error) {
	if j == nil {
		return true, nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.entry(req)
	if !ok {
		return true, nil
	}
	if j.known[e.key()] {
		return false, nil
	}
	entries := append(j.entries[max(0, len(j.entries)-(j.size-1)):len(j.entries):len(j.entries)], e)
	data, err := json.Marshal(journalFile{Version: journalVersion, Key: hex.EncodeToString(j.key), Handled: entries})
	if err != nil {
		return false, err
	}
	if err := j.persist(append(data, '\n')); err != nil {
		return false, err
	}
	j.add(e)
	return true, nil
}

// persist writes data to the file atomically and durably: unlike a
// settings change, the rename must reach the disk before the command runs,
// or a power cut would bring the old journal back.
func (j *Journal) persist(data []byte) error {
	return j.writeAtomic(j.path, data, "journal", true)
}
