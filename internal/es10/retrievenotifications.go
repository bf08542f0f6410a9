package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Tags of RetrieveNotificationsList (SGP.22 §5.7.10) and of the forms of
// PendingNotification.
const (
	TagRetrieveNotificationsList     bertlv.Tag = 0xBF2B
	TagProfileInstallationResult     bertlv.Tag = 0xBF37
	TagProfileInstallationResultData bertlv.Tag = 0xBF27

	tagNotificationSearchCriteria      bertlv.Tag = 0xA0
	tagNotificationList                bertlv.Tag = 0xA0
	tagNotificationsListResultError    bertlv.Tag = 0x81
	tagCompactProfileInstallResult     bertlv.Tag = 0xA0
	tagCompactOtherSignedNotification  bertlv.Tag = 0xA1
	tagCompactProfileInstallResultData bertlv.Tag = 0xA0
)

// RetrieveNotificationsListRequest asks for the signed pending
// notifications: BF2B { A0 { 80 seqNumber | 81 profileManagementOperation
// } OPTIONAL }. At most one of SeqNumber and Operations is set; neither
// asks for all.
type RetrieveNotificationsListRequest struct {
	SeqNumber  *int64
	Operations *bertlv.BitString
}

// Marshal encodes r in DER.
func (r RetrieveNotificationsListRequest) Marshal() ([]byte, error) {
	const name = "RetrieveNotificationsListRequest"
	t := bertlv.TLV{Tag: TagRetrieveNotificationsList, Value: []byte{}}
	switch {
	case r.SeqNumber != nil && r.Operations != nil:
		return nil, structError(name, fieldError("searchCriteria", fmt.Errorf("both seqNumber and profileManagementOperation set")))
	case r.SeqNumber != nil:
		t.Children = []bertlv.TLV{bertlv.New(tagNotificationSearchCriteria, bertlv.Int(tagSeqNumber, *r.SeqNumber))}
	case r.Operations != nil:
		t.Children = []bertlv.TLV{bertlv.New(tagNotificationSearchCriteria, bertlv.Bits(tagProfileManagementOperation, *r.Operations))}
	}
	return encode(name, t)
}

// Unmarshal decodes a RetrieveNotificationsListRequest.
func (r *RetrieveNotificationsListRequest) Unmarshal(b []byte) error {
	const name = "RetrieveNotificationsListRequest"
	t, err := outer(b, TagRetrieveNotificationsList)
	if err != nil {
		return structError(name, err)
	}
	var out RetrieveNotificationsListRequest
	if c, ok := t.First(tagNotificationSearchCriteria); ok {
		if err := constructed(c); err != nil {
			return structError(name, fieldError("searchCriteria", err))
		}
		if out.SeqNumber, err = optInt[int64](c, tagSeqNumber, "seqNumber"); err != nil {
			return structError(name, fieldError("searchCriteria", err))
		}
		if out.SeqNumber == nil {
			if out.Operations, err = optBits(c, tagProfileManagementOperation, "profileManagementOperation"); err != nil {
				return structError(name, fieldError("searchCriteria", err))
			}
			if out.Operations == nil {
				return structError(name, fieldError("searchCriteria", fmt.Errorf("seqNumber or profileManagementOperation: %w", errMissing)))
			}
		}
	}
	*r = out
	return nil
}

// PendingNotification is one signed notification as the eUICC holds it,
// to be forwarded unchanged to the notification address.
type PendingNotification struct {
	// DER is the whole element: a ProfileInstallationResult (BF37), an
	// OtherSignedNotification (30) or, from SGP.32 eUICCs, a compact form
	// (A0, A1).
	DER []byte
	// SeqNumber and Metadata are read from DER on decoding and ignored by
	// Marshal. SeqNumber is nil for forms not known; Metadata is nil also
	// for the compact ProfileInstallationResult, which carries none.
	SeqNumber *int64
	Metadata  *NotificationMetadata
}

// readPending fills the fields read from the notification t.
func readPending(t bertlv.TLV) (PendingNotification, error) {
	der, err := bertlv.Encode(t)
	if err != nil {
		return PendingNotification{}, err
	}
	p := PendingNotification{DER: der}
	var meta bertlv.TLV
	var ok bool
	switch t.Tag {
	case TagProfileInstallationResult:
		meta, ok = t.Find(TagProfileInstallationResultData, TagNotificationMetadata)
	case tagSequence, tagCompactOtherSignedNotification:
		meta, ok = t.First(TagNotificationMetadata)
	case tagCompactProfileInstallResult:
		c, ok := t.First(tagCompactProfileInstallResultData)
		if !ok {
			return p, fmt.Errorf("compactProfileInstallationResultData (%s): %w", tagCompactProfileInstallResultData, errMissing)
		}
		v, err := needInt[int64](c, tagInteger, "seqNumber")
		if err != nil {
			return p, fieldError("compactProfileInstallationResultData", err)
		}
		p.SeqNumber = &v
		return p, nil
	default:
		return p, nil
	}
	if !ok {
		return p, fmt.Errorf("notificationMetadata (%s): %w", TagNotificationMetadata, errMissing)
	}
	m, err := decodeNotificationMetadata(meta)
	if err != nil {
		return p, fieldError("notificationMetadata", err)
	}
	seq := m.SeqNumber
	p.SeqNumber, p.Metadata = &seq, &m
	return p, nil
}

// NotificationsListError is the error alternative of
// RetrieveNotificationsListResponse.
type NotificationsListError int64

// NotificationsListError values.
const (
	NotificationsListNoResultAvailable NotificationsListError = 1
	NotificationsListUndefinedError    NotificationsListError = 127
)

func (e NotificationsListError) String() string {
	return enumString("NotificationsListError", int64(e), map[int64]string{1: "noResultAvailable", 127: "undefinedError"})
}

// RetrieveNotificationsListResponse lists the notifications, BF2B { A0 {
// PendingNotification ... } }, or reports an error, BF2B { 81
// notificationsListResultError }.
type RetrieveNotificationsListResponse struct {
	Notifications []PendingNotification
	// Error is non-nil for the error alternative, when Notifications is
	// ignored.
	Error *NotificationsListError
}

// Marshal encodes r in DER.
func (r RetrieveNotificationsListResponse) Marshal() ([]byte, error) {
	const name = "RetrieveNotificationsListResponse"
	if r.Error != nil {
		return encode(name, bertlv.New(TagRetrieveNotificationsList, bertlv.Int(tagNotificationsListResultError, int64(*r.Error))))
	}
	list := bertlv.TLV{Tag: tagNotificationList, Value: []byte{}}
	for i, n := range r.Notifications {
		c, err := bertlv.ParseSingle(n.DER)
		if err == nil {
			err = constructed(c)
		}
		if err != nil {
			return nil, structError(name, fieldError(fmt.Sprintf("notification %d", i+1), err))
		}
		list.Children = append(list.Children, c)
	}
	return encode(name, bertlv.New(TagRetrieveNotificationsList, list))
}

// Unmarshal decodes a RetrieveNotificationsListResponse. Primitive elements
// of the list are skipped; constructed ones of unknown form are kept
// without a sequence number.
func (r *RetrieveNotificationsListResponse) Unmarshal(b []byte) error {
	const name = "RetrieveNotificationsListResponse"
	t, err := outer(b, TagRetrieveNotificationsList)
	if err != nil {
		return structError(name, err)
	}
	for _, c := range t.Children {
		switch c.Tag {
		case tagNotificationList:
			var out RetrieveNotificationsListResponse
			for _, e := range c.Children {
				if !e.Tag.Constructed() {
					continue
				}
				p, err := readPending(e)
				if err != nil {
					return structError(name, fieldError(fmt.Sprintf("notification %d", len(out.Notifications)+1), err))
				}
				out.Notifications = append(out.Notifications, p)
			}
			*r = out
			return nil
		case tagNotificationsListResultError:
			v, err := c.Int()
			if err != nil {
				return structError(name, fieldError("notificationsListResultError", err))
			}
			e := NotificationsListError(v)
			*r = RetrieveNotificationsListResponse{Error: &e}
			return nil
		}
	}
	return structError(name, fieldError("notificationList or notificationsListResultError", errMissing))
}
