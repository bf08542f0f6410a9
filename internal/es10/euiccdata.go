package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// TagGetEuiccData is the tag of GetEuiccDataRequest and its response
// (SGP.22 ES10c.GetEID).
const TagGetEuiccData bertlv.Tag = 0xBF3E

// GetEuiccDataRequest asks for data objects of the eUICC, as the EID (tag
// list 5A):  BF3E { 5C tagList }.
type GetEuiccDataRequest struct {
	// TagList lists the tags asked for; mandatory.
	TagList []byte
}

// GetEuiccDataResponse carries the EID: BF3E { 5A eidValue }.
type GetEuiccDataResponse struct {
	EID EID
}

// Marshal encodes r in DER.
func (r GetEuiccDataRequest) Marshal() ([]byte, error) {
	const name = "GetEuiccDataRequest"
	if len(r.TagList) == 0 {
		return nil, structError(name, fieldError("tagList", errMissing))
	}
	return encode(name, bertlv.New(TagGetEuiccData, bertlv.Bytes(tagTagList, r.TagList)))
}

// Unmarshal decodes a GetEuiccDataRequest.
func (r *GetEuiccDataRequest) Unmarshal(b []byte) error {
	const name = "GetEuiccDataRequest"
	t, err := outer(b, TagGetEuiccData)
	if err != nil {
		return structError(name, err)
	}
	c, err := need(t, tagTagList, "tagList")
	if err != nil {
		return structError(name, err)
	}
	v, err := octets(c)
	if err == nil && len(v) == 0 {
		err = fmt.Errorf("empty")
	}
	if err != nil {
		return structError(name, fieldError("tagList", err))
	}
	*r = GetEuiccDataRequest{TagList: v}
	return nil
}

// Marshal encodes r in DER.
func (r GetEuiccDataResponse) Marshal() ([]byte, error) {
	return encode("GetEuiccDataResponse", bertlv.New(TagGetEuiccData, bertlv.Bytes(tagEID, r.EID[:])))
}

// Unmarshal decodes a GetEuiccDataResponse.
func (r *GetEuiccDataResponse) Unmarshal(b []byte) error {
	const name = "GetEuiccDataResponse"
	t, err := outer(b, TagGetEuiccData)
	if err != nil {
		return structError(name, err)
	}
	c, err := need(t, tagEID, "eidValue")
	if err != nil {
		return structError(name, err)
	}
	v, err := c.Bytes()
	if err == nil && len(v) != EIDLen {
		err = fmt.Errorf("%d octets, want %d", len(v), EIDLen)
	}
	if err != nil {
		return structError(name, fieldError("eidValue", err))
	}
	*r = GetEuiccDataResponse{}
	copy(r.EID[:], v)
	return nil
}
