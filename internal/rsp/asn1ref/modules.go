package asn1ref

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path/filepath"
)

// setModule is the Erlang module the ASN.1 modules compile into together.
const setModule = "RSP"

// moduleFiles are the ASN.1 modules in testdata/, imported ones first.
var moduleFiles = []string{
	"PKIX1Explicit88.asn",
	"PKIX1Implicit88.asn",
	"RSPDefinitions.asn",
	"SGP32Definitions.asn",
}

//go:embed testdata/*.asn asn1ref_server.erl
var sources embed.FS

// blankCommentLines replaces every line that holds only a comment ("--"
// after optional blanks) by an empty line, keeping the line numbers.
func blankCommentLines(text []byte) []byte {
	lines := bytes.SplitAfter(text, []byte("\n"))
	var out bytes.Buffer
	out.Grow(len(text))
	for _, line := range lines {
		if bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("--")) {
			if bytes.HasSuffix(line, []byte("\n")) {
				out.WriteByte('\n')
			}
			continue
		}
		out.Write(line)
	}
	return out.Bytes()
}

// writeSources writes the modules, the set file naming them and the
// server's Erlang source to dir.
func writeSources(dir string) error {
	var set bytes.Buffer
	for _, name := range moduleFiles {
		text, err := sources.ReadFile("testdata/" + name)
		if err != nil {
			return fmt.Errorf("module %s: %w", name, err)
		}
		text, _, err = untagChoiceReferences(name, blankCommentLines(text))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			return fmt.Errorf("module %s: %w", name, err)
		}
		set.WriteString(name + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, setModule+".set.asn"), set.Bytes(), 0o644); err != nil {
		return fmt.Errorf("set file: %w", err)
	}
	server, err := sources.ReadFile("asn1ref_server.erl")
	if err != nil {
		return fmt.Errorf("server source: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "asn1ref_server.erl"), server, 0o644); err != nil {
		return fmt.Errorf("server source: %w", err)
	}
	return nil
}
