//go:build integration

package asn1ref_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/cellgate/cellgate/internal/rsp/asn1ref"
)

// vector is a DER encoding of an ES10 structure, the term the reference
// decodes it to, and back.
type vector struct {
	name, typeName, der, term string
}

// The GetEuiccDataRequest bytes are those SGP.22 gives for ES10c.GetEID
// (section 5.7.20); the EID is the SGP.29 example EID. ICCIDs are coded
// as in EF.ICCID, nibble-swapped BCD.
var vectors = []vector{
	// SGP.22 RSPDefinitions.
	{"GetEID request", "GetEuiccDataRequest", "BF3E035C015A",
		"{'GetEuiccDataRequest',<<90>>}"},
	{"GetEID response", "GetEuiccDataResponse", "BF3E125A1089049032123451234512345678901235",
		"{'GetEuiccDataResponse',<<137,4,144,50,18,52,81,35,69,18,52,86,120,144,18,53>>}"},
	{"GetEuiccInfo1 request", "GetEuiccInfo1Request", "BF2000",
		"{'GetEuiccInfo1Request'}"},
	{"GetEuiccInfo2 request", "GetEuiccInfo2Request", "BF2200",
		"{'GetEuiccInfo2Request'}"},
	{"EUICCInfo1", "EUICCInfo1",
		"BF2035820302020AA916041481370F5125D0B1D408D4C3B232E6D25E795BEBFBAA160414" +
			"81370F5125D0B1D408D4C3B232E6D25E795BEBFB",
		"{'EUICCInfo1',<<2,2,10>>,[<<129,55,15,81,37,208,177,212,8,212,195,178,50,230,210,94,121,91,235,251>>]," +
			"[<<129,55,15,81,37,208,177,212,8,212,195,178,50,230,210,94,121,91,235,251>>]}"},
	{"ProfileInfoList request, everything", "ProfileInfoListRequest", "BF2D00",
		"{'ProfileInfoListRequest',asn1_NOVALUE,asn1_NOVALUE}"},
	{"ProfileInfoList request, one ICCID and tags", "ProfileInfoListRequest",
		"BF2D13A00C5A0A986800214365870921435C035A9F70",
		"{'ProfileInfoListRequest',{iccid,<<152,104,0,33,67,101,135,9,33,67>>},<<90,159,112>>}"},
	// profileClass is absent: the decoder fills in its DEFAULT, operational
	// (2), and DER encoding leaves it out again.
	{"ProfileInfoList response", "ProfileInfoListResponse",
		"BF2D17A015E3135A0A9868002143658709214390056669727374",
		"{profileInfoListOk,[{'ProfileInfo',<<152,104,0,33,67,101,135,9,33,67>>,asn1_NOVALUE,asn1_NOVALUE," +
			"<<102,105,114,115,116>>,asn1_NOVALUE,asn1_NOVALUE,asn1_NOVALUE,asn1_NOVALUE,2," +
			"asn1_NOVALUE,asn1_NOVALUE,asn1_NOVALUE,asn1_NOVALUE}]}"},
	{"EnableProfile request by ICCID, refresh", "EnableProfileRequest",
		"BF3111A00C5A0A98680021436587092143 8101FF",
		"{'EnableProfileRequest',{iccid,<<152,104,0,33,67,101,135,9,33,67>>},true}"},
	{"EnableProfile response", "EnableProfileResponse", "BF3103800100",
		"{'EnableProfileResponse',ok}"},
	{"DisableProfile request by AID", "DisableProfileRequest",
		"BF3217A0124F10A0000005591010FFFFFFFF8900001000810100",
		"{'DisableProfileRequest',{isdpAid,<<160,0,0,5,89,16,16,255,255,255,255,137,0,0,16,0>>},false}"},
	{"DeleteProfile request by ICCID", "DeleteProfileRequest",
		"BF330C5A0A98680021436587092143",
		"{iccid,<<152,104,0,33,67,101,135,9,33,67>>}"},
	{"ListNotification request", "ListNotificationRequest", "BF2800",
		"{'ListNotificationRequest',asn1_NOVALUE}"},
	{"RetrieveNotificationsList request by sequence number", "RetrieveNotificationsListRequest",
		"BF2B05A003800107",
		"{'RetrieveNotificationsListRequest',{seqNumber,7}}"},
	// SGP.32 v1.2 SGP32Definitions.
	{"GetEimConfigurationData request", "GetEimConfigurationDataRequest", "BF5500",
		"{'GetEimConfigurationDataRequest',asn1_NOVALUE}"},
	{"ProfileRollback request, refresh", "ProfileRollbackRequest", "BF58038001FF",
		"{'ProfileRollbackRequest',true}"},
	{"IpaEuiccData request", "IpaEuiccDataRequest", "BF52035C0180",
		"{'IpaEuiccDataRequest',<<128>>,asn1_NOVALUE,asn1_NOVALUE,asn1_NOVALUE,asn1_NOVALUE}"},
	// A component [81] of type [81] CHOICE is tagged implicitly (X.680
	// §31.2.7): one 'BF51', then the alternative. cmdResult stays a
	// universal INTEGER: the list has a tagged component, so it is not
	// tagged automatically.
	{"ProfileRollback response with an eUICC Package error", "ProfileRollbackResponse",
		"BF580D020100BF5107A205800365696D",
		"{'ProfileRollbackResponse',ok,{euiccPackageErrorUnsigned,{'EuiccPackageErrorUnsigned',<<101,105,109>>,asn1_NOVALUE,asn1_NOVALUE}}}"},
	// The automatic [1] of a component of type [65] CHOICE replaces 'BF41'.
	{"CancelSession over ES9+", "CancelSessionRequestEs9", "BF4108800101A103810105",
		"{'CancelSessionRequestEs9',<<1>>,{cancelSessionResponseError,invalidTransactionId}}"},
	{"CancelSession over ESipa", "CancelSessionRequestEsipa", "BF4108800101A103810105",
		"{'CancelSessionRequestEsipa',<<1>>,{cancelSessionResponseError,invalidTransactionId}}"},
}

func TestVectorsDecodeAndEncodeBack(t *testing.T) {
	ref := asn1ref.Compile(t)
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			der := mustHex(t, v.der)
			term, err := ref.Decode(t, v.typeName, der)
			if err != nil {
				t.Fatalf("decode %s %X: %v", v.typeName, der, err)
			}
			if term != v.term {
				t.Errorf("decode %s %X\n got %s\nwant %s", v.typeName, der, term, v.term)
			}
			back, err := ref.Encode(t, v.typeName, term)
			if err != nil {
				t.Fatalf("encode %s %s: %v", v.typeName, term, err)
			}
			if !bytes.Equal(back, der) {
				t.Errorf("encode %s %s = %X, want %X", v.typeName, term, back, der)
			}
		})
	}
}

// An eUICC Package with one PSMO, built from a term: its encoding decodes
// to the same term.
func TestEuiccPackageRequestFromTerm(t *testing.T) {
	ref := asn1ref.Compile(t)
	term := "{'EuiccPackageRequest',{'EuiccPackageSigned',<<\"eim.example\">>," +
		"<<137,4,144,50,18,52,81,35,69,18,52,86,120,144,18,53>>,1,asn1_NOVALUE," +
		"{psmoList,[{enable,{'Psmo_enable',<<152,104,0,33,67,101,135,9,33,67>>,'NULL'}}]}}," +
		"<<1,2,3,4>>}"
	der, err := ref.Encode(t, "EuiccPackageRequest", term)
	if err != nil {
		t.Fatalf("encode EuiccPackageRequest: %v", err)
	}
	// BF51 { 30 { 80 eimId, 5A eid, 81 counter, A0 psmoList { A3 enable { 5A iccid,
	// 05 00 rollbackFlag } } }, 5F37 signature }. The enable SEQUENCE tags its
	// iccid, so automatic tagging does not apply to it (X.680 §25.3) and
	// rollbackFlag keeps the universal NULL tag.
	want := "BF513D3034800B65696D2E6578616D706C655A10890490321234512345123456789012358101" +
		"01A010A30E5A0A98680021436587092143" + "0500" + "5F370401020304"
	if got := hex.EncodeToString(der); !strings.EqualFold(got, want) {
		t.Errorf("EuiccPackageRequest = %s\nwant %s", strings.ToUpper(got), want)
	}
	decoded, err := ref.Decode(t, "EuiccPackageRequest", der)
	if err != nil {
		t.Fatalf("decode EuiccPackageRequest %X: %v", der, err)
	}
	if !strings.Contains(decoded, "'Psmo_enable'") || !strings.Contains(decoded, "<<1,2,3,4>>") {
		t.Errorf("decode EuiccPackageRequest = %s", decoded)
	}
}

func TestRefusals(t *testing.T) {
	ref := asn1ref.Compile(t)
	for _, c := range []struct {
		name, typeName, der, want string
	}{
		{"trailing bytes", "ProfileInfoListRequest", "BF2D0000", "trailing_bytes"},
		{"wrong tag", "GetEuiccDataRequest", "BF2D00", ""},
		{"truncated", "EnableProfileRequest", "BF3111A00C5A0A98", ""},
		{"unknown type", "NoSuchType", "BF2D00", "NoSuchType"},
	} {
		t.Run(c.name, func(t *testing.T) {
			term, err := ref.Decode(t, c.typeName, mustHex(t, c.der))
			if err == nil {
				t.Fatalf("decode %s %s = %s, want an error", c.typeName, c.der, term)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("decode %s %s: error %q does not name %q", c.typeName, c.der, err, c.want)
			}
		})
	}
	if _, err := ref.Encode(t, "ProfileRollbackRequest", "{'ProfileRollbackRequest',"); err == nil ||
		!strings.Contains(err.Error(), "bad_term") {
		t.Errorf("encode of a cut term: error %v, want bad_term", err)
	}
	if _, err := ref.Encode(t, "ProfileRollbackRequest", "{'ProfileRollbackRequest',maybe}"); err == nil {
		t.Errorf("encode of a non-BOOLEAN refreshFlag: no error")
	}
	if _, err := ref.Decode(t, "Bad Type", nil); err == nil || !strings.Contains(err.Error(), "type name") {
		t.Errorf("decode with type name %q: error %v, want one naming the type name", "Bad Type", err)
	}
}

// The reference answers a call in well under the 0.3 s a process per call
// would cost.
func TestCallsAreFast(t *testing.T) {
	ref := asn1ref.Compile(t)
	der := mustHex(t, "BF3111A00C5A0A98680021436587092143 8101FF")
	const n = 200
	start := time.Now()
	for range n {
		term, err := ref.Decode(t, "EnableProfileRequest", der)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if _, err := ref.Encode(t, "EnableProfileRequest", term); err != nil {
			t.Fatalf("encode: %v", err)
		}
	}
	per := time.Since(start) / (2 * n)
	t.Logf("%d decode+encode pairs: %s per call", n, per)
	if per > 300*time.Millisecond {
		t.Errorf("%s per call, want under 300ms", per)
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}
