package gsm

import "testing"

func TestMNCLengthFromAD(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]int{
		"00000002": 2, "00000003": 3, "000000F3": 3, "0000000302": 3,
		"00000004": 0, "000000": 0, "zz000002": 0, "": 0,
	} {
		if got := MNCLengthFromAD(h); got != want {
			t.Errorf("MNCLengthFromAD(%q) = %d, want %d", h, got, want)
		}
	}
}

func TestHomeContains(t *testing.T) {
	t.Parallel()
	tests := []struct {
		home Home
		plmn string
		want bool
	}{
		{Home{IMSI: "262011234567890", MNCLen: 2}, "26201", true},
		{Home{IMSI: "262011234567890", MNCLen: 2}, "26202", false},
		{Home{IMSI: "262011234567890", MNCLen: 2}, "262011", false},
		{Home{IMSI: "310260123456789", MNCLen: 3}, "310260", true},
		{Home{IMSI: "310260123456789", MNCLen: 3}, "31026", false},
		// MNC length unknown: the IMSI's head.
		{Home{IMSI: "310260123456789"}, "310260", true},
		{Home{IMSI: "262011234567890"}, "26201", true},
		{Home{IMSI: "262011234567890"}, "26202", false},
		// EHPLMN (31.102 4.2.84) counts as home.
		{Home{IMSI: "901431234567890", MNCLen: 2, EHPLMN: []string{"26201", "23410"}}, "23410", true},
		{Home{IMSI: "901431234567890", MNCLen: 2, EHPLMN: []string{"26201"}}, "90143", true},
		{Home{IMSI: "901431234567890", MNCLen: 2, EHPLMN: []string{"26201"}}, "26202", false},
		// Nothing known: nothing is home.
		{Home{}, "26201", false},
		{Home{IMSI: "262011234567890", MNCLen: 2}, "2620", false},
	}
	for _, tt := range tests {
		if got := tt.home.Contains(tt.plmn); got != tt.want {
			t.Errorf("%+v.Contains(%q) = %v, want %v", tt.home, tt.plmn, got, tt.want)
		}
	}
	if (Home{}).Known() || !(Home{IMSI: "262011234567890"}).Known() || !(Home{EHPLMN: []string{"26201"}}).Known() {
		t.Error("Known")
	}
}
