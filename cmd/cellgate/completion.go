package main

import (
	"errors"
	"fmt"
)

// runCompletion implements "cellgate completion bash|zsh": a completion
// script made from the command table, completing command names and each
// command's flags.
func runCompletion(args []string) error {
	if len(args) != 1 {
		return errors.New("completion: give the shell: bash or zsh")
	}
	switch args[0] {
	case "bash":
		table.WriteBashCompletion(stdout)
	case "zsh":
		fmt.Fprint(stdout, "#compdef cellgate\n# zsh completion for cellgate: bash's, through bashcompinit\nautoload -U +X bashcompinit && bashcompinit\n")
		table.WriteBashCompletion(stdout)
	default:
		return fmt.Errorf("completion: unknown shell %q (bash or zsh)", args[0])
	}
	return nil
}
