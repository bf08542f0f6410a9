package config

import _ "embed"

//go:embed example.yaml
var example string

// Example returns a complete configuration with every key, its default and
// a comment saying what it does. Its certificate paths (certs/ca.crt,
// certs/client.crt, certs/client.key) are relative to the file.
func Example() string { return example }
