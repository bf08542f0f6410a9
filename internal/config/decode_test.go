package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// speed is a leaf that reads its own text.
type speed int

func (s *speed) UnmarshalText(text []byte) error {
	switch string(text) {
	case "slow":
		*s = 1
	case "fast":
		*s = 2
	default:
		return fmt.Errorf("%q is not a speed; expected slow or fast", text)
	}
	return nil
}

// pair is a leaf that reads its node: [a, b].
type pair [2]string

func (p *pair) UnmarshalConfig(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		return fmt.Errorf("expected a pair, got %s", describe(n))
	}
	if n.Content[1].Value == "" {
		return &NodeError{Node: n.Content[1], Key: "second", Msg: "empty"}
	}
	p[0], p[1] = n.Content[0].Value, n.Content[1].Value
	return nil
}

func TestDecodeLeaves(t *testing.T) {
	t.Parallel()
	type doc struct {
		Speed speed `yaml:"speed"`
		Pair  pair  `yaml:"pair"`
	}
	for _, c := range []struct {
		yaml string
		want doc
		errs []string
	}{
		{yaml: "speed: fast\npair: [a, b]\n", want: doc{Speed: 2, Pair: pair{"a", "b"}}},
		{yaml: "speed:\n", want: doc{}},
		{yaml: "speed: warp\n", errs: []string{`f.yaml:1:8: speed: "warp" is not a speed; expected slow or fast`}},
		{yaml: "speed: [1]\n", errs: []string{`f.yaml:1:8: speed: expected a string, got a list`}},
		{yaml: "pair: x\n", errs: []string{`f.yaml:1:7: pair: expected a pair, got "x"`}},
		{yaml: "pair: [a, \"\"]\n", errs: []string{`f.yaml:1:11: pair.second: empty`}},
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(c.yaml), &n); err != nil {
			t.Fatal(err)
		}
		d := &decoder{file: "f.yaml", marks: map[string]mark{}, bad: map[string]bool{}}
		var got doc
		d.decode(n.Content[0], reflect.ValueOf(&got).Elem(), "")
		var errs []string
		for _, e := range d.errs {
			errs = append(errs, e.Error())
		}
		if strings.Join(errs, "\n") != strings.Join(c.errs, "\n") || len(c.errs) == 0 && got != c.want {
			t.Errorf("%q: %+v %q, want %+v %q", c.yaml, got, errs, c.want, c.errs)
		}
	}
}
