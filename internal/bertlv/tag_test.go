package bertlv

import (
	"errors"
	"testing"
)

func TestTagFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tag         Tag
		class       Class
		constructed bool
		number      uint32
		str         string
		len         int
	}{
		{0x02, Universal, false, 2, "02", 1},
		{0x30, Universal, true, 16, "30", 1},
		{0x5A, Application, false, 26, "5A", 1},
		{0x80, Context, false, 0, "80", 1},
		{0xA0, Context, true, 0, "A0", 1},
		{0xE3, Private, true, 3, "E3", 1},
		{0x9F70, Context, false, 112, "9F70", 2},
		{0x5F20, Application, false, 32, "5F20", 2},
		{0x5F37, Application, false, 55, "5F37", 2},
		{0xBF3E, Context, true, 62, "BF3E", 2},
		{0xBF51, Context, true, 81, "BF51", 2},
		{0xBF2D, Context, true, 45, "BF2D", 2},
		{0x9F8100, Context, false, 128, "9F8100", 3},
		{0xBF8768, Context, true, 1000, "BF8768", 3},
		{0x1F87FFFFFF7F, Universal, false, MaxTagNumber, "1F87FFFFFF7F", 6},
	}
	for _, tt := range tests {
		if got := tt.tag.Class(); got != tt.class {
			t.Errorf("%s.Class() = %v, want %v", tt.tag, got, tt.class)
		}
		if got := tt.tag.Constructed(); got != tt.constructed {
			t.Errorf("%s.Constructed() = %v, want %v", tt.tag, got, tt.constructed)
		}
		if got := tt.tag.Number(); got != tt.number {
			t.Errorf("%s.Number() = %d, want %d", tt.tag, got, tt.number)
		}
		if got := tt.tag.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.tag.Len(); got != tt.len {
			t.Errorf("%s.Len() = %d, want %d", tt.tag, got, tt.len)
		}
		if err := tt.tag.Valid(); err != nil {
			t.Errorf("%s.Valid() = %v", tt.tag, err)
		}
		if got := NewTag(tt.class, tt.constructed, tt.number); got != tt.tag {
			t.Errorf("NewTag(%v, %v, %d) = %s, want %s", tt.class, tt.constructed, tt.number, got, tt.tag)
		}
	}
}

func TestTagInvalid(t *testing.T) {
	t.Parallel()
	for _, tag := range []Tag{
		0x1F,           // high-tag form without subsequent octets
		0x9F05,         // number 5 must use one octet
		0x9F8070,       // leading 80 subsequent octet
		0x5A00,         // octets after a one-octet tag
		0x9F7000,       // octets after the last subsequent octet
		0x9F81,         // last subsequent octet has its top bit set
		0x1F8880808000, // number 2^31
		NewTag(Context, false, MaxTagNumber+1),
	} {
		if err := tag.Valid(); !errors.Is(err, ErrBadTag) && !errors.Is(err, ErrTruncated) {
			t.Errorf("%s.Valid() = %v, want an error", tag, err)
		}
		if _, err := Encode(TLV{Tag: tag}); !errors.Is(err, ErrBadTag) {
			t.Errorf("Encode(%s) error = %v, want ErrBadTag", tag, err)
		}
	}
}

func TestClassString(t *testing.T) {
	t.Parallel()
	want := []string{"universal", "application", "context", "private", "invalid class"}
	for i, w := range want {
		if got := Class(i).String(); got != w {
			t.Errorf("Class(%d) = %q, want %q", i, got, w)
		}
	}
}
