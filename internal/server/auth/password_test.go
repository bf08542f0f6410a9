package auth

import (
	"errors"
	"strings"
	"testing"
)

// cheap are parameters fast enough for tests.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPasswordDefault(t *testing.T) {
	t.Parallel()
	enc, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q lacks the default PHC header", enc)
	}
	ok, err := CheckPassword(enc, "correct horse battery")
	if err != nil || !ok {
		t.Fatalf("CheckPassword = %v, %v; want true", ok, err)
	}
	if NeedsRehash(enc, DefaultParams) {
		t.Error("a default hash should not need rehashing")
	}
}

func TestHashPasswordRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		pw   string
		p    Params
		want error
	}{
		{"empty", "", cheap, ErrWeakPassword},
		{"eleven", "abcdefghijk", cheap, ErrWeakPassword},
		{"eleven runes many bytes", "ééééééééééé", cheap, ErrWeakPassword},
		{"too long", strings.Repeat("a", MaxPasswordBytes+1), cheap, ErrPasswordTooLong},
		{"zero time", "abcdefghijkl", Params{Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}, nil},
		{"tiny salt", "abcdefghijkl", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			enc, err := tc.p.Hash(tc.pw)
			if err == nil {
				t.Fatalf("Hash = %q; want an error", enc)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("Hash error %v; want %v", err, tc.want)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	t.Parallel()
	const pw = "twelve chars!"
	enc, err := cheap.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	enc2, err := cheap.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if enc == enc2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	for _, tc := range []struct {
		name    string
		enc, pw string
		want    bool
		wantErr bool
	}{
		{"right", enc, pw, true, false},
		{"other salt right", enc2, pw, true, false},
		{"wrong", enc, pw + "x", false, false},
		{"empty password", enc, "", false, false},
		{"over long password", enc, strings.Repeat("a", MaxPasswordBytes+1), false, false},
		{"argon2i", strings.Replace(enc, "argon2id", "argon2i", 1), pw, false, true},
		{"version 16", strings.Replace(enc, "v=19", "v=16", 1), pw, false, true},
		{"empty", "", pw, false, true},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuv", pw, false, true},
		{"huge memory", strings.Replace(enc, "m=64", "m=4000000", 1), pw, false, true},
		{"zero threads", strings.Replace(enc, "p=1", "p=0", 1), pw, false, true},
		{"leading zero", strings.Replace(enc, "m=64", "m=064", 1), pw, false, true},
		{"reordered", strings.Replace(enc, "m=64,t=1", "t=1,m=64", 1), pw, false, true},
		{"bad base64", enc[:len(enc)-1] + "!", pw, false, true},
		{"short hash", enc[:strings.LastIndex(enc, "$")+1] + "AAAA", pw, false, true},
		{"trailing field", enc + "$", pw, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, err := CheckPassword(tc.enc, tc.pw)
			if ok != tc.want || (err != nil) != tc.wantErr {
				t.Fatalf("CheckPassword = %v, %v; want %v, error %v", ok, err, tc.want, tc.wantErr)
			}
			if err != nil && !errors.Is(err, ErrBadHash) {
				t.Fatalf("error %v is not ErrBadHash", err)
			}
			if err != nil && strings.Contains(err.Error(), tc.pw) && tc.pw != "" {
				t.Fatalf("error %q contains the password", err)
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	enc, err := cheap.Hash("abcdefghijklm")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		enc  string
		p    Params
		want bool
	}{
		{"same", enc, cheap, false},
		{"stronger wanted", enc, DefaultParams, true},
		{"unreadable", "nonsense", cheap, true},
	} {
		if got := NeedsRehash(tc.enc, tc.p); got != tc.want {
			t.Errorf("%s: NeedsRehash = %v; want %v", tc.name, got, tc.want)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	enc, err := cheap.Hash("abcdefghijklm")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc, "abcdefghijklm")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "x")
	f.Add("$argon2id$v=19$m=,t=,p=$$", "")
	f.Add("$$$$$", "")
	f.Fuzz(func(t *testing.T, enc, pw string) {
		p, salt, key, err := parsePHC(enc)
		if err != nil {
			if !errors.Is(err, ErrBadHash) {
				t.Fatalf("parse error %v is not ErrBadHash", err)
			}
			if ok, cerr := CheckPassword(enc, pw); ok || cerr == nil {
				t.Fatalf("CheckPassword accepted an unparsable hash: %v, %v", ok, cerr)
			}
			return
		}
		if p.validate() != nil || int(p.SaltLen) != len(salt) || int(p.KeyLen) != len(key) {
			t.Fatalf("parsed %q into inconsistent %+v", enc, p)
		}
		if again := encodePHC(p, salt, key); again != enc {
			t.Fatalf("parse(%q) re-encodes as %q", enc, again)
		}
		if p.Memory > 256 || p.Time > 2 {
			return // too slow to hash on every input
		}
		if _, err := CheckPassword(enc, pw); err != nil {
			t.Fatalf("CheckPassword on a parsable hash: %v", err)
		}
	})
}
