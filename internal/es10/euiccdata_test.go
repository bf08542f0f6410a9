package es10

import "testing"

// Request: SGP.22 v2.5 §5.7.20 ES10c.GetEID, tagList '5A'. Response: the
// example EID 89049032123451234512345678901235 of GSMA SGP.29 §2.
func TestGetEuiccData(t *testing.T) {
	t.Parallel()
	eid := EID{0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x35}
	runVectors(t, []vector{
		{"request", "BF3E035C015A", &GetEuiccDataRequest{}, &GetEuiccDataRequest{TagList: []byte{0x5A}}},
		{"response", "BF3E125A1089049032123451234512345678901235", &GetEuiccDataResponse{}, &GetEuiccDataResponse{EID: eid}},
	})
	if got := eid.String(); got != "89049032123451234512345678901235" {
		t.Errorf("EID.String = %s", got)
	}
}

func TestGetEuiccDataBad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"truncated", "BF3E125A108904903212345123451234567890", &GetEuiccDataResponse{}, "GetEuiccDataResponse: bertlv"},
		{"wrong tag", "BF2D125A1089049032123451234512345678901235", &GetEuiccDataResponse{}, "GetEuiccDataResponse: tag BF2D, want BF3E"},
		{"no eid", "BF3E00", &GetEuiccDataResponse{}, "GetEuiccDataResponse: eidValue (5A): missing"},
		{"short eid", "BF3E115A0F890490321234512345123456789012", &GetEuiccDataResponse{}, "GetEuiccDataResponse: eidValue: 15 octets, want 16"},
		{"no tag list", "BF3E00", &GetEuiccDataRequest{}, "GetEuiccDataRequest: tagList (5C): missing"},
		{"empty tag list", "BF3E025C00", &GetEuiccDataRequest{}, "GetEuiccDataRequest: tagList: empty"},
		{"trailing", "BF3E035C015A00", &GetEuiccDataRequest{}, "GetEuiccDataRequest: bertlv"},
	})
	if _, err := (GetEuiccDataRequest{}).Marshal(); err == nil {
		t.Error("Marshal of empty tag list accepted")
	}
}
