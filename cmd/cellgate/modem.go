package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/modem"
)

// modemFlags are the flags every modem command takes: the modem
// connection, the output format and the driver.
type modemFlags struct {
	conn   modemConn
	out    output
	driver string
}

func newModemFlags(fs *flag.FlagSet) *modemFlags {
	f := &modemFlags{}
	f.conn.add(fs)
	f.out.add(fs)
	fs.StringVar(&f.driver, "driver", "auto", "driver: auto, generic, huawei, quectel, quectel-nb, ublox")
	return f
}

// open starts the AT engine on the port and returns a manager for it.
func (f *modemFlags) open(ctx context.Context, cfg modem.Config) (*modem.Manager, func(), error) {
	e, done, err := f.conn.open(ctx, at.Config{})
	if err != nil {
		return nil, nil, err
	}
	cfg.Driver = f.driver
	if cfg.Logger == nil {
		cfg.Logger = f.conn.logger()
	}
	m := modem.New(e, cfg)
	if err := m.Identify(ctx); err != nil {
		done()
		return nil, nil, err
	}
	return m, done, nil
}

func (f *modemFlags) print(v any, human func(w io.Writer)) {
	f.out.print(v, human)
}

// modemCommand runs one modem command: flags declares its own flags
// besides the common ones, and run runs it on the open modem.
func modemCommand(flags func(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error) func(fs *flag.FlagSet) func([]string) error {
	return func(fs *flag.FlagSet) func([]string) error {
		f := newModemFlags(fs)
		run := flags(fs, f)
		return func(args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("%s: unexpected argument %q", trimRoot(fs.Name()), args[0])
			}
			ctx, stop := signalContext()
			defer stop()
			m, done, err := f.open(ctx, modem.Config{})
			if err != nil {
				return err
			}
			defer done()
			return run(ctx, m)
		}
	}
}

func modemStatus(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	return func(ctx context.Context, m *modem.Manager) error {
		st, err := m.Query(ctx)
		if err != nil {
			return err
		}
		f.print(st, func(w io.Writer) { printStatus(w, st) })
		return nil
	}
}

// printStatus prints a status as mmcli prints a modem: sections of
// key: value lines.
func printStatus(out io.Writer, st modem.Status) {
	w := tabwriter.NewWriter(out, 2, 4, 1, ' ', 0)
	section := func(name string, kv ...string) {
		first := true
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				continue
			}
			label := ""
			if first {
				label, first = name, false
			}
			fmt.Fprintf(w, "  %s\t| %s:\t%s\n", label, kv[i], kv[i+1])
		}
		if !first {
			fmt.Fprintf(w, "  \t|\t\n")
		}
	}
	reg := st.Registration
	sel := "automatic"
	if reg.Manual {
		sel = "manual"
	}
	section("General", "state", string(st.State), "driver", st.Driver, "last error", st.LastError)
	section("Hardware", "manufacturer", st.Manufacturer, "model", st.Model, "firmware", st.Firmware, "imei", st.IMEI)
	section("SIM", "state", string(st.SIM), "iccid", st.ICCID, "imsi", st.IMSI, "msisdn", st.MSISDN,
		"pin tries left", counter(st.PINLeft), "puk tries left", counter(st.PUKLeft))
	cause := ""
	if reg.Cause > 0 {
		cause = fmt.Sprint(reg.Cause)
	}
	section("Network", "registration", reg.State, "domain", reg.Domain, "operator", reg.Operator, "plmn", reg.PLMN,
		"access tech", reg.RAT, "lac/tac", reg.LAC, "cell id", reg.CI, "selection", sel, "reject cause", cause)
	section("Signal", "bars", fmt.Sprintf("%d/5", st.Signal.Bars), "rssi", dbm(st.Signal.RSSI, "dBm"),
		"rsrp", dbm(st.Signal.RSRP, "dBm"), "rsrq", dbm(st.Signal.RSRQ, "dB"), "sinr", dbm(st.Signal.SINR, "dB"),
		"rscp", dbm(st.Signal.RSCP, "dBm"), "ec/io", dbm(st.Signal.EcIo, "dB"))
	b := st.Bearer
	up := "down"
	if b.Up {
		up = "up"
	}
	reject := ""
	if b.RejectCause > 0 {
		reject = fmt.Sprintf("#%d %s", b.RejectCause, b.Reject)
	}
	section("Bearer", "state", up, "method", string(b.Method), "apn", b.APN, "ip", b.IP, "dns", strings.Join(b.DNS, ", "), "rejected", reject)
	p := st.Power
	psm, edrx := "off", "off"
	if p.PSM {
		psm = fmt.Sprintf("periodic TAU %v, active time %v", p.TAU, p.Active)
	}
	if p.EDRX {
		edrx = fmt.Sprintf("cycle %v, paging window %v", p.EDRXCycle, p.PTW)
	}
	fplmn := strings.Join(st.FPLMN, ", ")
	if fplmn == "" {
		fplmn = "none"
	}
	section("Power", "psm", psm, "edrx", edrx)
	section("FPLMN", "forbidden", fplmn)
	w.Flush()
}

func counter(n int) string {
	if n < 0 {
		return ""
	}
	return fmt.Sprint(n)
}

func dbm(v *float64, unit string) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%g %s", *v, unit)
}

func modemSignal(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	watch := fs.Bool("watch", false, "keep printing until Ctrl-C")
	interval := fs.Duration("interval", 5*time.Second, "period with --watch")
	return func(ctx context.Context, m *modem.Manager) error {
		for {
			s, err := m.Signal(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
			f.print(s, func(w io.Writer) {
				line := fmt.Sprintf("%s %s %d/5", time.Now().Format("15:04:05"), s.RAT, s.Bars)
				for _, v := range []struct {
					name string
					v    *float64
					unit string
				}{{"rssi", s.RSSI, "dBm"}, {"rsrp", s.RSRP, "dBm"}, {"rsrq", s.RSRQ, "dB"}, {"sinr", s.SINR, "dB"}, {"rscp", s.RSCP, "dBm"}, {"ecio", s.EcIo, "dB"}} {
					if v.v != nil {
						line += fmt.Sprintf(" %s=%g%s", v.name, *v.v, v.unit)
					}
				}
				fmt.Fprintln(w, line)
			})
			if !*watch {
				return nil
			}
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(*interval):
			}
		}
	}
}

func modemScan(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	cells := fs.Bool("cells", false, "scan cell by cell (Huawei ^NETSCAN)")
	return func(ctx context.Context, m *modem.Manager) error {
		progress := func(elapsed time.Duration) {
			fmt.Fprintf(os.Stderr, "\rscanning... %v ", elapsed.Round(time.Second))
		}
		if *cells {
			found, err := m.CellScan(ctx, progress)
			fmt.Fprintln(os.Stderr)
			if err != nil {
				return err
			}
			f.print(found, func(w io.Writer) {
				tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "PLMN\tLAC\tCELL\tARFCN\tLEVEL")
				for _, c := range found {
					fmt.Fprintf(tw, "%s%s\t%s\t%s\t%d\t%d dBm\n", c.MCC, c.MNC, c.LAC, c.CellID, c.ARFCN, c.RxLev)
				}
				tw.Flush()
			})
			return nil
		}
		nets, err := m.Scan(ctx, progress)
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return err
		}
		f.print(nets, func(w io.Writer) {
			tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "PLMN\tOPERATOR\tSHORT\tACCESS\tSTATUS")
			for _, n := range nets {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n.Numeric, n.Long, n.Short, n.AcT, networkStat(n.Stat))
			}
			tw.Flush()
		})
		return nil
	}
}

func networkStat(stat int) string {
	switch stat {
	case 1:
		return "available"
	case 2:
		return "current"
	case 3:
		return "forbidden"
	}
	return "unknown"
}

func modemFPLMN(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	clear := fs.Bool("clear", false, "empty the forbidden network list")
	return func(ctx context.Context, m *modem.Manager) error {
		if *clear {
			if err := m.ClearFPLMN(ctx); err != nil {
				return err
			}
		}
		list, err := m.FPLMN(ctx)
		if err != nil {
			return err
		}
		f.print(map[string][]string{"fplmn": list}, func(w io.Writer) {
			if len(list) == 0 {
				fmt.Fprintln(w, "no forbidden networks")
			}
			for _, p := range list {
				fmt.Fprintln(w, p)
			}
		})
		return nil
	}
}

// modemPSMFlags is "modem psm get" (set false) and "modem psm set".
func modemPSMFlags(set bool) func(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	return func(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
		var tau, active *time.Duration
		if set {
			tau = fs.Duration("tau", 0, "requested periodic TAU (T3412 extended); 0 switches PSM off")
			active = fs.Duration("active", 0, "requested active time (T3324)")
		}
		return func(ctx context.Context, m *modem.Manager) error {
			if set {
				if err := m.SetPSM(ctx, *tau, *active); err != nil {
					return err
				}
			}
			p, err := m.PowerSaving(ctx)
			if err != nil {
				return err
			}
			f.print(p, func(w io.Writer) {
				if !p.PSM {
					fmt.Fprintln(w, "PSM off")
				} else {
					fmt.Fprintf(w, "PSM on: periodic TAU %v, active time %v\n", p.TAU, p.Active)
				}
				if p.EDRX {
					fmt.Fprintf(w, "eDRX on: cycle %v, paging time window %v\n", p.EDRXCycle, p.PTW)
				}
			})
			return nil
		}
	}
}

// modemRunFlags is "modem run": the modem brought up and kept online, its
// events printed, until Ctrl-C. The values for AT commands are checked
// before the port is opened.
func modemRunFlags(fs *flag.FlagSet) func([]string) error {
	f := newModemFlags(fs)
	var cfg modem.Config
	fs.StringVar(&cfg.APN, "apn", "", "access point name")
	pin := newSecretFlag(fs, "pin", "SIM PIN (entered only while more than one try remains)")
	fs.StringVar(&cfg.User, "user", "", "PDP user, for an APN that requires authentication")
	password := newSecretFlag(fs, "password", "PDP password")
	fs.StringVar(&cfg.Operator, "operator", "", "manual PLMN, falling back to automatic")
	fs.BoolVar(&cfg.Roaming, "roaming", false, "allow data roaming")
	fs.BoolVar(&cfg.NoData, "no-data", false, "register only; no data bearer")
	return func(args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("modem run: unexpected argument %q", args[0])
		}
		var err error
		if cfg.PIN, err = pin.get(); err != nil {
			return err
		}
		if cfg.Password, err = password.get(); err != nil {
			return err
		}
		if err := cfg.Check(); err != nil {
			return err
		}
		ctx, stop := signalContext()
		defer stop()
		m, done, err := f.open(ctx, cfg)
		if err != nil {
			return err
		}
		defer done()
		events, unsubscribe := m.Subscribe(64)
		printed := make(chan struct{})
		defer func() { unsubscribe(); <-printed }()
		go func() {
			defer close(printed)
			for ev := range events {
				if f.out.json {
					b, _ := json.Marshal(ev)
					fmt.Fprintln(stdout, string(b))
					continue
				}
				fmt.Fprintf(stdout, "%s %-12s %s\n", ev.Time.Format("15:04:05.000"), ev.Kind, ev.Detail)
			}
		}()
		m.Run(ctx)
		return nil
	}
}

func modemCells(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	return func(ctx context.Context, m *modem.Manager) error {
		c, err := m.Cells(ctx)
		if err != nil {
			return err
		}
		f.print(c, func(w io.Writer) {
			s := c.Serving
			fmt.Fprintf(w, "serving   %s %s%s lac %s cell %s arfcn %d\n", s.RAT, s.MCC, s.MNC, s.LAC, s.CellID, s.ARFCN)
			for _, n := range c.Neighbours {
				fmt.Fprintf(w, "neighbour %s arfcn %d psc %d pci %d\n", n.RAT, n.ARFCN, n.PSC, n.PCI)
			}
		})
		return nil
	}
}

func modemCMDMP(fs *flag.FlagSet, f *modemFlags) func(ctx context.Context, m *modem.Manager) error {
	enable := fs.Bool("enable", false, "enable access to the platform")
	disable := fs.Bool("disable", false, "disable access to the platform")
	server := fs.String("server", "", "platform address IP:PORT")
	period := fs.Duration("period", 0, "update period (300 s to 4294966 s)")
	return func(ctx context.Context, m *modem.Manager) error {
		var s modem.DMPSettings
		switch {
		case *enable && *disable:
			return errors.New("modem cmdmp: --enable or --disable, not both")
		case *enable, *disable:
			on := *enable
			s.Enable = &on
		}
		if *server != "" {
			host, port, ok := strings.Cut(*server, ":")
			if !ok {
				return fmt.Errorf("modem cmdmp: --server %q: want IP:PORT", *server)
			}
			s.ServerIP = host
			fmt.Sscan(port, &s.ServerPort)
		}
		s.Period = *period
		if s.Enable != nil || s.ServerIP != "" || s.Period > 0 {
			if err := m.SetDMP(ctx, s); err != nil {
				return err
			}
		}
		st, err := m.DMPConfig(ctx)
		if err != nil {
			return err
		}
		f.print(st, func(w io.Writer) {
			for _, c := range st.Lines {
				switch c.Type {
				case 0:
					fmt.Fprintf(w, "access:  %v\n", map[bool]string{true: "enabled", false: "disabled"}[c.Enabled])
				case 1:
					fmt.Fprintf(w, "server:  %s:%d, update every %v\n", c.ServerIP, c.ServerPort, time.Duration(c.UpdatePeriod)*time.Second)
				case 2:
					fmt.Fprintf(w, "app key: %s (terminal %s)\n", c.AppKey, c.IMEI)
				}
			}
			fmt.Fprintf(w, "state:   %d %s\n", st.State.State, st.State.StateText)
		})
		return nil
	}
}
