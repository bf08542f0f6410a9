package config

import (
	"strings"
	"testing"
)

func TestRedactDSN(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"postgres://cellgate:hunter2@db:5432/cellgate?sslmode=verify-full", "postgres://cellgate:***@db:5432/cellgate?sslmode=verify-full"},
		{"postgresql://cellgate@db/cellgate", "postgresql://cellgate@db/cellgate"},
		{"postgres://u:p%40ss@db/x", "postgres://u:***@db/x"},
		{"postgres:///cellgate?host=/run/postgresql&password=hunter2&sslpassword=x", "postgres:///cellgate?host=/run/postgresql&password=***&sslpassword=***"},
		{"postgres://u:hunter2@db:bad/x", "***"},
		{"host=db user=cellgate password=hunter2 dbname=cellgate", "host=db user=cellgate password=*** dbname=cellgate"},
		{"host=db password='hun ter2' application_name='cellgate server'", "host=db password=*** application_name='cellgate server'"},
		{"host = db  password = hunter2", "host=db password=***"},
		{`password='hunter2\' host=db`, "***"},
		{"hunter2", "***"},
		{"host=db hunter2", "***"},
	} {
		if got := RedactDSN(c.in); got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCheckDSN(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"postgres://cellgate@db/cellgate", true},
		{"postgresql://db", true},
		{"host=db dbname=cellgate", true},
		{"dbname=''", true},
		{"postgres://u:p@db:bad/x", false},
		{"mysql://db/x", false},
		{"hunter2", false},
		{"", false},
		{"host='db", false},
	} {
		err := checkDSN(c.in)
		if (err == nil) != c.ok {
			t.Errorf("checkDSN(%q) = %v, want ok %v", c.in, err, c.ok)
		}
		if err != nil && c.in != "" && strings.Contains(err.Error(), c.in) {
			t.Errorf("checkDSN(%q) quotes it: %v", c.in, err)
		}
	}
}

// FuzzRedactDSN checks that a password never survives redaction.
func FuzzRedactDSN(f *testing.F) {
	f.Add("postgres://u:PW@db/x?password=PW", "PWsecret")
	f.Add("host=db password='PW x'", "PWsecret")
	f.Add("password=PW", "PWsecret")
	f.Fuzz(func(t *testing.T, form, password string) {
		if len(password) < 6 || strings.ContainsAny(password, "*=&?@:/ '\\%#\t\r\n") {
			return
		}
		s := strings.ReplaceAll(form, "PW", password)
		if !strings.Contains(s, "password") && !strings.Contains(s, "://") {
			return
		}
		got := RedactDSN(s)
		for _, shown := range []string{"password=" + password, ":" + password + "@"} {
			if strings.Contains(got, shown) {
				t.Fatalf("RedactDSN(%q) = %q shows %q", s, got, shown)
			}
		}
	})
}
