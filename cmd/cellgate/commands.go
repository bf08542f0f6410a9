package main

import (
	"flag"
	"fmt"
)

// root is cellgate's command table. Usage, help and completion are made
// from it (see command); main runs what it names.
var root *command

func init() {
	root = &command{name: "cellgate", subs: []*command{
		{name: "demo", summary: "the Titan AN32 job on simulated hardware: modem and PLC simulators, a TLS broker, the daemon; prints every record as the server receives it (--at: an AT session against the modem simulator)",
			flags: demoFlags},
		{name: "run", summary: "the gateway daemon (SIGHUP reloads, SIGTERM stops)", flags: runFlags},
		{name: "status", summary: "the running daemon's state", flags: statusFlags},
		{name: "at", args: "[COMMAND...]", summary: "send AT commands to a modem; without a command, an interactive console that also prints URCs",
			flags: atFlags, subs: []*command{
				{name: "decode", args: "[LINE...]", summary: "decode modem response lines (or a log on stdin) to JSON", help: atDecodeHelp, flags: atDecodeFlags},
			}},
		{name: "modem", summary: "manage a modem", subs: []*command{
			{name: "status", summary: "identity, SIM, registration, signal, bearer, PSM, FPLMN", flags: modemCommand(modemStatus)},
			{name: "signal", summary: "signal quality, once or with --watch until Ctrl-C", flags: modemCommand(modemSignal)},
			{name: "scan", summary: "search for networks (AT+COPS=?, up to minutes); --cells: cell by cell (Huawei ^NETSCAN)", flags: modemCommand(modemScan)},
			{name: "cells", summary: "serving and neighbour cells (Huawei ^MONSC/^MONNC)", flags: modemCommand(modemCells)},
			{name: "cmdmp", summary: "China Mobile DM platform access (Quectel BC35/BC28/BC95)", flags: modemCommand(modemCMDMP)},
			{name: "fplmn", summary: "the SIM's forbidden networks; --clear empties the list", flags: modemCommand(modemFPLMN)},
			{name: "psm", summary: "PSM timers", subs: []*command{
				{name: "get", summary: "PSM and eDRX timers granted", flags: modemCommand(modemPSMFlags(false))},
				{name: "set", summary: "request PSM timers (--tau 0 switches PSM off)", flags: modemCommand(modemPSMFlags(true))},
			}},
			{name: "run", summary: "bring the modem up and keep it online, printing events", flags: modemRunFlags},
		}},
		{name: "psm", summary: "PSM timers (T3412, T3324) to and from AT+CPSMS bits", subs: []*command{
			{name: "encode", summary: `the 8-bit strings of AT+CPSMS for a periodic TAU and an active time: the nearest values not shorter than asked; "off" encodes a deactivated timer`,
				help: "example: cellgate psm encode --tau 140h --active 10s\n", flags: psmEncodeFlags},
			{name: "decode", args: "T3412 [T3324]", summary: "what the bit strings of AT+CPSMS, +CPSMS or +CEREG mean", flags: psmDecodeFlags},
		}},
		{name: "edrx", summary: "eDRX cycle and paging time window to and from bits", subs: []*command{
			{name: "encode", summary: "the 4-bit strings of an eDRX cycle and paging time window, and the AT+CEDRXS command (which has no PTW)",
				help: edrxHelp, flags: edrxEncodeFlags},
			{name: "decode", args: "CYCLE [PTW]", summary: "what the bit strings of AT+CEDRXS, +CEDRXS or +CEDRXRDP mean", help: edrxHelp, flags: edrxDecodeFlags},
		}},
		{name: "modbus", summary: "Modbus RTU/TCP reads and writes; the request planner", subs: []*command{
			{name: "read", summary: "read coils, inputs or registers; with --type, decode int16, uint16, int32, uint32, float32, int64, uint64 or float64 values in byte order ABCD, CDAB, BADC or DCBA",
				help: modbusHelp, flags: modbusReadFlags},
			{name: "write", summary: "write one coil or register (FC 05, 06) or several (FC 15, 16)", help: modbusHelp, flags: modbusWriteFlags},
			{name: "plan", summary: "plan the read requests for a set of registers", help: modbusPlanHelp, flags: modbusPlanFlags},
		}},
		{name: "sim", summary: "the simulators, on their own", subs: []*command{
			{name: "modem", summary: "run the modem simulator on a pseudo-terminal", flags: simModemFlags},
			{name: "plc", summary: "run the PLC simulator (Modbus RTU on a pty, TCP)", flags: simPLCFlags},
		}},
		{name: "sms", summary: "SMS PDUs to and from JSON, and messages on a modem", help: smsHelp, subs: []*command{
			{name: "decode", args: "HEX...", summary: "decode PDUs (with or without the SMSC prefix) to JSON, one per line", flags: smsDecodeFlags},
			{name: "encode", summary: "encode an SMS-SUBMIT: one line per part, the PDU hex and the TPDU length for AT+CMGS=<length>", flags: smsEncodeFlags},
			{name: "send", summary: "send a message; prints the TP-MR of each part", flags: smsSendFlags},
			{name: "list", summary: "stored messages as JSON, one per line (marks unread messages read)", flags: smsStoreFlags("list")},
			{name: "read", args: "INDEX", summary: "one stored message as JSON (marks it read)", flags: smsStoreFlags("read")},
			{name: "delete", args: "INDEX...", summary: "delete stored messages", flags: smsStoreFlags("delete")},
		}},
		{name: "config", summary: "the configuration file", subs: []*command{
			{name: "check", args: "FILE", summary: "read and check a configuration file", help: configCheckHelp, flags: noFlags(configCheck)},
			{name: "example", summary: "print a complete configuration with every key, its default and what it does", flags: noFlags(configExample)},
		}},
		{name: "completion", args: "bash|zsh", summary: "the shell completion script: source <(cellgate completion bash)", flags: noFlags(runCompletion)},
		{name: "help", args: "[COMMAND...]", summary: "this text, or a command's help", flags: noFlags(runHelp)},
	}}
}

// noFlags is a command without flags of its own.
func noFlags(run func([]string) error) func(*flag.FlagSet) func([]string) error {
	return func(*flag.FlagSet) func([]string) error { return run }
}

// runHelp implements "cellgate help [COMMAND...]".
func runHelp(args []string) error {
	c := root.find(args...)
	if c == nil {
		return fmt.Errorf("help: no command %q", args)
	}
	path := "cellgate"
	for _, a := range args {
		path += " " + a
	}
	c.writeHelp(stdout, path)
	return nil
}

// smsHelp is the text of "cellgate sms -h".
const smsHelp = `decode, list and read print JSON, one object a line, and accept --json for
that; encode and send print text, and JSON with --json.
`

// edrxHelp is the text of "cellgate edrx encode|decode -h".
const edrxHelp = `LTE-M (WB-S1) and NB-IoT (NB-S1) use different tables (3GPP TS 24.008
10.5.5.32). example: cellgate edrx encode --rat ltem --cycle 143.36s --ptw 10.24s
`
