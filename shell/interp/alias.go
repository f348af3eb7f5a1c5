package interp

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/syntax"
	"github.com/spf13/pflag"
)

// Aliases: :alias NAME='VALUE' makes NAME, typed as a command name, stand
// for VALUE, which is gosh syntax (words, pipelines, lists, redirections).

// maxAliasExpansion bounds the length of a line after alias expansion:
// aliases that each use two others grow a line exponentially, and a typo
// must not take the shell's memory.
const maxAliasExpansion = 1 << 20

// errAliasTooLong is the error of an expansion past maxAliasExpansion.
var errAliasTooLong = fmt.Errorf("alias expansion is longer than %d bytes (aliases that use each other several times?)", maxAliasExpansion)

// ExpandAliases replaces, in line, the command name of every simple
// command (the first word, and the first after each |, ;, && and ||) that
// is an alias with the alias's value, and the names in that value in turn,
// as sh does. An alias is not expanded again inside its own expansion, so
// that ls='ls -l' means the command ls. A quoted or escaped name ('ls',
// \ls) is never an alias. The line is returned as it is when it does not
// parse, for the caller to report.
func ExpandAliases(line string, aliases map[string]string) (string, error) {
	if len(aliases) == 0 {
		return line, nil
	}
	out, err := expandAliases(line, aliases, map[string]bool{})
	if err != nil {
		return line, err
	}
	return out, nil
}

func expandAliases(line string, aliases map[string]string, active map[string]bool) (string, error) {
	list, err := syntax.ParseLine(line)
	if err != nil {
		return line, nil // the caller reports the line's errors
	}
	var b strings.Builder
	last := 0
	for _, pl := range list.Pipelines {
		for _, c := range pl.Cmds {
			name, start, end, ok := c.Name()
			value, isAlias := aliases[name]
			if !ok || !isAlias || active[name] {
				continue
			}
			active[name] = true
			sub, err := expandAliases(value, aliases, active)
			delete(active, name)
			if err != nil {
				return "", err
			}
			b.WriteString(line[last:start])
			b.WriteString(sub)
			// The value's last token must not run into what follows:
			// alias x='echo 2' then x>f is "echo 2 >f", not "echo 2>f".
			if end < len(line) && (line[end] == '<' || line[end] == '>') {
				b.WriteByte(' ')
			}
			last = end
			if b.Len() > maxAliasExpansion {
				return "", errAliasTooLong
			}
		}
	}
	if last == 0 {
		return line, nil
	}
	b.WriteString(line[last:])
	if b.Len() > maxAliasExpansion {
		return "", errAliasTooLong
	}
	return b.String(), nil
}

// CheckAlias reports whether name and value can make an alias: name is a
// valid command name (command.ValidName) and value a complete line of
// gosh syntax.
func CheckAlias(name, value string) error {
	if err := command.ValidName(name); err != nil {
		return fmt.Errorf("alias name: %w", err)
	}
	if _, err := syntax.ParseLine(value); err != nil {
		return fmt.Errorf("alias %s: value %s: %w", name, QuoteAliasValue(value), err)
	}
	return nil
}

// QuoteAliasValue quotes value in single quotes, as :alias lists it, so
// that the line can be typed or pasted back: a ' becomes '\”.
func QuoteAliasValue(value string) string {
	return "'" + strings.ReplaceAll(value, "'", `'\''`) + "'"
}

// AliasNames returns the names of the aliases, sorted.
func (s *Shell) AliasNames() []string {
	names := make([]string, 0, len(s.aliases))
	for n := range s.aliases {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Alias returns the value of an alias.
func (s *Shell) Alias(name string) (string, bool) {
	v, ok := s.aliases[name]
	return v, ok
}

// aliasCommands are :alias and :unalias.
func (s *Shell) aliasCommands() map[string]*command.Command {
	return map[string]*command.Command{
		":alias": {
			Summary: "define aliases (NAME='VALUE'), list them, or show some",
			Usage:   "[NAME[=VALUE]...]",
			Help: "An alias stands for its value when its NAME is typed as a command name: the first\n" +
				"word of a command, also after |, ;, && and ||. The value is gosh syntax. An alias is\n" +
				"not expanded inside its own value, so :alias ls='ls -l' works. A definition takes\n" +
				"effect from the next line.",
			Run: s.metaAlias,
		},
		":unalias": {
			Summary: "remove aliases",
			Usage:   "[-a] NAME...",
			Flags:   func(fs *pflag.FlagSet) { fs.BoolP("all", "a", false, "remove every alias") },
			Run:     s.metaUnalias,
		},
	}
}

func (s *Shell) metaAlias(_ context.Context, call *command.Call) error {
	if len(call.Args) == 0 {
		for _, n := range s.AliasNames() {
			if _, err := fmt.Fprintf(call.Stdout, ":alias %s=%s\n", n, QuoteAliasValue(s.aliases[n])); err != nil {
				return err
			}
		}
		return nil
	}
	var bad []error
	for _, arg := range call.Args {
		name, value, define := strings.Cut(arg, "=")
		if !define {
			v, ok := s.aliases[name]
			if !ok {
				bad = append(bad, fmt.Errorf("%s: not an alias", name))
				continue
			}
			fmt.Fprintf(call.Stdout, ":alias %s=%s\n", name, QuoteAliasValue(v))
			continue
		}
		if err := CheckAlias(name, value); err != nil {
			bad = append(bad, err)
			continue
		}
		if s.aliases == nil {
			s.aliases = map[string]string{}
		}
		s.aliases[name] = value
	}
	return s.aliasErrors(call, bad)
}

func (s *Shell) metaUnalias(_ context.Context, call *command.Call) error {
	if all, _ := call.Flags.GetBool("all"); all {
		if len(call.Args) > 0 {
			return command.Usagef("-a takes no names")
		}
		s.aliases = nil
		return nil
	}
	if len(call.Args) == 0 {
		return command.Usagef("name at least one alias, or -a for all")
	}
	var bad []error
	for _, name := range call.Args {
		if _, ok := s.aliases[name]; !ok {
			bad = append(bad, fmt.Errorf("%s: not an alias", name))
			continue
		}
		delete(s.aliases, name)
	}
	return s.aliasErrors(call, bad)
}

// aliasErrors reports each error but the last on its own line; the last
// is the command's error, and the status is 1 if there was any.
func (s *Shell) aliasErrors(call *command.Call, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	for _, e := range errs[:len(errs)-1] {
		s.errorTo(call.Stderr, "%s: %v", call.Name, e)
	}
	return errs[len(errs)-1]
}
