package simimport

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cellgate/cellgate/internal/iccid"
)

func parseFile(t *testing.T, name string) ([]Row, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(name, f, 0)
}

// vendor_semicolon.csv: UTF-8 BOM, CRLF, ';', mixed-case aliases, a
// trailing unnamed column and a trailing row of empty cells.
func TestParseSemicolonVendorFile(t *testing.T) {
	t.Parallel()
	rows, err := parseFile(t, "vendor_semicolon.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 {
		t.Fatalf("got %d rows, want 8", len(rows))
	}
	want0 := Row{
		ICCID: "89883030000000123007", IMSI: "901283000004100", MSISDN: "+882340001000",
		PIN1: "1000", PIN2: "2000", PUK1: "12345670", PUK2: "87654320",
		FormFactor: "4FF", BIC: "BATCH-2024-07", Line: 2,
	}
	if rows[0] != want0 {
		t.Errorf("row 0 = %+v\nwant    %+v", rows[0], want0)
	}
	last := rows[7]
	if last.ICCID != "89883030000000123072" || last.PIN1 != "1259" || last.PUK1 != "12345747" || last.Line != 9 {
		t.Errorf("row 7 = %+v", last)
	}
	for i, r := range rows {
		if err := iccid.Check(r.ICCID); err != nil {
			t.Errorf("row %d: %v", i, err)
		}
	}
}

// vendor_comma.csv: LF, ',', quoted cells (one holding a comma), EIDs and
// MSISDNs with '+'.
func TestParseCommaVendorFile(t *testing.T) {
	t.Parallel()
	rows, err := parseFile(t, "vendor_comma.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{ICCID: "89492266000000010001", IMSI: "262010000000000", MSISDN: "+491701234500", EID: "89049032000000000000000000000066", PIN1: "4321", PUK1: "99887766", FormFactor: "MFF2, soldered", Line: 2},
		{ICCID: "89492266000000010019", IMSI: "262010000000001", MSISDN: "+491701234501", EID: "89049032000000000000000000000163", PIN1: "4322", PUK1: "99887767", FormFactor: "MFF2, soldered", Line: 3},
		{ICCID: "89492266000000010027", IMSI: "262010000000002", MSISDN: "+491701234502", EID: "89049032000000000000000000000260", PIN1: "4323", PUK1: "99887768", FormFactor: "MFF2, soldered", Line: 4},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v\nwant    %+v", i, rows[i], want[i])
		}
	}
}

// bad.csv holds one of most row problems; every one is reported, in order.
func TestParseBadFile(t *testing.T) {
	t.Parallel()
	rows, err := parseFile(t, "bad.csv")
	if rows != nil {
		t.Errorf("got %d rows with errors", len(rows))
	}
	var list *ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an *ErrorList", err)
	}
	golden, rerr := os.ReadFile(filepath.Join("testdata", "bad.csv.errors"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	if got, want := err.Error()+"\n", string(golden); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	if !errors.Is(err, iccid.ErrCheckDigit) {
		t.Error("errors.Is(err, iccid.ErrCheckDigit) = false")
	}
	for _, secret := range []string{"12a4", "1234567;"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("errors show secret %q", secret)
		}
	}
}
