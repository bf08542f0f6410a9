package modem

import (
	"context"
	"testing"
	"time"

	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
)

func TestBringUpGenericDriversOnOtherModules(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		vendor simmodem.Vendor
		driver string
		want   string
	}{
		{simmodem.UBlox, "ublox", `AT+UCGDFLT=1,"IP","em"`},
		{simmodem.QuectelNB, "quectel-nb", `AT+CGDCONT=1,"IP","em"`},
		{simmodem.Quectel, "generic", `AT+CGDCONT=1,"IP","em"`}, // forced: the generic driver works on any 27.007 module
	} {
		t.Run(c.driver, func(t *testing.T) {
			t.Parallel()
			cfg := Config{APN: "em", Roaming: true}
			if c.driver == "generic" {
				cfg.Driver = "generic"
			}
			r := newRig(t, simmodem.Config{Vendor: c.vendor}, cfg, fastEngine)
			took := r.waitState(t, StateOnline, 20*time.Second)
			st := r.m.Status()
			t.Logf("%s (%s): online in %v, %s on %s", c.driver, st.Model, took, st.Registration.State, st.Registration.RAT)
			if st.Driver != c.driver || !st.Bearer.Up || st.Bearer.IP == "" {
				t.Errorf("status %+v", st)
			}
			if !contains(r.sim.Commands(), c.want) {
				t.Errorf("module never got %s", c.want)
			}
		})
	}
}

func TestManualOperatorFallsBackToAutomatic(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em", Operator: "99999"}, fastEngine)
	ev := r.waitEvent(t, EventOperator, 20*time.Second)
	t.Logf("%s", ev.Detail)
	r.waitState(t, StateOnline, 20*time.Second)
	if st := r.m.Status(); st.Registration.Manual || st.Registration.PLMN != "26201" {
		t.Errorf("registration %+v", st.Registration)
	}
}

func TestManualOperatorSelected(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em", Operator: "26202", Roaming: true}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	if st := r.m.Status(); !st.Registration.Manual || st.Registration.PLMN != "26202" {
		t.Errorf("registration %+v", st.Registration)
	}
	if !contains(r.sim.Commands(), `AT+COPS=1,2,"26202"`) {
		t.Errorf("commands %q", r.sim.Commands())
	}
}

func TestBlacklistedNetworkIsLeft(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{ScanDuration: 300 * time.Millisecond}, Config{APN: "em", Blacklist: []string{"26201"}, Roaming: true}, fastEngine)
	ev := r.waitEvent(t, EventOperator, 20*time.Second)
	t.Logf("%s", ev.Detail)
	r.waitState(t, StateOnline, 20*time.Second)
	if st := r.m.Status(); st.Registration.PLMN == "26201" || st.Registration.PLMN == "" {
		t.Errorf("registration %+v", st.Registration)
	}
}

func TestJammingIsReported(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.Jam(true)
	r.waitEvent(t, EventJammed, 5*time.Second)
	r.waitEvent(t, EventLost, 5*time.Second)
	start := time.Now()
	r.sim.Jam(false)
	r.waitEvent(t, EventRegistered, 10*time.Second)
	r.waitState(t, StateOnline, 20*time.Second)
	t.Logf("online %v after the jammer went", time.Since(start))
}

func TestURCStormKeepsManagerResponsive(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.Storm(`+CREG: 1,"D8C5","0E72A5F",2`, 5000)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.m.Signal(ctx); err != nil {
		t.Fatalf("signal during a URC storm: %v", err)
	}
	t.Logf("a command answered %v into a storm of 5000 URCs", time.Since(start))
	if st := r.m.Status(); st.State != StateOnline {
		t.Errorf("state %s after the storm", st.State)
	}
}

func TestPSMGrantDiffersFromRequest(t *testing.T) {
	t.Parallel()
	sim := simmodem.Config{Vendor: simmodem.Quectel}
	r := newRig(t, sim, Config{APN: "em", PSM: &PSMRequest{TAU: 140 * time.Hour, Active: 10 * time.Second}}, fastEngine)
	r.sim.GrantPSM("00100001", "00000011") // 1 h TAU, 6 s active
	r.waitState(t, StateOnline, 20*time.Second)
	p, err := r.m.PowerSaving(context.Background())
	if err != nil || !p.PSM || p.TAU != time.Hour || p.Active != 6*time.Second {
		t.Errorf("granted %+v %v", p, err)
	}
}

func TestEDRXRequested(t *testing.T) {
	t.Parallel()
	// The emnify guide's example: LTE-M, 143.36 s cycle ("1000").
	r := newRig(t, simmodem.Config{Vendor: simmodem.Quectel}, Config{APN: "em", EDRX: &EDRXRequest{LTEM: true, Cycle: 143360 * time.Millisecond}}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	if !contains(r.sim.Commands(), `AT+CEDRXS=1,4,"1000"`) {
		t.Errorf("commands %q", r.sim.Commands())
	}
	p, err := r.m.PowerSaving(context.Background())
	if err != nil || !p.EDRX || p.EDRXCycle != 143360*time.Millisecond {
		t.Errorf("granted %+v %v", p, err)
	}
}

func TestCMDMPConfigureAndQuery(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{Vendor: simmodem.QuectelNB, Model: "BC35-G"}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	ctx := context.Background()
	on := false
	if err := r.m.SetDMP(ctx, DMPSettings{Enable: &on, ServerIP: "117.161.2.7", ServerPort: 5683, Period: 420 * time.Second}); err != nil {
		t.Fatal(err)
	}
	st, err := r.m.DMPConfig(ctx)
	if err != nil || len(st.Lines) == 0 {
		t.Fatalf("%+v %v", st, err)
	}
	if !contains(r.sim.Commands(), "AT+DMPCONFIG=1,117.161.2.7,5683,420") {
		t.Errorf("commands %q", r.sim.Commands())
	}
}

func TestHuaweiCellsAndLock(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	ctx := context.Background()
	c, err := r.m.Cells(ctx)
	if err != nil || c.Serving.RAT != "WCDMA" || c.Serving.LAC == "" {
		t.Fatalf("cells %+v %v", c, err)
	}
	if err := r.m.LockCell(ctx, 1, c.Serving.LAC, c.Serving.CellID); err != nil {
		t.Fatal(err)
	}
	locks, err := r.m.CellLocks(ctx)
	if err != nil || len(locks) != 1 || !locks[0].Enabled {
		t.Fatalf("locks %+v %v", locks, err)
	}
}

func TestHuaweiCellScan(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{ScanDuration: 1200 * time.Millisecond}, Config{NoData: true}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	ticks := 0
	cells, err := r.m.CellScan(context.Background(), func(time.Duration) { ticks++ })
	if err != nil || len(cells) == 0 || cells[0].MCC != "262" {
		t.Fatalf("cells %+v %v", cells, err)
	}
	if ticks == 0 {
		t.Error("no progress while scanning")
	}
	if _, err := r.m.DMPConfig(context.Background()); err != ErrNotSupported {
		t.Errorf("CMDMP on a Huawei module: %v", err)
	}
}
