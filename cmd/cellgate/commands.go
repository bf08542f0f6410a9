package main

import (
	"flag"
	"fmt"

	"github.com/cellgate/cellgate/internal/cmdtable"
)

// runFunc runs a command with its positional arguments.
type runFunc = func(args []string) error

// command is one entry of cellgate's command table: a name, a line of
// summary, and subcommands, or flags and what runs the command, or both
// ("at" runs itself and has "at decode").
type command = cmdtable.Command[runFunc]

// root is cellgate's command table, and table holds it with how cellgate
// presents it. Usage, help and completion are made from it; main runs what
// it names.
var (
	root  *command
	table *cmdtable.Table[runFunc]
)

func init() {
	root = &command{Name: "cellgate", Summary: "cellular IoT gateway", Help: rootHelp, Subs: []*command{
		{Name: "demo", Summary: "the Titan AN32 job on simulated hardware: modem and PLC simulators, a TLS broker, the daemon; prints every record as the server receives it (--at: an AT session against the modem simulator)",
			Flags: demoFlags},
		{Name: "run", Summary: "the gateway daemon (SIGHUP reloads, SIGTERM stops)", Flags: runFlags},
		{Name: "status", Summary: "the running daemon's state", Flags: statusFlags},
		{Name: "at", Args: "[COMMAND...]", Summary: "send AT commands to a modem; without a command, an interactive console that also prints URCs",
			Flags: atFlags, Subs: []*command{
				{Name: "decode", Args: "[LINE...]", Summary: "decode modem response lines (or a log on stdin) to JSON", Help: atDecodeHelp, Flags: atDecodeFlags},
			}},
		{Name: "modem", Summary: "manage a modem", Subs: []*command{
			{Name: "status", Summary: "identity, SIM, registration, signal, bearer, PSM, FPLMN", Flags: modemCommand(modemStatus)},
			{Name: "signal", Summary: "signal quality, once or with --watch until Ctrl-C", Flags: modemCommand(modemSignal)},
			{Name: "scan", Summary: "search for networks (AT+COPS=?, up to minutes); --cells: cell by cell (Huawei ^NETSCAN)", Flags: modemCommand(modemScan)},
			{Name: "cells", Summary: "serving and neighbour cells (Huawei ^MONSC/^MONNC)", Flags: modemCommand(modemCells)},
			{Name: "cmdmp", Summary: "China Mobile DM platform access (Quectel BC35/BC28/BC95)", Flags: modemCommand(modemCMDMP)},
			{Name: "fplmn", Summary: "the SIM's forbidden networks; --clear empties the list", Flags: modemCommand(modemFPLMN)},
			{Name: "psm", Summary: "PSM timers", Subs: []*command{
				{Name: "get", Summary: "PSM and eDRX timers granted", Flags: modemCommand(modemPSMFlags(false))},
				{Name: "set", Summary: "request PSM timers (--tau 0 switches PSM off)", Flags: modemCommand(modemPSMFlags(true))},
			}},
			{Name: "run", Summary: "bring the modem up and keep it online, printing events", Flags: modemRunFlags},
		}},
		{Name: "psm", Summary: "PSM timers (T3412, T3324) to and from AT+CPSMS bits", Subs: []*command{
			{Name: "encode", Summary: `the 8-bit strings of AT+CPSMS for a periodic TAU and an active time: the nearest values not shorter than asked; "off" encodes a deactivated timer`,
				Help: "example: cellgate psm encode --tau 140h --active 10s\n", Flags: psmEncodeFlags},
			{Name: "decode", Args: "T3412 [T3324]", Summary: "what the bit strings of AT+CPSMS, +CPSMS or +CEREG mean", Flags: psmDecodeFlags},
		}},
		{Name: "edrx", Summary: "eDRX cycle and paging time window to and from bits", Subs: []*command{
			{Name: "encode", Summary: "the 4-bit strings of an eDRX cycle and paging time window, and the AT+CEDRXS command (which has no PTW)",
				Help: edrxHelp, Flags: edrxEncodeFlags},
			{Name: "decode", Args: "CYCLE [PTW]", Summary: "what the bit strings of AT+CEDRXS, +CEDRXS or +CEDRXRDP mean", Help: edrxHelp, Flags: edrxDecodeFlags},
		}},
		{Name: "modbus", Summary: "Modbus RTU/TCP reads and writes; the request planner", Subs: []*command{
			{Name: "read", Summary: "read coils, inputs or registers; with --type, decode int16, uint16, int32, uint32, float32, int64, uint64 or float64 values in byte order ABCD, CDAB, BADC or DCBA",
				Help: modbusHelp, Flags: modbusReadFlags},
			{Name: "write", Summary: "write one coil or register (FC 05, 06) or several (FC 15, 16)", Help: modbusHelp, Flags: modbusWriteFlags},
			{Name: "plan", Summary: "plan the read requests for a set of registers", Help: modbusPlanHelp, Flags: modbusPlanFlags},
		}},
		{Name: "sim", Summary: "the simulators, on their own", Subs: []*command{
			{Name: "modem", Summary: "run the modem simulator on a pseudo-terminal", Flags: simModemFlags},
			{Name: "plc", Summary: "run the PLC simulator (Modbus RTU on a pty, TCP)", Flags: simPLCFlags},
		}},
		{Name: "sms", Summary: "SMS PDUs to and from JSON, and messages on a modem", Help: smsHelp, Subs: []*command{
			{Name: "decode", Args: "HEX...", Summary: "decode PDUs (with or without the SMSC prefix) to JSON, one per line", Flags: smsDecodeFlags},
			{Name: "encode", Summary: "encode an SMS-SUBMIT: one line per part, the PDU hex and the TPDU length for AT+CMGS=<length>", Flags: smsEncodeFlags},
			{Name: "send", Summary: "send a message; prints the TP-MR of each part", Flags: smsSendFlags},
			{Name: "list", Summary: "stored messages as JSON, one per line (marks unread messages read)", Flags: smsStoreFlags("list")},
			{Name: "read", Args: "INDEX", Summary: "one stored message as JSON (marks it read)", Flags: smsStoreFlags("read")},
			{Name: "delete", Args: "INDEX...", Summary: "delete stored messages", Flags: smsStoreFlags("delete")},
		}},
		{Name: "config", Summary: "the configuration file", Subs: []*command{
			{Name: "check", Args: "FILE", Summary: "read and check a configuration file", Help: configCheckHelp, Flags: noFlags(configCheck)},
			{Name: "example", Summary: "print a complete configuration with every key, its default and what it does", Flags: noFlags(configExample)},
		}},
		{Name: "completion", Args: "bash|zsh", Summary: "the shell completion script: source <(cellgate completion bash)", Flags: noFlags(runCompletion)},
		{Name: "help", Args: "[COMMAND...]", Summary: "this text, or a command's help", Flags: noFlags(runHelp)},
	}}
	table = &cmdtable.Table[runFunc]{Root: root, Column: 25, Interspersed: true, HelpWord: true, GroupHint: true, NameRoot: true}
}

// rootHelp ends cellgate's usage text.
const rootHelp = `cellgate COMMAND -h shows a command's flags and more; -v and --verbose are
the same flag, and so are -flag and --flag
`

// noFlags is a command without flags of its own.
func noFlags(run func([]string) error) func(*flag.FlagSet) func([]string) error {
	return func(*flag.FlagSet) func([]string) error { return run }
}

// runHelp implements "cellgate help [COMMAND...]".
func runHelp(args []string) error {
	c := root.Find(args...)
	if c == nil {
		return fmt.Errorf("help: no command %q", args)
	}
	path := "cellgate"
	for _, a := range args {
		path += " " + a
	}
	table.WriteHelp(stdout, c, path)
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
