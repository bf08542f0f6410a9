package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Tags of the notification messages of ES10b (SGP.22 §5.7.9 ListNotification
// and §5.7.11 RemoveNotificationFromList).
const (
	TagListNotification           bertlv.Tag = 0xBF28
	TagNotificationMetadata       bertlv.Tag = 0xBF2F
	TagRemoveNotificationFromList bertlv.Tag = 0xBF30

	tagSeqNumber                  bertlv.Tag = 0x80
	tagProfileManagementOperation bertlv.Tag = 0x81
	tagNotificationAddress        bertlv.Tag = 0x0C
	tagNotificationMetadataList   bertlv.Tag = 0xA0
	tagListNotificationsError     bertlv.Tag = 0x81
	tagDeleteNotificationStatus   bertlv.Tag = 0x80
)

// Bits of a NotificationEvent BIT STRING.
const (
	NotificationInstall = 0
	NotificationEnable  = 1
	NotificationDisable = 2
	NotificationDelete  = 3
)

// NotificationEvents returns the NotificationEvent BIT STRING with the
// given bits (NotificationInstall and so on) set.
func NotificationEvents(events ...int) bertlv.BitString {
	s, _ := bits(bertlv.NamedBits(0x81, events...))
	return s
}

// ListNotificationRequest asks for pending notifications: BF28 { 81
// profileManagementOperation OPTIONAL }.
type ListNotificationRequest struct {
	// Operations filters by event; nil lists all.
	Operations *bertlv.BitString
}

// Marshal encodes r in DER.
func (r ListNotificationRequest) Marshal() ([]byte, error) {
	t := bertlv.TLV{Tag: TagListNotification, Value: []byte{}}
	if r.Operations != nil {
		t.Children = []bertlv.TLV{bertlv.Bits(tagProfileManagementOperation, *r.Operations)}
	}
	return encode("ListNotificationRequest", t)
}

// Unmarshal decodes a ListNotificationRequest.
func (r *ListNotificationRequest) Unmarshal(b []byte) error {
	const name = "ListNotificationRequest"
	t, err := outer(b, TagListNotification)
	if err != nil {
		return structError(name, err)
	}
	ops, err := optBits(t, tagProfileManagementOperation, "profileManagementOperation")
	if err != nil {
		return structError(name, err)
	}
	*r = ListNotificationRequest{Operations: ops}
	return nil
}

// NotificationMetadata describes one pending notification: BF2F { 80
// seqNumber, 81 profileManagementOperation, 0C notificationAddress, 5A
// iccid OPTIONAL }.
type NotificationMetadata struct {
	SeqNumber int64
	Operation bertlv.BitString
	Address   string
	// ICCID is empty when absent.
	ICCID string
}

func (m NotificationMetadata) tlv() (bertlv.TLV, error) {
	t := bertlv.New(TagNotificationMetadata,
		bertlv.Int(tagSeqNumber, m.SeqNumber),
		bertlv.Bits(tagProfileManagementOperation, m.Operation),
		bertlv.UTF8(tagNotificationAddress, m.Address))
	if m.ICCID != "" {
		c, err := iccidTLV(m.ICCID)
		if err != nil {
			return t, fieldError("iccid", err)
		}
		t.Children = append(t.Children, c)
	}
	return t, nil
}

func decodeNotificationMetadata(t bertlv.TLV) (NotificationMetadata, error) {
	var m NotificationMetadata
	if err := constructed(t); err != nil {
		return m, err
	}
	var err error
	if m.SeqNumber, err = needInt[int64](t, tagSeqNumber, "seqNumber"); err != nil {
		return m, err
	}
	c, err := need(t, tagProfileManagementOperation, "profileManagementOperation")
	if err != nil {
		return m, err
	}
	if m.Operation, err = bits(c); err != nil {
		return m, fieldError("profileManagementOperation", err)
	}
	c, err = need(t, tagNotificationAddress, "notificationAddress")
	if err != nil {
		return m, err
	}
	if m.Address, err = c.UTF8(); err != nil {
		return m, fieldError("notificationAddress", err)
	}
	if m.ICCID, err = optICCID(t, "iccid"); err != nil {
		return m, err
	}
	return m, nil
}

// ListNotificationsError is the error alternative of
// ListNotificationResponse.
type ListNotificationsError int64

// ListNotificationsUndefinedError is the only ListNotificationsError value.
const ListNotificationsUndefinedError ListNotificationsError = 127

func (e ListNotificationsError) String() string {
	return enumString("ListNotificationsError", int64(e), map[int64]string{127: "undefinedError"})
}

// ListNotificationResponse lists notifications, BF28 { A0 { BF2F ... } },
// or reports an error, BF28 { 81 listNotificationsResultError }.
type ListNotificationResponse struct {
	Notifications []NotificationMetadata
	// Error is non-nil for the error alternative, when Notifications is
	// ignored.
	Error *ListNotificationsError
}

// Marshal encodes r in DER.
func (r ListNotificationResponse) Marshal() ([]byte, error) {
	const name = "ListNotificationResponse"
	if r.Error != nil {
		return encode(name, bertlv.New(TagListNotification, bertlv.Int(tagListNotificationsError, int64(*r.Error))))
	}
	list := bertlv.TLV{Tag: tagNotificationMetadataList, Value: []byte{}}
	for i, m := range r.Notifications {
		c, err := m.tlv()
		if err != nil {
			return nil, structError(name, fieldError(fmt.Sprintf("notificationMetadata %d", i+1), err))
		}
		list.Children = append(list.Children, c)
	}
	return encode(name, bertlv.New(TagListNotification, list))
}

// Unmarshal decodes a ListNotificationResponse. Elements of the list other
// than NotificationMetadata are skipped.
func (r *ListNotificationResponse) Unmarshal(b []byte) error {
	const name = "ListNotificationResponse"
	t, err := outer(b, TagListNotification)
	if err != nil {
		return structError(name, err)
	}
	for _, c := range t.Children {
		switch c.Tag {
		case tagNotificationMetadataList:
			var out ListNotificationResponse
			for _, e := range c.Children {
				if e.Tag != TagNotificationMetadata {
					continue
				}
				m, err := decodeNotificationMetadata(e)
				if err != nil {
					return structError(name, fieldError(fmt.Sprintf("notificationMetadata %d", len(out.Notifications)+1), err))
				}
				out.Notifications = append(out.Notifications, m)
			}
			*r = out
			return nil
		case tagListNotificationsError:
			v, err := c.Int()
			if err != nil {
				return structError(name, fieldError("listNotificationsResultError", err))
			}
			e := ListNotificationsError(v)
			*r = ListNotificationResponse{Error: &e}
			return nil
		}
	}
	return structError(name, fieldError("notificationMetadataList or listNotificationsResultError", errMissing))
}

// RemoveNotificationFromListRequest (NotificationSentRequest in
// RSPDefinitions) removes a notification once delivered: BF30 { 80
// seqNumber }.
type RemoveNotificationFromListRequest struct {
	SeqNumber int64
}

// Marshal encodes r in DER.
func (r RemoveNotificationFromListRequest) Marshal() ([]byte, error) {
	return encode("RemoveNotificationFromListRequest",
		bertlv.New(TagRemoveNotificationFromList, bertlv.Int(tagSeqNumber, r.SeqNumber)))
}

// Unmarshal decodes a RemoveNotificationFromListRequest.
func (r *RemoveNotificationFromListRequest) Unmarshal(b []byte) error {
	v, err := unmarshalResult("RemoveNotificationFromListRequest", "seqNumber", TagRemoveNotificationFromList, b)
	if err != nil {
		return err
	}
	*r = RemoveNotificationFromListRequest{SeqNumber: v}
	return nil
}

// DeleteNotificationStatus is the outcome of RemoveNotificationFromList.
type DeleteNotificationStatus int64

// DeleteNotificationStatus values.
const (
	DeleteNotificationOK              DeleteNotificationStatus = 0
	DeleteNotificationNothingToDelete DeleteNotificationStatus = 1
	DeleteNotificationUndefinedError  DeleteNotificationStatus = 127
)

func (s DeleteNotificationStatus) String() string {
	return enumString("DeleteNotificationStatus", int64(s), map[int64]string{0: "ok", 1: "nothingToDelete", 127: "undefinedError"})
}

// RemoveNotificationFromListResponse (NotificationSentResponse) is BF30 {
// 80 deleteNotificationStatus }.
type RemoveNotificationFromListResponse struct {
	Status DeleteNotificationStatus
}

// Marshal encodes r in DER.
func (r RemoveNotificationFromListResponse) Marshal() ([]byte, error) {
	return marshalResult("RemoveNotificationFromListResponse", TagRemoveNotificationFromList, int64(r.Status))
}

// Unmarshal decodes a RemoveNotificationFromListResponse.
func (r *RemoveNotificationFromListResponse) Unmarshal(b []byte) error {
	v, err := unmarshalResult("RemoveNotificationFromListResponse", "deleteNotificationStatus", TagRemoveNotificationFromList, b)
	if err != nil {
		return err
	}
	*r = RemoveNotificationFromListResponse{Status: DeleteNotificationStatus(v)}
	return nil
}
