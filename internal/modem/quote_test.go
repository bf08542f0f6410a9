package modem

import (
	"context"
	"strings"
	"testing"
	"time"

	simmodem "github.com/cellgate/cellgate/internal/simulator/modem"
	"github.com/cellgate/cellgate/internal/testkit"
)

// An APN with line breaks, given to the manager without validation, must not
// smuggle commands onto the line: the manager refuses to quote it.
func TestInjectedAPNNeverReachesTheLine(t *testing.T) {
	t.Parallel()
	for _, v := range []simmodem.Vendor{simmodem.Huawei, simmodem.Quectel, simmodem.UBlox} {
		t.Run(string(v), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, simmodem.Config{Vendor: v}, Config{APN: "em\rAT+CFUN=0\rAT", User: "u", Password: "p"}, fastEngine)
			r.waitLastError(t, "APN", testkit.Patience)
			for _, c := range r.sim.Commands() {
				if strings.Contains(c, "CFUN=0") || strings.Contains(c, "em") && strings.Contains(c, "CGDCONT") {
					t.Errorf("command %q reached the module", c)
				}
			}
		})
	}
}

// The tool methods check what they are given before anything is sent: the
// manager here has no engine, so a command reaching the line would panic.
func TestToolValuesAreCheckedBeforeTheLine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	hw := New(nil, Config{})
	hw.driver = huawei
	for _, c := range [][2]string{{"1A2B\rAT+CFUN=0", "1"}, {"1A2B", `1"`}, {"12345", "1"}, {"1A2B", "123456789"}, {"xyz", "1"}} {
		if err := hw.LockCell(ctx, 1, c[0], c[1]); err == nil {
			t.Errorf("LockCell(%q, %q) accepted", c[0], c[1])
		}
	}
	if err := hw.LockCell(ctx, 7, "1A2B", "1"); err == nil {
		t.Error("LockCell with RAT 7 accepted")
	}
	nb := New(nil, Config{})
	nb.driver = quectelNB
	imei := "863703030822519"
	for _, s := range []DMPSettings{
		{ServerIP: "117.161.2.7\rAT+CFUN=0", ServerPort: 5683},
		{ServerIP: "117.161.2.7,1,1", ServerPort: 5683},
		{ServerIP: "117.161.2.7", ServerPort: 70000},
		{ServerIP: "117.161.2.7", Period: time.Second},
		{AppKey: "M1\rAT+CFUN=0", Password: "p", IMEI: imei},
		{AppKey: "M1", Password: `p"`, IMEI: imei},
		{AppKey: "M1", Password: "p", IMEI: "86370303082251\r"},
		{AppKey: "M1", Password: "p", IfType: 9, IMEI: imei},
	} {
		if err := nb.SetDMP(ctx, s); err == nil || strings.Contains(err.Error(), "\r") {
			t.Errorf("SetDMP(%+v) = %v; want a refusal", s, err)
		}
	}
}

func TestQuoteNamesTheParameterNotTheValue(t *testing.T) {
	t.Parallel()
	_, err := quote("password", "s3cret\r")
	if err == nil || !strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("quote = %v", err)
	}
	for _, d := range []*Driver{quectel, ublox} {
		if cmds, err := d.APN(1, "IP", "em", "user", "pa\"ss\rAT+CFUN=0"); err == nil && d == quectel {
			t.Errorf("%s: APN commands %q for a password with a quote", d.Name, cmds)
		}
		if cmds, err := d.APN(1, "IP", "em\rAT+CFUN=0", "", ""); err == nil {
			t.Errorf("%s: APN commands %q for an APN with a line break", d.Name, cmds)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	t.Parallel()
	good := Config{APN: "iot.1nce.net", User: "u", Password: "p w", PIN: "1234", Operator: "26201", Blacklist: []string{"26203"}, PDPType: "IPV4V6"}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	if err := (Config{}).Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []Config{
		{APN: "em\rAT+CFUN=0\rAT"}, {APN: "em-"}, {User: `a"b`}, {Password: "s3cret\r"}, {PIN: "12a4"},
		{Operator: "26201\r"}, {Blacklist: []string{"x"}}, {PDPType: `IP"`},
	} {
		err := c.Check()
		if err == nil {
			t.Errorf("%+v accepted", c)
		} else if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "12a4") {
			t.Errorf("%v shows a secret", err)
		}
	}
}
