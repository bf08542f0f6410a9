package modem

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// basicCommands: V.250 line settings, serial port settings (guide chapter 3),
// error reporting and identity (guide 2.2).
var basicCommands = []command{
	{name: "E", exec: func(x *call) error { return setBool(x, &x.st.echo) }},
	{name: "V", exec: func(x *call) error { return setBool(x, &x.st.verbose) }},
	{name: "Q", exec: func(x *call) error { return setBool(x, &x.st.quiet) }},
	{name: "Z", exec: cmdFactory},
	{name: "&F", exec: cmdFactory},
	{name: "&W", exec: ok},
	{name: "X", exec: accept(0, 4)},
	{name: "L", exec: accept(0, 3)},
	{name: "M", exec: accept(0, 2)},
	// guide 3.3: only AT&D0 and AT&D2; guide 3.4: AT&C0 and AT&C1.
	{name: "&D", exec: func(x *call) error { return setChoice(x, &x.st.dtr, 0, 0, 2) }},
	{name: "&C", exec: func(x *call) error { return setChoice(x, &x.st.dcd, 0, 0, 1) }},
	{name: "S", read: cmdSRead, set: cmdSSet},
	{name: "I", exec: func(x *call) error {
		for _, l := range x.m.prof.ati(&x.m.cfg) {
			x.line(l)
		}
		return nil
	}},
	{name: "+IPR", test: lines("+IPR: (0,9600,19200,38400,57600,115200,230400,460800,921600)"),
		read: func(x *call) error { x.linef("+IPR: %d", x.st.ipr); return nil },
		set:  cmdIPR},
	{name: "+IFC", test: lines("+IFC: (0,2),(0,2)"),
		read: func(x *call) error { x.linef("+IFC: %d,%d", x.st.ifc[0], x.st.ifc[1]); return nil },
		set:  cmdIFC},
	{name: "+CMEE", test: lines("+CMEE: (0-2)"),
		read: func(x *call) error { x.linef("+CMEE: %d", x.st.cmee); return nil },
		set: func(x *call) error {
			n, err := x.intIn(0, 0, 0, 2)
			if err == nil {
				x.st.cmee = n
			}
			return err
		}},
	{name: "+CSCS", test: func(x *call) error { x.line(x.m.prof.cscsList); return nil },
		read: func(x *call) error { x.linef(`+CSCS: "%s"`, x.st.cscs); return nil },
		set:  cmdCSCS},
	{name: "+CGMI", test: ok, exec: manufacturer},
	{name: "+GMI", test: ok, exec: manufacturer},
	{name: "+CGMM", test: ok, exec: model},
	{name: "+GMM", test: ok, exec: model},
	{name: "+CGMR", test: ok, exec: revision},
	{name: "+GMR", test: ok, exec: revision},
	{name: "+CGSN", test: lines("+CGSN: (0-3)"), exec: imei, set: cmdCGSNSet},
	{name: "+GSN", test: ok, exec: imei},
	{name: "+GCAP", exec: lines("+GCAP: +CGSM,+DS,+ES")},
}

func manufacturer(x *call) error { x.line(x.m.prof.manufacturer); return nil }
func model(x *call) error        { x.line(x.m.prof.model); return nil }
func imei(x *call) error         { x.line(x.m.cfg.IMEI); return nil }

func revision(x *call) error {
	for _, l := range x.m.prof.revision {
		x.line(l)
	}
	return nil
}

// cmdCGSNSet is AT+CGSN=<snt> (27.007 5.4): 0 the IMEI as AT+CGSN gives it,
// 1 +CGSN: <IMEI>, 2 +CGSN: <IMEISV>, 3 +CGSN: <SVN>.
func cmdCGSNSet(x *call) error {
	snt, err := x.intIn(0, 0, 0, 3)
	if err != nil {
		return err
	}
	const svn = "01"
	switch snt {
	case 0:
		x.line(x.m.cfg.IMEI)
	case 1:
		x.linef(`+CGSN: "%s"`, x.m.cfg.IMEI)
	case 2:
		x.linef(`+CGSN: "%s"`, x.m.cfg.IMEI[:14]+svn)
	case 3:
		x.linef(`+CGSN: "%s"`, svn)
	}
	return nil
}

// setBool handles ATE, ATV and ATQ: 0 or 1, none meaning 0.
func setBool(x *call, b *bool) error {
	n, err := x.basicInt(0, 0, 1)
	if err == nil {
		*b = n == 1
	}
	return err
}

// setChoice handles a basic command whose number must be one of allowed.
func setChoice(x *call, v *int, def int, allowed ...int) error {
	n, err := x.basicInt(def, 0, 9)
	if err != nil || !slices.Contains(allowed, n) {
		return errSyntax
	}
	*v = n
	return nil
}

// accept gives a handler for basic commands that are taken and ignored.
func accept(lo, hi int) handler {
	return func(x *call) error {
		_, err := x.basicInt(0, lo, hi)
		return err
	}
}

// cmdFactory is ATZ and AT&F: the settings go back to their defaults.
func cmdFactory(x *call) error {
	if _, err := x.basicInt(0, 0, 1); err != nil {
		return err
	}
	x.st.resetSettings(x.m.prof)
	return nil
}

// cmdSRead is ATSn?: three decimal digits (V.250 5.3.2).
func cmdSRead(x *call) error {
	n, ok := atoi(x.raw)
	if !ok {
		return errSyntax
	}
	v, known := x.st.sreg[n]
	if !known {
		return errSyntax
	}
	x.linef("%03d", v)
	return nil
}

// cmdSSet is ATSn=v.
func cmdSSet(x *call) error {
	reg, val, _ := strings.Cut(x.raw, "=")
	n, ok := atoi(reg)
	if !ok || n > 255 {
		return errSyntax
	}
	v := 0
	if val != "" {
		if v, ok = atoi(val); !ok || v > 255 {
			return errSyntax
		}
	}
	if _, known := x.st.sreg[n]; !known && n > 12 {
		return errSyntax
	}
	x.st.sreg[n] = v
	return nil
}

// ipRates are the rates of guide 3.1.1, and 0 for autonegotiation (3.2.1).
var ipRates = []int{0, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600}

func cmdIPR(x *call) error {
	if x.n() != 1 {
		return errSyntax
	}
	n, err := x.int(0, -1)
	if err != nil || !slices.Contains(ipRates, n) {
		return errSyntax // guide 3.1.2: AT+IPR=9800 and AT+IPR=ABCD
	}
	x.st.ipr = n
	return nil
}

func cmdIFC(x *call) error {
	if x.n() > 2 {
		return errSyntax
	}
	var v [2]int
	for i := range v {
		n, err := x.int(i, 0)
		if err != nil || (n != 0 && n != 2) {
			return errSyntax // guide 3.5.2: AT+IFC=4,0 and AT+IFC=0,4
		}
		v[i] = n
	}
	x.st.ifc = v
	return nil
}

func cmdCSCS(x *call) error {
	s, err := x.quoted(0)
	if err != nil {
		return err
	}
	s = upper(s)
	if !strings.Contains(x.m.prof.cscsList, strconv.Quote(s)) {
		return errSyntax
	}
	x.st.cscs = s
	return nil
}

// teString converts s for the TE character set (AT+CSCS): hex UTF-16 for
// UCS2, the text itself otherwise.
func teString(cscs, s string) string {
	if cscs != "UCS2" {
		return s
	}
	var b strings.Builder
	for _, u := range utf16Units(s) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}
