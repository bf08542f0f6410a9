package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/at"
	"github.com/cellgate/cellgate/internal/sms"
	"github.com/cellgate/cellgate/internal/smsgw"
)

func printJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

// smsDecodeFlags is "sms decode HEX...": JSON only.
func smsDecodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.addJSONOnly(fs)
	return smsDecode
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

// smsEncodeFlags is "sms encode": one line per part, the PDU hex and the
// TPDU length for AT+CMGS=<length>, or with --json one object per part.
func smsEncodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.add(fs)
	to := fs.String("to", "", "destination number")
	text := fs.String("text", "", "message text")
	smsc := fs.String("smsc", "", "service centre number (default: the modem's)")
	ucs2 := fs.Bool("ucs2", false, "encode as UCS2")
	class := fs.Int("class", -1, "message class 0-3 (0 is a flash message)")
	srr := fs.Bool("status-report", false, "request a status report")
	ref := fs.Int("ref", -1, "concatenation reference (default: random)")
	return func(args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("sms encode: unexpected argument %q", args[0])
		}
		return smsEncode(out, *to, *text, *smsc, *ucs2, *class, *srr, *ref)
	}
}

func smsEncode(out output, to, text, smsc string, ucs2 bool, class int, srr bool, ref int) error {
	if to == "" {
		return errors.New("sms encode: --to is required")
	}
	if class < -1 || class > 3 {
		return errors.New("sms encode: --class must be 0-3")
	}
	if ref < 0 {
		ref = rand.IntN(256)
	}
	base := sms.Submit{SMSC: sms.ParseAddress(smsc), StatusReportRequest: srr, DCS: sms.NewDCS(sms.GSM7, class)}
	parts, err := sms.SubmitParts(sms.ParseAddress(to), text, sms.SplitOptions{ForceUCS2: ucs2, Ref: ref}, base)
	if err != nil {
		return fmt.Errorf("sms encode: %w", err)
	}
	for _, p := range parts {
		pdu, err := p.Encode(true)
		if err != nil {
			return fmt.Errorf("sms encode: %w", err)
		}
		hexPDU, length := strings.ToUpper(hex.EncodeToString(pdu)), sms.TPDULength(pdu, true)
		if out.json {
			if err := printJSON(encodedPart{PDU: hexPDU, TPDULength: length}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "%s %d\n", hexPDU, length)
	}
	return nil
}

// encodedPart is one part of "sms encode --json".
type encodedPart struct {
	PDU        string `json:"pdu"`
	TPDULength int    `json:"tpdu_length"`
}

// smsOpen starts an engine on the modem and gives an SMS service on it.
func smsOpen(ctx context.Context, conn *modemConn) (*smsgw.Service, func(), error) {
	e, done, err := conn.open(ctx, at.Config{})
	if err != nil {
		return nil, nil, err
	}
	return smsgw.New(e, smsgw.Config{Logger: conn.logger()}), done, nil
}

// sentPart is one line of "sms send --json".
type sentPart struct {
	Part  int `json:"part"`
	Parts int `json:"parts"`
	Ref   int `json:"ref"`
}

// smsSendFlags is "sms send": prints the TP-MR of each part.
func smsSendFlags(fs *flag.FlagSet) func([]string) error {
	var conn modemConn
	var out output
	conn.add(fs)
	out.add(fs)
	to := fs.String("to", "", "destination number")
	text := fs.String("text", "", "message text")
	ucs2 := fs.Bool("ucs2", false, "send as UCS2")
	srr := fs.Bool("status-report", false, "request a status report")
	validity := fs.Duration("validity", 0, "validity period (e.g. 24h)")
	return func(args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("sms send: unexpected argument %q", args[0])
		}
		return smsSend(&conn, out, *to, *text, smsgw.SendOptions{UCS2: *ucs2, StatusReport: *srr, Validity: *validity})
	}
}

func smsSend(conn *modemConn, out output, to, text string, opts smsgw.SendOptions) error {
	if to == "" {
		return errors.New("sms send: --to is required")
	}
	ctx, stop := signalContext()
	defer stop()
	s, done, err := smsOpen(ctx, conn)
	if err != nil {
		return err
	}
	defer done()
	refs, err := s.Send(ctx, to, text, opts)
	for i, r := range refs {
		if out.json {
			printJSON(sentPart{Part: i + 1, Parts: len(refs), Ref: int(r)})
			continue
		}
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

// smsStoreFlags is "sms list", "sms read INDEX" and "sms delete INDEX...":
// stored messages as JSON, one per line.
func smsStoreFlags(cmd string) func(fs *flag.FlagSet) func([]string) error {
	return func(fs *flag.FlagSet) func([]string) error {
		var conn modemConn
		var out output
		conn.add(fs)
		out.addJSONOnly(fs)
		stat := smsgw.StatAll
		if cmd == "list" {
			fs.IntVar(&stat, "stat", smsgw.StatAll, "0 unread, 1 read, 2 unsent, 3 sent, 4 all")
		}
		return func(args []string) error { return smsStore(cmd, &conn, stat, args) }
	}
}

func smsStore(cmd string, conn *modemConn, stat int, args []string) error {
	var idx []int
	for _, a := range args {
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
	s, done, err := smsOpen(ctx, conn)
	if err != nil {
		return err
	}
	defer done()
	switch cmd {
	case "list":
		list, err := s.List(ctx, stat)
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
