package es10

import "testing"

// SVN 2.2.0 and the subject key identifier of the GSMA test CI
// (F54172BD...85C3, GSMA SGP.26 test certificates); the layout is SGP.22
// v2.5 §5.7.8, EUICCInfo1 in RSPDefinitions.
func TestEUICCInfo1(t *testing.T) {
	t.Parallel()
	ski := unhex(t, "F54172BDF98A95D65CBEB88A38A1C11D800A85C3")
	live := unhex(t, "81370F5125D0B1D408D4C3B232E6D25E795BEBFB")
	runVectors(t, []vector{
		{"request", "BF2000", &GetEuiccInfo1Request{}, &GetEuiccInfo1Request{}},
		{"one ci", "BF2035820302020" + "0" + "A916" + "0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3" +
			"AA16" + "0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3",
			&EUICCInfo1{}, &EUICCInfo1{SVN: [3]byte{2, 2, 0}, CiPKIdsForVerification: [][]byte{ski}, CiPKIdsForSigning: [][]byte{ski}}},
		{"two ci", "BF204B820302030" + "0" + "A92C" + "0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3" +
			"041481370F5125D0B1D408D4C3B232E6D25E795BEBFB" + "AA16" + "0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3",
			&EUICCInfo1{}, &EUICCInfo1{SVN: [3]byte{2, 3, 0}, CiPKIdsForVerification: [][]byte{ski, live}, CiPKIdsForSigning: [][]byte{ski}}},
	})
	if s := (EUICCInfo1{SVN: [3]byte{2, 2, 1}}).SVNString(); s != "2.2.1" {
		t.Errorf("SVNString = %s", s)
	}
}

func TestEUICCInfo1Bad(t *testing.T) {
	t.Parallel()
	runBad(t, []badInput{
		{"wrong tag", "BF2200", &EUICCInfo1{}, "EUICCInfo1: tag BF22, want BF20"},
		{"no svn", "BF2004A900AA00", &EUICCInfo1{}, "EUICCInfo1: svn (82): missing"},
		{"short svn", "BF2008820202 02A900AA00", &EUICCInfo1{}, "EUICCInfo1: svn: 2 octets, want 3"},
		{"no signing list", "BF2007820302020 0A900", &EUICCInfo1{}, "EUICCInfo1: euiccCiPKIdListForSigning (AA): missing"},
		{"truncated", "BF2009820302020 0A900AA", &EUICCInfo1{}, "EUICCInfo1: bertlv"},
		{"request wrong tag", "BF2100", &GetEuiccInfo1Request{}, "GetEuiccInfo1Request: tag BF21, want BF20"},
	})
}
