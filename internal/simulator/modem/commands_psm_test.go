package modem

import (
	"testing"
	"time"
)

func TestPSM(t *testing.T) {
	t.Parallel()
	// emnify guide, Power-Save-Mode: "AT+CPSMS=1,,,01001110,00000101" asks
	// for a periodic TAU (T3412 extended) of 140 hours and an active time
	// (T3324) of 10 s; "AT+CPSMS?" reads the request back. The granted
	// timers show in +CEREG with <n>=4 (27.007 10.1.22).
	m, c := start(t, Config{Vendor: Quectel})
	registered(t, m)
	c.want("AT+CPSMS=?", "OK", `+CPSMS: (0-2),,,("00000000"-"11111111"),("00000000"-"11111111")`)
	c.want("AT+CPSMS?", "OK", "+CPSMS: 0,,,,")
	c.ok("AT+CEREG=4")
	c.want("AT+CEREG?", "OK", `+CEREG: 4,1,"D8C5","0E72A5F",7`)
	c.ok("AT+CPSMS=1,,,01001110,00000101") // the guide's bare form
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7,,,\"00000101\",\"01001110\"\r\n")
	c.want("AT+CEREG?", "OK", `+CEREG: 4,1,"D8C5","0E72A5F",7,,,"00000101","01001110"`)
	c.want("AT+CPSMS?", "OK", `+CPSMS: 1,,,"01001110","00000101"`)
	c.ok(`AT+CPSMS=1,,,"01001110","00000101"`) // 27.007's quoted form: no change, no indication
	c.silent(50 * time.Millisecond)

	// The network grants 1 h and 1 min instead: the request stays.
	m.GrantPSM("00100001", "00100001")
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7,,,\"00100001\",\"00100001\"\r\n")
	c.want("AT+CPSMS?", "OK", `+CPSMS: 1,,,"01001110","00000101"`)
	c.ok("AT+CEREG=5")
	c.want("AT+CEREG?", "OK", `+CEREG: 5,1,"D8C5","0E72A5F",7,,,"00100001","00100001"`)
	// A network without PSM grants no active time, only the periodic TAU.
	m.GrantPSM("", "-")
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7,,,,\"01001110\"\r\n")
	m.GrantPSM("-", "-")
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7\r\n")
	m.GrantPSM("", "")
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7,,,\"00000101\",\"01001110\"\r\n")

	// The request is kept in NV.
	m.Reset()
	c.expect("\r\n+QIND: PB DONE\r\n")
	registered(t, m)
	c.want("AT+CPSMS?", "OK", `+CPSMS: 1,,,"01001110","00000101"`)
	c.want("AT+CEREG=4;+CEREG?", "OK", `+CEREG: 4,1,"D8C5","0E72A5F",7,,,"00000101","01001110"`)
	// Not registered: no timers.
	m.SetRegistration(2)
	c.expect("\r\n+CEREG: 2\r\n")
	m.SetRegistration(1)
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7,,,\"00000101\",\"01001110\"\r\n")

	// Mode 0 keeps the timers, mode 2 forgets them.
	c.ok("AT+CPSMS=0")
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7\r\n")
	c.want("AT+CPSMS?", "OK", `+CPSMS: 0,,,"01001110","00000101"`)
	c.ok("AT+CPSMS=2")
	c.want("AT+CPSMS?", "OK", "+CPSMS: 0,,,,")
	// Without timers the network picks its own.
	c.ok("AT+CPSMS=1")
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7,,,\"00100001\",\"00100001\"\r\n")

	for _, bad := range []string{"AT+CPSMS=1,,,0100111,00000101", "AT+CPSMS=1,,,01001112,00000101", "AT+CPSMS=3", "AT+CPSMS=2,,,01001110", "AT+CPSMS=1,,,01001110,00000101,1"} {
		c.want(bad, "ERROR")
	}
}

func TestPSMNeedsLTE(t *testing.T) {
	t.Parallel()
	// The MU709 is an HSPA+ module: no PSM, no eDRX.
	_, c := start(t, Config{})
	for _, l := range []string{"AT+CPSMS?", "AT+CPSMS=1", "AT+CEDRXS=?", "AT+CEDRXRDP"} {
		c.want(l, "ERROR")
	}
	c.want("AT+CEREG=?", "ERROR")
	c.want("AT+CREG=?", "OK", "+CREG: (0-2)")
	c.want("AT+CREG=3", "ERROR")
}

func TestEDRX(t *testing.T) {
	t.Parallel()
	// emnify guide, eDRX: "AT+CEDRXS=1,4,"1000"" enables eDRX on LTE-M with
	// a cycle of 143.36 s; "The network will respond with the actual
	// effective interval. +CEDRXS: [4,"1000","1000","0111"]" - which
	// 27.007 7.41 reads with AT+CEDRXRDP and, with mode 2, reports as
	// +CEDRXP.
	m, c := start(t, Config{Vendor: UBlox})
	registered(t, m)
	c.want("AT+CEDRXS=?", "OK", `+CEDRXS: (0-3),(4,5),("0000"-"1111")`)
	c.want("AT+CEDRXS?", "OK")
	c.want("AT+CEDRXRDP", "OK", "+CEDRXRDP: 0")
	c.ok(`AT+CEDRXS=1,4,"1000"`)
	c.want("AT+CEDRXS?", "OK", `+CEDRXS: 4,"1000"`)
	c.want("AT+CEDRXRDP", "OK", `+CEDRXRDP: 4,"1000","1000","0111"`)
	c.silent(50 * time.Millisecond) // mode 1: no +CEDRXP

	// Mode 2 reports what the network grants, now and when it changes.
	c.ok(`AT+CEDRXS=2,4,"1000"`)
	c.expect("\r\n+CEDRXP: 4,\"1000\",\"1000\",\"0111\"\r\n")
	m.GrantEDRX("0101", "0011")
	c.expect("\r\n+CEDRXP: 4,\"1000\",\"0101\",\"0011\"\r\n")
	c.want("AT+CEDRXRDP", "OK", `+CEDRXRDP: 4,"1000","0101","0011"`)
	c.want("AT+CEDRXS?", "OK", `+CEDRXS: 4,"1000"`)
	m.GrantEDRX("-", "")
	c.expect("\r\n+CEDRXP: 4,\"1000\"\r\n")
	c.want("AT+CEDRXRDP", "OK", "+CEDRXRDP: 0")
	m.GrantEDRX("", "")
	c.expect("\r\n+CEDRXP: 4,\"1000\",\"1000\",\"0111\"\r\n")

	// On NB-IoT the module uses what it asked for on AcT-type 5.
	m.SetRAT(NBIoT)
	c.want("AT+CEDRXRDP", "OK", "+CEDRXRDP: 0")
	c.ok(`AT+CEDRXS=1,5,"0010"`)
	c.want("AT+CEDRXS?", "OK", `+CEDRXS: 4,"1000"`, `+CEDRXS: 5,"0010"`)
	c.want("AT+CEDRXRDP", "OK", `+CEDRXRDP: 5,"0010","0010","0111"`)
	c.want("AT+CEREG=2;+CEREG?", "OK", `+CEREG: 2,1,"D8C5","0E72A5F",9`)
	// Back on LTE-M the cell and the eDRX granted there are reported.
	m.SetRAT(LTEM)
	c.expect("\r\n+CEREG: 1,\"D8C5\",\"0E72A5F\",7\r\n\r\n+CEDRXP: 4,\"1000\",\"1000\",\"0111\"\r\n")

	c.ok("AT+CEDRXS=0,4")
	c.want("AT+CEDRXS?", "OK", `+CEDRXS: 5,"0010"`)
	c.ok("AT+CEDRXS=3")
	c.want("AT+CEDRXS?", "OK")
	for _, bad := range []string{`AT+CEDRXS=1,2,"1000"`, `AT+CEDRXS=1,4,"10000"`, `AT+CEDRXS=4,4,"1000"`, "AT+CEDRXS=1"} {
		c.want(bad, "ERROR")
	}
}

func TestEDRXOnNBIoT(t *testing.T) {
	t.Parallel()
	// The BC95 has eDRX for NB-S1 only.
	m, c := start(t, Config{Vendor: QuectelNB})
	registered(t, m)
	c.want("AT+CEDRXS=?", "OK", `+CEDRXS: (0-3),(5),("0000"-"1111")`)
	c.want(`AT+CEDRXS=1,4,"1000"`, "ERROR")
	c.ok(`AT+CEDRXS=2,5,"0101"`)
	c.expect("\r\n+CEDRXP: 5,\"0101\",\"0101\",\"0111\"\r\n")
}
