package modem

// callCommands: voice calls are not simulated, but the settings programs
// make at start-up (gammu, ModemManager) are taken, and the call commands
// answer as a module with no call in progress does.
var callCommands = []command{
	{name: "A", exec: func(*call) error { return noCarrier }}, // no incoming call to answer
	{name: "+CHUP", test: ok, exec: ok},
	{name: "+CLCC", test: ok, exec: ok, abortive: formExec}, // no calls to list
	{name: "+CLIP", test: lines("+CLIP: (0,1)"),
		read: func(x *call) error { x.linef("+CLIP: %d,1", x.st.clip); return nil },
		set:  func(x *call) error { return setInt(x, &x.st.clip, 0, 1) }},
	{name: "+CRC", test: lines("+CRC: (0,1)"),
		read: func(x *call) error { x.linef("+CRC: %d", x.st.crc); return nil },
		set:  func(x *call) error { return setInt(x, &x.st.crc, 0, 1) }},
}

// setInt stores the first argument, which must be in [lo, hi].
func setInt(x *call, v *int, lo, hi int) error {
	if x.n() != 1 {
		return errSyntax
	}
	n, err := x.intIn(0, -1, lo, hi)
	if err == nil {
		*v = n
	}
	return err
}
