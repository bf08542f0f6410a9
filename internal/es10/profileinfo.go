package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// TagProfileInfoList is the tag of ProfileInfoListRequest and its response
// (SGP.22 ES10c.GetProfilesInfo).
const TagProfileInfoList bertlv.Tag = 0xBF2D

// Tags of ProfileInfo and its fields (SGP.22 RSPDefinitions).
const (
	TagProfileInfo                   bertlv.Tag = 0xE3
	tagProfileState                  bertlv.Tag = 0x9F70
	tagProfileNickname               bertlv.Tag = 0x90
	tagServiceProviderName           bertlv.Tag = 0x91
	tagProfileName                   bertlv.Tag = 0x92
	tagIconType                      bertlv.Tag = 0x93
	tagIcon                          bertlv.Tag = 0x94
	tagProfileClass                  bertlv.Tag = 0x95
	tagNotificationConfigurationInfo bertlv.Tag = 0xB6
	tagProfileOwner                  bertlv.Tag = 0xB7
	tagDPProprietaryData             bertlv.Tag = 0xB8
	tagProfilePolicyRules            bertlv.Tag = 0x99
	tagSearchCriteria                bertlv.Tag = 0xA0
	tagProfileInfoListOk             bertlv.Tag = 0xA0
	tagProfileInfoListError          bertlv.Tag = 0x81
)

// ProfileState is the state of a profile.
type ProfileState int64

// Profile states.
const (
	ProfileDisabled ProfileState = 0
	ProfileEnabled  ProfileState = 1
)

func (s ProfileState) String() string {
	return enumString("ProfileState", int64(s), map[int64]string{0: "disabled", 1: "enabled"})
}

// ProfileClass is the class of a profile; absent means operational.
type ProfileClass int64

// Profile classes.
const (
	ProfileClassTest         ProfileClass = 0
	ProfileClassProvisioning ProfileClass = 1
	ProfileClassOperational  ProfileClass = 2
)

func (c ProfileClass) String() string {
	return enumString("ProfileClass", int64(c), map[int64]string{0: "test", 1: "provisioning", 2: "operational"})
}

// IconType is the image format of a profile icon.
type IconType int64

// Icon types.
const (
	IconJPG IconType = 0
	IconPNG IconType = 1
)

func (t IconType) String() string {
	return enumString("IconType", int64(t), map[int64]string{0: "jpg", 1: "png"})
}

// ProfileInfoListError is the error alternative of ProfileInfoListResponse.
type ProfileInfoListError int64

// ProfileInfoListError values.
const (
	ProfileInfoListIncorrectInputValues ProfileInfoListError = 1
	ProfileInfoListUndefinedError       ProfileInfoListError = 127
)

func (e ProfileInfoListError) String() string {
	return enumString("ProfileInfoListError", int64(e), map[int64]string{1: "incorrectInputValues", 127: "undefinedError"})
}

// SearchCriteria selects profiles by exactly one of its fields:
// A0 { 4F isdpAid | 5A iccid | 95 profileClass }.
type SearchCriteria struct {
	ISDPAID      []byte
	ICCID        string
	ProfileClass *ProfileClass
}

// ProfileInfoListRequest asks for profiles: BF2D { A0 searchCriteria
// OPTIONAL, 5C tagList OPTIONAL }.
type ProfileInfoListRequest struct {
	// Search is nil to list all profiles.
	Search *SearchCriteria
	// TagList is nil when absent.
	TagList []byte
}

// ProfileInfo describes one profile (E3). Absent optional fields are nil or
// empty.
type ProfileInfo struct {
	ICCID               string
	ISDPAID             []byte
	State               *ProfileState
	Nickname            string
	ServiceProviderName string
	ProfileName         string
	IconType            *IconType
	Icon                []byte
	// Class is nil when absent, which means operational.
	Class *ProfileClass
	// NotificationConfigurationInfo, ProfileOwner and DPProprietaryData
	// hold the DER content of B6, B7 and B8.
	NotificationConfigurationInfo []byte
	ProfileOwner                  []byte
	DPProprietaryData             []byte
	PolicyRules                   *bertlv.BitString
}

// EffectiveClass returns the class, operational when absent.
func (p ProfileInfo) EffectiveClass() ProfileClass {
	if p.Class == nil {
		return ProfileClassOperational
	}
	return *p.Class
}

// ProfileInfoListResponse lists profiles, BF2D { A0 { E3 ... } }, or
// reports an error, BF2D { 81 listProfileInfoError }.
type ProfileInfoListResponse struct {
	Profiles []ProfileInfo
	// Error is non-nil for the error alternative, when Profiles is ignored.
	Error *ProfileInfoListError
}

func (s SearchCriteria) tlv() (bertlv.TLV, error) {
	n := 0
	var c bertlv.TLV
	if s.ISDPAID != nil {
		n++
		c = bertlv.Bytes(tagISDPAID, s.ISDPAID)
	}
	if s.ICCID != "" {
		n++
		var err error
		if c, err = iccidTLV(s.ICCID); err != nil {
			return c, fieldError("iccid", err)
		}
	}
	if s.ProfileClass != nil {
		n++
		c = bertlv.Int(tagProfileClass, int64(*s.ProfileClass))
	}
	if n != 1 {
		return c, fmt.Errorf("%d alternatives set, want 1", n)
	}
	return bertlv.New(tagSearchCriteria, c), nil
}

// Marshal encodes r in DER.
func (r ProfileInfoListRequest) Marshal() ([]byte, error) {
	const name = "ProfileInfoListRequest"
	t := bertlv.New(TagProfileInfoList)
	if r.Search != nil {
		c, err := r.Search.tlv()
		if err != nil {
			return nil, structError(name, fieldError("searchCriteria", err))
		}
		t.Children = append(t.Children, c)
	}
	if r.TagList != nil {
		t.Children = append(t.Children, bertlv.Bytes(tagTagList, r.TagList))
	}
	if len(t.Children) == 0 {
		t.Value = []byte{}
	}
	return encode(name, t)
}

func decodeSearchCriteria(t bertlv.TLV) (*SearchCriteria, error) {
	if err := constructed(t); err != nil {
		return nil, err
	}
	if len(t.Children) != 1 {
		return nil, fmt.Errorf("%d alternatives, want 1", len(t.Children))
	}
	c := t.Children[0]
	var s SearchCriteria
	switch c.Tag {
	case tagISDPAID:
		v, err := octets(c)
		if err != nil {
			return nil, fieldError("isdpAid", err)
		}
		s.ISDPAID = v
	case tagICCID:
		v, err := iccid(c)
		if err != nil {
			return nil, fieldError("iccid", err)
		}
		s.ICCID = v
	case tagProfileClass:
		v, err := c.Int()
		if err != nil {
			return nil, fieldError("profileClass", err)
		}
		pc := ProfileClass(v)
		s.ProfileClass = &pc
	default:
		return nil, fmt.Errorf("unknown alternative %s", c.Tag)
	}
	return &s, nil
}

// Unmarshal decodes a ProfileInfoListRequest.
func (r *ProfileInfoListRequest) Unmarshal(b []byte) error {
	const name = "ProfileInfoListRequest"
	t, err := outer(b, TagProfileInfoList)
	if err != nil {
		return structError(name, err)
	}
	var out ProfileInfoListRequest
	if c, ok := t.First(tagSearchCriteria); ok {
		if out.Search, err = decodeSearchCriteria(c); err != nil {
			return structError(name, fieldError("searchCriteria", err))
		}
	}
	if out.TagList, err = optOctets(t, tagTagList, "tagList"); err != nil {
		return structError(name, err)
	}
	*r = out
	return nil
}

func (p ProfileInfo) tlv() (bertlv.TLV, error) {
	t := bertlv.New(TagProfileInfo)
	add := func(c bertlv.TLV) { t.Children = append(t.Children, c) }
	if p.ICCID != "" {
		c, err := iccidTLV(p.ICCID)
		if err != nil {
			return t, fieldError("iccid", err)
		}
		add(c)
	}
	if p.ISDPAID != nil {
		add(bertlv.Bytes(tagISDPAID, p.ISDPAID))
	}
	if p.State != nil {
		add(bertlv.Int(tagProfileState, int64(*p.State)))
	}
	if p.Nickname != "" {
		add(bertlv.UTF8(tagProfileNickname, p.Nickname))
	}
	if p.ServiceProviderName != "" {
		add(bertlv.UTF8(tagServiceProviderName, p.ServiceProviderName))
	}
	if p.ProfileName != "" {
		add(bertlv.UTF8(tagProfileName, p.ProfileName))
	}
	if p.IconType != nil {
		add(bertlv.Int(tagIconType, int64(*p.IconType)))
	}
	if p.Icon != nil {
		add(bertlv.Bytes(tagIcon, p.Icon))
	}
	// profileClass is DEFAULT operational: DER leaves a default value out
	// (X.690 11.5).
	if p.Class != nil && *p.Class != ProfileClassOperational {
		add(bertlv.Int(tagProfileClass, int64(*p.Class)))
	}
	for _, o := range []struct {
		tag bertlv.Tag
		v   []byte
	}{
		{tagNotificationConfigurationInfo, p.NotificationConfigurationInfo},
		{tagProfileOwner, p.ProfileOwner},
		{tagDPProprietaryData, p.DPProprietaryData},
	} {
		if o.v != nil {
			add(bertlv.TLV{Tag: o.tag, Value: o.v})
		}
	}
	if p.PolicyRules != nil {
		add(bertlv.Bits(tagProfilePolicyRules, *p.PolicyRules))
	}
	if len(t.Children) == 0 {
		t.Value = []byte{}
	}
	return t, nil
}

func decodeProfileInfo(t bertlv.TLV) (ProfileInfo, error) {
	var p ProfileInfo
	if err := constructed(t); err != nil {
		return p, err
	}
	var err error
	if p.ICCID, err = optICCID(t, "iccid"); err != nil {
		return p, err
	}
	if p.ISDPAID, err = optOctets(t, tagISDPAID, "isdpAid"); err != nil {
		return p, err
	}
	if p.State, err = optInt[ProfileState](t, tagProfileState, "profileState"); err != nil {
		return p, err
	}
	if p.Nickname, err = optUTF8(t, tagProfileNickname, "profileNickname"); err != nil {
		return p, err
	}
	if p.ServiceProviderName, err = optUTF8(t, tagServiceProviderName, "serviceProviderName"); err != nil {
		return p, err
	}
	if p.ProfileName, err = optUTF8(t, tagProfileName, "profileName"); err != nil {
		return p, err
	}
	if p.IconType, err = optInt[IconType](t, tagIconType, "iconType"); err != nil {
		return p, err
	}
	if p.Icon, err = optOctets(t, tagIcon, "icon"); err != nil {
		return p, err
	}
	if p.Class, err = optInt[ProfileClass](t, tagProfileClass, "profileClass"); err != nil {
		return p, err
	}
	if p.Class != nil && *p.Class == ProfileClassOperational {
		p.Class = nil // the default, written out by a BER encoder
	}
	if p.NotificationConfigurationInfo, err = optDER(t, tagNotificationConfigurationInfo, "notificationConfigurationInfo"); err != nil {
		return p, err
	}
	if p.ProfileOwner, err = optDER(t, tagProfileOwner, "profileOwner"); err != nil {
		return p, err
	}
	if p.DPProprietaryData, err = optDER(t, tagDPProprietaryData, "dpProprietaryData"); err != nil {
		return p, err
	}
	if p.PolicyRules, err = optBits(t, tagProfilePolicyRules, "profilePolicyRules"); err != nil {
		return p, err
	}
	return p, nil
}

// Marshal encodes r in DER.
func (r ProfileInfoListResponse) Marshal() ([]byte, error) {
	const name = "ProfileInfoListResponse"
	if r.Error != nil {
		return encode(name, bertlv.New(TagProfileInfoList, bertlv.Int(tagProfileInfoListError, int64(*r.Error))))
	}
	list := bertlv.New(tagProfileInfoListOk)
	for i, p := range r.Profiles {
		c, err := p.tlv()
		if err != nil {
			return nil, structError(name, fieldError(fmt.Sprintf("profileInfo %d", i+1), err))
		}
		list.Children = append(list.Children, c)
	}
	if len(list.Children) == 0 {
		list.Value = []byte{}
	}
	return encode(name, bertlv.New(TagProfileInfoList, list))
}

// Unmarshal decodes a ProfileInfoListResponse. Elements of the list other
// than ProfileInfo are skipped.
func (r *ProfileInfoListResponse) Unmarshal(b []byte) error {
	const name = "ProfileInfoListResponse"
	t, err := outer(b, TagProfileInfoList)
	if err != nil {
		return structError(name, err)
	}
	for _, c := range t.Children {
		switch c.Tag {
		case tagProfileInfoListOk:
			var out ProfileInfoListResponse
			for _, e := range c.Children {
				if e.Tag != TagProfileInfo {
					continue
				}
				p, err := decodeProfileInfo(e)
				if err != nil {
					return structError(name, fieldError(fmt.Sprintf("profileInfo %d", len(out.Profiles)+1), err))
				}
				out.Profiles = append(out.Profiles, p)
			}
			*r = out
			return nil
		case tagProfileInfoListError:
			v, err := c.Int()
			if err != nil {
				return structError(name, fieldError("listProfileInfoError", err))
			}
			e := ProfileInfoListError(v)
			*r = ProfileInfoListResponse{Error: &e}
			return nil
		}
	}
	return structError(name, fieldError("profileInfoListOk or listProfileInfoError", errMissing))
}
