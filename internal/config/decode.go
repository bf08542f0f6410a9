package config

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// maxNodes bounds the values one file may hold, aliases expanded, so that
// a few lines of aliases cannot make the decoder run for ever.
const maxNodes = 100_000

// mark is where a field's value was written.
type mark struct {
	line, col int
	set       bool // a value other than null
}

// decoder fills a Config from a yaml.Node tree and remembers where every
// field was written, so that later checks can point at it.
type decoder struct {
	file  string
	marks map[string]mark
	errs  ErrorList
	bad   map[string]bool // fields already reported
	nodes int
}

// NodeUnmarshaler is a value that reads itself from its YAML node rather
// than from its text, such as a Secret ("1234" or {file: PATH}). Its error
// is reported at the node; a *NodeError, or several joined, point at a part
// of it.
type NodeUnmarshaler interface {
	UnmarshalConfig(node *yaml.Node) error
}

// NodeError is a problem with a part of a node a NodeUnmarshaler reads:
// Node is where it is and Key, if not "", the field within the value.
// Unknown says that Key is not a field the value has; Msg then says what
// is expected.
type NodeError struct {
	Node    *yaml.Node
	Key     string
	Unknown bool
	Msg     string
}

func (e *NodeError) Error() string { return e.Msg }

var (
	durationType        = reflect.TypeFor[Duration]()
	stdDurationType     = reflect.TypeFor[time.Duration]()
	sizeType            = reflect.TypeFor[Size]()
	nodeUnmarshalerType = reflect.TypeFor[NodeUnmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// newDecoder starts decoding the file name.
func newDecoder(name string) *decoder {
	return &decoder{file: name, marks: map[string]mark{}, bad: map[string]bool{}}
}

// document reads the one YAML document in data. A syntax error is
// recorded, and then every later problem is left unreported: ok is false
// and there is nothing to decode.
func (d *decoder) document(data []byte) (root *yaml.Node, ok bool) {
	root, err := parseYAML(data)
	if err != nil {
		d.errs = append(d.errs, yamlError(d.file, err))
		d.bad[""] = true
		return nil, false
	}
	return root, true
}

// errorAt records a problem at node n, for field path.
func (d *decoder) errorAt(n *yaml.Node, path, format string, args ...any) {
	d.bad[path] = true
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Field: path, Msg: fmt.Sprintf(format, args...)})
}

// mark remembers where path's value is: a scalar's own position, or the key
// that introduces a mapping or list.
func (d *decoder) mark(path string, key, val *yaml.Node) {
	at := key
	if val.Kind == yaml.ScalarNode {
		at = val
	}
	d.marks[path] = mark{line: at.Line, col: at.Column, set: !isNull(val)}
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node is, for "expected X, got Y".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

// decode stores node n into v.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = resolve(n)
	if d.nodes++; d.nodes > maxNodes {
		if d.nodes == maxNodes+1 {
			d.errorAt(n, path, "too many values (more than %d, aliases expanded); expected a configuration of reasonable size", maxNodes)
		}
		return
	}
	if pt := reflect.PointerTo(v.Type()); pt.Implements(nodeUnmarshalerType) {
		d.decodeNode(n, v.Addr().Interface().(NodeUnmarshaler), path)
		return
	} else if pt.Implements(textUnmarshalerType) || v.Type() == stdDurationType {
		d.decodeScalar(n, v, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), path)
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

// pairs checks that n is a mapping with plain, unique keys and calls f for
// each pair.
func (d *decoder) pairs(n *yaml.Node, path, what string, f func(key string, k, v *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorAt(n, path, "expected %s, got %s", what, describe(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorAt(k, path, "expected a plain key, got %s", describe(k))
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errorAt(k, join(path, k.Value), "duplicate field %q (first at line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		f(k.Value, k, v)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	fields := map[string]int{}
	var names []string
	for i := range v.NumField() {
		tag := v.Type().Field(i).Tag.Get("yaml")
		if tag != "" && tag != "-" {
			fields[tag] = i
			names = append(names, tag)
		}
	}
	d.pairs(n, path, "a mapping of fields ("+strings.Join(names, ", ")+")", func(key string, k, val *yaml.Node) {
		i, ok := fields[key]
		if !ok {
			d.errorAt(k, join(path, key), "%s", unknownField(key, path, names))
			return
		}
		d.mark(join(path, key), k, resolve(val))
		d.decode(val, v.Field(i), join(path, key))
	})
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorAt(n, path, "expected a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.mark(p, resolve(item), resolve(item))
		d.decode(item, s.Index(i), p)
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	m := reflect.MakeMap(v.Type())
	d.pairs(n, path, "a mapping", func(key string, k, val *yaml.Node) {
		e := reflect.New(v.Type().Elem()).Elem()
		d.mark(join(path, key), k, resolve(val))
		d.decode(val, e, join(path, key))
		m.SetMapIndex(reflect.ValueOf(key), e)
	})
	v.Set(m)
}

// decodeNode lets a NodeUnmarshaler read n, and remembers where the
// fields of a mapping were written.
func (d *decoder) decodeNode(n *yaml.Node, u NodeUnmarshaler, path string) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := resolve(n.Content[i]); k.Kind == yaml.ScalarNode {
				d.mark(join(path, k.Value), k, resolve(n.Content[i+1]))
			}
		}
	}
	err := u.UnmarshalConfig(n)
	if err == nil {
		return
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		if ne, ok := errors.AsType[*NodeError](e); ok && ne.Unknown {
			d.errorAt(ne.Node, join(path, ne.Key), "unknown field %q in %s; %s", ne.Key, path, ne.Msg)
		} else if ok {
			d.errorAt(ne.Node, join(path, ne.Key), "%s", ne.Msg)
		} else {
			d.errorAt(n, path, "%v", e)
		}
	}
}

// decodeScalar stores a scalar in a string, number, bool, time.Duration or
// a value that reads its text (encoding.TextUnmarshaler), whose error is
// the field's.
func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	want := expectation(v.Type(), path)
	if n.Kind != yaml.ScalarNode {
		d.errorAt(n, path, "expected %s, got %s", want, describe(n))
		return
	}
	if isNull(n) {
		return
	}
	s := n.Value
	if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
		if err := u.UnmarshalText([]byte(s)); err != nil {
			d.errorAt(n, path, "%v", err)
		}
		return
	}
	if v.Type() == stdDurationType {
		x, err := ParseDuration(s)
		if err != nil {
			d.errorAt(n, path, "%v", err)
			return
		}
		v.SetInt(int64(x))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int:
		x, err := parseInt(s)
		if err != nil {
			d.errorAt(n, path, "%q is not a number; expected %s", s, want)
			return
		}
		v.SetInt(x)
	case reflect.Float64:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			d.errorAt(n, path, "%q is not a number; expected %s", s, want)
			return
		}
		v.SetFloat(x)
	case reflect.Bool:
		switch strings.ToLower(s) {
		case "true", "yes", "on":
			v.SetBool(true)
		case "false", "no", "off":
			v.SetBool(false)
		default:
			d.errorAt(n, path, "%q is not a boolean; expected true or false", s)
		}
	default:
		panic("config: no decoder for " + v.Type().String())
	}
}

// parseInt reads a decimal number, or a hexadecimal one after "0x" (a
// leading 0 does not make it octal).
func parseInt(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		return strconv.ParseInt(h, 16, strconv.IntSize)
	}
	return strconv.ParseInt(s, 10, strconv.IntSize)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
