package modem

// The PDP context credentials: 3GPP TS 27.007 10.1.31
// AT+CGAUTH=<cid>[,<auth_prot>[,<userid>[,<password>]]] (auth_prot 0 none,
// 1 PAP, 2 CHAP), and the u-blox SARA-R4/R5
// AT+UAUTH=<cid>,<auth_type>,<username>,<password> (auth_type 3 automatic:
// none, CHAP or PAP). Both keep the values in the context defined with
// AT+CGDCONT; the read forms, like the modules', never show a password.

var authCommands = []command{
	{name: "+CGAUTH", test: cmdCGAUTHTest, read: cmdAuthRead("+CGAUTH"), set: cmdAuthSet(2)},
	{name: "+UAUTH", test: cmdUAUTHTest, read: cmdAuthRead("+UAUTH"), set: cmdAuthSet(3), vendors: ubloxOnly},
}

func cmdCGAUTHTest(x *call) error {
	x.linef(`+CGAUTH: (1-%d),(0-2),,`, x.m.prof.maxCID)
	return nil
}

func cmdUAUTHTest(x *call) error {
	x.linef(`+UAUTH: (1-%d),(0-3),,`, x.m.prof.maxCID)
	return nil
}

// cmdAuthRead lists <cid>,<auth>,"<user>" for every defined context.
func cmdAuthRead(prefix string) func(*call) error {
	return func(x *call) error {
		for _, cid := range sortedCIDs(x.st) {
			c := x.st.contexts[cid]
			x.linef(`%s: %d,%d,"%s"`, prefix, cid, c.auth, c.user)
		}
		return nil
	}
}

// cmdAuthSet stores <auth>, <user> and <password> of an existing context;
// maxAuth is the highest authentication type the command knows. The cid
// alone resets the context to no authentication.
func cmdAuthSet(maxAuth int) func(*call) error {
	return func(x *call) error {
		cid, err := x.intIn(0, -1, 1, x.m.prof.maxCID)
		if err != nil {
			return err
		}
		if x.n() > 4 {
			return errSyntax
		}
		c := x.st.contexts[cid]
		if c == nil {
			return cmeNotAllowed
		}
		auth, err := x.intIn(1, 0, 0, maxAuth)
		if err != nil {
			return err
		}
		for _, i := range []int{2, 3} {
			if x.has(i) {
				if _, err := x.quoted(i); err != nil {
					return err
				}
			}
		}
		c.auth, c.user, c.pwd = auth, x.str(2), x.str(3)
		return nil
	}
}
