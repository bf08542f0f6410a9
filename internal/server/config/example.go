package config

import _ "embed"

//go:embed example.yaml
var example string

// Example returns a configuration with every key, its default and a
// comment saying what it does; the optional keys are commented out.
func Example() string { return example }
