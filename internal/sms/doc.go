// Package sms is cellgate's SMS TPDU codec: pure functions that turn short
// messages into PDUs and back, with no I/O.
//
// It covers the three TPDUs a gateway deals with (3GPP TS 23.040 9.2.2):
//
//   - Deliver is an SMS-DELIVER, a message from the network to the modem
//     (what +CMT and +CMGL/+CMGR show for received messages).
//   - Submit is an SMS-SUBMIT, a message from the modem to the network (what
//     AT+CMGS sends).
//   - StatusReport is an SMS-STATUS-REPORT, the network's word on what
//     became of a submitted message (what +CDS shows), with StatusText.
//
// DecodeAny, DecodeHex and KindOf pick the decoder from TP-MTI and the
// direction the PDU travelled.
//
// All can carry the SMSC address prefix of PDU mode (3GPP TS 27.005 3.1,
// <pdu>) in front of the TPDU; the withSMSC argument of every encoder and
// decoder says whether it is there, and TPDULength gives the <length> that
// AT+CMGS and +CMGL count, which excludes that prefix.
//
// The parts:
//
//   - Address with ParseAddress: TP-OA/TP-DA and the SMSC address, as
//     semi-octet digits or, with type of number 5, as packed 7-bit text
//     (TS 23.040 9.1.2.5).
//   - DCS and Encoding: the data coding scheme (TS 23.038 4) and the three
//     alphabets it selects.
//   - EncodeGSM7, DecodeGSM7, Pack7 and Unpack7: the GSM 7-bit default
//     alphabet with its extension table (TS 23.038 6.2.1) and septet packing
//     (TS 23.038 6.1.2.1).
//   - UDH: the user data header (TS 23.040 9.2.3.24), with helpers for
//     concatenation and application ports; unknown elements are kept verbatim.
//   - Validity: the validity period of a Submit (TS 23.040 9.2.3.12), with
//     EncodeRelativeVP and DecodeRelativeVP for the relative format.
//   - Service centre timestamps (TS 23.040 9.2.3.11) decode into a time.Time
//     in a time.FixedZone holding the PDU's quarter-hour offset.
//
// Text travels in the Text field for the GSM 7-bit and UCS2 encodings (UCS2 is
// read and written as UTF-16BE, so characters outside the BMP travel as
// surrogate pairs); 8-bit and compressed payloads travel in Data.
//
// Decoders never panic: any input either decodes or yields an error starting
// with "sms: " that says what is wrong. What a decoder accepts, the matching
// encoder can encode again, and decoding that gives the same value.
//
// Long messages (TS 23.040 9.2.3.24.1): Split, SplitData and SubmitParts
// cut text or data into concatenated parts; a Reassembler puts received
// parts back together, giving up on overdue messages without losing the
// parts that did arrive.
//
// Not covered: SMS-COMMAND and the report TPDUs, national
// language shift tables (TS 23.038 6.2.1.2.4) and compression.
package sms
