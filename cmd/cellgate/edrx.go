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

// edrxOutput is the result of "cellgate edrx encode" and "decode".
type edrxOutput struct {
	RAT     string      `json:"rat"`
	AcT     int         `json:"act"`
	Cycle   *timerValue `json:"cycle"`
	PTW     *timerValue `json:"ptw,omitempty"`
	Command string      `json:"command,omitempty"`
}

// edrxEncodeFlags is "edrx encode".
func edrxEncodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.add(fs)
	ratName := fs.String("rat", "", "ltem (LTE-M, WB-S1) or nbiot (NB-IoT, NB-S1)")
	cycle := fs.Duration("cycle", 0, "eDRX cycle, e.g. 143.36s")
	ptw := fs.Duration("ptw", 0, "paging time window, e.g. 10.24s")
	return func(rest []string) error { return edrxEncode(*ratName, *cycle, *ptw, out.json, rest) }
}

func edrxEncode(ratName string, cycle, ptw time.Duration, asJSON bool, rest []string) error {
	if len(rest) > 0 {
		return fmt.Errorf("edrx encode: unexpected argument %q", rest[0])
	}
	rat, err := parseEDRXRAT(ratName)
	if err != nil {
		return err
	}
	if cycle <= 0 {
		return errors.New("edrx encode: --cycle is required")
	}
	out := edrxOutput{RAT: rat.String(), AcT: int(rat)}
	bits, err := gsm.EncodeEDRX(rat, cycle)
	if err != nil {
		return err
	}
	d, _ := gsm.DecodeEDRX(rat, bits)
	out.Cycle = edrxValue(bits, d)
	out.Cycle.Requested = seconds(cycle)
	if ptw > 0 {
		pbits, err := gsm.EncodePTW(rat, ptw)
		if err != nil {
			return err
		}
		pd, _ := gsm.DecodePTW(rat, pbits)
		out.PTW = edrxValue(pbits, pd)
		out.PTW.Requested = seconds(ptw)
	}
	out.Command = fmt.Sprintf(`AT+CEDRXS=1,%d,"%s"`, rat, bits)
	return printEDRX(out, asJSON)
}

// edrxDecodeFlags is "edrx decode CYCLE [PTW]".
func edrxDecodeFlags(fs *flag.FlagSet) func([]string) error {
	var out output
	out.add(fs)
	ratName := fs.String("rat", "", "ltem (LTE-M, WB-S1) or nbiot (NB-IoT, NB-S1)")
	return func(rest []string) error { return edrxDecode(*ratName, out.json, rest) }
}

func edrxDecode(ratName string, asJSON bool, rest []string) error {
	rat, err := parseEDRXRAT(ratName)
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
	return printEDRX(out, asJSON)
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
