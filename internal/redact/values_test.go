package redact

import "testing"

func TestValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		secrets []string
		want    string
	}{
		{"denied: tok-123 and tok-123", []string{"tok-123"}, "denied: *** and ***"},
		{"Bearer tok-123", []string{"tok-123", "Bearer tok-123"}, "***"},
		{"batch 1-10 of 10", []string{"1", "", "10"}, "batch 1-10 of 10"},
		{"nothing here", nil, "nothing here"},
		{"pw s3cret!", []string{"s3cret!"}, "pw ***"},
	}
	for _, tt := range tests {
		if got := Values(tt.in, tt.secrets...); got != tt.want {
			t.Errorf("Values(%q, %q) = %q, want %q", tt.in, tt.secrets, got, tt.want)
		}
	}
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	got := Credentials(" Bearer tok-123 ")
	if len(got) != 2 || got[0] != "Bearer tok-123" || got[1] != "tok-123" {
		t.Errorf("Credentials = %q", got)
	}
	if got := Credentials("apikey"); len(got) != 1 || got[0] != "apikey" {
		t.Errorf("Credentials = %q", got)
	}
}

// A Basic credential gives its password too, which a server may quote
// decoded.
func TestCredentialsOfBasicAuthorization(t *testing.T) {
	t.Parallel()
	got := Credentials("Basic aW5nZXN0OmI0c2ljLVB3") // ingest:b4sic-Pw
	if len(got) != 3 || got[2] != "b4sic-Pw" {
		t.Errorf("Credentials = %q", got)
	}
	if s := Values("denied: ingest:b4sic-Pw", got...); s != "denied: ingest:***" {
		t.Errorf("Values = %q", s)
	}
	if got := Credentials("Basic !!!"); len(got) != 2 {
		t.Errorf("Credentials of a malformed Basic = %q", got)
	}
}
