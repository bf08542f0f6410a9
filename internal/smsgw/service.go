package smsgw

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/retry"
	"github.com/cellgate/cellgate/internal/sms"
)

// Service is the modem SMS service. Create it with New and run it with Run;
// Send, List, Read and Delete may be used concurrently, with or without Run.
type Service struct {
	e   *at.Engine
	cfg Config
	log *slog.Logger

	msgs    chan sms.Message
	reports chan Report
	running atomic.Bool

	// the indications queued by the URC handlers for Run; queued holds
	// those of the queue that a repeat is merged into
	qmu    sync.Mutex
	queue  []indication
	queued map[indication]bool
	wake   chan struct{}

	// the parts sent with a status report request, by TP-MR; sentMu is
	// held across each AT+CMGS so that a report cannot overtake its record
	sentMu  sync.Mutex
	sent    map[byte]sentPart
	concatN atomic.Uint32

	// owned by Run
	reasm *sms.Reassembler
	held  map[int]heldPart // parts stored on the modem waiting for siblings, by index
	// undeleted: messages handed on whose AT+CMGD failed, by index, with
	// their PDU; when found again they are deleted, not handed on twice.
	undeleted map[int]string
	// resweep: a read failed; sweep again soon.
	resweep bool
	ack     bool // AT+CSMS=1 took: +CMT and +CDS need AT+CNMA
}

// indication is what a URC handler saw.
type indication struct {
	kind  indicationKind
	mem   string // storage of +CMTI and +CDSI ("SM", "ME", "SR", ...)
	index int    // storage index of +CMTI and +CDSI
	pdu   string // PDU of +CMT and +CDS
}

// mergeable reports whether a repeat of ind may be merged into ind while it
// waits in the queue: a stored message is read, and a full storage swept,
// when the indication is served, so one serving covers every repeat that
// came before it. A +CMT or +CDS carries its own message and is never
// merged.
func (ind indication) mergeable() bool {
	switch ind.kind {
	case indStored, indFull, indRestart:
		return true
	}
	return false
}

type indicationKind int

const (
	indStored  indicationKind = iota // +CMTI, +CDSI
	indDirect                        // +CMT
	indReport                        // +CDS
	indFull                          // ^SMMEMFULL
	indRestart                       // the modem restarted or came back
)

// New creates a Service on e, which the caller starts and closes.
func New(e *at.Engine, cfg Config) *Service {
	cfg.setDefaults()
	s := &Service{
		e:         e,
		cfg:       cfg,
		log:       cfg.Logger.With("component", "sms"),
		msgs:      make(chan sms.Message),
		reports:   make(chan Report),
		wake:      make(chan struct{}, 1),
		sent:      make(map[byte]sentPart),
		reasm:     sms.NewReassembler(cfg.Gap, cfg.Total),
		held:      make(map[int]heldPart),
		undeleted: make(map[int]string),
	}
	s.concatN.Store(rand.Uint32N(256))
	return s
}

// Messages gives the received messages, complete or, after the reassembly
// time limits, marked Incomplete. The channel is unbuffered: a message is
// deleted from the modem once it was received from it (see the package
// documentation on at-least-once delivery). Run stalls while nobody reads.
func (s *Service) Messages() <-chan sms.Message { return s.msgs }

// Reports gives the status reports, with Config.StatusReports, matched to
// the parts sent. Like Messages it is unbuffered and must be read.
func (s *Service) Reports() <-chan Report { return s.reports }

// Run sets the modem up and serves incoming messages and reports until ctx
// ends; it returns ctx.Err(). Only one Run may be active.
func (s *Service) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("smsgw: Run is already active")
	}
	defer s.running.Store(false)
	// Start from the storage: parts held or reassembled by an earlier Run
	// are found again by the startup sweep.
	s.held = make(map[int]heldPart)
	s.reasm = sms.NewReassembler(s.cfg.Gap, s.cfg.Total)
	for _, h := range []struct {
		prefix string
		lines  int
		fn     func(at.URC)
	}{
		{"+CMTI:", 1, s.onStored},
		{"+CDSI:", 1, s.onStored},
		{"+CMT:", 2, s.onPDU(indDirect)},
		{"+CDS:", 2, s.onPDU(indReport)},
		{"^SMMEMFULL", 1, func(at.URC) { s.push(indication{kind: indFull}) }},
	} {
		defer s.e.Handle(h.prefix, h.lines, h.fn)()
	}
	defer s.e.Listen(func(ev at.Event) {
		if ev.Kind == at.EventRestarted || ev.Kind == at.EventAvailable {
			s.push(indication{kind: indRestart})
		}
	})()

	tick := time.NewTicker(min(max(s.cfg.Gap/4, 10*time.Millisecond), 10*time.Second))
	defer tick.Stop()
	setupAt := time.NewTimer(0)
	defer setupAt.Stop()
	// A periodic sweep finds what an indication lost in a freeze never
	// announced; a failed read asks for one soon.
	periodic := time.NewTicker(sweepInterval)
	defer periodic.Stop()
	soon := time.NewTimer(time.Hour)
	soon.Stop()
	defer soon.Stop()
	soonPending := false
	backoff := retry.Backoff{Min: time.Second, Max: time.Minute}
	setUp := false
	for {
		if s.resweep && !soonPending {
			s.resweep, soonPending = false, true
			soon.Reset(resweepDelay)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-periodic.C:
			if setUp {
				s.sweep(ctx)
			}
		case <-soon.C:
			soonPending = false
			if setUp {
				s.sweep(ctx)
			}
		case <-setupAt.C:
			if err := s.setup(ctx); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				wait := backoff.Next()
				s.log.Warn("SMS setup failed, retrying", "err", err, "in", wait)
				setupAt.Reset(wait)
				continue
			}
			setUp = true
			backoff.Reset()
			s.retryDeletes(ctx)
			s.sweep(ctx)
		case <-s.wake:
			for _, ind := range s.take() {
				if ind.kind == indRestart {
					if setUp {
						setUp = false
						setupAt.Reset(0)
					}
					continue
				}
				s.handle(ctx, ind)
			}
		case now := <-tick.C:
			s.expire(ctx, now)
		}
	}
}

// sweepInterval is the period of the safety sweep; resweepDelay how soon a
// failed read is retried.
const (
	sweepInterval = 10 * time.Minute
	resweepDelay  = 5 * time.Second
)

// push queues an indication for Run; it never blocks. A repeat of a
// mergeable indication still waiting in the queue is merged into it: 5,000
// +CMTI for one index cause one AT+CMGR, not 5,000. An indication that
// comes after Run took the queue is queued again, so a message stored in a
// slot that was read and freed meanwhile is read too.
func (s *Service) push(ind indication) {
	s.qmu.Lock()
	switch {
	case !ind.mergeable():
		s.queue = append(s.queue, ind)
	case !s.queued[ind]:
		if s.queued == nil {
			s.queued = make(map[indication]bool)
		}
		s.queued[ind] = true
		s.queue = append(s.queue, ind)
	}
	s.qmu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// take empties the queue.
func (s *Service) take() []indication {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	q := s.queue
	s.queue = nil
	clear(s.queued)
	return q
}

// onStored handles +CMTI: <mem>,<index> and +CDSI: <mem>,<index>.
func (s *Service) onStored(u at.URC) {
	_, rest, _ := strings.Cut(u.Lines[0], ":")
	f := fields(rest)
	i, err := strconv.Atoi(f[len(f)-1])
	if err != nil {
		s.log.Warn("malformed indication", "line", u.Lines[0])
		return
	}
	var mem string
	if len(f) > 1 {
		mem = f[0]
	}
	s.push(indication{kind: indStored, mem: mem, index: i})
}

// onPDU handles the two-line +CMT and +CDS: the PDU is the second line.
func (s *Service) onPDU(kind indicationKind) func(at.URC) {
	return func(u at.URC) {
		if len(u.Lines) < 2 {
			s.log.Warn("indication without its PDU", "line", u.Lines[0])
			return
		}
		s.push(indication{kind: kind, pdu: strings.TrimSpace(u.Lines[1])})
	}
}
