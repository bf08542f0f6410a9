package asn1ref

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
)

// Erlang's ASN.1 compiler always tags a CHOICE explicitly, even when the
// CHOICE type carries a tag of its own. X.680 (02/2021) §31.2.7 makes the
// tag implicit there in an AUTOMATIC TAGS module: "[81] EuiccPackageResult",
// with EuiccPackageResult ::= [81] CHOICE, is one 'BF51' on the wire, not
// two; an automatic [1] on a component of type [65] CHOICE replaces 'BF41'
// by 'A1'. So that the compiled codec gives the X.680 encoding, the copy it
// compiles refers in those places to an untagged twin of the CHOICE, whose
// explicit tag then yields the same bytes:
//
//	Name ::= [N] CHOICE {...}  gains  Name-Untagged ::= CHOICE {...}
//	[N] Name                   becomes  [N] Name-Untagged
//
// and the components that automatic tagging reaches (automaticChoiceTags)
// likewise. The values in Erlang terms are the same, {alternative, Value}.

// automaticChoiceTags are the components of a tagged CHOICE type in the
// automatically tagged component lists of the modules, by module file.
var automaticChoiceTags = map[string][]string{
	"RSPDefinitions.asn":   {"cancelSessionResponse CancelSessionResponse"},
	"SGP32Definitions.asn": {"cancelSessionResponse SGP32-CancelSessionResponse"},
}

var (
	taggedChoicePattern = regexp.MustCompile(`(?m)^([A-Za-z][A-Za-z0-9-]*)\s*::=\s*\[(\d+)\]\s*CHOICE\s*\{`)
	taggedRefPattern    = regexp.MustCompile(`\[(\d+)\]\s+([A-Za-z][A-Za-z0-9-]*)`)
	moduleEndPattern    = regexp.MustCompile(`(?m)^END\s*$`)
	spacePattern        = regexp.MustCompile(`\s+`)
)

// untagChoiceReferences rewrites one module's text (comment lines already
// blanked) as described above and returns the rewritten references.
func untagChoiceReferences(file string, text []byte) ([]byte, []string, error) {
	type choice struct{ tag string }
	choices := map[string]choice{}
	for _, m := range taggedChoicePattern.FindAllSubmatchIndex(text, -1) {
		choices[string(text[m[2]:m[3]])] = choice{tag: string(text[m[4]:m[5]])}
	}
	used := map[string]bool{}
	var rewritten []string
	out := taggedRefPattern.ReplaceAllFunc(text, func(ref []byte) []byte {
		sub := taggedRefPattern.FindSubmatch(ref)
		c, ok := choices[string(sub[2])]
		if !ok || c.tag != string(sub[1]) {
			return ref
		}
		used[string(sub[2])] = true
		rewritten = append(rewritten, string(ref))
		return append(ref[:len(ref):len(ref)], "-Untagged"...)
	})
	for _, component := range automaticChoiceTags[file] {
		pattern := regexp.MustCompile(`\b` + spacePattern.ReplaceAllString(regexp.QuoteMeta(component), `\s+`) + `\b`)
		if n := len(pattern.FindAll(out, -1)); n != 1 {
			return nil, nil, fmt.Errorf("module %s: component %q found %d times, want once", file, component, n)
		}
		name := component[bytes.LastIndexByte([]byte(component), ' ')+1:]
		if _, ok := choices[name]; !ok {
			return nil, nil, fmt.Errorf("module %s: component %q: %s is not a tagged CHOICE here", file, component, name)
		}
		used[name] = true
		rewritten = append(rewritten, component)
		out = pattern.ReplaceAllFunc(out, func(b []byte) []byte { return append(b[:len(b):len(b)], "-Untagged"...) })
	}
	if len(used) == 0 {
		return out, nil, nil
	}
	end := moduleEndPattern.FindAllIndex(out, -1)
	if len(end) == 0 {
		return nil, nil, fmt.Errorf("module %s: no END", file)
	}
	// The twins take the bodies as rewritten: a CHOICE may hold another.
	bodies := map[string][]byte{}
	for _, m := range taggedChoicePattern.FindAllSubmatchIndex(out, -1) {
		end, err := matchBrace(out, m[1]-1)
		if err != nil {
			return nil, nil, fmt.Errorf("module %s: CHOICE %s: %w", file, out[m[2]:m[3]], err)
		}
		bodies[string(out[m[2]:m[3]])] = out[m[1]-1 : end+1]
	}
	names := make([]string, 0, len(used))
	for name := range used {
		names = append(names, name)
	}
	sort.Strings(names)
	var twins bytes.Buffer
	for _, name := range names {
		fmt.Fprintf(&twins, "%s-Untagged ::= CHOICE %s\n", name, bodies[name])
	}
	at := end[len(end)-1][0]
	return append(append(append([]byte{}, out[:at]...), twins.Bytes()...), out[at:]...), rewritten, nil
}

// matchBrace returns the index of the brace closing the one at open,
// skipping comments ("--" to the next "--" or the end of the line).
func matchBrace(text []byte, open int) (int, error) {
	depth := 0
	for i := open; i < len(text); i++ {
		switch {
		case text[i] == '-' && i+1 < len(text) && text[i+1] == '-':
			i += 2
			for i < len(text) && text[i] != '\n' && !(text[i] == '-' && i+1 < len(text) && text[i+1] == '-') {
				i++
			}
			if i < len(text) && text[i] == '-' {
				i++
			}
		case text[i] == '{':
			depth++
		case text[i] == '}':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("no closing brace")
}
