package es10

import (
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Test keys in the shapes of X.509 SubjectPublicKeyInfo and Certificate.
const (
	testSPKI = "3011" + "3009" + "06072A8648CE3D0201" + "0304" + "00040102"
	testCert = "300E" + "3003020101" + "30020500" + "030300ABCD"
	// testEim is the EimConfigurationData of testEimData: eimId [0] 80,
	// eimFqdn [1] 81, eimIdType [2] 82, counterValue [3] 83,
	// associationToken [4] 84, eimPublicKeyData [5] A5 holding
	// eimPublicKey [0] A0, trustedPublicKeyDataTls [6] A6 holding
	// trustedCertificateTls [1] A1, eimSupportedProtocol [7] 87,
	// euiccCiPKId [8] 88, indirectProfileDownload [9] 89 (SGP.32 v1.2
	// §2.11.1.1.1, automatic tags).
	testEim = "3063" + "800465696D31" + "810F65696D2E6578616D706C652E636F6D" + "820102" + "830101" + "840107" +
		"A513" + "A011" + "3009" + "06072A8648CE3D0201" + "0304" + "00040102" +
		"A610" + "A10E" + "3003020101" + "30020500" + "030300ABCD" +
		"870205A0" + "8814F54172BDF98A95D65CBEB88A38A1C11D800A85C3" + "8900"
)

func testEimData(t testing.TB) EimConfigurationData {
	fqdn := EimIDTypeFQDN
	protocols := bertlv.BitString{Bytes: []byte{0xA0}, BitLength: 3}
	return EimConfigurationData{
		EimID: "eim1", FQDN: "eim.example.com", IDType: &fqdn, CounterValue: ptr(int64(1)), AssociationToken: ptr(int64(7)),
		PublicKeyData:           &EimKey{PublicKey: unhex(t, testSPKI)},
		TrustedPublicKeyDataTLS: &EimKey{Certificate: unhex(t, testCert)},
		SupportedProtocol:       &protocols,
		EuiccCiPKID:             unhex(t, "F54172BDF98A95D65CBEB88A38A1C11D800A85C3"),
		IndirectProfileDownload: true,
	}
}

// Vectors built from SGP.32 v1.2 §5.9.4, §5.9.16, §5.9.18 and the module
// SGP32Definitions.
func TestSGP32(t *testing.T) {
	t.Parallel()
	full := testEimData(t)
	runVectors(t, []vector{
		{"get all eims", "BF5500", &GetEimConfigurationDataRequest{}, &GetEimConfigurationDataRequest{}},
		{"get one eim", "BF5508A006800465696D31", &GetEimConfigurationDataRequest{}, &GetEimConfigurationDataRequest{EimID: "eim1"}},
		{"eims", "BF556FA06D" + testEim + "3006800465696D32", &GetEimConfigurationDataResponse{},
			&GetEimConfigurationDataResponse{Eims: []EimConfigurationData{full, {EimID: "eim2"}}}},
		{"no eims", "BF5502A000", &GetEimConfigurationDataResponse{}, &GetEimConfigurationDataResponse{}},
		{"rollback", "BF58038001FF", &ProfileRollbackRequest{}, &ProfileRollbackRequest{Refresh: true}},
		{"rollback no refresh", "BF5803800100", &ProfileRollbackRequest{}, &ProfileRollbackRequest{}},
		{"rolled back", "BF5803020100", &ProfileRollbackResponse{}, &ProfileRollbackResponse{Result: RollbackOK}},
		{"rolled back with result", "BF580E020100" + "BF5108" + "A206" + "800465696D31", &ProfileRollbackResponse{},
			&ProfileRollbackResponse{Result: RollbackOK, PackageResult: unhex(t, "BF5108A206800465696D31")}},
		{"rollback refused", "BF5803020101", &ProfileRollbackResponse{}, &ProfileRollbackResponse{Result: RollbackNotAllowed}},
		{"add initial eim", "BF5767A065" + testEim, &AddInitialEimRequest{}, &AddInitialEimRequest{Eims: []EimConfigurationData{full}}},
		{"added", "BF5707A005840107 0500", &AddInitialEimResponse{},
			&AddInitialEimResponse{Results: []AddInitialEimResult{{AssociationToken: ptr(int64(7))}, {}}}},
		{"add refused", "BF57038101 02", &AddInitialEimResponse{}, &AddInitialEimResponse{Error: ptr(AddInitialEimAssociatedEimAlreadyExists)}},
	})
}

func TestSGP32Bad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"wrong tag", "BF5600", &GetEimConfigurationDataRequest{}, "GetEimConfigurationDataRequest: tag BF56, want BF55"},
		{"search without eimId", "BF5502A000", &GetEimConfigurationDataRequest{}, "GetEimConfigurationDataRequest: searchCriteria: eimId (80): missing"},
		{"search empty eimId", "BF5504A0028000", &GetEimConfigurationDataRequest{}, "GetEimConfigurationDataRequest: searchCriteria: eimId: missing"},
		{"no list", "BF5500", &GetEimConfigurationDataResponse{}, "GetEimConfigurationDataResponse: eimConfigurationDataList (A0): missing"},
		{"no eimId", "BF5507A0053003830101", &GetEimConfigurationDataResponse{}, "GetEimConfigurationDataResponse: eimConfigurationData 1: eimId (80): missing"},
		{"empty eimId", "BF5506A00430028000", &GetEimConfigurationDataResponse{}, "GetEimConfigurationDataResponse: eimConfigurationData 1: eimId: missing"},
		{"eimId too long", "BF55818AA08187308184808181" + strings.Repeat("65", 129), &GetEimConfigurationDataResponse{},
			"GetEimConfigurationDataResponse: eimConfigurationData 1: eimId: 129 octets, want at most 128"},
		{"bad counter", "BF550CA00A3008800465696D318300", &GetEimConfigurationDataResponse{},
			"GetEimConfigurationDataResponse: eimConfigurationData 1: counterValue: "},
		{"key neither", "BF5510A00E300C800465696D31A504A2023000", &GetEimConfigurationDataResponse{},
			"GetEimConfigurationDataResponse: eimConfigurationData 1: eimPublicKeyData: alternative A2"},
		{"key empty", "BF550CA00A3008800465696D31A600", &GetEimConfigurationDataResponse{},
			"GetEimConfigurationDataResponse: eimConfigurationData 1: trustedPublicKeyDataTls: public key or certificate: missing"},
		{"bad indirect", "BF550DA00B3009800465696D31890100", &GetEimConfigurationDataResponse{},
			"GetEimConfigurationDataResponse: eimConfigurationData 1: indirectProfileDownload: "},
		{"rollback no flag", "BF5800", &ProfileRollbackRequest{}, "ProfileRollbackRequest: refreshFlag (80): missing"},
		{"rollback no result", "BF5800", &ProfileRollbackResponse{}, "ProfileRollbackResponse: cmdResult (02): missing"},
		{"rollback bad package result", "BF5807020100BF510100", &ProfileRollbackResponse{}, "ProfileRollbackResponse: bertlv"},
		{"add no alternative", "BF5700", &AddInitialEimResponse{}, "AddInitialEimResponse: addInitialEimOk or addInitialEimError: missing"},
		{"add bad token", "BF5704A0028400", &AddInitialEimResponse{}, "AddInitialEimResponse: addInitialEimOk 1: associationToken: "},
		{"add bad null", "BF5705A003050100", &AddInitialEimResponse{}, "AddInitialEimResponse: addInitialEimOk 1: addOk: "},
		{"add initial no list", "BF5700", &AddInitialEimRequest{}, "AddInitialEimRequest: eimConfigurationDataList (A0): missing"},
	})
}

func TestSGP32MarshalBad(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		msg  message
		want string
	}{
		{&GetEimConfigurationDataResponse{Eims: []EimConfigurationData{{}}}, "GetEimConfigurationDataResponse: eimConfigurationData 1: eimId: missing"},
		{&AddInitialEimRequest{Eims: []EimConfigurationData{{EimID: "e", PublicKeyData: &EimKey{}}}},
			"AddInitialEimRequest: eimConfigurationData 1: eimPublicKeyData: public key or certificate: missing"},
		{&AddInitialEimRequest{Eims: []EimConfigurationData{{EimID: "e", PublicKeyData: &EimKey{PublicKey: []byte{1}, Certificate: []byte{1}}}}},
			"eimPublicKeyData: both public key and certificate set"},
		{&AddInitialEimRequest{Eims: []EimConfigurationData{{EimID: "e", TrustedPublicKeyDataTLS: &EimKey{Certificate: []byte{0x04, 0x00}}}}},
			"trustedPublicKeyDataTls: tag 04, want 30"},
		{&GetEimConfigurationDataRequest{EimID: strings.Repeat("e", 129)}, "GetEimConfigurationDataRequest: searchCriteria: eimId: 129 octets, want at most 128"},
		{&AddInitialEimRequest{Eims: []EimConfigurationData{{EimID: strings.Repeat("e", 129)}}}, "AddInitialEimRequest: eimConfigurationData 1: eimId: 129 octets"},
		{&ProfileRollbackResponse{PackageResult: []byte{0x30, 0x00}}, "ProfileRollbackResponse: eUICCPackageResult: tag 30, want BF51"},
	} {
		if b, err := c.msg.Marshal(); err == nil {
			t.Errorf("%T: Marshal = %X, want error", c.msg, b)
		} else if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T: error %q does not contain %q", c.msg, err, c.want)
		}
	}
	for got, want := range map[string]string{
		EimIDTypeOID.String():             "eimIdTypeOid",
		RollbackCatBusy.String():          "catBusy",
		AddInitialEimCiPKUnknown.String(): "ciPKUnknown",
		AddInitialEimError(4).String():    "AddInitialEimError(4)",
	} {
		if got != want {
			t.Errorf("String = %q, want %q", got, want)
		}
	}
}
