// Package modbus is a Modbus master for RTU (serial line) and TCP.
//
// The codec is pure: CRC16, AppendRTU/ParseRTU and AppendTCP/ParseMBAP frame
// and unframe protocol data units (PDUs: a function code and its data);
// ReadRequest and the Write* functions build request PDUs for function codes
// 01, 02, 03, 04, 05, 06, 15, 16 and 23; ParseResponse checks a response
// against its request (function echo, exceptions, byte counts, echoed write
// address and values).
//
// RTU and TCP are transports that implement Client: one request, one
// response, with a per-request timeout. Bus shares one Client among several
// devices: one transaction at a time, retries, a busy device waited for, and
// a failing device skipped with exponential backoff so that it does not stall
// the others. Decode turns registers into numbers and strings in the usual
// word and byte orders, and Change filters values by deadband and heartbeat.
//
// References: Modbus Application Protocol Specification V1.1b3, Modbus over
// Serial Line Specification and Implementation Guide V1.02, Modbus Messaging
// on TCP/IP Implementation Guide V1.0b.
package modbus
