package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Tags of the profile operations of ES10c (SGP.22 §5.7.16 to §5.7.18).
const (
	TagEnableProfile  bertlv.Tag = 0xBF31
	TagDisableProfile bertlv.Tag = 0xBF32
	TagDeleteProfile  bertlv.Tag = 0xBF33

	tagProfileIdentifier bertlv.Tag = 0xA0
	tagRefreshFlag       bertlv.Tag = 0x81
	tagResult            bertlv.Tag = 0x80
)

// ProfileID names a profile by exactly one of its ISD-P AID (4F) or ICCID
// (5A).
type ProfileID struct {
	ISDPAID []byte
	ICCID   string
}

func (p ProfileID) tlv() (bertlv.TLV, error) {
	switch {
	case p.ISDPAID != nil && p.ICCID != "":
		return bertlv.TLV{}, fmt.Errorf("both isdpAid and iccid set")
	case p.ISDPAID != nil:
		return bertlv.Bytes(tagISDPAID, p.ISDPAID), nil
	case p.ICCID != "":
		c, err := iccidTLV(p.ICCID)
		if err != nil {
			return c, fieldError("iccid", err)
		}
		return c, nil
	}
	return bertlv.TLV{}, fmt.Errorf("isdpAid or iccid: %w", errMissing)
}

// decodeProfileID reads the first 4F or 5A child of t.
func decodeProfileID(t bertlv.TLV) (ProfileID, error) {
	for _, c := range t.Children {
		switch c.Tag {
		case tagISDPAID:
			v, err := octets(c)
			if err != nil {
				return ProfileID{}, fieldError("isdpAid", err)
			}
			return ProfileID{ISDPAID: v}, nil
		case tagICCID:
			v, err := iccid(c)
			if err != nil {
				return ProfileID{}, fieldError("iccid", err)
			}
			return ProfileID{ICCID: v}, nil
		}
	}
	return ProfileID{}, fmt.Errorf("isdpAid or iccid: %w", errMissing)
}

// switchRequest is the shape of EnableProfileRequest and
// DisableProfileRequest: tag { A0 { 4F | 5A }, 81 refreshFlag }.
func marshalSwitch(name string, tag bertlv.Tag, id ProfileID, refresh bool) ([]byte, error) {
	c, err := id.tlv()
	if err != nil {
		return nil, structError(name, fieldError("profileIdentifier", err))
	}
	return encode(name, bertlv.New(tag, bertlv.New(tagProfileIdentifier, c), bertlv.Bool(tagRefreshFlag, refresh)))
}

func unmarshalSwitch(name string, tag bertlv.Tag, b []byte) (ProfileID, bool, error) {
	t, err := outer(b, tag)
	if err != nil {
		return ProfileID{}, false, structError(name, err)
	}
	c, err := need(t, tagProfileIdentifier, "profileIdentifier")
	if err == nil {
		err = constructed(c)
	}
	if err != nil {
		return ProfileID{}, false, structError(name, err)
	}
	id, err := decodeProfileID(c)
	if err != nil {
		return ProfileID{}, false, structError(name, fieldError("profileIdentifier", err))
	}
	f, err := need(t, tagRefreshFlag, "refreshFlag")
	if err != nil {
		return ProfileID{}, false, structError(name, err)
	}
	refresh, err := f.Bool()
	if err != nil {
		return ProfileID{}, false, structError(name, fieldError("refreshFlag", err))
	}
	return id, refresh, nil
}

// marshalResult encodes the tag { 80 result } responses.
func marshalResult(name string, tag bertlv.Tag, v int64) ([]byte, error) {
	return encode(name, bertlv.New(tag, bertlv.Int(tagResult, v)))
}

func unmarshalResult(name, field string, tag bertlv.Tag, b []byte) (int64, error) {
	t, err := outer(b, tag)
	if err != nil {
		return 0, structError(name, err)
	}
	v, err := needInt[int64](t, tagResult, field)
	if err != nil {
		return 0, structError(name, err)
	}
	return v, nil
}

// EnableProfileRequest enables a profile: BF31 { A0 { 4F | 5A }, 81
// refreshFlag }.
type EnableProfileRequest struct {
	Profile ProfileID
	Refresh bool
}

// Marshal encodes r in DER.
func (r EnableProfileRequest) Marshal() ([]byte, error) {
	return marshalSwitch("EnableProfileRequest", TagEnableProfile, r.Profile, r.Refresh)
}

// Unmarshal decodes an EnableProfileRequest.
func (r *EnableProfileRequest) Unmarshal(b []byte) error {
	id, refresh, err := unmarshalSwitch("EnableProfileRequest", TagEnableProfile, b)
	if err != nil {
		return err
	}
	*r = EnableProfileRequest{Profile: id, Refresh: refresh}
	return nil
}

// EnableResult is the outcome of EnableProfile.
type EnableResult int64

// EnableResult values.
const (
	EnableOK                        EnableResult = 0
	EnableICCIDOrAIDNotFound        EnableResult = 1
	EnableProfileNotInDisabledState EnableResult = 2
	EnableDisallowedByPolicy        EnableResult = 3
	EnableWrongProfileReenabling    EnableResult = 4
	EnableCatBusy                   EnableResult = 5
	EnableUndefinedError            EnableResult = 127
)

func (e EnableResult) String() string {
	return enumString("EnableResult", int64(e), map[int64]string{
		0: "ok", 1: "iccidOrAidNotFound", 2: "profileNotInDisabledState", 3: "disallowedByPolicy",
		4: "wrongProfileReenabling", 5: "catBusy", 127: "undefinedError",
	})
}

// EnableProfileResponse is BF31 { 80 enableResult }.
type EnableProfileResponse struct {
	Result EnableResult
}

// Marshal encodes r in DER.
func (r EnableProfileResponse) Marshal() ([]byte, error) {
	return marshalResult("EnableProfileResponse", TagEnableProfile, int64(r.Result))
}

// Unmarshal decodes an EnableProfileResponse.
func (r *EnableProfileResponse) Unmarshal(b []byte) error {
	v, err := unmarshalResult("EnableProfileResponse", "enableResult", TagEnableProfile, b)
	if err != nil {
		return err
	}
	*r = EnableProfileResponse{Result: EnableResult(v)}
	return nil
}

// DisableProfileRequest disables a profile: BF32 { A0 { 4F | 5A }, 81
// refreshFlag }.
type DisableProfileRequest struct {
	Profile ProfileID
	Refresh bool
}

// Marshal encodes r in DER.
func (r DisableProfileRequest) Marshal() ([]byte, error) {
	return marshalSwitch("DisableProfileRequest", TagDisableProfile, r.Profile, r.Refresh)
}

// Unmarshal decodes a DisableProfileRequest.
func (r *DisableProfileRequest) Unmarshal(b []byte) error {
	id, refresh, err := unmarshalSwitch("DisableProfileRequest", TagDisableProfile, b)
	if err != nil {
		return err
	}
	*r = DisableProfileRequest{Profile: id, Refresh: refresh}
	return nil
}

// DisableResult is the outcome of DisableProfile.
type DisableResult int64

// DisableResult values.
const (
	DisableOK                       DisableResult = 0
	DisableICCIDOrAIDNotFound       DisableResult = 1
	DisableProfileNotInEnabledState DisableResult = 2
	DisableDisallowedByPolicy       DisableResult = 3
	DisableCatBusy                  DisableResult = 5
	DisableUndefinedError           DisableResult = 127
)

func (e DisableResult) String() string {
	return enumString("DisableResult", int64(e), map[int64]string{
		0: "ok", 1: "iccidOrAidNotFound", 2: "profileNotInEnabledState", 3: "disallowedByPolicy",
		5: "catBusy", 127: "undefinedError",
	})
}

// DisableProfileResponse is BF32 { 80 disableResult }.
type DisableProfileResponse struct {
	Result DisableResult
}

// Marshal encodes r in DER.
func (r DisableProfileResponse) Marshal() ([]byte, error) {
	return marshalResult("DisableProfileResponse", TagDisableProfile, int64(r.Result))
}

// Unmarshal decodes a DisableProfileResponse.
func (r *DisableProfileResponse) Unmarshal(b []byte) error {
	v, err := unmarshalResult("DisableProfileResponse", "disableResult", TagDisableProfile, b)
	if err != nil {
		return err
	}
	*r = DisableProfileResponse{Result: DisableResult(v)}
	return nil
}

// DeleteProfileRequest deletes a profile: BF33 { 4F | 5A }, a CHOICE with
// no wrapper.
type DeleteProfileRequest struct {
	Profile ProfileID
}

// Marshal encodes r in DER.
func (r DeleteProfileRequest) Marshal() ([]byte, error) {
	const name = "DeleteProfileRequest"
	c, err := r.Profile.tlv()
	if err != nil {
		return nil, structError(name, err)
	}
	return encode(name, bertlv.New(TagDeleteProfile, c))
}

// Unmarshal decodes a DeleteProfileRequest.
func (r *DeleteProfileRequest) Unmarshal(b []byte) error {
	const name = "DeleteProfileRequest"
	t, err := outer(b, TagDeleteProfile)
	if err != nil {
		return structError(name, err)
	}
	id, err := decodeProfileID(t)
	if err != nil {
		return structError(name, err)
	}
	*r = DeleteProfileRequest{Profile: id}
	return nil
}

// DeleteResult is the outcome of DeleteProfile.
type DeleteResult int64

// DeleteResult values.
const (
	DeleteOK                        DeleteResult = 0
	DeleteICCIDOrAIDNotFound        DeleteResult = 1
	DeleteProfileNotInDisabledState DeleteResult = 2
	DeleteDisallowedByPolicy        DeleteResult = 3
	DeleteUndefinedError            DeleteResult = 127
)

func (e DeleteResult) String() string {
	return enumString("DeleteResult", int64(e), map[int64]string{
		0: "ok", 1: "iccidOrAidNotFound", 2: "profileNotInDisabledState", 3: "disallowedByPolicy",
		127: "undefinedError",
	})
}

// DeleteProfileResponse is BF33 { 80 deleteResult }.
type DeleteProfileResponse struct {
	Result DeleteResult
}

// Marshal encodes r in DER.
func (r DeleteProfileResponse) Marshal() ([]byte, error) {
	return marshalResult("DeleteProfileResponse", TagDeleteProfile, int64(r.Result))
}

// Unmarshal decodes a DeleteProfileResponse.
func (r *DeleteProfileResponse) Unmarshal(b []byte) error {
	v, err := unmarshalResult("DeleteProfileResponse", "deleteResult", TagDeleteProfile, b)
	if err != nil {
		return err
	}
	*r = DeleteProfileResponse{Result: DeleteResult(v)}
	return nil
}
