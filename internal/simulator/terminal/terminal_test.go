package terminal

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenRawLinkedAndReopenable(t *testing.T) {
	t.Parallel()
	link := filepath.Join(t.TempDir(), "tty")
	term, err := Open(link)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // programs open and close the device repeatedly
		f, err := os.OpenFile(link, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte("AT\r")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 3)
		if _, err := io.ReadFull(term.Master, buf); err != nil || string(buf) != "AT\r" {
			t.Fatalf("master read %q %v (raw mode keeps CR)", buf, err)
		}
		if _, err := term.Master.Write([]byte("\r\nOK\r\n")); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, 6)
		if _, err := io.ReadFull(f, got); err != nil || string(got) != "\r\nOK\r\n" {
			t.Fatalf("slave read %q %v", got, err)
		}
		f.Close()
	}
	if err := term.FlushInput(); err != nil {
		t.Fatal(err)
	}
	if err := term.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("link left behind: %v", err)
	}
}
