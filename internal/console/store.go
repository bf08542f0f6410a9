package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/cellgate/cellgate/internal/atparam"
)

// SettingError says which setting was refused and why.
type SettingError struct {
	Key     string
	Problem string
}

func (e *SettingError) Error() string { return e.Key + ": " + e.Problem }

// setting describes one configuration key the console knows.
type setting struct {
	secret   bool // Get masks it
	validate func(string) string
}

// settings are the keys a FileStore accepts. The values that go into AT
// commands follow package atparam, the rules the configuration file follows
// too; "" keeps the network's or module's default.
var settings = map[string]setting{
	"modem.apn":        {validate: orEmpty(atparam.APN)},
	"modem.user":       {validate: atparam.Credential},
	"modem.password":   {secret: true, validate: atparam.Credential},
	"modem.pin":        {secret: true, validate: orEmpty(atparam.PIN)},
	"modem.operator":   {validate: orEmpty(atparam.PLMN)},
	"modem.roaming":    {validate: oneOf("true", "false")},
	"console.password": {secret: true, validate: validConsolePassword},
}

// Keys lists the configuration keys a FileStore accepts, sorted.
func Keys() []string { return slices.Sorted(maps.Keys(settings)) }

// ValidateSetting checks one value for key; the error is a *SettingError.
func ValidateSetting(key, value string) error {
	s, ok := settings[key]
	if !ok {
		return &SettingError{key, "unknown key"}
	}
	if p := s.validate(value); p != "" {
		return &SettingError{key, p}
	}
	return nil
}

// orEmpty accepts "" and otherwise what rule accepts.
func orEmpty(rule func(string) string) func(string) string {
	return func(v string) string {
		if v == "" {
			return ""
		}
		return rule(v)
	}
}

// plain accepts printable ASCII without quotes or backslashes, up to n
// characters: safe inside a quoted AT parameter.
func plain(n int) func(string) string {
	return func(v string) string {
		if len(v) > n {
			return fmt.Sprintf("longer than %d characters", n)
		}
		for i := 0; i < len(v); i++ {
			if c := v[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '`' || c == '\\' {
				return "only printable ASCII without quotes or backslashes allowed"
			}
		}
		return ""
	}
}

func oneOf(allowed ...string) func(string) string {
	return func(v string) string {
		if slices.Contains(allowed, v) {
			return ""
		}
		return "must be " + strings.Join(allowed, " or ")
	}
}

// validConsolePassword accepts 8 to 64 printable ASCII characters without
// spaces (the password is the first word of a message).
func validConsolePassword(v string) string {
	if len(v) < 8 {
		return "shorter than 8 characters"
	}
	if p := plain(64)(v); p != "" {
		return p
	}
	if strings.Contains(v, " ") {
		return "must not contain spaces"
	}
	return ""
}

// FileStore is the router's configuration: the keys Keys lists, kept in a
// JSON file of key/value pairs. Every change rewrites the whole file
// atomically (temporary file in the same directory, fsync, rename, fsync of
// the directory), so a power cut leaves the old file or the new one, never
// a torn one. Keys in the file that this version does not know are kept.
// It is safe for concurrent use.
type FileStore struct {
	// OnChange, when set, is called after a change has been persisted,
	// with the keys whose value changed and their new (unmasked) values.
	OnChange func(changes map[string]string)

	mu       sync.Mutex
	path     string
	defaults map[string]string
	values   map[string]string
	rejected []*SettingError

	fileOps
}

// OpenFileStore loads the configuration at path over defaults. A missing
// file is not an error: the store starts from defaults and the file is
// written on the first change. A default that does not validate is an error
// naming the key. A stored value that does not validate (written by an
// older version with looser rules, or by hand) is set aside: the default
// stands in for it, Rejected reports it, and the next change drops it from
// the file.
func OpenFileStore(path string, defaults map[string]string) (*FileStore, error) {
	for k, v := range defaults {
		if err := ValidateSetting(k, v); err != nil {
			return nil, fmt.Errorf("console: default %w", err)
		}
	}
	s := &FileStore{
		path:     path,
		defaults: maps.Clone(defaults),
		values:   maps.Clone(defaults),
		fileOps:  osFileOps(),
	}
	if s.values == nil {
		s.values = map[string]string{}
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	var stored map[string]string
	if err := json.Unmarshal(data, &stored); err != nil {
		return nil, fmt.Errorf("console: %s: %w", path, err)
	}
	for _, k := range slices.Sorted(maps.Keys(stored)) {
		v := stored[k]
		if _, known := settings[k]; known {
			var se *SettingError
			if err := ValidateSetting(k, v); errors.As(err, &se) {
				s.rejected = append(s.rejected, se)
				continue
			}
		}
		s.values[k] = v
	}
	return s, nil
}

// Rejected lists the stored values OpenFileStore set aside because they do
// not validate, by key; the errors never hold the value.
func (s *FileStore) Rejected() []*SettingError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rejected)
}

// Get returns the value of key; secrets come back as Masked when set.
func (s *FileStore) Get(key string) (string, error) {
	v, err := s.Value(key)
	if err == nil && settings[key].secret && v != "" {
		v = Masked
	}
	return v, err
}

// Value returns the value of key, secrets included, for the parts of the
// router that need them (the modem needs the real APN password).
func (s *FileStore) Value(key string) (string, error) {
	if _, ok := settings[key]; !ok {
		return "", &SettingError{key, "unknown key"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values[key], nil
}

// Set validates every change, then persists them all at once. On error
// nothing has changed; the error names the first offending key (in sorted
// order) and the problem.
func (s *FileStore) Set(ctx context.Context, changes map[string]string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(changes)) {
		if err := ValidateSetting(k, changes[k]); err != nil {
			return err
		}
	}
	return s.replace(func(m map[string]string) {
		maps.Copy(m, changes)
	})
}

// Reset restores the defaults OpenFileStore was given and persists them.
func (s *FileStore) Reset(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.replace(func(m map[string]string) {
		clear(m)
		maps.Copy(m, s.defaults)
	})
}

// replace applies edit to a copy of the values, persists the copy and only
// then makes it current.
func (s *FileStore) replace(edit func(map[string]string)) error {
	s.mu.Lock()
	next := maps.Clone(s.values)
	edit(next)
	changed := map[string]string{}
	for k := range settings {
		if next[k] != s.values[k] {
			changed[k] = next[k]
		}
	}
	if len(changed) == 0 && len(next) == len(s.values) {
		s.mu.Unlock()
		return nil
	}
	if err := s.persist(next); err != nil {
		s.mu.Unlock()
		return err
	}
	s.values = next
	hook := s.OnChange
	s.mu.Unlock()
	if hook != nil && len(changed) > 0 {
		hook(changed)
	}
	return nil
}

// persist writes values to the file atomically.
func (s *FileStore) persist(values map[string]string) error {
	data, err := json.MarshalIndent(values, "", "  ")
	if err != nil {
		return err
	}
	return s.writeAtomic(s.path, append(data, '\n'), "settings", false)
}
