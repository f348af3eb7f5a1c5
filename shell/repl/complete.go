package repl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/gosh-shell/gosh/shell/interp"
	"github.com/gosh-shell/gosh/shell/syntax"
	"github.com/spf13/pflag"
)

// Completer completes what the user is typing: command names (meta commands,
// plugin commands, aliases and programs) in the first word, alias names after
// :alias and :unalias, file paths after :load,
// :inspect, :trust and :untrust, and a command's own completions after its name. It implements
// readline.AutoCompleter.
type Completer struct {
	Shell *interp.Shell
}

// Do implements readline.AutoCompleter: it returns the candidates' suffixes
// after the current word's prefix, and the prefix length in runes.
func (c *Completer) Do(line []rune, pos int) ([][]rune, int) {
	if pos > len(line) {
		pos = len(line)
	}
	words, prefix := completionWords(string(line[:pos]))
	cands := c.Candidates(words, prefix)
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		out = append(out, []rune(strings.TrimPrefix(cand, prefix)))
	}
	return out, len([]rune(prefix))
}

// Candidates returns the completions of prefix after the words before it.
// Each candidate is a whole word; a directory ends in '/', any other
// candidate in a space.
func (c *Completer) Candidates(words []string, prefix string) []string {
	words, redir := currentCommand(words)
	if redir {
		return completePath(c.Shell.Dir(), prefix, false)
	}
	if len(words) > 0 {
		words = append([]string{c.aliasTarget(words[0])}, words[1:]...)
	}
	if len(words) > 0 && strings.HasPrefix(prefix, "-") {
		if cmd, ok := c.Shell.Command(words[0]); ok {
			return withSpace(filterPrefix(flagNames(words[0], cmd), prefix))
		}
	}
	if len(words) == 0 {
		names := append(c.Shell.MetaNames(), c.Shell.Registry().Names()...)
		names = append(names, c.Shell.AliasNames()...)
		names = append(names, c.Shell.ProgramNames(prefix)...)
		return withSpace(filterPrefix(names, prefix))
	}
	switch words[0] {
	case ":alias", ":unalias":
		return withSpace(filterPrefix(c.Shell.AliasNames(), prefix))
	case ":load", ":inspect", ":trust", ":untrust":
		return completePath(c.Shell.Dir(), prefix, true)
	case ":reload":
		if strings.ContainsRune(prefix, '/') || strings.HasPrefix(prefix, ".") {
			return completePath(c.Shell.Dir(), prefix, true)
		}
	case ":help":
		if len(words) == 1 {
			names := append(c.Shell.MetaNames(), c.Shell.Registry().Names()...)
			return withSpace(filterPrefix(names, prefix))
		}
		return nil
	}
	if cmd, ok := c.Shell.Command(words[0]); ok && cmd.Complete != nil {
		var got []string
		func() {
			defer func() { recover() }() // a plugin's completer must not kill the shell
			got = cmd.Complete(c.Shell, words[1:], prefix)
		}()
		return withSpace(filterPrefix(got, prefix))
	}
	return completePath(c.Shell.Dir(), prefix, false)
}

// aliasTarget returns the command an alias typed as a command name runs,
// when its value starts with a plain command name (ll='ls -l': ls), so
// that its flags and arguments complete as the command's; else name.
func (c *Completer) aliasTarget(name string) string {
	seen := map[string]bool{}
	for !seen[name] {
		seen[name] = true
		v, ok := c.Shell.Alias(name)
		if !ok {
			break
		}
		list, err := syntax.ParseLine(v)
		if err != nil || len(list.Pipelines) == 0 {
			break
		}
		w, _, _, ok := list.Pipelines[0].Cmds[0].Name()
		if !ok || command.ValidName(w) != nil && !strings.HasPrefix(w, ":") {
			break
		}
		name = w
	}
	return name
}

func filterPrefix(names []string, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func withSpace(names []string) []string {
	for i := range names {
		names[i] += " "
	}
	return names
}

// completePath completes a file path relative to dir. With pluginsOnly, files
// are offered only if they look like plugins; directories always.
func completePath(dir, prefix string, pluginsOnly bool) []string {
	dirPart, filePart := filepath.Split(prefix)
	search := dirPart
	if search == "" {
		search = "."
	}
	if strings.HasPrefix(search, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			search = filepath.Join(home, search[2:])
		}
	}
	if !filepath.IsAbs(search) {
		search = filepath.Join(dir, search)
	}
	entries, err := os.ReadDir(search)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, filePart) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(filePart, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(search, name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir:
			out = append(out, dirPart+name+"/")
		case !pluginsOnly || strings.Contains(name, ".so"):
			out = append(out, dirPart+name+" ")
		}
	}
	sort.Strings(out)
	return out
}

// completionWords splits the text before the cursor into the words typed
// so far and the prefix of the word being typed. An operator is a word of
// its own even when glued to its neighbours (a|b, >file, 2>err, x;y), so
// that what follows it completes as a command or a file. Quoted text stays
// in one word, quotes included.
func completionWords(before string) (words []string, prefix string) {
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	var quote rune
	rs := []rune(before)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote != 0:
			cur.WriteRune(r)
			if r == quote {
				quote = 0
			}
		case r == '\\' && i+1 < len(rs):
			cur.WriteRune(r)
			cur.WriteRune(rs[i+1])
			inWord = true
			i++
		case r == '\'' || r == '"':
			quote = r
			cur.WriteRune(r)
			inWord = true
		case r == ' ' || r == '\t':
			flush()
		case strings.ContainsRune("|&;<>", r):
			op := string(r)
			if r == '>' && inWord && strings.Trim(cur.String(), "012") == "" {
				op = cur.String() + op // 2>: the descriptor belongs to the operator
				cur.Reset()
				inWord = false
			}
			flush()
			if i+1 < len(rs) && (rs[i+1] == r && r != ';' && r != '<' || r == '>' && rs[i+1] == '&') {
				op += string(rs[i+1]) // || && >> >&
				i++
			}
			words = append(words, op)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		return words, cur.String()
	}
	return words, ""
}

// currentCommand returns the words of the command being typed: those after
// the last |, ||, && or ; typed as a word of its own, and whether the word
// being typed is a redirection's file name.
func currentCommand(words []string) ([]string, bool) {
	for i := len(words) - 1; i >= 0; i-- {
		switch words[i] {
		case "|", "||", "&&", ";":
			words = words[i+1:]
			i = 0
		}
	}
	if n := len(words); n > 0 {
		switch strings.TrimLeft(words[n-1], "012") {
		case "<", ">", ">>":
			return words, true
		}
	}
	return words, false
}

// flagNames returns a command's flags as typed: --name and -x.
func flagNames(name string, cmd *command.Command) []string {
	fs, err := interp.NewFlagSet(name, cmd)
	if err != nil {
		return nil
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) {
		names = append(names, "--"+f.Name)
		if f.Shorthand != "" {
			names = append(names, "-"+f.Shorthand)
		}
	})
	return names
}
