package es10

import (
	"strings"
	"testing"
)

// Pending notifications in each form, built from SGP.22 v2.5 RSPDefinitions
// and SGP.32 v1.2 SGP32Definitions: NotificationMetadata BF2F, the signature
// 5F37, ProfileInstallationResult BF37 { BF27 { 80 transactionId, BF2F,
// A2 { A0 successResult { 4F aid, 04 simaResponse } } }, 5F37 },
// OtherSignedNotification 30 { BF2F, 5F37, Certificate, Certificate }, and
// the SGP.32 compact forms A1 { BF2F, 5F37 } and A0 { A0 { 80
// transactionId, 02 seqNumber } }.
const (
	testMetaInstall = "BF2F18800101810207800C0F7273702E6578616D706C652E636F6D"
	testMetaDelete  = "BF2F18800105810204100C0F7273702E6578616D706C652E636F6D"
	testSignature   = "5F370401020304"
	testPIR         = "BF3736" + "BF272C" + "800101" + testMetaInstall + "A20C" + "A00A" + "4F05A000000559" + "040100" + testSignature
	testOtherSigned = "3042" + testMetaDelete + testSignature + testCert + testCert
	testCompactOSN  = "A122" + testMetaDelete + testSignature
	testCompactPIR  = "A008" + "A006" + "800101" + "020109"
)

func TestRetrieveNotificationsList(t *testing.T) {
	t.Parallel()
	install, del := NotificationEvents(NotificationInstall), NotificationEvents(NotificationDelete)
	metaInstall := NotificationMetadata{SeqNumber: 1, Operation: install, Address: "rsp.example.com"}
	metaDelete := NotificationMetadata{SeqNumber: 5, Operation: del, Address: "rsp.example.com"}
	runVectors(t, []vector{
		{"all", "BF2B00", &RetrieveNotificationsListRequest{}, &RetrieveNotificationsListRequest{}},
		{"by seq", "BF2B05A003800105", &RetrieveNotificationsListRequest{}, &RetrieveNotificationsListRequest{SeqNumber: ptr(int64(5))}},
		{"by operation", "BF2B06A00481020410", &RetrieveNotificationsListRequest{}, &RetrieveNotificationsListRequest{Operations: &del}},
		{"four forms", "BF2B81AEA081AB" + testPIR + testOtherSigned + testCompactOSN + testCompactPIR, &RetrieveNotificationsListResponse{},
			&RetrieveNotificationsListResponse{Notifications: []PendingNotification{
				{DER: unhex(t, testPIR), SeqNumber: ptr(int64(1)), Metadata: &metaInstall},
				{DER: unhex(t, testOtherSigned), SeqNumber: ptr(int64(5)), Metadata: &metaDelete},
				{DER: unhex(t, testCompactOSN), SeqNumber: ptr(int64(5)), Metadata: &metaDelete},
				{DER: unhex(t, testCompactPIR), SeqNumber: ptr(int64(9))},
			}}},
		{"unknown form", "BF2B04A002A200", &RetrieveNotificationsListResponse{},
			&RetrieveNotificationsListResponse{Notifications: []PendingNotification{{DER: []byte{0xA2, 0x00}}}}},
		{"none", "BF2B02A000", &RetrieveNotificationsListResponse{}, &RetrieveNotificationsListResponse{}},
		{"no result", "BF2B03810101", &RetrieveNotificationsListResponse{},
			&RetrieveNotificationsListResponse{Error: ptr(NotificationsListNoResultAvailable)}},
	})
}

func TestRetrieveNotificationsListBad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"wrong tag", "BF2800", &RetrieveNotificationsListRequest{}, "RetrieveNotificationsListRequest: tag BF28, want BF2B"},
		{"empty criteria", "BF2B02A000", &RetrieveNotificationsListRequest{},
			"RetrieveNotificationsListRequest: searchCriteria: seqNumber or profileManagementOperation: missing"},
		{"bad seq", "BF2B04A0028000", &RetrieveNotificationsListRequest{}, "RetrieveNotificationsListRequest: searchCriteria: seqNumber: "},
		{"bad bits", "BF2B05A003810108", &RetrieveNotificationsListRequest{},
			"RetrieveNotificationsListRequest: searchCriteria: profileManagementOperation: "},
		{"no alternative", "BF2B00", &RetrieveNotificationsListResponse{},
			"RetrieveNotificationsListResponse: notificationList or notificationsListResultError: missing"},
		{"no metadata", "BF2B07A0053003800101", &RetrieveNotificationsListResponse{},
			"RetrieveNotificationsListResponse: notification 1: notificationMetadata (BF2F): missing"},
		{"pir no metadata", "BF2B08A006BF3703BF2700", &RetrieveNotificationsListResponse{},
			"RetrieveNotificationsListResponse: notification 1: notificationMetadata (BF2F): missing"},
		{"bad metadata", "BF2B0AA008A106BF2F03800101", &RetrieveNotificationsListResponse{},
			"RetrieveNotificationsListResponse: notification 1: notificationMetadata: profileManagementOperation (81): missing"},
		{"compact no data", "BF2B04A002A000", &RetrieveNotificationsListResponse{},
			"RetrieveNotificationsListResponse: notification 1: compactProfileInstallationResultData (A0): missing"},
		{"compact no seq", "BF2B06A004A002A000", &RetrieveNotificationsListResponse{},
			"RetrieveNotificationsListResponse: notification 1: compactProfileInstallationResultData: seqNumber (02): missing"},
		{"bad error", "BF2B028100", &RetrieveNotificationsListResponse{}, "RetrieveNotificationsListResponse: notificationsListResultError: "},
	})
	for _, c := range []struct {
		msg  message
		want string
	}{
		{&RetrieveNotificationsListRequest{SeqNumber: ptr(int64(1)), Operations: ptr(NotificationEvents(0))},
			"RetrieveNotificationsListRequest: searchCriteria: both"},
		{&RetrieveNotificationsListResponse{Notifications: []PendingNotification{{DER: []byte{0x80, 0x00}}}},
			"RetrieveNotificationsListResponse: notification 1: tag 80 is primitive"},
		{&RetrieveNotificationsListResponse{Notifications: []PendingNotification{{}}}, "RetrieveNotificationsListResponse: notification 1: "},
	} {
		if b, err := c.msg.Marshal(); err == nil {
			t.Errorf("%T: Marshal = %X, want error", c.msg, b)
		} else if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T: error %q does not contain %q", c.msg, err, c.want)
		}
	}
	if s := NotificationsListUndefinedError.String(); s != "undefinedError" {
		t.Errorf("String = %s", s)
	}
}
