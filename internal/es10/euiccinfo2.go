package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// TagEUICCInfo2 is the tag of GetEuiccInfo2Request and EUICCInfo2 (SGP.22
// §5.7.8 ES10b.GetEUICCInfo, SGP.32 §5.9.2).
const TagEUICCInfo2 bertlv.Tag = 0xBF22

// Tags of EUICCInfo2. The SEQUENCE has tags of its own, so automatic
// tagging does not apply and ppVersion and sasAcreditationNumber keep
// their universal tags.
const (
	tagProfileVersion        bertlv.Tag = 0x81
	tagFirmwareVersion       bertlv.Tag = 0x83
	tagExtCardResource       bertlv.Tag = 0x84
	tagUICCCapability        bertlv.Tag = 0x85
	tagTS102241Version       bertlv.Tag = 0x86
	tagGlobalPlatformVersion bertlv.Tag = 0x87
	tagRSPCapability         bertlv.Tag = 0x88
	tagEuiccCategory         bertlv.Tag = 0x8B
	tagPPVersion             bertlv.Tag = 0x04
	tagSASAccreditation      bertlv.Tag = 0x0C
	tagIPAMode               bertlv.Tag = 0x90
)

// Bits of RspCapability.
const (
	RSPCapAdditionalProfile  = 0
	RSPCapCRLSupport         = 1
	RSPCapRPMSupport         = 2
	RSPCapTestProfileSupport = 3
)

// Version is a VersionType: major, minor, revision.
type Version [3]byte

// String returns the version as "2.2.0".
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }

// EuiccCategory is the euiccCategory of EUICCInfo2.
type EuiccCategory int64

// EuiccCategory values.
const (
	EuiccCategoryOther       EuiccCategory = 0
	EuiccCategoryBasic       EuiccCategory = 1
	EuiccCategoryMedium      EuiccCategory = 2
	EuiccCategoryContactless EuiccCategory = 3
)

func (c EuiccCategory) String() string {
	return enumString("EuiccCategory", int64(c), map[int64]string{0: "other", 1: "basicEuicc", 2: "mediumEuicc", 3: "contactlessEuicc"})
}

// IPAMode tells which IoT Profile Assistant is active (SGP.32).
type IPAMode int64

// IPAMode values.
const (
	IPAModeIPAd IPAMode = 0
	IPAModeIPAe IPAMode = 1
)

func (m IPAMode) String() string {
	return enumString("IpaMode", int64(m), map[int64]string{0: "ipad", 1: "ipae"})
}

// GetEuiccInfo2Request asks for EUICCInfo2: BF22 with no content.
type GetEuiccInfo2Request struct{}

// Marshal encodes r in DER.
func (GetEuiccInfo2Request) Marshal() ([]byte, error) {
	return encode("GetEuiccInfo2Request", bertlv.TLV{Tag: TagEUICCInfo2, Value: []byte{}})
}

// Unmarshal decodes a GetEuiccInfo2Request; content is ignored.
func (r *GetEuiccInfo2Request) Unmarshal(b []byte) error {
	if _, err := outer(b, TagEUICCInfo2); err != nil {
		return structError("GetEuiccInfo2Request", err)
	}
	*r = GetEuiccInfo2Request{}
	return nil
}

// EUICCInfo2 describes the eUICC: BF22 { 81 profileVersion, 82 svn, 83
// euiccFirmwareVer, 84 extCardResource, 85 uiccCapability, 86
// ts102241Version (javacardVersion in SGP.22) OPTIONAL, 87
// globalplatformVersion OPTIONAL, 88 rspCapability, A9
// euiccCiPKIdListForVerification, AA euiccCiPKIdListForSigning, 8B
// euiccCategory OPTIONAL, 04 ppVersion, 0C sasAcreditationNumber, 90 ipaMode
// OPTIONAL }. Other fields (forbiddenProfilePolicyRules,
// certificationDataObject, the further SGP.32 fields) are skipped.
type EUICCInfo2 struct {
	ProfileVersion  Version
	SVN             Version
	FirmwareVersion Version
	// ExtCardResource is the ETSI TS 102 226 extended card resource
	// information, as TLVs.
	ExtCardResource       []byte
	UICCCapability        bertlv.BitString
	TS102241Version       *Version
	GlobalPlatformVersion *Version
	// RSPCapability has the RSPCapAdditionalProfile... bits.
	RSPCapability          bertlv.BitString
	CiPKIdsForVerification [][]byte
	CiPKIdsForSigning      [][]byte
	Category               *EuiccCategory
	PPVersion              Version
	SASAccreditationNumber string
	// IPAMode is given by SGP.32 eUICCs.
	IPAMode *IPAMode
}

// Marshal encodes e in DER.
func (e EUICCInfo2) Marshal() ([]byte, error) {
	t := bertlv.New(TagEUICCInfo2,
		bertlv.Bytes(tagProfileVersion, e.ProfileVersion[:]),
		bertlv.Bytes(tagSVN, e.SVN[:]),
		bertlv.Bytes(tagFirmwareVersion, e.FirmwareVersion[:]),
		bertlv.Bytes(tagExtCardResource, nonNil(e.ExtCardResource)),
		bertlv.Bits(tagUICCCapability, e.UICCCapability))
	add := func(c bertlv.TLV) { t.Children = append(t.Children, c) }
	if e.TS102241Version != nil {
		add(bertlv.Bytes(tagTS102241Version, e.TS102241Version[:]))
	}
	if e.GlobalPlatformVersion != nil {
		add(bertlv.Bytes(tagGlobalPlatformVersion, e.GlobalPlatformVersion[:]))
	}
	add(bertlv.Bits(tagRSPCapability, e.RSPCapability))
	add(skiList(tagEuiccCiPKIdListForVerification, e.CiPKIdsForVerification))
	add(skiList(tagEuiccCiPKIdListForSigning, e.CiPKIdsForSigning))
	if e.Category != nil {
		add(bertlv.Int(tagEuiccCategory, int64(*e.Category)))
	}
	add(bertlv.Bytes(tagPPVersion, e.PPVersion[:]))
	add(bertlv.UTF8(tagSASAccreditation, e.SASAccreditationNumber))
	if e.IPAMode != nil {
		add(bertlv.Int(tagIPAMode, int64(*e.IPAMode)))
	}
	return encode("EUICCInfo2", t)
}

// nonNil returns b, or an empty slice for nil.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// version decodes a VersionType.
func version(t bertlv.TLV) (Version, error) {
	var v Version
	b, err := t.Bytes()
	if err == nil && len(b) != len(v) {
		err = fmt.Errorf("%d octets, want 3", len(b))
	}
	if err != nil {
		return v, err
	}
	copy(v[:], b)
	return v, nil
}

func needVersion(t bertlv.TLV, tag bertlv.Tag, field string) (Version, error) {
	c, err := need(t, tag, field)
	if err != nil {
		return Version{}, err
	}
	v, err := version(c)
	if err != nil {
		return v, fieldError(field, err)
	}
	return v, nil
}

func optVersion(t bertlv.TLV, tag bertlv.Tag, field string) (*Version, error) {
	c, ok := t.First(tag)
	if !ok {
		return nil, nil
	}
	v, err := version(c)
	if err != nil {
		return nil, fieldError(field, err)
	}
	return &v, nil
}

func needBits(t bertlv.TLV, tag bertlv.Tag, field string) (bertlv.BitString, error) {
	c, err := need(t, tag, field)
	if err != nil {
		return bertlv.BitString{}, err
	}
	s, err := bits(c)
	if err != nil {
		return s, fieldError(field, err)
	}
	return s, nil
}

// Unmarshal decodes an EUICCInfo2.
func (e *EUICCInfo2) Unmarshal(b []byte) error {
	const name = "EUICCInfo2"
	t, err := outer(b, TagEUICCInfo2)
	if err != nil {
		return structError(name, err)
	}
	var out EUICCInfo2
	for _, v := range []struct {
		dst   *Version
		tag   bertlv.Tag
		field string
	}{
		{&out.ProfileVersion, tagProfileVersion, "profileVersion"},
		{&out.SVN, tagSVN, "svn"},
		{&out.FirmwareVersion, tagFirmwareVersion, "euiccFirmwareVer"},
		{&out.PPVersion, tagPPVersion, "ppVersion"},
	} {
		if *v.dst, err = needVersion(t, v.tag, v.field); err != nil {
			return structError(name, err)
		}
	}
	c, err := need(t, tagExtCardResource, "extCardResource")
	if err == nil {
		if out.ExtCardResource, err = octets(c); err != nil {
			err = fieldError("extCardResource", err)
		}
	}
	if err != nil {
		return structError(name, err)
	}
	if out.UICCCapability, err = needBits(t, tagUICCCapability, "uiccCapability"); err != nil {
		return structError(name, err)
	}
	if out.TS102241Version, err = optVersion(t, tagTS102241Version, "ts102241Version"); err != nil {
		return structError(name, err)
	}
	if out.GlobalPlatformVersion, err = optVersion(t, tagGlobalPlatformVersion, "globalplatformVersion"); err != nil {
		return structError(name, err)
	}
	if out.RSPCapability, err = needBits(t, tagRSPCapability, "rspCapability"); err != nil {
		return structError(name, err)
	}
	if out.CiPKIdsForVerification, err = decodeSKIList(t, tagEuiccCiPKIdListForVerification, "euiccCiPKIdListForVerification"); err != nil {
		return structError(name, err)
	}
	if out.CiPKIdsForSigning, err = decodeSKIList(t, tagEuiccCiPKIdListForSigning, "euiccCiPKIdListForSigning"); err != nil {
		return structError(name, err)
	}
	if out.Category, err = optInt[EuiccCategory](t, tagEuiccCategory, "euiccCategory"); err != nil {
		return structError(name, err)
	}
	c, err = need(t, tagSASAccreditation, "sasAcreditationNumber")
	if err == nil {
		if out.SASAccreditationNumber, err = c.UTF8(); err != nil {
			err = fieldError("sasAcreditationNumber", err)
		}
	}
	if err != nil {
		return structError(name, err)
	}
	if out.IPAMode, err = optInt[IPAMode](t, tagIPAMode, "ipaMode"); err != nil {
		return structError(name, err)
	}
	*e = out
	return nil
}
