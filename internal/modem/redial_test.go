package modem

import (
	"context"
	"strings"
	"testing"
	"time"

	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
)

func TestRedialTearsDownAndDialsAgain(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		vendor   simmodem.Vendor
		teardown string
		method   DataMethod
	}{
		{simmodem.Huawei, "AT^NDISDUP=1,0", DataNDIS},
		{simmodem.Quectel, "AT+CGACT=0,1", DataCGACT},
	} {
		t.Run(string(c.vendor), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, simmodem.Config{Vendor: c.vendor}, Config{APN: "em"}, fastEngine)
			r.waitState(t, StateOnline, 20*time.Second)
			r.waitEvent(t, EventBearerUp, 5*time.Second)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			if err := r.m.Redial(ctx); err != nil {
				t.Fatal(err)
			}
			t.Logf("re-dialled in %v", time.Since(start))
			r.waitEvent(t, EventBearerDown, 5*time.Second)
			r.waitEvent(t, EventBearerUp, 5*time.Second)
			if !contains(r.sim.Commands(), c.teardown) {
				t.Errorf("module never got %s", c.teardown)
			}
			if st := r.m.Status(); st.State != StateOnline || !st.Bearer.Up || st.Bearer.Method != c.method || st.Bearer.IP == "" {
				t.Errorf("status %s, bearer %+v", st.State, st.Bearer)
			}
		})
	}
}

func TestRedialRefusedWithoutABearer(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{NoData: true}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	if err := r.m.Redial(context.Background()); err == nil {
		t.Error("re-dial with NoData succeeded")
	}
	// A manager that is not running refuses at once.
	idle := New(r.e, fastManager(Config{APN: "em"}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := idle.Redial(ctx); err == nil || ctx.Err() != nil {
		t.Errorf("idle manager: %v", err)
	}
}

func TestRedialRefusedWhileUnavailable(t *testing.T) {
	t.Parallel()
	r := newRig(t, simmodem.Config{}, Config{APN: "em"}, fastEngine)
	r.waitState(t, StateOnline, 20*time.Second)
	r.sim.Freeze(true)
	r.e.Reopen("test")
	r.waitState(t, StateUnavailable, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := r.m.Redial(ctx); err == nil || ctx.Err() != nil {
		t.Errorf("unavailable: %v", err)
	}
	r.sim.Freeze(false)
	r.waitState(t, StateOnline, 20*time.Second)
}

// A module that boots while bring-up probes it says ^SYSSTART before its
// first OK: that restart is the boot bring-up already waits for, not news.
// Bring-up must not start over (identify twice, dial twice: the second
// dial's ^NDISSTAT would then answer a later re-dial).
func TestBootIndicationDuringProbe(t *testing.T) {
	t.Parallel()
	for _, vendor := range []simmodem.Vendor{simmodem.Huawei, simmodem.Quectel} {
		t.Run(string(vendor), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, simmodem.Config{Vendor: vendor, BootDelay: 700 * time.Millisecond}, Config{APN: "em"}, fastEngine)
			r.waitState(t, StateOnline, 20*time.Second)
			// Only time can show that no second bring-up starts: the sleep is the check.
			time.Sleep(500 * time.Millisecond)
			cmds := r.sim.Commands()
			count := func(prefix string) int {
				n := 0
				for _, c := range cmds {
					if strings.HasPrefix(c, prefix) {
						n++
					}
				}
				return n
			}
			if n := count("AT+CGMI"); n != 1 {
				t.Errorf("identified %d times; want 1:\n%q", n, cmds)
			}
			if n := count("AT^NDISDUP=1,1") + count("AT+CGACT=1,1"); n != 1 {
				t.Errorf("dialled %d times; want 1:\n%q", n, cmds)
			}
			if st := r.m.Status(); st.State != StateOnline || st.Restarts != 1 {
				t.Errorf("state %s, %d restarts counted; want online and 1 (the boot)", st.State, st.Restarts)
			}
		})
	}
}
