package gateway

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/config"
	"github.com/cellgate/cellgate/internal/console"
)

// consoleState is the SMS console's state in the state directory: its
// settings, laid over the configuration file's, and its journal. A change
// of the settings makes the gateway replace the configuration's components
// with ones on the changed configuration.
type consoleState struct {
	log      *slog.Logger
	settings *console.FileStore
	// journal is the console's record of the requests it ran: a request
	// found again after a restart is not run twice.
	journal *console.Journal
	// invalid are the settings not used, reported as events once the
	// gateway's identity is known.
	invalid []string

	// changed is closed when an SMS changed a setting, once the console's
	// reply has gone out (pending until then).
	changed    chan struct{}
	changeOnce sync.Once
	pending    atomic.Bool
}

// consoleJournal is the file of the SMS console's journal in the state
// directory.
const consoleJournal = "console-journal.json"

// settingsGrace bounds the wait for the console's reply after a setting
// changed (an SMS may take a minute to send).
const settingsGrace = 90 * time.Second

// openConsoleState opens the console's settings, lays them over cfg (a
// copy of fileCfg) and opens its journal.
//
// A setting that does not validate is reported (log now, event once the
// identity is known) and not used: a value of the configuration file the
// console would refuse is no default for the console's factory command
// (the file's value stays in force), and a stored value that does not
// validate gives way to the configuration file's. A damaged journal is
// reported and replaced: the console goes on, without the old entries.
func openConsoleState(fileCfg, cfg *config.Config, log *slog.Logger) (*consoleState, error) {
	s := &consoleState{log: log, changed: make(chan struct{})}
	path := statePath(fileCfg, "settings.json")
	defaults, file := map[string]string{}, fileCfg.SettingDefaults()
	for _, k := range slices.Sorted(maps.Keys(file)) {
		var se *console.SettingError
		if errors.As(console.ValidateSetting(k, file[k]), &se) {
			s.settingInvalid(fmt.Sprintf("%s in %s: %s; the SMS console's factory command does not restore it", k, fileCfg.Path, se.Problem))
			continue
		}
		defaults[k] = file[k]
	}
	st, err := console.OpenFileStore(path, defaults)
	if err != nil {
		return nil, fmt.Errorf("SMS settings: %w", err)
	}
	for _, e := range st.Rejected() {
		s.settingInvalid(fmt.Sprintf("%s in %s: %s; the configuration file's value is used", e.Key, path, e.Problem))
	}
	cfg.ApplySettings(func(k string) (string, bool) {
		v, err := st.Value(k)
		return v, err == nil && v != defaults[k]
	})
	// Restarting stops the SMS service, so the components are replaced
	// after the reply to the command that made the change has been sent
	// (or failed), or after settingsGrace should no reply follow.
	st.OnChange = func(map[string]string) {
		s.pending.Store(true)
		time.AfterFunc(settingsGrace, s.restart)
	}
	s.settings = st

	j, err := console.OpenJournal(statePath(fileCfg, consoleJournal), console.DefaultJournalSize)
	if err != nil {
		log.Warn("SMS console journal not used; starting a new one", "err", err)
	}
	s.journal = j
	return s, nil
}

// settingInvalid reports a setting not used; text never holds the value.
func (s *consoleState) settingInvalid(text string) {
	s.log.Warn("SMS setting not used", "problem", text)
	s.invalid = append(s.invalid, text)
}

// replied is told that the console sent a reply: a changed setting takes
// effect now.
func (s *consoleState) replied() {
	if s.pending.Load() {
		s.restart()
	}
}

// restart makes the gateway replace the components on the changed
// settings.
func (s *consoleState) restart() {
	s.changeOnce.Do(func() { close(s.changed) })
}
