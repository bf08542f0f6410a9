// Package bertlv encodes and decodes BER-TLV, the tag-length-value form of
// ASN.1 BER/DER (ISO/IEC 8825-1, ITU-T X.690) that GlobalPlatform cards and
// the eSIM ES10 interface between cellgate's IoT Profile Assistant and the
// eUICC speak (GSMA SGP.22 and SGP.32).
//
// A Tag holds the identifier octets as written on the wire, so ES10 tags are
// plain constants: Tag(0xBF3E) is GetEuiccDataRequest, Tag(0x5A) an ICCID or
// EID, Tag(0x9F70) a profile state. A TLV is one decoded or to-be-encoded
// element: primitive elements carry Value, constructed ones Children.
//
// Decoding follows BER where the ES10 peers may differ from DER: lengths in
// the long form with leading zero octets are accepted. It refuses what BER
// forbids or what cellgate does not handle: the indefinite length form,
// lengths of more than four octets, tag numbers that are not minimally
// encoded or exceed 2^31-1, and nesting deeper than MaxDepth. Lengths are
// checked against the bytes left before anything is sliced or allocated, so
// hostile input costs at most memory proportional to its size. Every
// decoding error is a *SyntaxError naming the byte offset of the problem.
//
// Encoding always emits DER lengths (the shortest form), so for DER input
// Encode reproduces the bytes that were parsed.
//
// Decoded values alias the input; the caller must not modify the input while
// it uses them.
package bertlv
