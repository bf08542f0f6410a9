package es10

import (
	"testing"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Vectors built from SGP.22 v2.5 §5.7.9 and §5.7.11 and RSPDefinitions.
// The tags match the asn1c output of RSPDefinitions in estkme-group/lpac
// (euicc/asn1c/asn1/NotificationMetadata.c: seqNumber [0] 80,
// profileManagementOperation [1] 81, notificationAddress UTF8String 0C,
// iccid 5A; euicc/asn1c/asn1/ListNotificationResponse.c:
// notificationMetadataList [0] A0, listNotificationsResultError [1] 81).
func TestNotifications(t *testing.T) {
	t.Parallel()
	install := NotificationEvents(NotificationInstall)
	del := NotificationEvents(NotificationDelete)
	if install.BitLength != 1 || install.Bytes[0] != 0x80 || del.BitLength != 4 || del.Bytes[0] != 0x10 {
		t.Fatalf("NotificationEvents: %+v %+v", install, del)
	}
	both := NotificationEvents(NotificationEnable, NotificationDisable)
	runVectors(t, []vector{
		{"list all", "BF2800", &ListNotificationRequest{}, &ListNotificationRequest{}},
		{"list enable and disable", "BF2804810205 60", &ListNotificationRequest{}, &ListNotificationRequest{Operations: &both}},
		{"two", "BF2845A043BF2F24800101810207800C0F7273702E6578616D706C652E636F6D5A0A98940010325476981032" +
			"BF2F1980020100810204100C0F7273702E6578616D706C652E636F6D",
			&ListNotificationResponse{}, &ListNotificationResponse{Notifications: []NotificationMetadata{
				{SeqNumber: 1, Operation: install, Address: "rsp.example.com", ICCID: "89490001234567890123"},
				{SeqNumber: 256, Operation: del, Address: "rsp.example.com"},
			}}},
		{"none", "BF2802A000", &ListNotificationResponse{}, &ListNotificationResponse{}},
		{"error", "BF280381017F", &ListNotificationResponse{}, &ListNotificationResponse{Error: ptr(ListNotificationsUndefinedError)}},
		{"remove", "BF3003800105", &RemoveNotificationFromListRequest{}, &RemoveNotificationFromListRequest{SeqNumber: 5}},
		{"removed", "BF3003800100", &RemoveNotificationFromListResponse{}, &RemoveNotificationFromListResponse{Status: DeleteNotificationOK}},
		{"nothing to delete", "BF3003800101", &RemoveNotificationFromListResponse{}, &RemoveNotificationFromListResponse{Status: DeleteNotificationNothingToDelete}},
	})
}

// Unused bits that are set (allowed by BER) are cleared on decoding.
func TestNotificationBitsNormalised(t *testing.T) {
	t.Parallel()
	var r ListNotificationRequest
	if err := r.Unmarshal(unhex(t, "BF280481020567")); err != nil {
		t.Fatal(err)
	}
	want := bertlv.BitString{Bytes: []byte{0x60}, BitLength: 3}
	if r.Operations == nil || r.Operations.BitLength != 3 || r.Operations.Bytes[0] != want.Bytes[0] {
		t.Fatalf("got %+v", r.Operations)
	}
}

func TestNotificationsBad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"wrong tag", "BF2902A000", &ListNotificationResponse{}, "ListNotificationResponse: tag BF29, want BF28"},
		{"no alternative", "BF2800", &ListNotificationResponse{}, "ListNotificationResponse: notificationMetadataList or listNotificationsResultError: missing"},
		{"no address", "BF2833A031BF2F24800101810207800C0F7273702E6578616D706C652E636F6D5A0A98940010325476981032BF2F0780010281020780",
			&ListNotificationResponse{}, "ListNotificationResponse: notificationMetadata 2: notificationAddress (0C): missing"},
		{"short iccid", "BF2821A01FBF2F1C800102810207800C0F7273702E6578616D706C652E636F6D5A029894",
			&ListNotificationResponse{}, "ListNotificationResponse: notificationMetadata 1: iccid: ICCID of 2 octets, want 10"},
		{"no seq", "BF2808A006BF2F03810100", &ListNotificationResponse{}, "ListNotificationResponse: notificationMetadata 1: seqNumber (80): missing"},
		{"bad bits", "BF28038101 08", &ListNotificationRequest{}, "ListNotificationRequest: profileManagementOperation: "},
		{"truncated", "BF2845A043BF2F24", &ListNotificationResponse{}, "ListNotificationResponse: bertlv"},
		{"remove no seq", "BF3000", &RemoveNotificationFromListRequest{}, "RemoveNotificationFromListRequest: seqNumber (80): missing"},
		{"remove wrong tag", "BF2F03800100", &RemoveNotificationFromListResponse{}, "RemoveNotificationFromListResponse: tag BF2F, want BF30"},
	})
	_, err := (ListNotificationResponse{Notifications: []NotificationMetadata{{ICCID: "x"}}}).Marshal()
	if err == nil {
		t.Error("bad ICCID accepted by Marshal")
	}
	if s := DeleteNotificationNothingToDelete.String(); s != "nothingToDelete" {
		t.Errorf("String = %s", s)
	}
}
