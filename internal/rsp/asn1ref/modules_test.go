package asn1ref

import (
	"strings"
	"testing"
)

func TestBlankCommentLinesKeepsCodeAndLineNumbers(t *testing.T) {
	in := "-- header \"-- Section\" note\n  -- indented\nA ::= INTEGER -- trailing -- kept\n\nEND"
	want := "\n\nA ::= INTEGER -- trailing -- kept\n\nEND"
	if got := string(blankCommentLines([]byte(in))); got != want {
		t.Fatalf("blankCommentLines = %q, want %q", got, want)
	}
}

func TestModulesAreEmbeddedWithSourceHeaders(t *testing.T) {
	for _, name := range moduleFiles {
		text, err := sources.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatalf("module %s: %v", name, err)
		}
		module := strings.TrimSuffix(name, ".asn")
		if !strings.Contains(string(blankCommentLines(text)), module+" {") {
			t.Errorf("module %s: no %q module definition", name, module)
		}
		if !strings.HasPrefix(string(text), "-- ") {
			t.Errorf("module %s: no header comment naming its source", name)
		}
	}
}

func TestUntagChoiceReferences(t *testing.T) {
	in := "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n" +
		"C ::= [65] CHOICE { -- Tag 'BF41' {\n a INTEGER, b [81] D }\n" +
		"D ::= [81] CHOICE { x NULL }\n" +
		"S ::= SEQUENCE { c [65] C, d [80] D, e [81] D }\n" +
		"END\n"
	out, rewritten, err := untagChoiceReferences("M.asn", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n" +
		"C ::= [65] CHOICE { -- Tag 'BF41' {\n a INTEGER, b [81] D-Untagged }\n" +
		"D ::= [81] CHOICE { x NULL }\n" +
		"S ::= SEQUENCE { c [65] C-Untagged, d [80] D, e [81] D-Untagged }\n" +
		"C-Untagged ::= CHOICE { -- Tag 'BF41' {\n a INTEGER, b [81] D-Untagged }\n" +
		"D-Untagged ::= CHOICE { x NULL }\n" +
		"END\n"
	if string(out) != want {
		t.Errorf("rewritten module:\n%s\nwant:\n%s", out, want)
	}
	if got := strings.Join(rewritten, "|"); got != "[81] D|[65] C|[81] D" {
		t.Errorf("rewritten references = %q", got)
	}
}

// The published modules: every tagged reference to a tagged CHOICE and the
// two automatically tagged ones are rewritten, nothing else.
func TestUntagChoiceReferencesInTheModules(t *testing.T) {
	want := map[string]int{"PKIX1Explicit88.asn": 0, "PKIX1Implicit88.asn": 0,
		"RSPDefinitions.asn": 8, "SGP32Definitions.asn": 20}
	for _, name := range moduleFiles {
		text, err := sources.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatalf("module %s: %v", name, err)
		}
		_, rewritten, err := untagChoiceReferences(name, blankCommentLines(text))
		if err != nil {
			t.Fatalf("module %s: %v", name, err)
		}
		if len(rewritten) != want[name] {
			t.Errorf("module %s: %d references rewritten, want %d: %q", name, len(rewritten), want[name], rewritten)
		}
	}
}
