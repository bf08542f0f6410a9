package gsm

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseDMPCONFIG(t *testing.T) {
	// The BC35-G/BC28/BC95 CMDMP note, 2.1 examples, verbatim.
	tests := []struct {
		line string
		want DMPConfig
	}{
		{"+DMPCONFIG: 0,1", DMPConfig{Type: 0, Enabled: true}},
		{"+DMPCONFIG: 1,117.161.2.7,5683,420", DMPConfig{Type: 1, ServerIP: "117.161.2.7", ServerPort: 5683, UpdatePeriod: 420}},
		{"+DMPCONFIG: 2,M100000089,95Go****,1,863703030822519", DMPConfig{Type: 2, AppKey: "M100000089", Password: "95Go****", IfType: 1, IMEI: "863703030822519"}},
		{"+DMPCONFIG: 2,,,0,", DMPConfig{Type: 2}}, // nothing configured yet
		{"0,0", DMPConfig{Type: 0}},
		{"1,117.161.2.7,5683,420", DMPConfig{Type: 1, ServerIP: "117.161.2.7", ServerPort: 5683, UpdatePeriod: 420}},
		{"1, , ,300", DMPConfig{Type: 1, ServerPort: -1, UpdatePeriod: 300}},
		{"2,M100000089,77Ga****,1,863703030822519", DMPConfig{Type: 2, AppKey: "M100000089", Password: "77Ga****", IfType: 1, IMEI: "863703030822519"}},
		{"3,46004", DMPConfig{Type: 3, PLMNs: []string{"46004"}}},
		{"3,46005,46008,46009", DMPConfig{Type: 3, PLMNs: []string{"46005", "46008", "46009"}}},
		{"6,6", DMPConfig{Type: 6, State: 6, StateText: "DMP_REG_SUCCESS"}},
		{"6,11", DMPConfig{Type: 6, State: 11, StateText: "DMP_UPDATE_SUCCESS"}},
		// Quoted keys, as the write command takes them.
		{`+DMPCONFIG: 2,"M100000089","77GaaTUi33nUK05ha528888QFbk0Y38M",1,863703030822519`, DMPConfig{Type: 2, AppKey: "M100000089",
			Password: "77GaaTUi33nUK05ha528888QFbk0Y38M", IfType: 1, IMEI: "863703030822519"}},
		{"+DMPCONFIG: 6,1", DMPConfig{Type: 6, State: 1, StateText: "state 1"}},
	}
	for _, tt := range tests {
		got, err := ParseDMPCONFIG(tt.line)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseDMPCONFIG(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		// The note's own annotation is not part of the modem's line.
		{"6,6 //Registered successfully.", `bad <dmstate>`},
		{"+DMPCONFIG: <type>[,<parameter1>]", `bad <type>`},
		{"4,1", `bad <type> "4" (not an answer type)`},
		{"0,2", `bad <dmMode> "2"`},
		{"1,117.161.2.7,70000,420", `bad <serverPort> "70000"`},
		{"2,M1,95Go****,3,863703030822519", `bad <ifType> "3"`},
		{"2,M1,95Go****,1,8637030", `bad <tmIMEI>`},
		{"3,4600", `bad <plmn> "4600"`},
		{"3,46005,46008,46009,46010", `too many parameters`},
		{"6", `too few parameters`},
		{"OK", `too few parameters`},
	} {
		if _, err := ParseDMPCONFIG(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDMPCONFIG(%q) = %v, want an error with %s", tt.line, err, tt.want)
		}
	}
}
