package bertlv

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"reflect"
	"testing"
)

// fuzzSeeds are the published ES10 vectors and the hostile shapes of the
// table tests.
var fuzzSeeds = []string{
	"BF3E035C015A",
	"BF3E125A10" + testEID,
	"BF2D00",
	"BF3111A00C5A0A" + testICCID + "8101FF",
	"BF2D1AA018E3165A0A" + testICCID + "9F7001019004" + "74657374",
	"BF3404820205E0",
	"9F81000107",
	"048180",
	"0482010000",
	"0481020102",
	"0500", "0000", "30800000", "0485000000000100", "04FF", "1F802000", "9F1E00",
	"1F8880808000", "1F87FFFFFF7F00", "BF", "BF3E", "048201", "BF3E035C055A",
	"3003020101", "A0800000", "300402010100",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRoundTrip(t, data)
		checkAgainstASN1(t, data)
	})
}

// checkRoundTrip checks that what Parse accepts encodes back to the input
// when the input is DER-minimal, and to a fixed point otherwise.
func checkRoundTrip(t *testing.T, data []byte) {
	ts, err := Parse(data)
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(data) {
			t.Fatalf("Parse(%X) error %v is not a *SyntaxError within the input", data, err)
		}
		return
	}
	enc, err := EncodeAll(ts...)
	if err != nil {
		t.Fatalf("EncodeAll(Parse(%X)): %v", data, err)
	}
	if minimalLengths(t, data) {
		if !bytes.Equal(enc, data) {
			t.Fatalf("Encode(Parse(%X)) = %X", data, enc)
		}
		return
	}
	if len(enc) >= len(data) {
		t.Fatalf("Encode(Parse(%X)) = %X did not shorten non-minimal lengths", data, enc)
	}
	again, err := Parse(enc)
	if err != nil {
		t.Fatalf("Parse(Encode(Parse(%X))) = %v", data, err)
	}
	if !reflect.DeepEqual(stripValues(again), stripValues(ts)) {
		t.Fatalf("Parse(Encode(Parse(%X))) = %v, want %v", data, again, ts)
	}
}

// minimalLengths reports whether every length in data, which Parse
// accepted, is in DER form.
func minimalLengths(t *testing.T, data []byte) bool {
	for len(data) > 0 {
		h, err := ReadHeader(data)
		if err != nil {
			t.Fatalf("ReadHeader(%X) after Parse accepted it: %v", data, err)
		}
		want := appendLength(h.Tag.AppendBytes(nil), h.Len)
		if !bytes.Equal(data[:h.HeaderLen], want) {
			return false
		}
		content := data[h.HeaderLen : h.HeaderLen+h.Len]
		if h.Tag.Constructed() && !minimalLengths(t, content) {
			return false
		}
		data = data[h.HeaderLen+h.Len:]
	}
	return true
}

// checkAgainstASN1 checks that whenever encoding/asn1 reads data as one DER
// element, this package reads the same class, tag number, form and content.
func checkAgainstASN1(t *testing.T, data []byte) {
	var rv asn1.RawValue
	rest, err := asn1.Unmarshal(data, &rv)
	if err != nil || len(rest) != 0 {
		return
	}
	h, err := ReadHeader(data)
	if err != nil {
		t.Fatalf("encoding/asn1 reads %X, ReadHeader fails: %v", data, err)
	}
	if h.Tag.Class() != Class(rv.Class) || h.Tag.Number() != uint32(rv.Tag) || h.Tag.Constructed() != rv.IsCompound {
		t.Fatalf("%X: tag %s is %v/%d/constructed=%v, encoding/asn1 says %d/%d/%v",
			data, h.Tag, h.Tag.Class(), h.Tag.Number(), h.Tag.Constructed(), rv.Class, rv.Tag, rv.IsCompound)
	}
	if !bytes.Equal(data[h.HeaderLen:h.HeaderLen+h.Len], rv.Bytes) || h.HeaderLen+h.Len != len(data) {
		t.Fatalf("%X: content %X, encoding/asn1 says %X", data, data[h.HeaderLen:h.HeaderLen+h.Len], rv.Bytes)
	}
	el, err := ParseSingle(data)
	if err != nil {
		// encoding/asn1 does not look inside constructed content; only
		// there may this package find fault.
		var se *SyntaxError
		if !rv.IsCompound || !errors.As(err, &se) || se.Offset < h.HeaderLen {
			t.Fatalf("encoding/asn1 reads %X, ParseSingle fails: %v", data, err)
		}
		return
	}
	if el.Tag != h.Tag || !bytes.Equal(el.Value, rv.Bytes) {
		t.Fatalf("%X: ParseSingle = %v, encoding/asn1 says content %X", data, el, rv.Bytes)
	}
	// encoding/asn1 writes the header afresh from class, tag and form when
	// FullBytes is empty; for DER input both encoders give the input back.
	enc, err := Encode(el)
	if err != nil {
		t.Fatalf("Encode(ParseSingle(%X)): %v", data, err)
	}
	rv.FullBytes = nil
	re, err := asn1.Marshal(rv)
	if err != nil {
		t.Fatalf("asn1.Marshal(%+v): %v", rv, err)
	}
	if !bytes.Equal(re, data) {
		t.Fatalf("encoding/asn1 re-marshals %X as %X", data, re)
	}
	if minimalLengths(t, data) && !bytes.Equal(enc, data) {
		t.Fatalf("Encode(ParseSingle(%X)) = %X", data, enc)
	}
}
