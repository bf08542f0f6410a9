package es10

import (
	"bytes"
	"reflect"
	"testing"
)

// decoders returns a fresh value of every ES10 structure.
func decoders() []func() message {
	return []func() message{
		func() message { return &GetEuiccDataRequest{} },
		func() message { return &GetEuiccDataResponse{} },
		func() message { return &ProfileInfoListRequest{} },
		func() message { return &ProfileInfoListResponse{} },
		func() message { return &EnableProfileRequest{} },
		func() message { return &EnableProfileResponse{} },
		func() message { return &DisableProfileRequest{} },
		func() message { return &DisableProfileResponse{} },
		func() message { return &DeleteProfileRequest{} },
		func() message { return &DeleteProfileResponse{} },
		func() message { return &GetEuiccInfo1Request{} },
		func() message { return &EUICCInfo1{} },
		func() message { return &ListNotificationRequest{} },
		func() message { return &ListNotificationResponse{} },
		func() message { return &RemoveNotificationFromListRequest{} },
		func() message { return &RemoveNotificationFromListResponse{} },
		func() message { return &GetEimConfigurationDataRequest{} },
		func() message { return &GetEimConfigurationDataResponse{} },
		func() message { return &ProfileRollbackRequest{} },
		func() message { return &ProfileRollbackResponse{} },
		func() message { return &AddInitialEimRequest{} },
		func() message { return &AddInitialEimResponse{} },
		func() message { return &RetrieveNotificationsListRequest{} },
		func() message { return &RetrieveNotificationsListResponse{} },
		func() message { return &GetEuiccInfo2Request{} },
		func() message { return &EUICCInfo2{} },
	}
}

// FuzzUnmarshal feeds the input to every Unmarshal; what is accepted must
// encode, decode to the same value and encode to the same bytes again.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		"BF3E035C015A",
		"BF3E125A1089049032123451234512345678901235",
		"BF2D0AA00395010F5C039F7095",
		"BF2D30A02EE3175A0A984474560000214251F89F70010090024131950100E3135A0A984400000000000000FF9F700101950100",
		"BF2D5FA05DE35B5A0A984474560000214251F84F10A0000005591010FFFFFFFF89000010009F7001019005666C65657491024F709203496F5493010194028950950102B60B300980020780810361612EB705800332F410B805800355040399020640",
		"BF3111A00C5A0A989400103254769810328101FF",
		"BF3211A00C5A0A98940010325476981032810100",
		"BF33124F10A0000005591010FFFFFFFF8900001000",
		"BF3103800105",
		"BF2035820302020" + "0A9160414F54172BDF98A95D65CBEB88A38A1C11D800A85C3AA160414F54172BDF98A95D65CBEB88A38A1C11D800A85C3",
		"BF280481020560",
		"BF2845A043BF2F24800101810207800C0F7273702E6578616D706C652E636F6D5A0A98940010325476981032BF2F1980020100810204100C0F7273702E6578616D706C652E636F6D",
		"BF280381017F",
		"BF3003800105",
		"BF5508A006800465696D31",
		"BF556FA06D" + testEim + "3006800465696D32",
		"BF58038001FF",
		"BF580E020100BF5108A206800465696D31",
		"BF5707A0058401070500",
		"BF5703810102",
		"BF2B05A003800105",
		"BF2B06A00481020410",
		"BF2B81AEA081AB" + testPIR + testOtherSigned + testCompactOSN + testCompactPIR,
		"BF2B03810101",
		"BF227B" + testInfo2Fields + "900100",
		"BF22228103000000820300000083030000008400850100880100A900AA0004030000000C00",
	} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mk := range decoders() {
			m := mk()
			if err := m.Unmarshal(data); err != nil {
				continue
			}
			b, err := m.Marshal()
			if err != nil {
				t.Fatalf("%T: accepted %X but Marshal failed: %v", m, data, err)
			}
			m2 := mk()
			if err := m2.Unmarshal(b); err != nil {
				t.Fatalf("%T: Unmarshal of own encoding %X: %v", m, b, err)
			}
			if !reflect.DeepEqual(m, m2) {
				t.Fatalf("%T: round trip changed value:\n%+v\n%+v", m, m, m2)
			}
			b2, err := m2.Marshal()
			if err != nil || !bytes.Equal(b, b2) {
				t.Fatalf("%T: second Marshal = %X, %v; want %X", m, b2, err, b)
			}
		}
	})
}
