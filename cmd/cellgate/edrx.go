package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
)

const edrxUsage = `usage:
  cellgate edrx encode --rat ltem|nbiot --cycle DURATION [--ptw DURATION] [--json]
        the 4-bit strings of an eDRX cycle and paging time window: the
        nearest values not shorter than asked, what they really mean, and
        the AT+CEDRXS command (which has no PTW: modules set it with their
        own commands)
  cellgate edrx decode --rat ltem|nbiot CYCLE [PTW] [--json]
        what the bit strings of AT+CEDRXS, +CEDRXS or +CEDRXRDP mean

LTE-M (WB-S1) and NB-IoT (NB-S1) use different tables (3GPP TS 24.008
10.5.5.32). example: cellgate edrx encode --rat ltem --cycle 143.36s --ptw 10.24s
`

// runEDRX implements "cellgate edrx".
func runEDRX(args []string) error {
	return subcommand("edrx", edrxUsage, args, map[string]func([]string) error{
		"encode": edrxEncode,
		"decode": edrxDecode,
	})
}

// edrxOutput is the result of "cellgate edrx encode" and "decode".
type edrxOutput struct {
	RAT     string      `json:"rat"`
	AcT     int         `json:"act"`
	Cycle   *timerValue `json:"cycle"`
	PTW     *timerValue `json:"ptw,omitempty"`
	Command string      `json:"command,omitempty"`
}

func edrxEncode(args []string) error {
	fs := flag.NewFlagSet("edrx encode", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), edrxUsage) }
	ratName := fs.String("rat", "", "ltem (LTE-M, WB-S1) or nbiot (NB-IoT, NB-S1)")
	cycle := fs.Duration("cycle", 0, "eDRX cycle, e.g. 143.36s")
	ptw := fs.Duration("ptw", 0, "paging time window, e.g. 10.24s")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseArgsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("edrx encode: unexpected argument %q", rest[0])
	}
	rat, err := parseEDRXRAT(*ratName)
	if err != nil {
		return err
	}
	if *cycle <= 0 {
		return errors.New("edrx encode: --cycle is required")
	}
	out := edrxOutput{RAT: rat.String(), AcT: int(rat)}
	bits, err := gsm.EncodeEDRX(rat, *cycle)
	if err != nil {
		return err
	}
	d, _ := gsm.DecodeEDRX(rat, bits)
	out.Cycle = edrxValue(bits, d)
	out.Cycle.Requested = seconds(*cycle)
	if *ptw > 0 {
		pbits, err := gsm.EncodePTW(rat, *ptw)
		if err != nil {
			return err
		}
		pd, _ := gsm.DecodePTW(rat, pbits)
		out.PTW = edrxValue(pbits, pd)
		out.PTW.Requested = seconds(*ptw)
	}
	out.Command = fmt.Sprintf(`AT+CEDRXS=1,%d,"%s"`, rat, bits)
	return printEDRX(out, *asJSON)
}

func edrxDecode(args []string) error {
	fs := flag.NewFlagSet("edrx decode", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), edrxUsage) }
	ratName := fs.String("rat", "", "ltem (LTE-M, WB-S1) or nbiot (NB-IoT, NB-S1)")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseArgsAnywhere(fs, args)
	if err != nil {
		return err
	}
	rat, err := parseEDRXRAT(*ratName)
	if err != nil {
		return err
	}
	if len(rest) < 1 || len(rest) > 2 {
		return errors.New("edrx decode: give the cycle bits and optionally the PTW bits, e.g. 1000 0111")
	}
	out := edrxOutput{RAT: rat.String(), AcT: int(rat)}
	d, err := gsm.DecodeEDRX(rat, rest[0])
	if err != nil {
		return err
	}
	out.Cycle = edrxValue(rest[0], d)
	if len(rest) == 2 {
		pd, err := gsm.DecodePTW(rat, rest[1])
		if err != nil {
			return err
		}
		out.PTW = edrxValue(rest[1], pd)
	}
	return printEDRX(out, *asJSON)
}

func printEDRX(out edrxOutput, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(stdout).Encode(out)
	}
	printTimer(fmt.Sprintf("eDRX cycle (%s)", out.RAT), out.Cycle)
	printTimer("paging time window", out.PTW)
	if out.Command != "" {
		fmt.Fprintln(stdout, out.Command)
	}
	return nil
}

func edrxValue(bits string, d time.Duration) *timerValue {
	s := d.Seconds()
	return &timerValue{Bits: bits, Value: seconds(d), Seconds: &s}
}

// seconds writes a duration in seconds, as 3GPP tables do: "143.36s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
}

func parseEDRXRAT(s string) (gsm.EDRXRAT, error) {
	switch strings.ToLower(strings.ReplaceAll(s, "-", "")) {
	case "ltem", "catm", "catm1", "emtc", "wbs1", "4":
		return gsm.EDRXLTEM, nil
	case "nbiot", "nb", "catnb", "catnb1", "nbs1", "5":
		return gsm.EDRXNBIoT, nil
	case "":
		return 0, errors.New("edrx: --rat ltem or --rat nbiot is required")
	}
	return 0, fmt.Errorf("edrx: unknown --rat %q (want ltem or nbiot)", s)
}
