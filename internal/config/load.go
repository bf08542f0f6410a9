package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// File size limits: a configuration, a secret, a certificate or key.
const (
	maxConfigBytes = 1 << 20
	maxSecretBytes = 64 << 10
	maxPEMBytes    = 1 << 20
)

// Load reads, decodes, completes and checks the configuration file at path.
// Every problem found is returned together, as an ErrorList.
func Load(path string) (*Config, error) {
	data, m, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	return parse(path, data, m, true)
}

// ReadFile reads a configuration file as Load does, for a program that
// decodes its own (see Decode): a regular file of at most 1 MiB that not
// every user may write. Its problem is an ErrorList naming the file;
// errors.Is(err, fs.ErrNotExist) tells a missing one.
func ReadFile(path string) ([]byte, error) {
	data, _, err := readConfigFile(path)
	return data, err
}

// readConfigFile is ReadFile also giving the file's permission bits.
func readConfigFile(path string) ([]byte, fs.FileMode, error) {
	data, m, err := readFileMode(path, maxConfigBytes)
	if err != nil {
		return nil, 0, ErrorList{{File: path, Msg: "cannot read the configuration: " + reason(err), err: err}}
	}
	if m&0o002 != 0 {
		return nil, 0, ErrorList{{File: path, Msg: fmt.Sprintf("is writable by every user (mode %#o): anyone on this host could change what cellgate runs; refused; chmod o-w %s", m, path)}}
	}
	return data, m, nil
}

// Parse decodes, completes and checks a configuration read from the file
// name: it fills in defaults, reads secrets from their files, makes paths
// absolute relative to name's directory and validates everything. Every
// problem found is returned together, as an ErrorList.
func Parse(name string, data []byte) (*Config, error) {
	return parse(name, data, 0, false)
}

// parse is Parse, given the file's permissions when it was read from one.
func parse(name string, data []byte, mode fs.FileMode, haveMode bool) (*Config, error) {
	d := newDecoder(name)
	root, ok := d.document(data)
	if !ok {
		return nil, d.errs
	}
	c := &Config{Path: name}
	if abs, err := filepath.Abs(name); err == nil && name != "" {
		c.Path = abs
	}
	if isNull(root) || root.Kind == yaml.MappingNode {
		d.decode(root, reflect.ValueOf(c).Elem(), "")
	} else {
		d.errorAt(root, "", "expected a mapping of sections (gateway, modem, buses, ...), got %s", describe(root))
	}
	k := &checker{decoder: d, mode: mode, haveMode: haveMode}
	if d.nodes <= maxNodes {
		k.defaults(c)
		k.resolvePaths(c, filepath.Dir(c.Path))
		k.readSecrets(c)
		k.validate(c)
	}
	if len(d.errs) > 0 {
		return nil, inFileOrder(d.errs)
	}
	k.warnings(c)
	c.Warnings = inFileOrder(k.warns)
	return c, nil
}

// inFileOrder sorts l by line and column; problems without a line come
// first.
func inFileOrder(l ErrorList) ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return l
}

// parseYAML reads exactly one YAML document. The parser's panics, should
// any input provoke one, are errors.
func parseYAML(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("yaml: line %d: a second document; expected one configuration per file", extra.Line)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], nil
	}
	return &doc, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML syntax error into an Error with its line.
func yamlError(name string, err error) *Error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Msg: "YAML syntax: " + m[2], err: err}
	}
	return &Error{File: name, Msg: "YAML syntax: " + strings.TrimPrefix(msg, "yaml: "), err: err}
}

// readFile reads a regular file of at most limit bytes. It looks before it
// opens: opening a FIFO or a terminal could block.
func readFile(path string, limit int64) ([]byte, error) {
	data, _, err := readFileMode(path, limit)
	return data, err
}

// readFileMode is readFile also giving the file's permission bits.
func readFileMode(path string, limit int64) ([]byte, fs.FileMode, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: errors.New("not a regular file")}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, 0, err
	}
	if int64(len(data)) > limit {
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("larger than %d bytes", limit)}
	}
	return data, st.Mode().Perm(), nil
}

// reason is err without the path a *fs.PathError repeats.
func reason(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// abs makes p absolute relative to dir; "" and "-" stay as they are.
func abs(dir, p string) string {
	if p == "" || p == "-" {
		return p
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
