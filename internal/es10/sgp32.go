package es10

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Tags of the SGP.32 v1.2 ES10b functions that manage eIMs and profile
// rollback (§5.9.4 AddInitialEim, §5.9.16 ProfileRollback, §5.9.18
// GetEimConfigurationData).
const (
	TagGetEimConfigurationData bertlv.Tag = 0xBF55
	TagAddInitialEim           bertlv.Tag = 0xBF57
	TagProfileRollback         bertlv.Tag = 0xBF58
	TagEuiccPackageResult      bertlv.Tag = 0xBF51

	tagSequence                bertlv.Tag = 0x30
	tagInteger                 bertlv.Tag = 0x02
	tagNull                    bertlv.Tag = 0x05
	tagEimSearchCriteria       bertlv.Tag = 0xA0
	tagEimConfigurationDataLst bertlv.Tag = 0xA0
	tagEimID                   bertlv.Tag = 0x80
	tagEimFQDN                 bertlv.Tag = 0x81
	tagEimIDType               bertlv.Tag = 0x82
	tagCounterValue            bertlv.Tag = 0x83
	tagAssociationToken        bertlv.Tag = 0x84
	tagEimPublicKeyData        bertlv.Tag = 0xA5
	tagTrustedPublicKeyDataTLS bertlv.Tag = 0xA6
	tagEimSupportedProtocol    bertlv.Tag = 0x87
	tagEuiccCiPKID             bertlv.Tag = 0x88
	tagIndirectProfileDownload bertlv.Tag = 0x89
	tagKeyAlternative          bertlv.Tag = 0xA0
	tagCertAlternative         bertlv.Tag = 0xA1
	tagAddInitialEimOk         bertlv.Tag = 0xA0
	tagAddInitialEimError      bertlv.Tag = 0x81
)

// EimIDType says how an eimId is to be read.
type EimIDType int64

// EimIDType values.
const (
	EimIDTypeOID         EimIDType = 1
	EimIDTypeFQDN        EimIDType = 2
	EimIDTypeProprietary EimIDType = 3
)

func (e EimIDType) String() string {
	return enumString("EimIdType", int64(e), map[int64]string{1: "eimIdTypeOid", 2: "eimIdTypeFqdn", 3: "eimIdTypeProprietary"})
}

// Bits of an EimSupportedProtocol BIT STRING.
const (
	EimRetrieveHTTPS = 0
	EimRetrieveCoAPS = 1
	EimInjectHTTPS   = 2
	EimInjectCoAPS   = 3
	EimProprietary   = 4
)

// EimKey is a CHOICE of an X.509 SubjectPublicKeyInfo ([0]) or Certificate
// ([1]); exactly one is set, each as its DER with the SEQUENCE tag (30), as
// crypto/x509 reads it.
type EimKey struct {
	PublicKey   []byte
	Certificate []byte
}

func (k EimKey) tlv(tag bertlv.Tag) (bertlv.TLV, error) {
	var der []byte
	alt := tagKeyAlternative
	switch {
	case k.PublicKey != nil && k.Certificate != nil:
		return bertlv.TLV{}, fmt.Errorf("both public key and certificate set")
	case k.PublicKey != nil:
		der = k.PublicKey
	case k.Certificate != nil:
		der, alt = k.Certificate, tagCertAlternative
	default:
		return bertlv.TLV{}, fmt.Errorf("public key or certificate: %w", errMissing)
	}
	s, err := bertlv.ParseSingle(der)
	if err != nil {
		return bertlv.TLV{}, err
	}
	if s.Tag != tagSequence {
		return bertlv.TLV{}, fmt.Errorf("tag %s, want %s", s.Tag, tagSequence)
	}
	s.Tag = alt
	return bertlv.New(tag, s), nil
}

// decodeEimKey reads the CHOICE inside the explicit tag t.
func decodeEimKey(t bertlv.TLV) (*EimKey, error) {
	if err := constructed(t); err != nil {
		return nil, err
	}
	if len(t.Children) == 0 {
		return nil, fmt.Errorf("public key or certificate: %w", errMissing)
	}
	c := t.Children[0]
	var field string
	switch c.Tag {
	case tagKeyAlternative:
		field = "eimPublicKey"
	case tagCertAlternative:
		field = "eimCertificate"
	default:
		return nil, fmt.Errorf("alternative %s, want %s or %s", c.Tag, tagKeyAlternative, tagCertAlternative)
	}
	content, err := derContent(c)
	if err != nil {
		return nil, fieldError(field, err)
	}
	der, err := bertlv.Encode(bertlv.TLV{Tag: tagSequence, Value: content})
	if err != nil {
		return nil, fieldError(field, err)
	}
	if c.Tag == tagKeyAlternative {
		return &EimKey{PublicKey: der}, nil
	}
	return &EimKey{Certificate: der}, nil
}

// EimConfigurationData describes one eIM (SGP.32 §2.11.1.1.1): 30 { 80
// eimId, 81 eimFqdn, 82 eimIdType, 83 counterValue, 84 associationToken,
// A5 eimPublicKeyData, A6 trustedPublicKeyDataTls, 87 eimSupportedProtocol,
// 88 euiccCiPKId, 89 indirectProfileDownload }, all but eimId optional.
type EimConfigurationData struct {
	EimID            string
	FQDN             string
	IDType           *EimIDType
	CounterValue     *int64
	AssociationToken *int64
	// PublicKeyData verifies eUICC Package signatures.
	PublicKeyData *EimKey
	// TrustedPublicKeyDataTLS authenticates the eIM over (D)TLS.
	TrustedPublicKeyDataTLS *EimKey
	// SupportedProtocol has the EimRetrieveHTTPS... bits.
	SupportedProtocol *bertlv.BitString
	EuiccCiPKID       []byte
	// IndirectProfileDownload is true when the NULL flag is present.
	IndirectProfileDownload bool
}

// checkEimID checks the SIZE(1..128) of an eimId.
func checkEimID(s string) error {
	if s == "" {
		return fmt.Errorf("eimId: %w", errMissing)
	}
	if len(s) > maxEimID {
		return fmt.Errorf("eimId: %d octets, want at most %d", len(s), maxEimID)
	}
	return nil
}

// maxEimID is the largest size of an eimId.
const maxEimID = 128

func (d EimConfigurationData) tlv() (bertlv.TLV, error) {
	if err := checkEimID(d.EimID); err != nil {
		return bertlv.TLV{}, err
	}
	t := bertlv.New(tagSequence, bertlv.UTF8(tagEimID, d.EimID))
	add := func(c bertlv.TLV) { t.Children = append(t.Children, c) }
	if d.FQDN != "" {
		add(bertlv.UTF8(tagEimFQDN, d.FQDN))
	}
	if d.IDType != nil {
		add(bertlv.Int(tagEimIDType, int64(*d.IDType)))
	}
	if d.CounterValue != nil {
		add(bertlv.Int(tagCounterValue, *d.CounterValue))
	}
	if d.AssociationToken != nil {
		add(bertlv.Int(tagAssociationToken, *d.AssociationToken))
	}
	for _, k := range []struct {
		key   *EimKey
		tag   bertlv.Tag
		field string
	}{
		{d.PublicKeyData, tagEimPublicKeyData, "eimPublicKeyData"},
		{d.TrustedPublicKeyDataTLS, tagTrustedPublicKeyDataTLS, "trustedPublicKeyDataTls"},
	} {
		if k.key == nil {
			continue
		}
		c, err := k.key.tlv(k.tag)
		if err != nil {
			return t, fieldError(k.field, err)
		}
		add(c)
	}
	if d.SupportedProtocol != nil {
		add(bertlv.Bits(tagEimSupportedProtocol, *d.SupportedProtocol))
	}
	if d.EuiccCiPKID != nil {
		add(bertlv.Bytes(tagEuiccCiPKID, d.EuiccCiPKID))
	}
	if d.IndirectProfileDownload {
		add(bertlv.Null(tagIndirectProfileDownload))
	}
	return t, nil
}

func decodeEimConfigurationData(t bertlv.TLV) (EimConfigurationData, error) {
	var d EimConfigurationData
	if err := constructed(t); err != nil {
		return d, err
	}
	c, err := need(t, tagEimID, "eimId")
	if err != nil {
		return d, err
	}
	if d.EimID, err = c.UTF8(); err != nil {
		return d, fieldError("eimId", err)
	}
	if err := checkEimID(d.EimID); err != nil {
		return d, err
	}
	if d.FQDN, err = optUTF8(t, tagEimFQDN, "eimFqdn"); err != nil {
		return d, err
	}
	if d.IDType, err = optInt[EimIDType](t, tagEimIDType, "eimIdType"); err != nil {
		return d, err
	}
	if d.CounterValue, err = optInt[int64](t, tagCounterValue, "counterValue"); err != nil {
		return d, err
	}
	if d.AssociationToken, err = optInt[int64](t, tagAssociationToken, "associationToken"); err != nil {
		return d, err
	}
	if c, ok := t.First(tagEimPublicKeyData); ok {
		if d.PublicKeyData, err = decodeEimKey(c); err != nil {
			return d, fieldError("eimPublicKeyData", err)
		}
	}
	if c, ok := t.First(tagTrustedPublicKeyDataTLS); ok {
		if d.TrustedPublicKeyDataTLS, err = decodeEimKey(c); err != nil {
			return d, fieldError("trustedPublicKeyDataTls", err)
		}
	}
	if d.SupportedProtocol, err = optBits(t, tagEimSupportedProtocol, "eimSupportedProtocol"); err != nil {
		return d, err
	}
	if d.EuiccCiPKID, err = optOctets(t, tagEuiccCiPKID, "euiccCiPKId"); err != nil {
		return d, err
	}
	if c, ok := t.First(tagIndirectProfileDownload); ok {
		if err := c.Null(); err != nil {
			return d, fieldError("indirectProfileDownload", err)
		}
		d.IndirectProfileDownload = true
	}
	return d, nil
}

// marshalEimList encodes tag { A0 { 30 ... } }.
func marshalEimList(name string, tag bertlv.Tag, list []EimConfigurationData) ([]byte, error) {
	l := bertlv.TLV{Tag: tagEimConfigurationDataLst, Value: []byte{}}
	for i, d := range list {
		c, err := d.tlv()
		if err != nil {
			return nil, structError(name, fieldError(fmt.Sprintf("eimConfigurationData %d", i+1), err))
		}
		l.Children = append(l.Children, c)
	}
	return encode(name, bertlv.New(tag, l))
}

func unmarshalEimList(name string, tag bertlv.Tag, b []byte) ([]EimConfigurationData, error) {
	t, err := outer(b, tag)
	if err != nil {
		return nil, structError(name, err)
	}
	l, err := need(t, tagEimConfigurationDataLst, "eimConfigurationDataList")
	if err == nil {
		err = constructed(l)
	}
	if err != nil {
		return nil, structError(name, err)
	}
	var out []EimConfigurationData
	for _, c := range l.Children {
		if c.Tag != tagSequence {
			continue
		}
		d, err := decodeEimConfigurationData(c)
		if err != nil {
			return nil, structError(name, fieldError(fmt.Sprintf("eimConfigurationData %d", len(out)+1), err))
		}
		out = append(out, d)
	}
	return out, nil
}

// GetEimConfigurationDataRequest asks for the eIMs the eUICC knows: BF55 {
// A0 { 80 eimId } OPTIONAL }.
type GetEimConfigurationDataRequest struct {
	// EimID selects one eIM; empty asks for all.
	EimID string
}

// Marshal encodes r in DER.
func (r GetEimConfigurationDataRequest) Marshal() ([]byte, error) {
	t := bertlv.TLV{Tag: TagGetEimConfigurationData, Value: []byte{}}
	if r.EimID != "" {
		if err := checkEimID(r.EimID); err != nil {
			return nil, structError("GetEimConfigurationDataRequest", fieldError("searchCriteria", err))
		}
		t.Children = []bertlv.TLV{bertlv.New(tagEimSearchCriteria, bertlv.UTF8(tagEimID, r.EimID))}
	}
	return encode("GetEimConfigurationDataRequest", t)
}

// Unmarshal decodes a GetEimConfigurationDataRequest.
func (r *GetEimConfigurationDataRequest) Unmarshal(b []byte) error {
	const name = "GetEimConfigurationDataRequest"
	t, err := outer(b, TagGetEimConfigurationData)
	if err != nil {
		return structError(name, err)
	}
	var out GetEimConfigurationDataRequest
	if c, ok := t.First(tagEimSearchCriteria); ok {
		if err := constructed(c); err != nil {
			return structError(name, fieldError("searchCriteria", err))
		}
		e, err := need(c, tagEimID, "eimId")
		if err != nil {
			return structError(name, fieldError("searchCriteria", err))
		}
		if out.EimID, err = e.UTF8(); err != nil {
			return structError(name, fieldError("searchCriteria: eimId", err))
		}
		if err := checkEimID(out.EimID); err != nil {
			return structError(name, fieldError("searchCriteria", err))
		}
	}
	*r = out
	return nil
}

// GetEimConfigurationDataResponse lists the eIMs: BF55 { A0 { 30
// EimConfigurationData ... } }.
type GetEimConfigurationDataResponse struct {
	Eims []EimConfigurationData
}

// Marshal encodes r in DER.
func (r GetEimConfigurationDataResponse) Marshal() ([]byte, error) {
	return marshalEimList("GetEimConfigurationDataResponse", TagGetEimConfigurationData, r.Eims)
}

// Unmarshal decodes a GetEimConfigurationDataResponse. Elements of the list
// other than SEQUENCEs are skipped.
func (r *GetEimConfigurationDataResponse) Unmarshal(b []byte) error {
	l, err := unmarshalEimList("GetEimConfigurationDataResponse", TagGetEimConfigurationData, b)
	if err != nil {
		return err
	}
	*r = GetEimConfigurationDataResponse{Eims: l}
	return nil
}

// ProfileRollbackRequest goes back to the profile enabled before the last
// enable by the eIM: BF58 { 80 refreshFlag }.
type ProfileRollbackRequest struct {
	Refresh bool
}

// Marshal encodes r in DER.
func (r ProfileRollbackRequest) Marshal() ([]byte, error) {
	return encode("ProfileRollbackRequest", bertlv.New(TagProfileRollback, bertlv.Bool(0x80, r.Refresh)))
}

// Unmarshal decodes a ProfileRollbackRequest.
func (r *ProfileRollbackRequest) Unmarshal(b []byte) error {
	const name = "ProfileRollbackRequest"
	t, err := outer(b, TagProfileRollback)
	if err != nil {
		return structError(name, err)
	}
	c, err := need(t, 0x80, "refreshFlag")
	if err != nil {
		return structError(name, err)
	}
	v, err := c.Bool()
	if err != nil {
		return structError(name, fieldError("refreshFlag", err))
	}
	*r = ProfileRollbackRequest{Refresh: v}
	return nil
}

// RollbackResult is the cmdResult of ProfileRollback.
type RollbackResult int64

// RollbackResult values.
const (
	RollbackOK             RollbackResult = 0
	RollbackNotAllowed     RollbackResult = 1
	RollbackCatBusy        RollbackResult = 5
	RollbackCommandError   RollbackResult = 7
	RollbackUndefinedError RollbackResult = 127
)

func (e RollbackResult) String() string {
	return enumString("RollbackResult", int64(e), map[int64]string{
		0: "ok", 1: "rollbackNotAllowed", 5: "catBusy", 7: "commandError", 127: "undefinedError",
	})
}

// ProfileRollbackResponse is BF58 { 02 cmdResult, BF51 eUICCPackageResult
// OPTIONAL }. The SEQUENCE carries a tag of its own ([81]), so automatic
// tagging does not apply and cmdResult is a plain INTEGER.
type ProfileRollbackResponse struct {
	Result RollbackResult
	// PackageResult is the DER of the whole EuiccPackageResult (BF51 ...),
	// nil when absent.
	PackageResult []byte
}

// Marshal encodes r in DER.
func (r ProfileRollbackResponse) Marshal() ([]byte, error) {
	const name = "ProfileRollbackResponse"
	t := bertlv.New(TagProfileRollback, bertlv.Int(tagInteger, int64(r.Result)))
	if r.PackageResult != nil {
		p, err := bertlv.ParseSingle(r.PackageResult)
		if err == nil && p.Tag != TagEuiccPackageResult {
			err = fmt.Errorf("tag %s, want %s", p.Tag, TagEuiccPackageResult)
		}
		if err != nil {
			return nil, structError(name, fieldError("eUICCPackageResult", err))
		}
		t.Children = append(t.Children, p)
	}
	return encode(name, t)
}

// Unmarshal decodes a ProfileRollbackResponse.
func (r *ProfileRollbackResponse) Unmarshal(b []byte) error {
	const name = "ProfileRollbackResponse"
	t, err := outer(b, TagProfileRollback)
	if err != nil {
		return structError(name, err)
	}
	v, err := needInt[RollbackResult](t, tagInteger, "cmdResult")
	if err != nil {
		return structError(name, err)
	}
	out := ProfileRollbackResponse{Result: v}
	if c, ok := t.First(TagEuiccPackageResult); ok {
		content, err := derContent(c)
		if err == nil {
			out.PackageResult, err = bertlv.Encode(bertlv.TLV{Tag: TagEuiccPackageResult, Value: content})
		}
		if err != nil {
			return structError(name, fieldError("eUICCPackageResult", err))
		}
	}
	*r = out
	return nil
}

// AddInitialEimRequest installs the first eIMs: BF57 { A0 { 30
// EimConfigurationData ... } }.
type AddInitialEimRequest struct {
	Eims []EimConfigurationData
}

// Marshal encodes r in DER.
func (r AddInitialEimRequest) Marshal() ([]byte, error) {
	return marshalEimList("AddInitialEimRequest", TagAddInitialEim, r.Eims)
}

// Unmarshal decodes an AddInitialEimRequest. Elements of the list other
// than SEQUENCEs are skipped.
func (r *AddInitialEimRequest) Unmarshal(b []byte) error {
	l, err := unmarshalEimList("AddInitialEimRequest", TagAddInitialEim, b)
	if err != nil {
		return err
	}
	*r = AddInitialEimRequest{Eims: l}
	return nil
}

// AddInitialEimError is the error alternative of AddInitialEimResponse.
type AddInitialEimError int64

// AddInitialEimError values.
const (
	AddInitialEimInsufficientMemory         AddInitialEimError = 1
	AddInitialEimAssociatedEimAlreadyExists AddInitialEimError = 2
	AddInitialEimCiPKUnknown                AddInitialEimError = 3
	AddInitialEimInvalidAssociationToken    AddInitialEimError = 5
	AddInitialEimCounterValueOutOfRange     AddInitialEimError = 6
	AddInitialEimCommandError               AddInitialEimError = 7
	AddInitialEimUndefinedError             AddInitialEimError = 127
)

func (e AddInitialEimError) String() string {
	return enumString("AddInitialEimError", int64(e), map[int64]string{
		1: "insufficientMemory", 2: "associatedEimAlreadyExists", 3: "ciPKUnknown",
		5: "invalidAssociationToken", 6: "counterValueOutOfRange", 7: "commandError", 127: "undefinedError",
	})
}

// AddInitialEimResult is one entry of addInitialEimOk: the association
// token given to the eIM (84), or nil for addOk (05 00).
type AddInitialEimResult struct {
	AssociationToken *int64
}

// AddInitialEimResponse is BF57 { A0 { 84 associationToken | 05 addOk ...
// } } or BF57 { 81 addInitialEimError }.
type AddInitialEimResponse struct {
	Results []AddInitialEimResult
	// Error is non-nil for the error alternative, when Results is ignored.
	Error *AddInitialEimError
}

// Marshal encodes r in DER.
func (r AddInitialEimResponse) Marshal() ([]byte, error) {
	const name = "AddInitialEimResponse"
	if r.Error != nil {
		return encode(name, bertlv.New(TagAddInitialEim, bertlv.Int(tagAddInitialEimError, int64(*r.Error))))
	}
	ok := bertlv.TLV{Tag: tagAddInitialEimOk, Value: []byte{}}
	for _, e := range r.Results {
		if e.AssociationToken != nil {
			ok.Children = append(ok.Children, bertlv.Int(tagAssociationToken, *e.AssociationToken))
		} else {
			ok.Children = append(ok.Children, bertlv.Null(tagNull))
		}
	}
	return encode(name, bertlv.New(TagAddInitialEim, ok))
}

// Unmarshal decodes an AddInitialEimResponse. Unknown entries of
// addInitialEimOk are skipped.
func (r *AddInitialEimResponse) Unmarshal(b []byte) error {
	const name = "AddInitialEimResponse"
	t, err := outer(b, TagAddInitialEim)
	if err != nil {
		return structError(name, err)
	}
	for _, c := range t.Children {
		switch c.Tag {
		case tagAddInitialEimOk:
			var out AddInitialEimResponse
			for i, e := range c.Children {
				field := fmt.Sprintf("addInitialEimOk %d", i+1)
				switch e.Tag {
				case tagAssociationToken:
					v, err := e.Int()
					if err != nil {
						return structError(name, fieldError(field+": associationToken", err))
					}
					out.Results = append(out.Results, AddInitialEimResult{AssociationToken: &v})
				case tagNull:
					if err := e.Null(); err != nil {
						return structError(name, fieldError(field+": addOk", err))
					}
					out.Results = append(out.Results, AddInitialEimResult{})
				}
			}
			*r = out
			return nil
		case tagAddInitialEimError:
			v, err := c.Int()
			if err != nil {
				return structError(name, fieldError("addInitialEimError", err))
			}
			e := AddInitialEimError(v)
			*r = AddInitialEimResponse{Error: &e}
			return nil
		}
	}
	return structError(name, fieldError("addInitialEimOk or addInitialEimError", errMissing))
}
