// Package plc is cellgate's PLC simulator: a Modbus server that answers on a
// pseudo-terminal as Modbus RTU (several unit ids on one bus, as on an RS-485
// line) and on a TCP listener as Modbus TCP, so that a Modbus master —
// cellgate's client, mbpoll, a SCADA — cannot tell it from a real PLC.
//
// The behaviour follows the MODBUS Application Protocol Specification
// v1.1b3, MODBUS over Serial Line v1.02 and MODBUS Messaging on TCP/IP v1.0b:
//
//   - RTU frames end with t3.5 of silence at the configured baud rate (a
//     fixed 1.75 ms above 19200 baud) and carry a CRC-16/MODBUS; frames with
//     a bad CRC and frames for unit ids the map does not hold are ignored
//     silently, as a slave on a shared bus does; unit id 0 is a broadcast:
//     writes are executed by every unit and nobody answers;
//   - on TCP the MBAP header's transaction id is echoed and its unit id
//     selects the unit; a unit the map does not hold answers exception 0B
//     (gateway target device failed to respond), as a gateway does;
//   - function codes 01, 02, 03, 04, 05, 06, 15, 16 and 23 are served, with
//     exception 01 for any other function, 03 for a quantity or a byte count
//     out of range or a malformed request, and 02 for an address the unit
//     does not define;
//   - the register map (Map) is sparse: only the addresses it defines exist,
//     so a read that touches any other one fails with exception 02 just as
//     it does on PLCs with holes in their maps; values are constants,
//     counters, ramps or sines (16-bit, or 32-bit over two registers in
//     ABCD or CDAB word order), so readings are visibly live; writes to
//     coils and holding registers stick;
//   - faults can be injected per unit (Server.SetFault): no answer, a fixed
//     exception, a bad CRC, a truncated response, inter-character gaps
//     longer than t1.5, or "server device busy" for the next N requests;
//   - every request served is logged (Server.Requests) and counted
//     (Server.Stats), so tests and benchmarks can count transactions and
//     bus time.
//
// AN32Map is the default map: the two PLCs of the Titan AN32 application
// note (PLC1 read as eleven blocks, PLC2 as holding registers 10 to 14).
package plc
