package es10

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/bertlv"
)

func ptr[T any](v T) *T { return &v }

// The vectors below are built by hand from the ASN.1 of SGP.22 v2.5
// §5.7.15 (ES10c.GetProfilesInfo) and RSPDefinitions: the tag list is the
// one an LPA asks for to show profiles (5A 4F 9F70 90 91 92 95).
// The field tags match the asn1c output of RSPDefinitions in
// estkme-group/lpac (euicc/asn1c/asn1/ProfileInfo.c).
func TestProfileInfoListRequest(t *testing.T) {
	t.Parallel()
	aid := unhex(t, "A0000005591010FFFFFFFF8900001000")
	runVectors(t, []vector{
		{"all", "BF2D00", &ProfileInfoListRequest{}, &ProfileInfoListRequest{}},
		{"tag list", "BF2D0A5C085A4F9F709091929F", &ProfileInfoListRequest{}, &ProfileInfoListRequest{TagList: unhex(t, "5A4F9F709091929F")}},
		{"by iccid", "BF2D0EA00C5A0A98400923214315325421", &ProfileInfoListRequest{},
			&ProfileInfoListRequest{Search: &SearchCriteria{ICCID: "89049032123451234512"}}},
		{"by aid", "BF2D14A0124F10A0000005591010FFFFFFFF8900001000", &ProfileInfoListRequest{},
			&ProfileInfoListRequest{Search: &SearchCriteria{ISDPAID: aid}}},
		{"by class with tag list", "BF2D0AA00395010F5C039F7095", &ProfileInfoListRequest{},
			&ProfileInfoListRequest{Search: &SearchCriteria{ProfileClass: ptr(ProfileClass(15))}, TagList: unhex(t, "9F7095")}},
	})
}

func TestProfileInfoListResponse(t *testing.T) {
	t.Parallel()
	aid := unhex(t, "A0000005591010FFFFFFFF8900001000")
	full := ProfileInfo{
		ICCID:                         "8944476500001224158",
		ISDPAID:                       aid,
		State:                         ptr(ProfileEnabled),
		Nickname:                      "fleet",
		ServiceProviderName:           "Op",
		ProfileName:                   "IoT",
		IconType:                      ptr(IconPNG),
		Icon:                          []byte{0x89, 0x50},
		Class:                         ptr(ProfileClassProvisioning),
		NotificationConfigurationInfo: unhex(t, "300980020780810361612E"),
		ProfileOwner:                  unhex(t, "800332F410"),
		DPProprietaryData:             unhex(t, "8003550403"),
		PolicyRules:                   &bertlv.BitString{Bytes: []byte{0x40}, BitLength: 2},
	}
	runVectors(t, []vector{
		{"empty", "BF2D02A000", &ProfileInfoListResponse{}, &ProfileInfoListResponse{}},
		{"error", "BF2D03810101", &ProfileInfoListResponse{}, &ProfileInfoListResponse{Error: ptr(ProfileInfoListIncorrectInputValues)}},
		{"two", "BF2D30A02EE3175A0A984474560000214251F89F70010090024131950100E3135A0A984400000000000000FF9F700101950100",
			&ProfileInfoListResponse{}, &ProfileInfoListResponse{Profiles: []ProfileInfo{
				{ICCID: "8944476500001224158", State: ptr(ProfileDisabled), Class: ptr(ProfileClassTest), Nickname: "A1"},
				{ICCID: "894400000000000000", State: ptr(ProfileEnabled), Class: ptr(ProfileClassTest)},
			}}},
		{"all fields", "BF2D5FA05DE35B5A0A984474560000214251F84F10A0000005591010FFFFFFFF89000010009F7001019005666C65657491024F709203496F5493010194028950950101B60B300980020780810361612EB705800332F410B805800355040399020640",
			&ProfileInfoListResponse{}, &ProfileInfoListResponse{Profiles: []ProfileInfo{full}}},
	})
	if full.EffectiveClass() != ProfileClassProvisioning || (ProfileInfo{}).EffectiveClass() != ProfileClassOperational {
		t.Error("EffectiveClass")
	}
	// profileClass is DEFAULT operational: DER leaves it out, and a BER
	// encoding that writes it reads as absent.
	der, err := ProfileInfoListResponse{Profiles: []ProfileInfo{{ICCID: "8944476500001224158", Class: ptr(ProfileClassOperational)}}}.Marshal()
	if err != nil || bytes.Contains(der, []byte{0x95, 0x01, 0x02}) {
		t.Errorf("an operational profile encodes as % X, %v; want profileClass left out", der, err)
	}
	var r ProfileInfoListResponse
	if err := r.Unmarshal(unhex(t, "BF2D13A011E30F5A0A984474560000214251F8950102")); err != nil || r.Profiles[0].Class != nil {
		t.Errorf("an explicit default reads as %+v, %v", r.Profiles, err)
	}
}

// Unknown fields, in ProfileInfo and in the list, are skipped.
func TestProfileInfoUnknownFields(t *testing.T) {
	t.Parallel()
	var r ProfileInfoListResponse
	in := unhex(t, "BF2D17A015E3105A0A984400000000000000FF9F7F01FF810100")
	if err := r.Unmarshal(in); err != nil {
		t.Fatal(err)
	}
	if len(r.Profiles) != 1 || r.Profiles[0].ICCID != "894400000000000000" {
		t.Fatalf("got %+v", r)
	}
}

func TestProfileInfoListBad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"wrong tag", "BF2E02A000", &ProfileInfoListResponse{}, "ProfileInfoListResponse: tag BF2E, want BF2D"},
		{"truncated", "BF2D05A003E301", &ProfileInfoListResponse{}, "ProfileInfoListResponse: bertlv"},
		{"no alternative", "BF2D00", &ProfileInfoListResponse{}, "ProfileInfoListResponse: profileInfoListOk or listProfileInfoError: missing"},
		{"short iccid", "BF2D1DA01BE30C5A0A984400000000000000FFE30B5A099844000000000000FF", &ProfileInfoListResponse{},
			"ProfileInfoListResponse: profileInfo 2: iccid: ICCID of 9 octets, want 10"},
		{"empty state", "BF2D07A005E3039F7000", &ProfileInfoListResponse{}, "ProfileInfoListResponse: profileInfo 1: profileState: "},
		{"bad utf8", "BF2D07A005E3039201FF", &ProfileInfoListResponse{}, "ProfileInfoListResponse: profileInfo 1: profileName: "},
		{"bad error code", "BF2D028100", &ProfileInfoListResponse{}, "ProfileInfoListResponse: listProfileInfoError: "},
		{"request wrong tag", "BF2E00", &ProfileInfoListRequest{}, "ProfileInfoListRequest: tag BF2E, want BF2D"},
		{"request two criteria", "BF2D0DA00B4F01AA5A06984009232143", &ProfileInfoListRequest{}, "ProfileInfoListRequest: searchCriteria: 2 alternatives, want 1"},
		{"request bad iccid", "BF2D0AA0085A06984009232143", &ProfileInfoListRequest{}, "ProfileInfoListRequest: searchCriteria: iccid: ICCID of 6 octets"},
		{"request unknown criterion", "BF2D05A003800100", &ProfileInfoListRequest{}, "ProfileInfoListRequest: searchCriteria: unknown alternative 80"},
	})
}

func TestProfileInfoListMarshalBad(t *testing.T) {
	t.Parallel()
	if _, err := (ProfileInfoListRequest{Search: &SearchCriteria{}}).Marshal(); err == nil {
		t.Error("empty search criteria accepted")
	}
	_, err := (ProfileInfoListResponse{Profiles: []ProfileInfo{{ICCID: "1"}, {ICCID: "x"}}}).Marshal()
	if err == nil || !strings.Contains(err.Error(), "ProfileInfoListResponse: profileInfo 2: iccid:") {
		t.Errorf("bad ICCID error = %v", err)
	}
}

func TestProfileEnumStrings(t *testing.T) {
	t.Parallel()
	for got, want := range map[string]string{
		ProfileEnabled.String():                "enabled",
		ProfileState(7).String():               "ProfileState(7)",
		ProfileClassProvisioning.String():      "provisioning",
		IconJPG.String():                       "jpg",
		ProfileInfoListUndefinedError.String(): "undefinedError",
	} {
		if got != want {
			t.Errorf("String = %q, want %q", got, want)
		}
	}
}
