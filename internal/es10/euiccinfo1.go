package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// TagEUICCInfo1 is the tag of GetEuiccInfo1Request and EUICCInfo1 (SGP.22
// §5.7.8 ES10b.GetEUICCInfo).
const TagEUICCInfo1 bertlv.Tag = 0xBF20

const (
	tagSVN                            bertlv.Tag = 0x82
	tagEuiccCiPKIdListForVerification bertlv.Tag = 0xA9
	tagEuiccCiPKIdListForSigning      bertlv.Tag = 0xAA
)

// GetEuiccInfo1Request asks for EUICCInfo1: BF20 with no content.
type GetEuiccInfo1Request struct{}

// Marshal encodes r in DER.
func (GetEuiccInfo1Request) Marshal() ([]byte, error) {
	return encode("GetEuiccInfo1Request", bertlv.TLV{Tag: TagEUICCInfo1, Value: []byte{}})
}

// Unmarshal decodes a GetEuiccInfo1Request; content is ignored.
func (r *GetEuiccInfo1Request) Unmarshal(b []byte) error {
	if _, err := outer(b, TagEUICCInfo1); err != nil {
		return structError("GetEuiccInfo1Request", err)
	}
	*r = GetEuiccInfo1Request{}
	return nil
}

// EUICCInfo1 tells the SGP.22 version and the certificate issuers the eUICC
// trusts: BF20 { 82 svn, A9 { 04 ski ... }, AA { 04 ski ... } }.
type EUICCInfo1 struct {
	// SVN is the highest SGP.22 version supported, as major, minor,
	// revision.
	SVN [3]byte
	// CiPKIdsForVerification and CiPKIdsForSigning are the subject key
	// identifiers of the CI public keys.
	CiPKIdsForVerification [][]byte
	CiPKIdsForSigning      [][]byte
}

// SVNString returns the version as "2.2.0".
func (e EUICCInfo1) SVNString() string {
	return fmt.Sprintf("%d.%d.%d", e.SVN[0], e.SVN[1], e.SVN[2])
}

func skiList(tag bertlv.Tag, ids [][]byte) bertlv.TLV {
	t := bertlv.New(tag)
	for _, id := range ids {
		t.Children = append(t.Children, bertlv.Bytes(bertlv.TagOctetString, id))
	}
	if len(t.Children) == 0 {
		t.Value = []byte{}
	}
	return t
}

// Marshal encodes e in DER.
func (e EUICCInfo1) Marshal() ([]byte, error) {
	return encode("EUICCInfo1", bertlv.New(TagEUICCInfo1,
		bertlv.Bytes(tagSVN, e.SVN[:]),
		skiList(tagEuiccCiPKIdListForVerification, e.CiPKIdsForVerification),
		skiList(tagEuiccCiPKIdListForSigning, e.CiPKIdsForSigning)))
}

func decodeSKIList(t bertlv.TLV, tag bertlv.Tag, field string) ([][]byte, error) {
	c, err := need(t, tag, field)
	if err != nil {
		return nil, err
	}
	if err := constructed(c); err != nil {
		return nil, fieldError(field, err)
	}
	var ids [][]byte
	for i, e := range c.Children {
		if e.Tag != bertlv.TagOctetString {
			continue
		}
		v, err := octets(e)
		if err != nil {
			return nil, fieldError(fmt.Sprintf("%s %d", field, i+1), err)
		}
		ids = append(ids, v)
	}
	return ids, nil
}

// Unmarshal decodes an EUICCInfo1.
func (e *EUICCInfo1) Unmarshal(b []byte) error {
	const name = "EUICCInfo1"
	t, err := outer(b, TagEUICCInfo1)
	if err != nil {
		return structError(name, err)
	}
	var out EUICCInfo1
	c, err := need(t, tagSVN, "svn")
	if err != nil {
		return structError(name, err)
	}
	v, err := c.Bytes()
	if err == nil && len(v) != 3 {
		err = fmt.Errorf("%d octets, want 3", len(v))
	}
	if err != nil {
		return structError(name, fieldError("svn", err))
	}
	copy(out.SVN[:], v)
	if out.CiPKIdsForVerification, err = decodeSKIList(t, tagEuiccCiPKIdListForVerification, "euiccCiPKIdListForVerification"); err != nil {
		return structError(name, err)
	}
	if out.CiPKIdsForSigning, err = decodeSKIList(t, tagEuiccCiPKIdListForSigning, "euiccCiPKIdListForSigning"); err != nil {
		return structError(name, err)
	}
	*e = out
	return nil
}
