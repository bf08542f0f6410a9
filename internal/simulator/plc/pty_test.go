package plc

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Masters open and close the terminal as they like; unanswered responses do
// not reach the next one.
func TestPTY(t *testing.T) {
	s := New(specMap(t), Config{Baud: 9600})
	link := filepath.Join(t.TempDir(), "ttyPLC")
	if err := s.StartRTU(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	tty := s.TTY()
	if target, err := os.Readlink(link); err != nil || target != tty {
		t.Fatalf("link %q %v, tty %q", target, err, tty)
	}
	req := rtu(t, 2, "03 000A 0005")
	want := rtu(t, 2, "03 0A 000A 000B 000C 0000 0000")
	for i := range 3 {
		f, err := os.OpenFile(link, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(req); err != nil {
			t.Fatal(err)
		}
		if i == 1 { // leave the response unread
			time.Sleep(50 * time.Millisecond)
			f.Close()
			time.Sleep(staleAfter + 100*time.Millisecond)
			continue
		}
		f.SetReadDeadline(time.Now().Add(2 * time.Second))
		got := make([]byte, len(want))
		if _, err := io.ReadFull(f, got); err != nil || !bytes.Equal(got, want) {
			t.Errorf("open %d: % X %v", i, got, err)
		}
		f.Close()
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("%d requests: %+v %+v", n, s.Requests(), s.Stats())
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("link left: %v", err)
	}
}
