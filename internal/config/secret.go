package config

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// UnmarshalConfig reads a secret written inline ("1234") or as {file: PATH};
// the file is read after the whole configuration is decoded.
func (s *Secret) UnmarshalConfig(n *yaml.Node) error {
	n = resolve(n)
	switch {
	case isNull(n):
		return nil
	case n.Kind == yaml.ScalarNode:
		s.Value = n.Value
		return nil
	case n.Kind != yaml.MappingNode:
		return fmt.Errorf("expected a secret (a string, or {file: PATH}), got %s", describe(n))
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		line, dup := seen[k.Value]
		switch {
		case k.Kind != yaml.ScalarNode:
			errs = append(errs, &NodeError{Node: k, Msg: "expected a plain key, got " + describe(k)})
		case dup:
			errs = append(errs, &NodeError{Node: k, Key: k.Value, Msg: fmt.Sprintf("duplicate field %q (first at line %d)", k.Value, line)})
		case k.Value != "file":
			errs = append(errs, &NodeError{Node: k, Key: k.Value, Unknown: true, Msg: "expected {file: PATH}"})
		case v.Kind != yaml.ScalarNode:
			errs = append(errs, &NodeError{Node: v, Key: "file", Msg: fmt.Sprintf("expected a string, got %s", describe(v))})
		case !isNull(v):
			s.File = v.Value
		}
		if k.Kind == yaml.ScalarNode && !dup {
			seen[k.Value] = k.Line
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if s.File == "" {
		return errors.New("no file given; expected {file: PATH}")
	}
	return nil
}
