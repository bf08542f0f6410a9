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
