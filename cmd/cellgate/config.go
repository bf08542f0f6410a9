package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/config"
)

// configCheckHelp is the text of "cellgate config check -h".
const configCheckHelp = `Every problem is listed with its line and field; certificates, keys and
secret files are read. What is accepted but unsafe (an unencrypted broker
not on this host, files others may read or change) is listed as a warning;
warnings alone do not fail the check.

example: cellgate config example > cellgate.yaml && cellgate config check cellgate.yaml
`

func configCheck(args []string) error {
	if len(args) != 1 {
		table.WriteHelp(stdout, root.Find("config", "check"), "cellgate config check")
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
	for _, w := range c.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	ok := "ok"
	if n := len(c.Warnings); n > 0 {
		ok += ", " + plural(n, "warning", "warnings")
	}
	fmt.Fprintf(stdout, "%s: %s (%s, %s, outputs: %s)\n", args[0], ok,
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
