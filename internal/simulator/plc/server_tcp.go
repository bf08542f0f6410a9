package plc

import (
	"context"
	"io"
	"net"
	"time"

	"github.com/cellgate/cellgate/internal/modbus"
	"github.com/cellgate/cellgate/internal/retry"
)

// ListenTCP serves Modbus TCP on addr ("127.0.0.1:0" for a free port) until
// ctx is done or the server is closed, and gives the address it listens on.
// Each connection is served on its own; requests on one connection are
// answered in order, with the MBAP transaction id echoed.
func (s *Server) ListenTCP(ctx context.Context, addr string) (net.Addr, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	ctx, cancel := s.both(ctx)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		stop := context.AfterFunc(ctx, func() { ln.Close() })
		defer stop()
		for {
			c, err := ln.Accept()
			if err != nil {
				if ctx.Err() == nil {
					s.log.Warn("modbus tcp listener stopped", "err", err)
				}
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serveTCP(ctx, c)
			}()
		}
	}()
	s.log.Info("plc simulator listening", "tcp", ln.Addr().String())
	return ln.Addr(), nil
}

// serveTCP serves one connection until the client closes it or ctx is done.
func (s *Server) serveTCP(ctx context.Context, c net.Conn) {
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	hdr := make([]byte, modbus.MBAPSize)
	for {
		if _, err := io.ReadFull(c, hdr); err != nil {
			return
		}
		first := time.Now()
		h, err := modbus.ParseMBAP(hdr)
		if err != nil {
			return // not Modbus: drop the connection
		}
		pdu := make([]byte, h.Length-1)
		if _, err := io.ReadFull(c, pdu); err != nil {
			return
		}
		r := newServed("tcp", first, h.Unit, pdu, modbus.MBAPSize+len(pdu))
		var resp []byte
		var f Fault
		if !s.m.HasUnit(h.Unit) {
			resp = exception(pdu[0], modbus.GatewayTargetDeviceFailedToRespond)
		} else {
			f = s.takeFault(h.Unit)
			r.Fault = f.Kind
			resp = s.answer(h.Unit, pdu, f)
		}
		if !retry.Sleep(ctx, s.cfg.Latency) {
			return
		}
		if resp != nil {
			if resp[0]&0x80 != 0 {
				r.Exception = modbus.ExceptionCode(resp[1])
			}
			out := modbus.AppendTCP(nil, h.Transaction, h.Unit, resp)
			gap := time.Duration(0)
			switch r.Fault {
			case FaultPartial:
				out = out[:len(out)/2]
			case FaultSlowBytes:
				_, t15 := modbus.Silence(s.cfg.Baud)
				if gap = f.Gap; gap <= 0 {
					gap = 2 * t15
				}
			}
			r.Out, r.Replied = len(out), true
			r.Duration = time.Since(first)
			s.record(r) // before the response, so that it is there once the client has it
			_, err := writeFrame(ctx, c, out, gap)
			if err != nil || r.Fault == FaultPartial {
				return
			}
			continue
		}
		r.Duration = time.Since(first)
		s.record(r)
	}
}
