//go:build integration

package es10

import (
	"bytes"
	"testing"

	"github.com/cellgate/cellgate/internal/rsp/asn1ref"
)

// TestAgainstPublishedASN1 holds what this package encodes to the published
// SGP.22 RSPDefinitions module, compiled by an independent ASN.1 compiler
// (Erlang's, internal/rsp/asn1ref): each encoding must decode there as the
// named type and encode back from that decoding to the very same bytes.
func TestAgainstPublishedASN1(t *testing.T) {
	t.Parallel()
	ref := asn1ref.Compile(t)
	var eid EID
	copy(eid[:], unhex(t, "89049032123451234512345678901235"))
	svn := [3]byte{2, 2, 0}
	ciKey := unhex(t, "F54172BDF98A95D65CBEB88A38A1C11D800A85C3")
	enabled, operational := ProfileEnabled, ProfileClassOperational
	const iccid = "89490001234567890123"
	info2IPAd := testInfo2(t)
	info2IPAd.IPAMode = ptr(IPAModeIPAd)
	for _, c := range []struct {
		asn1Type string
		msg      interface{ Marshal() ([]byte, error) }
	}{
		{"GetEuiccDataRequest", GetEuiccDataRequest{TagList: []byte{0x5A}}},
		{"GetEuiccDataResponse", GetEuiccDataResponse{EID: eid}},
		{"ProfileInfoListRequest", ProfileInfoListRequest{}},
		{"ProfileInfoListRequest", ProfileInfoListRequest{Search: &SearchCriteria{ICCID: iccid}, TagList: []byte{0x5A, 0x9F, 0x70}}},
		{"ProfileInfoListResponse", ProfileInfoListResponse{Profiles: []ProfileInfo{
			{ICCID: iccid, State: &enabled, Class: &operational, Nickname: "fleet", ServiceProviderName: "Operator", ProfileName: "IoT"},
			{ICCID: "8944476500001224158"},
		}}},
		{"EnableProfileRequest", EnableProfileRequest{Profile: ProfileID{ICCID: iccid}, Refresh: true}},
		{"EnableProfileRequest", EnableProfileRequest{Profile: ProfileID{ISDPAID: unhex(t, "A0000005591010FFFFFFFF8900001000")}}},
		{"EnableProfileResponse", EnableProfileResponse{Result: EnableOK}},
		{"DisableProfileRequest", DisableProfileRequest{Profile: ProfileID{ICCID: iccid}}},
		{"DeleteProfileRequest", DeleteProfileRequest{Profile: ProfileID{ICCID: iccid}}},
		{"DeleteProfileResponse", DeleteProfileResponse{Result: DeleteOK}},
		{"GetEuiccInfo1Request", GetEuiccInfo1Request{}},
		{"EUICCInfo1", EUICCInfo1{SVN: svn, CiPKIdsForVerification: [][]byte{ciKey}, CiPKIdsForSigning: [][]byte{ciKey}}},
		{"ListNotificationRequest", ListNotificationRequest{}},
		{"ListNotificationResponse", ListNotificationResponse{Notifications: []NotificationMetadata{
			{SeqNumber: 7, Operation: NotificationEvents(0), Address: "smdp.example.com", ICCID: iccid},
		}}},
		{"NotificationSentRequest", RemoveNotificationFromListRequest{SeqNumber: 7}},
		{"GetEimConfigurationDataRequest", GetEimConfigurationDataRequest{}},
		{"GetEimConfigurationDataRequest", GetEimConfigurationDataRequest{EimID: "eim1"}},
		{"GetEimConfigurationDataResponse", GetEimConfigurationDataResponse{Eims: []EimConfigurationData{testEimData(t), {EimID: "eim2"}}}},
		{"GetEimConfigurationDataResponse", GetEimConfigurationDataResponse{Eims: []EimConfigurationData{
			{EimID: "eim3", PublicKeyData: &EimKey{Certificate: unhex(t, testCert)}, TrustedPublicKeyDataTLS: &EimKey{PublicKey: unhex(t, testSPKI)}},
		}}},
		{"ProfileRollbackRequest", ProfileRollbackRequest{Refresh: true}},
		{"ProfileRollbackResponse", ProfileRollbackResponse{Result: RollbackNotAllowed}},
		{"ProfileRollbackResponse", ProfileRollbackResponse{PackageResult: unhex(t, "BF5108A206800465696D31")}},
		{"AddInitialEimRequest", AddInitialEimRequest{Eims: []EimConfigurationData{testEimData(t)}}},
		{"AddInitialEimResponse", AddInitialEimResponse{Results: []AddInitialEimResult{{AssociationToken: ptr(int64(7))}, {}}}},
		{"AddInitialEimResponse", AddInitialEimResponse{Error: ptr(AddInitialEimCommandError)}},
		{"RetrieveNotificationsListRequest", RetrieveNotificationsListRequest{}},
		{"RetrieveNotificationsListRequest", RetrieveNotificationsListRequest{SeqNumber: ptr(int64(5))}},
		{"RetrieveNotificationsListRequest", RetrieveNotificationsListRequest{Operations: ptr(NotificationEvents(NotificationDelete))}},
		{"SGP32-RetrieveNotificationsListRequest", RetrieveNotificationsListRequest{SeqNumber: ptr(int64(5))}},
		{"RetrieveNotificationsListResponse", RetrieveNotificationsListResponse{Notifications: []PendingNotification{
			{DER: unhex(t, testPIR)}, {DER: unhex(t, testOtherSigned)},
		}}},
		{"RetrieveNotificationsListResponse", RetrieveNotificationsListResponse{Error: ptr(NotificationsListNoResultAvailable)}},
		{"SGP32-RetrieveNotificationsListResponse", RetrieveNotificationsListResponse{Notifications: []PendingNotification{
			{DER: unhex(t, testPIR)}, {DER: unhex(t, testOtherSigned)}, {DER: unhex(t, testCompactOSN)},
		}}},
		{"GetEuiccInfo2Request", GetEuiccInfo2Request{}},
		{"EUICCInfo2", testInfo2(t)},
		{"EUICCInfo2", EUICCInfo2{ExtCardResource: []byte{}}},
		{"SGP32-EUICCInfo2", info2IPAd},
	} {
		der, err := c.msg.Marshal()
		if err != nil {
			t.Fatalf("%T: %v", c.msg, err)
		}
		term, err := ref.Decode(t, c.asn1Type, der)
		if err != nil {
			t.Errorf("%s % X: the published module refuses it: %v", c.asn1Type, der, err)
			continue
		}
		back, err := ref.Encode(t, c.asn1Type, term)
		if err != nil || !bytes.Equal(back, der) {
			t.Errorf("%s: we encode % X; the reference encodes %s as % X (%v)", c.asn1Type, der, term, back, err)
		}
	}
}
