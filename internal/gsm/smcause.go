package gsm

// smCauses are the SM causes of 24.008 10.5.6.6 (the ESM
// causes of 24.301 9.9.4.4 share the numbers) that a failed data call
// reports, e.g. in Huawei ^NDISEND and ^NDISSTAT.
var smCauses = map[int]string{
	8:   "operator determined barring",
	24:  "MBMS bearer capabilities insufficient for the service",
	25:  "LLC or SNDCP failure",
	26:  "insufficient resources",
	27:  "missing or unknown APN",
	28:  "unknown PDP address or PDP type",
	29:  "user authentication failed",
	30:  "activation rejected by GGSN, Serving GW or PDN GW",
	31:  "activation rejected, unspecified",
	32:  "service option not supported",
	33:  "requested service option not subscribed",
	34:  "service option temporarily out of order",
	35:  "NSAPI already used",
	36:  "regular deactivation",
	37:  "QoS not accepted",
	38:  "network failure",
	39:  "reactivation requested",
	40:  "feature not supported",
	41:  "semantic error in the TFT operation",
	42:  "syntactical error in the TFT operation",
	43:  "unknown PDP context",
	44:  "semantic errors in packet filter(s)",
	45:  "syntactical errors in packet filter(s)",
	46:  "PDP context without TFT already activated",
	50:  "PDP type IPv4 only allowed",
	51:  "PDP type IPv6 only allowed",
	52:  "single address bearers only allowed",
	54:  "PDN connection does not exist",
	55:  "multiple PDN connections for a given APN not allowed",
	56:  "collision with network initiated request",
	65:  "maximum number of PDP contexts reached",
	66:  "requested APN not supported in current RAT and PLMN combination",
	81:  "invalid transaction identifier value",
	95:  "semantically incorrect message",
	96:  "invalid mandatory information",
	97:  "message type non-existent or not implemented",
	98:  "message type not compatible with the protocol state",
	99:  "information element non-existent or not implemented",
	100: "conditional IE error",
	101: "message not compatible with the protocol state",
	111: "protocol error, unspecified",
	112: "APN restriction value incompatible with active PDP context",
	113: "multiple accesses to a PDN connection not allowed",
}

// SMCause returns the 24.008 meaning of an SM (PDP context) cause, the
// reason a network gives for refusing or ending a data connection.
func SMCause(code int) (string, bool) {
	m, ok := smCauses[code]
	return m, ok
}
