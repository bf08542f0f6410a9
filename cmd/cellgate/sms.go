package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/smsgw"
)

const smsUsage = `usage:
  cellgate sms decode HEX...
        decode PDUs (with or without the SMSC prefix) to JSON, one per line
  cellgate sms encode --to N --text T [--smsc N] [--ucs2] [--class N] [--status-report] [--ref N]
        encode an SMS-SUBMIT: one line per part, the PDU hex and the TPDU
        length for AT+CMGS=<length>
  cellgate sms send --port DEV --to N --text T [--ucs2] [--status-report] [--validity D]
        send a message; prints the TP-MR of each part
  cellgate sms list --port DEV [--stat 0-4]
  cellgate sms read --port DEV INDEX
        stored messages as JSON, one per line (listing and reading marks
        unread messages read)
  cellgate sms delete --port DEV INDEX...
`

// runSMS implements "cellgate sms".
func runSMS(args []string) error {
	return subcommand("sms", smsUsage, args, map[string]func([]string) error{
		"decode": smsDecode,
		"encode": smsEncode,
		"send":   smsSend,
		"list":   func(a []string) error { return smsStore("list", a) },
		"read":   func(a []string) error { return smsStore("read", a) },
		"delete": func(a []string) error { return smsStore("delete", a) },
	})
}

func printJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

func smsDecode(args []string) error {
	if len(args) == 0 {
		return errors.New("sms decode: no PDU given")
	}
	for _, a := range args {
		v, err := decodeAnyPDU(a)
		if err != nil {
			return fmt.Errorf("sms decode: %w", err)
		}
		if err := printJSON(v); err != nil {
			return err
		}
	}
	return nil
}

func smsEncode(args []string) error {
	fs := flag.NewFlagSet("sms encode", flag.ContinueOnError)
	to := fs.String("to", "", "destination number")
	text := fs.String("text", "", "message text")
	smsc := fs.String("smsc", "", "service centre number (default: the modem's)")
	ucs2 := fs.Bool("ucs2", false, "encode as UCS2")
	class := fs.Int("class", -1, "message class 0-3 (0 is a flash message)")
	srr := fs.Bool("status-report", false, "request a status report")
	ref := fs.Int("ref", -1, "concatenation reference (default: random)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("sms encode: --to is required")
	}
	if *class < -1 || *class > 3 {
		return errors.New("sms encode: --class must be 0-3")
	}
	if *ref < 0 {
		*ref = rand.IntN(256)
	}
	base := sms.Submit{SMSC: sms.ParseAddress(*smsc), StatusReportRequest: *srr, DCS: sms.NewDCS(sms.GSM7, *class)}
	parts, err := sms.SubmitParts(sms.ParseAddress(*to), *text, sms.SplitOptions{ForceUCS2: *ucs2, Ref: *ref}, base)
	if err != nil {
		return fmt.Errorf("sms encode: %w", err)
	}
	for _, p := range parts {
		pdu, err := p.Encode(true)
		if err != nil {
			return fmt.Errorf("sms encode: %w", err)
		}
		fmt.Fprintf(stdout, "%s %d\n", strings.ToUpper(hex.EncodeToString(pdu)), sms.TPDULength(pdu, true))
	}
	return nil
}

// smsFlags are the flags of the subcommands that talk to a modem.
type smsFlags struct {
	fs   *flag.FlagSet
	port *string
	baud *int
	v    *bool
}

func newSMSFlags(name string) *smsFlags {
	fs := flag.NewFlagSet("sms "+name, flag.ContinueOnError)
	return &smsFlags{
		fs:   fs,
		port: fs.String("port", "", "modem serial device, e.g. /dev/ttyUSB2 or a simulator's pty"),
		baud: fs.Int("baud", 115200, "baud rate"),
		v:    fs.Bool("v", false, "log to stderr"),
	}
}

// open starts an engine on the port and gives an SMS service on it.
func (f *smsFlags) open(ctx context.Context) (*smsgw.Service, func(), error) {
	if *f.port == "" {
		return nil, nil, fmt.Errorf("%s: --port is required", f.fs.Name())
	}
	log := slog.New(slog.DiscardHandler)
	if *f.v {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	e := at.New(at.SerialOpener(*f.port, at.SerialConfig{Baud: *f.baud}), at.Config{Logger: log})
	if err := e.Start(ctx); err != nil {
		return nil, nil, err
	}
	if err := waitReady(ctx, e, at.DefaultTimeout); err != nil { // a module still booting
		e.Close()
		return nil, nil, err
	}
	return smsgw.New(e, smsgw.Config{Logger: log}), func() { e.Close() }, nil
}

func smsSend(args []string) error {
	f := newSMSFlags("send")
	to := f.fs.String("to", "", "destination number")
	text := f.fs.String("text", "", "message text")
	ucs2 := f.fs.Bool("ucs2", false, "send as UCS2")
	srr := f.fs.Bool("status-report", false, "request a status report")
	validity := f.fs.Duration("validity", 0, "validity period (e.g. 24h)")
	if err := f.fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("sms send: --to is required")
	}
	ctx, stop := signalContext()
	defer stop()
	s, done, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer done()
	refs, err := s.Send(ctx, *to, *text, smsgw.SendOptions{UCS2: *ucs2, StatusReport: *srr, Validity: *validity})
	for i, r := range refs {
		fmt.Fprintf(stdout, "part %d of %d: ref %d\n", i+1, len(refs), r)
	}
	if err != nil {
		return fmt.Errorf("sms send: %w", err)
	}
	return nil
}

// storedView is the JSON form of a stored message.
type storedView struct {
	Index  int      `json:"index"`
	Status int      `json:"status"`
	PDU    string   `json:"pdu"`
	Msg    *pduView `json:"message,omitempty"`
	Error  string   `json:"error,omitempty"`
}

func printStored(st smsgw.Stored) error {
	out := storedView{Index: st.Index, Status: st.Status, PDU: st.PDU}
	if st.Err != nil {
		out.Error = st.Err.Error()
	} else if pdu, err := hex.DecodeString(st.PDU); err == nil {
		if v, err := viewOf(st.Msg, pdu, true); err == nil {
			out.Msg = &v
		} else {
			out.Error = err.Error()
		}
	}
	return printJSON(out)
}

func smsStore(cmd string, args []string) error {
	f := newSMSFlags(cmd)
	stat := f.fs.Int("stat", smsgw.StatAll, "list: 0 unread, 1 read, 2 unsent, 3 sent, 4 all")
	if err := f.fs.Parse(args); err != nil {
		return err
	}
	var idx []int
	for _, a := range f.fs.Args() {
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 {
			return fmt.Errorf("sms %s: bad index %q", cmd, a)
		}
		idx = append(idx, n)
	}
	if cmd != "list" && len(idx) == 0 || cmd == "read" && len(idx) != 1 {
		return fmt.Errorf("sms %s: give the storage index", cmd)
	}
	ctx, stop := signalContext()
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	s, done, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer done()
	switch cmd {
	case "list":
		list, err := s.List(ctx, *stat)
		if err != nil {
			return fmt.Errorf("sms list: %w", err)
		}
		for _, st := range list {
			if err := printStored(st); err != nil {
				return err
			}
		}
	case "read":
		st, err := s.Read(ctx, idx[0])
		if err != nil {
			return fmt.Errorf("sms read: %w", err)
		}
		return printStored(st)
	case "delete":
		for _, i := range idx {
			if err := s.Delete(ctx, i); err != nil {
				return fmt.Errorf("sms delete %d: %w", i, err)
			}
		}
	}
	return nil
}
