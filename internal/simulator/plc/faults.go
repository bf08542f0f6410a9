package plc

import (
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
)

// FaultKind is a misbehaviour a unit can be told to show.
type FaultKind int

// The faults.
const (
	NoFault        FaultKind = iota
	FaultNoAnswer            // the request is ignored: the master times out
	FaultException           // the request fails with Fault.Code
	FaultBadCRC              // the response's CRC is wrong (RTU)
	FaultPartial             // only the first half of the response is sent (on TCP, the connection is then closed)
	FaultSlowBytes           // the response's characters are sent Fault.Gap apart
	FaultBusy                // the request fails with exception 06, server device busy
)

func (k FaultKind) String() string {
	return [...]string{"none", "no answer", "exception", "bad crc", "partial", "slow bytes", "busy"}[k]
}

// Fault is a misbehaviour of a unit for its next Count requests (for good
// when Count is 0). Requests that meet FaultNoAnswer, FaultException or
// FaultBusy are not executed; with the others they are, and only the
// response suffers.
type Fault struct {
	Kind  FaultKind
	Count int
	// Code is FaultException's exception code (04, server device failure,
	// when 0).
	Code modbus.ExceptionCode
	// Gap is FaultSlowBytes' gap between characters; by default halfway
	// between t1.5 and t3.5, so the frame holds together but breaks the
	// t1.5 rule.
	Gap time.Duration
}

// Busy is exception 06 for the next n requests.
func Busy(n int) Fault { return Fault{Kind: FaultBusy, Count: n} }

// SetFault makes a unit misbehave; Fault{} clears it.
func (s *Server) SetFault(unit byte, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Kind == NoFault {
		delete(s.faults, unit)
		return
	}
	s.faults[unit] = &f
}

// ClearFault makes a unit behave again.
func (s *Server) ClearFault(unit byte) { s.SetFault(unit, Fault{}) }

// takeFault gives the fault the next request to unit meets, if any.
func (s *Server) takeFault(unit byte) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults[unit]
	if f == nil {
		return Fault{}
	}
	out := *f
	if f.Count > 0 {
		if f.Count--; f.Count == 0 {
			delete(s.faults, unit)
		}
	}
	return out
}

// answer applies a fault to a request: the response PDU (nil for none).
func (s *Server) answer(unit byte, pdu []byte, f Fault) []byte {
	switch f.Kind {
	case FaultNoAnswer:
		return nil
	case FaultException:
		c := f.Code
		if c == 0 {
			c = modbus.ServerDeviceFailure
		}
		return exception(pdu[0], c)
	case FaultBusy:
		return exception(pdu[0], modbus.ServerDeviceBusy)
	}
	return s.m.execute(unit, pdu)
}
