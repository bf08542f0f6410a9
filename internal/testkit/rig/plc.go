package rig

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cellgate/cellgate/internal/simulator/plc"
)

// PLC is the PLC simulator serving one map on Modbus RTU over a
// pseudo-terminal and on Modbus TCP on loopback.
type PLC struct {
	Server *plc.Server
	// Link is the RTU side's path: a symlink to the pty's slave.
	Link string
	// TCP is the Modbus TCP listener's address.
	TCP string
}

// StartPLC starts the simulator for m (the Titan AN32 map, plc.AN32Map,
// when nil) configured by cfg, with its RTU side linked at "plc" in a new
// temporary directory and its TCP side on a free loopback port. It is
// closed when the test ends.
func StartPLC(tb testing.TB, m *plc.Map, cfg plc.Config) *PLC {
	tb.Helper()
	if m == nil {
		m = plc.AN32Map()
	}
	s := plc.New(m, cfg)
	tb.Cleanup(func() { s.Close() })
	p := &PLC{Server: s, Link: filepath.Join(tb.TempDir(), "plc")}
	if err := s.StartRTU(context.Background(), p.Link); err != nil {
		tb.Fatal(err)
	}
	a, err := s.ListenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p.TCP = a.String()
	return p
}
