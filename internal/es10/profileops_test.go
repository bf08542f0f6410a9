package es10

import (
	"strings"
	"testing"
)

// Vectors built from SGP.22 v2.5 §5.7.16-5.7.18 and RSPDefinitions:
// EnableProfileRequest and DisableProfileRequest wrap the profile
// identifier CHOICE in [0] (A0) and tag refreshFlag [1] (81), both by
// automatic tagging; DeleteProfileRequest is the bare CHOICE in BF33.
func TestProfileOperations(t *testing.T) {
	t.Parallel()
	const iccid = "89490001234567890123"
	aid := unhex(t, "A0000005591010FFFFFFFF8900001000")
	runVectors(t, []vector{
		{"enable by iccid", "BF3111A00C5A0A989400103254769810328101FF", &EnableProfileRequest{},
			&EnableProfileRequest{Profile: ProfileID{ICCID: iccid}, Refresh: true}},
		{"enable by aid", "BF3117A0124F10A0000005591010FFFFFFFF8900001000810100", &EnableProfileRequest{},
			&EnableProfileRequest{Profile: ProfileID{ISDPAID: aid}}},
		{"enable ok", "BF3103800100", &EnableProfileResponse{}, &EnableProfileResponse{Result: EnableOK}},
		{"enable cat busy", "BF3103800105", &EnableProfileResponse{}, &EnableProfileResponse{Result: EnableCatBusy}},
		{"disable by iccid", "BF3211A00C5A0A98940010325476981032810100", &DisableProfileRequest{},
			&DisableProfileRequest{Profile: ProfileID{ICCID: iccid}}},
		{"disable not enabled", "BF3203800102", &DisableProfileResponse{}, &DisableProfileResponse{Result: DisableProfileNotInEnabledState}},
		{"delete by iccid", "BF330C5A0A98940010325476981032", &DeleteProfileRequest{},
			&DeleteProfileRequest{Profile: ProfileID{ICCID: iccid}}},
		{"delete by aid", "BF33124F10A0000005591010FFFFFFFF8900001000", &DeleteProfileRequest{},
			&DeleteProfileRequest{Profile: ProfileID{ISDPAID: aid}}},
		{"delete undefined", "BF330380017F", &DeleteProfileResponse{}, &DeleteProfileResponse{Result: DeleteUndefinedError}},
	})
}

func TestProfileOperationsBad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"enable wrong tag", "BF3211A00C5A0A989400103254769810328101FF", &EnableProfileRequest{}, "EnableProfileRequest: tag BF32, want BF31"},
		{"enable no refresh", "BF310EA00C5A0A98940010325476981032", &EnableProfileRequest{}, "EnableProfileRequest: refreshFlag (81): missing"},
		{"enable no id", "BF3103810100", &EnableProfileRequest{}, "EnableProfileRequest: profileIdentifier (A0): missing"},
		{"enable empty id", "BF3105A000810100", &EnableProfileRequest{}, "EnableProfileRequest: profileIdentifier: isdpAid or iccid: missing"},
		{"enable short iccid", "BF3110A00B5A09989400103254769810810100", &EnableProfileRequest{}, "EnableProfileRequest: profileIdentifier: iccid: ICCID of 9 octets"},
		{"enable bad flag", "BF3112A00C5A0A98940010325476981032810200FF", &EnableProfileRequest{}, "EnableProfileRequest: refreshFlag: "},
		{"enable truncated", "BF3111A00C5A0A98940010325476", &EnableProfileRequest{}, "EnableProfileRequest: bertlv"},
		{"enable result missing", "BF3100", &EnableProfileResponse{}, "EnableProfileResponse: enableResult (80): missing"},
		{"disable result empty", "BF32028000", &DisableProfileResponse{}, "DisableProfileResponse: disableResult: "},
		{"delete empty", "BF3300", &DeleteProfileRequest{}, "DeleteProfileRequest: isdpAid or iccid: missing"},
		{"delete wrong tag", "BF3103800100", &DeleteProfileResponse{}, "DeleteProfileResponse: tag BF31, want BF33"},
	})
}

func TestProfileOperationsMarshalBad(t *testing.T) {
	t.Parallel()
	for _, m := range []message{
		&EnableProfileRequest{},
		&DisableProfileRequest{Profile: ProfileID{ICCID: "1", ISDPAID: []byte{1}}},
		&DeleteProfileRequest{Profile: ProfileID{ICCID: "12a"}},
	} {
		if b, err := m.Marshal(); err == nil {
			t.Errorf("%T: Marshal = %X, want error", m, b)
		} else if !strings.Contains(err.Error(), "ProfileRequest: ") {
			t.Errorf("%T: error %q does not name the structure", m, err)
		}
	}
}

func TestResultStrings(t *testing.T) {
	t.Parallel()
	for got, want := range map[string]string{
		EnableWrongProfileReenabling.String():    "wrongProfileReenabling",
		EnableResult(9).String():                 "EnableResult(9)",
		DisableCatBusy.String():                  "catBusy",
		DeleteProfileNotInDisabledState.String(): "profileNotInDisabledState",
	} {
		if got != want {
			t.Errorf("String = %q, want %q", got, want)
		}
	}
}
