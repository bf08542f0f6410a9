package testkit

import "testing"

func TestAN32BlocksReadsTheExample(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ device, start, words string }{
		{"PLC1", "1;10;55;69;72;100;120;130;152;160;170", "1;3;2;2;9;10;5;4;3;7;1"},
		{"PLC2", "10", "5"},
	} {
		if start, words := AN32Blocks(t, tc.device); start != tc.start || words != tc.words {
			t.Errorf("%s: start %q words %q", tc.device, start, words)
		}
	}
}
