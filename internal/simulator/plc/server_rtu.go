package plc

import (
	"context"
	"io"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/retry"
)

type chunk struct {
	b []byte
	t time.Time
}

// ServeRTU serves Modbus RTU on a byte stream (a serial port, a terminal)
// until ctx is done, the server is closed or reading fails. A frame ends
// with t3.5 of silence at Config.Baud. If rw has SetReadDeadline (os.File,
// net.Conn), ServeRTU sets a past deadline on its way out so as to stop its
// reader; otherwise that reader ends with the stream.
func (s *Server) ServeRTU(ctx context.Context, rw io.ReadWriter) error {
	return s.serveRTU(ctx, rw, nil)
}

// staleAfter is how long a response may wait unread on a terminal.
const staleAfter = 500 * time.Millisecond

// serveRTU is ServeRTU with flush, which discards what the terminal holds
// unread, called when a request starts (what is there then is stale: the
// bus is half duplex) and staleAfter after a response that has not been
// read, as a serial port that nobody has open receives nothing.
func (s *Server) serveRTU(ctx context.Context, rw io.ReadWriter, flush func()) error {
	ctx, cancel := s.both(ctx)
	defer cancel()
	t35, t15 := modbus.Silence(s.cfg.Baud)

	chunks, rerr, done := make(chan chunk, 64), make(chan error, 1), make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		buf := make([]byte, 512)
		for {
			n, err := rw.Read(buf)
			if n > 0 {
				select {
				case chunks <- chunk{append([]byte(nil), buf[:n]...), time.Now()}:
				case <-done:
					return
				}
			}
			if err != nil {
				rerr <- err
				return
			}
		}
	}()
	defer func() {
		close(done)
		if d, ok := rw.(interface{ SetReadDeadline(time.Time) error }); ok {
			if d.SetReadDeadline(time.Unix(1, 0)) == nil {
				<-readerDone
			}
		}
	}()

	var frame []byte
	var first time.Time
	timer, stale := time.NewTimer(time.Hour), time.NewTimer(time.Hour)
	timer.Stop()
	stale.Stop()
	defer timer.Stop()
	defer stale.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-rerr:
			return err
		case c := <-chunks:
			if len(frame) == 0 {
				first = c.t
				if flush != nil {
					flush()
				}
			}
			frame = append(frame, c.b...)
			timer.Reset(t35)
		case <-timer.C:
			f := frame
			frame = nil
			if err := s.rtuFrame(ctx, rw, f, first, t15, t35); err != nil {
				return err
			}
			if flush != nil {
				stale.Reset(staleAfter)
			}
		case <-stale.C:
			if len(frame) == 0 {
				flush()
			}
		}
	}
}

// rtuFrame answers one frame, if it is to be answered.
func (s *Server) rtuFrame(ctx context.Context, w io.Writer, frame []byte, first time.Time, t15, t35 time.Duration) error {
	id, pdu, err := modbus.ParseRTU(frame)
	if err != nil || len(pdu) == 0 {
		s.count(false, true, len(frame))
		return nil
	}
	if id != 0 && !s.m.HasUnit(id) {
		s.count(true, false, len(frame))
		return nil
	}
	r := newServed("rtu", first, id, pdu, len(frame))
	if id == 0 {
		// Broadcast: writes are executed by every unit, nobody answers.
		r.Broadcast = true
		if isWrite(pdu[0]) {
			for _, u := range s.m.Units() {
				if f := s.takeFault(u); f.Kind != FaultNoAnswer && f.Kind != FaultException && f.Kind != FaultBusy {
					s.m.execute(u, pdu)
				}
			}
		}
		retry.Sleep(ctx, s.cfg.Latency)
		r.Duration = time.Since(first)
		s.record(r)
		return nil
	}
	f := s.takeFault(id)
	r.Fault = f.Kind
	resp := s.answer(id, pdu, f)
	if !retry.Sleep(ctx, s.cfg.Latency) {
		return ctx.Err()
	}
	if resp != nil {
		if resp[0]&0x80 != 0 {
			r.Exception = modbus.ExceptionCode(resp[1])
		}
		out := modbus.AppendRTU(nil, id, resp)
		switch f.Kind {
		case FaultBadCRC:
			out[len(out)-1] ^= 0xFF
			out[len(out)-2] ^= 0xFF
		case FaultPartial:
			out = out[:len(out)/2]
		}
		gap := time.Duration(0)
		if f.Kind == FaultSlowBytes {
			if gap = f.Gap; gap <= 0 {
				gap = (t15 + t35) / 2
			}
		}
		// The log entry is made before the response goes out, so that it is
		// there once the master has the response; the line time of the
		// response is reckoned from the baud rate.
		char := 11 * time.Second / time.Duration(s.cfg.Baud)
		r.Out, r.Replied = len(out), true
		r.Duration = time.Since(first) + time.Duration(len(out))*char + time.Duration(len(out)-1)*gap
		s.record(r)
		_, err := writeFrame(ctx, w, out, gap)
		return err
	}
	r.Duration = time.Since(first)
	s.record(r)
	return nil
}

// writeFrame writes a frame at once, or a character at a time gap apart.
func writeFrame(ctx context.Context, w io.Writer, out []byte, gap time.Duration) (int, error) {
	if gap <= 0 {
		return w.Write(out)
	}
	for i := range out {
		if i > 0 && !retry.Sleep(ctx, gap) {
			return i, ctx.Err()
		}
		if _, err := w.Write(out[i : i+1]); err != nil {
			return i, err
		}
	}
	return len(out), nil
}
