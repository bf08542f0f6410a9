package cmdtable

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// completionEntry is one command path with what may follow it.
type completionEntry struct {
	path  string // "" for the program itself, "modem psm" ...
	subs  []string
	flags []string
}

// completionEntries walks the table: every command, its subcommands and
// its flags as typed (-v, --port).
func (t *Table[R]) completionEntries() []completionEntry {
	var out []completionEntry
	var walk func(path string, c *Command[R])
	walk = func(path string, c *Command[R]) {
		e := completionEntry{path: path}
		for _, s := range c.Subs {
			e.subs = append(e.subs, s.Name)
		}
		if c.Flags != nil {
			c.FlagSet().VisitAll(func(f *flag.Flag) { e.flags = append(e.flags, dashed(f.Name)) })
			e.flags = append(e.flags, "--help")
			sort.Strings(e.flags)
		}
		out = append(out, e)
		for _, s := range c.Subs {
			walk(strings.TrimSpace(path+" "+s.Name), s)
		}
	}
	walk("", t.Root)
	return out
}

// WriteBashCompletion prints a bash completion script made from the
// table: it completes command names and each command's flags. Its comment
// tells to load it with "source <(PROGRAM completion bash)", the command
// that a program offering completion has.
func (t *Table[R]) WriteBashCompletion(w io.Writer) {
	name := t.Root.Name
	entries := t.completionEntries()
	var paths []string
	for _, e := range entries[1:] {
		paths = append(paths, `"`+e.path+`"`)
	}
	fmt.Fprintf(w, `# bash completion for %[1]s, made from its command table:
#   source <(%[1]s completion bash)
_%[1]s() {
	local cur="${COMP_WORDS[COMP_CWORD]}" path="" next w i cmds="" flags=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		w="${COMP_WORDS[i]}"
		[[ $w == -* ]] && continue
		next="${path:+$path }$w"
		case "$next" in
		%[2]s) path="$next" ;;
		esac
	done
	case "$path" in
`, name, strings.Join(paths, "|"))
	for _, e := range entries {
		fmt.Fprintf(w, "\t%q) cmds=%q; flags=%q ;;\n", e.path, strings.Join(e.subs, " "), strings.Join(e.flags, " "))
	}
	fmt.Fprintf(w, `	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
	fi
}
complete -o default -F _%[1]s %[1]s
`, name)
}
