package es10

import (
	"reflect"
	"testing"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// testInfo2Fields are the fields of an EUICCInfo2 built from SGP.22 v2.5
// RSPDefinitions: profileVersion [1] 81, svn [2] 82, euiccFirmwareVer [3]
// 83, extCardResource [4] 84, uiccCapability [5] 85, javacardVersion
// (ts102241Version in SGP.32) [6] 86, globalplatformVersion [7] 87,
// rspCapability [8] 88, the CI key lists [9] A9 and [10] AA, euiccCategory
// [11] 8B, then ppVersion 04 and sasAcreditationNumber 0C untagged.
const testInfo2Fields = "810302030082030202008303010203" + "840D81010082040001E4A083020000" + "850307FF80" +
	"8603030100" + "8703020300" + "880204F0" +
	"A9160414F54172BDF98A95D65CBEB88A38A1C11D800A85C3" + "AA160414F54172BDF98A95D65CBEB88A38A1C11D800A85C3" +
	"8B0102" + "0403000100" + "0C0D47492D42412D55502D30343139"

func testInfo2(t testing.TB) EUICCInfo2 {
	ci := unhex(t, "F54172BDF98A95D65CBEB88A38A1C11D800A85C3")
	return EUICCInfo2{
		ProfileVersion: Version{2, 3, 0}, SVN: Version{2, 2, 0}, FirmwareVersion: Version{1, 2, 3},
		ExtCardResource:        unhex(t, "81010082040001E4A083020000"),
		UICCCapability:         bertlv.BitString{Bytes: []byte{0xFF, 0x80}, BitLength: 9},
		TS102241Version:        &Version{3, 1, 0},
		GlobalPlatformVersion:  &Version{2, 3, 0},
		RSPCapability:          bertlv.BitString{Bytes: []byte{0xF0}, BitLength: 4},
		CiPKIdsForVerification: [][]byte{ci},
		CiPKIdsForSigning:      [][]byte{ci},
		Category:               ptr(EuiccCategoryMedium),
		PPVersion:              Version{0, 1, 0},
		SASAccreditationNumber: "GI-BA-UP-0419",
	}
}

func TestEUICCInfo2(t *testing.T) {
	t.Parallel()
	full := testInfo2(t)
	ipad := full
	ipad.IPAMode = ptr(IPAModeIPAd)
	minimal := EUICCInfo2{ExtCardResource: []byte{}, UICCCapability: bertlv.BitString{Bytes: []byte{}},
		RSPCapability: bertlv.BitString{Bytes: []byte{}}}
	runVectors(t, []vector{
		{"request", "BF2200", &GetEuiccInfo2Request{}, &GetEuiccInfo2Request{}},
		{"sgp22", "BF2278" + testInfo2Fields, &EUICCInfo2{}, &full},
		{"sgp32", "BF227B" + testInfo2Fields + "900100", &EUICCInfo2{}, &ipad},
		{"minimal", "BF22228103000000820300000083030000008400850100880100A900AA0004030000000C00", &EUICCInfo2{}, &minimal},
	})
}

// Fields cellgate does not read (here forbiddenProfilePolicyRules 99,
// certificationDataObject AC, treProperties 8D, iotSpecificInfo B4) are
// skipped.
func TestEUICCInfo2SkipsUnknownFields(t *testing.T) {
	t.Parallel()
	in := unhex(t, "BF22819C"+testInfo2Fields+"99020640"+"AC0C0C0441424344"+"0C0441424344"+"8D020640"+"900101"+"B409A005040301000081 00")
	var got EUICCInfo2
	if err := got.Unmarshal(in); err != nil {
		t.Fatal(err)
	}
	want := testInfo2(t)
	want.IPAMode = ptr(IPAModeIPAe)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if got.SVN.String() != "2.2.0" || got.Category.String() != "mediumEuicc" || got.IPAMode.String() != "ipae" {
		t.Errorf("String: %s %s %s", got.SVN, got.Category, got.IPAMode)
	}
}

func TestEUICCInfo2Bad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"wrong tag", "BF2000", &EUICCInfo2{}, "EUICCInfo2: tag BF20, want BF22"},
		{"request wrong tag", "BF2000", &GetEuiccInfo2Request{}, "GetEuiccInfo2Request: tag BF20, want BF22"},
		{"empty", "BF2200", &EUICCInfo2{}, "EUICCInfo2: profileVersion (81): missing"},
		{"short svn", "BF22098103020300820202 00", &EUICCInfo2{}, "EUICCInfo2: svn: 2 octets, want 3"},
		{"no ppVersion", "BF221D8103000000820300000083030000008400850100880100A900AA000C00", &EUICCInfo2{}, "EUICCInfo2: ppVersion (04): missing"},
		{"no sas", "BF22208103000000820300000083030000008400850100880100A900AA000403000000", &EUICCInfo2{}, "EUICCInfo2: sasAcreditationNumber (0C): missing"},
		{"no ext", "BF2220810300000082030000008303000000850100880100A900AA0004030000000C00", &EUICCInfo2{}, "EUICCInfo2: extCardResource (84): missing"},
		{"no uicc", "BF221F8103000000820300000083030000008400880100A900AA0004030000000C00", &EUICCInfo2{}, "EUICCInfo2: uiccCapability (85): missing"},
		{"no rsp", "BF221F8103000000820300000083030000008400850100A900AA0004030000000C00", &EUICCInfo2{}, "EUICCInfo2: rspCapability (88): missing"},
		{"no signing list", "BF22208103000000820300000083030000008400850100880100A90004030000000C00", &EUICCInfo2{}, "EUICCInfo2: euiccCiPKIdListForSigning (AA): missing"},
		{"bad gp version", "BF2226810300000082030000008303000000840085010087020000880100A900AA0004030000000C00", &EUICCInfo2{}, "EUICCInfo2: globalplatformVersion: 2 octets"},
		{"bad category", "BF222481030000008203000000830300000084008501008801008B00A900AA0004030000000C00", &EUICCInfo2{}, "EUICCInfo2: euiccCategory: "},
		{"bad ipa mode", "BF22248103000000820300000083030000008400850100880100A900AA0004030000000C009000", &EUICCInfo2{}, "EUICCInfo2: ipaMode: "},
	})
}
