package plc

import (
	"context"
	"errors"
	"fmt"

	"github.com/cellgate/cellgate/internal/simulator/terminal"
)

// StartRTU opens a pseudo-terminal and serves Modbus RTU on it until ctx is
// done or the server is closed. Masters open its slave side, TTY, as they
// would an RS-485 adapter; the server keeps a descriptor of the slave open
// itself, so that they can open and close it as often as they like. When
// link is not empty, a symlink to the slave is made there (replacing a
// symlink already at that path) and removed by Close.
//
// The terminal starts in raw mode. A response left unread for half a second
// (nobody had the terminal open) is discarded, and so is whatever is unread
// when a request starts, as it would be gone from a real bus.
func (s *Server) StartRTU(ctx context.Context, link string) error {
	if s.ctx.Err() != nil {
		return errors.New("plc: server closed")
	}
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.term != nil {
		return errors.New("plc: RTU already started")
	}
	term, err := terminal.Open(link)
	if err != nil {
		return fmt.Errorf("plc: open pty: %w", err)
	}
	s.term = term
	s.log.Info("plc simulator started", "tty", term.Name(), "link", link)
	// Flushing uses the terminal's descriptor, which Close may be closing:
	// both hold ptyMu, and a closed terminal is not flushed.
	closed := false
	flush := func() {
		s.ptyMu.Lock()
		defer s.ptyMu.Unlock()
		if !closed {
			term.FlushInput()
		}
	}
	s.closeTerm = func() error {
		if closed {
			return nil
		}
		closed = true
		return term.Close()
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.serveRTU(ctx, term.Master, flush); err != nil && ctx.Err() == nil && s.ctx.Err() == nil {
			s.log.Warn("plc pty stopped", "err", err)
		}
	}()
	return nil
}

// TTY gives the path of the terminal's slave side, "" before StartRTU.
func (s *Server) TTY() string {
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.term == nil {
		return ""
	}
	return s.term.Name()
}

// closePTY closes the terminal and removes the symlink.
func (s *Server) closePTY() error {
	s.ptyMu.Lock()
	defer s.ptyMu.Unlock()
	if s.closeTerm == nil {
		return nil
	}
	return s.closeTerm()
}
