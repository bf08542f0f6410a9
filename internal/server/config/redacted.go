package config

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// Redacted is c as YAML, every value filled in, fit for a log or a
// support request: the database URL shows no password (see RedactDSN).
func (c *Config) Redacted() string {
	var root yaml.Node
	if err := root.Encode(c); err != nil {
		return "# cannot show the configuration: " + err.Error() + "\n"
	}
	if db := field(&root, "database"); db != nil {
		if u := field(db, "url"); u != nil {
			u.Value = RedactDSN(c.Database.URL.Reveal())
			u.Style = yaml.DoubleQuotedStyle
			if u.Value == "" {
				u.Style = 0
			}
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return "# cannot show the configuration: " + err.Error() + "\n"
	}
	return b.String()
}

// String is Redacted.
func (c *Config) String() string { return c.Redacted() }

// field is the value of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
