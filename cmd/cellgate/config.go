package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/config"
)

const configUsage = `usage:
  cellgate config check FILE
        read and check a configuration file: every problem is listed with
        its line and field; certificates, keys and secret files are read
  cellgate config example
        print a complete configuration with every key, its default and
        what it does

example: cellgate config example > cellgate.yaml
`

// runConfig implements "cellgate config".
func runConfig(args []string) error {
	return subcommand("config", configUsage, args, map[string]func([]string) error{
		"check":   configCheck,
		"example": configExample,
	})
}

func configCheck(args []string) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stdout, configUsage)
		return errors.New("config check: give one FILE")
	}
	c, err := config.Load(args[0])
	if err != nil {
		var list config.ErrorList
		if errors.As(err, &list) && len(list) > 1 {
			return fmt.Errorf("config check: %d problems:\n%w", len(list), err)
		}
		return fmt.Errorf("config check: %w", err)
	}
	devices := 0
	for _, b := range c.Buses {
		devices += len(b.Devices)
	}
	var outputs []string
	if c.Outputs.MQTT != nil {
		outputs = append(outputs, "mqtt")
	}
	if c.Outputs.HTTPS != nil {
		outputs = append(outputs, "https")
	}
	fmt.Fprintf(stdout, "%s: ok (%s, %s, outputs: %s)\n", args[0],
		plural(len(c.Buses), "bus", "buses"), plural(devices, "device", "devices"), strings.Join(outputs, ", "))
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func configExample(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("config example: unexpected argument %q", args[0])
	}
	_, err := fmt.Fprint(stdout, config.Example())
	return err
}
