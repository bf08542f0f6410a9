package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
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
		writeBashCompletion(stdout)
	case "zsh":
		fmt.Fprint(stdout, "#compdef cellgate\n# zsh completion for cellgate: bash's, through bashcompinit\nautoload -U +X bashcompinit && bashcompinit\n")
		writeBashCompletion(stdout)
	default:
		return fmt.Errorf("completion: unknown shell %q (bash or zsh)", args[0])
	}
	return nil
}

// completionEntry is one command path with what may follow it.
type completionEntry struct {
	path  string // "" for cellgate itself, "modem psm" ...
	subs  []string
	flags []string
}

// completionEntries walks the table: every command, its subcommands and
// its flags as typed (-v, --port).
func completionEntries() []completionEntry {
	var out []completionEntry
	var walk func(path string, c *command)
	walk = func(path string, c *command) {
		e := completionEntry{path: path}
		for _, s := range c.subs {
			e.subs = append(e.subs, s.name)
		}
		if c.flags != nil {
			flagSet(c).VisitAll(func(f *flag.Flag) { e.flags = append(e.flags, dashed(f.Name)) })
			e.flags = append(e.flags, "--help")
			sort.Strings(e.flags)
		}
		out = append(out, e)
		for _, s := range c.subs {
			walk(strings.TrimSpace(path+" "+s.name), s)
		}
	}
	walk("", root)
	return out
}

func writeBashCompletion(w io.Writer) {
	entries := completionEntries()
	var paths []string
	for _, e := range entries[1:] {
		paths = append(paths, `"`+e.path+`"`)
	}
	fmt.Fprintf(w, `# bash completion for cellgate, made from its command table:
#   source <(cellgate completion bash)
_cellgate() {
	local cur="${COMP_WORDS[COMP_CWORD]}" path="" next w i cmds="" flags=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		w="${COMP_WORDS[i]}"
		[[ $w == -* ]] && continue
		next="${path:+$path }$w"
		case "$next" in
		%s) path="$next" ;;
		esac
	done
	case "$path" in
`, strings.Join(paths, "|"))
	for _, e := range entries {
		fmt.Fprintf(w, "\t%q) cmds=%q; flags=%q ;;\n", e.path, strings.Join(e.subs, " "), strings.Join(e.flags, " "))
	}
	fmt.Fprint(w, `	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
	fi
}
complete -o default -F _cellgate cellgate
`)
}
