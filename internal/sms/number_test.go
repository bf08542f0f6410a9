package sms

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, cc, want string
		ok           bool
	}{
		{"+491701234567", "", "+491701234567", true},
		{"00491701234567", "", "+491701234567", true},
		{"01701234567", "49", "+491701234567", true},
		{"01701234567", "", "01701234567", false},
		{"01701234567", "4x", "01701234567", false},
		{"491701234567", "", "+491701234567", true},
		{"+49 (0) 170 1234567", "", "+491701234567", true}, // "(0)": the trunk prefix, dropped
		{"+49-170/123.45 67", "", "+491701234567", true},
		{"+0123", "", "+0123", false},
		{"+12", "", "+12", false},
		{"+1234567890123456", "", "+1234567890123456", false},
		{"+49170abc", "", "+49170abc", false},
		{"MyBank", "49", "MyBank", false},
		{"000", "49", "000", false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.in, tt.cc)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%q, %q) = %q, %v; want %q, %v", tt.in, tt.cc, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		number string
		ton    byte
		want   string
		ok     bool
	}{
		{"+491701234567", TONInternational, "+491701234567", true},
		{"491701234567", TONUnknown, "+491701234567", true},
		{"01701234567", TONNational, "+491701234567", true},
		{"12345678", TONAlphanumeric, "12345678", false},
		{"+12345678", TONAlphanumeric, "+12345678", false},
		{"12345678", TONNetwork, "12345678", false},
		{"12345678", TONSubscriber, "12345678", false},
		{"1234567", TONAbbreviated, "1234567", false},
		{"12345678", 7, "12345678", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeAddress(tt.number, tt.ton, "49")
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeAddress(%q, %d) = %q, %v; want %q, %v", tt.number, tt.ton, got, ok, tt.want, tt.ok)
		}
	}
}

// TS 23.040 9.1.2.5: a national number (TON 2) carries no prefix or
// escape digits, so "1701234567" is +49 170 1234567 in Germany, not the
// North American +1 701 234567, and "491701234567" is not +49 170 1234567.
func TestRegressionNationalSenderReadAsInternational(t *testing.T) {
	t.Parallel()
	tests := []struct {
		number, country string
		want            string
		ok              bool
	}{
		{"1701234567", "49", "+491701234567", true},
		{"01701234567", "49", "+491701234567", true},
		{"491701234567", "49", "+49491701234567", true},
		{"1701234567", "", "1701234567", false},
		{"+491701234567", "49", "+491701234567", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeAddress(tt.number, TONNational, tt.country)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeAddress(%q, national, %q) = %q, %v; want %q, %v", tt.number, tt.country, got, ok, tt.want, tt.ok)
		}
	}
}
