package repl

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/gosh-shell/gosh/shell/interp"
)

// DefaultPrompt is the prompt while PS1 is unset.
const DefaultPrompt = "gosh> "

// PromptInfo is what the escapes of PS1 show.
type PromptInfo struct {
	Dir    string // the working directory (\w, \W)
	Home   string // $HOME, shown as ~ in \w and \W; empty: none
	Status int    // the last exit status (\?)
	User   string // the user's name (\u)
	Host   string // the host's name (\h up to its first dot, \H whole)
	Root   bool   // \$ is # for root, else $
}

// ExpandPrompt expands the escapes of a PS1 value, as bash does for
// those it knows: \w the working directory with $HOME as ~, \W its last
// element, \? the last status, \u the user, \h the host up to its first
// dot, \H the whole host name, \$ # for root else $, \\ a backslash, \e
// the escape character (for colours), and \[ \] (bash's markers around
// invisible text) nothing. Any other backslash stays as typed. Control
// characters in the values shown (a directory named with a newline or an
// escape sequence) are shown as ?, so that they cannot drive the
// terminal.
func ExpandPrompt(ps1 string, in PromptInfo) string {
	var b strings.Builder
	for i := 0; i < len(ps1); i++ {
		c := ps1[i]
		if c != '\\' || i+1 == len(ps1) {
			b.WriteByte(c)
			continue
		}
		i++
		switch ps1[i] {
		case 'w':
			b.WriteString(visible(tildeDir(in.Dir, in.Home)))
		case 'W':
			b.WriteString(visible(baseDir(in.Dir, in.Home)))
		case '?':
			b.WriteString(strconv.Itoa(in.Status))
		case 'u':
			b.WriteString(visible(in.User))
		case 'h':
			host, _, _ := strings.Cut(in.Host, ".")
			b.WriteString(visible(host))
		case 'H':
			b.WriteString(visible(in.Host))
		case '$':
			if in.Root {
				b.WriteByte('#')
			} else {
				b.WriteByte('$')
			}
		case '\\':
			b.WriteByte('\\')
		case 'e':
			b.WriteByte('\x1b')
		case '[', ']':
		default:
			b.WriteByte('\\')
			b.WriteByte(ps1[i])
		}
	}
	return b.String()
}

// tildeDir is dir with a leading home directory written ~.
func tildeDir(dir, home string) string {
	home = strings.TrimSuffix(home, "/")
	switch {
	case home == "" || !filepath.IsAbs(home):
		return dir
	case dir == home:
		return "~"
	case strings.HasPrefix(dir, home+"/"):
		return "~" + dir[len(home):]
	}
	return dir
}

// baseDir is the last element of dir: ~ for the home directory, / for the
// root.
func baseDir(dir, home string) string {
	if t := tildeDir(dir, home); t == "~" {
		return t
	}
	if dir == "" {
		return ""
	}
	return filepath.Base(dir)
}

// visible replaces control characters with ?.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// prompter makes the prompt from the shell's PS1 before each line.
type prompter struct {
	user string
	root bool
}

func newPrompter() *prompter {
	p := &prompter{root: os.Geteuid() == 0}
	if u, err := user.Current(); err == nil {
		p.user = u.Username
	} else {
		p.user = os.Getenv("USER")
	}
	return p
}

// prompt returns the prompt for the next line: PS1 expanded, or
// DefaultPrompt while PS1 is unset (set and empty, there is none).
func (p *prompter) prompt(sh *interp.Shell) string {
	ps1, ok := sh.Get("PS1")
	if !ok {
		return DefaultPrompt
	}
	home, _ := sh.Get("HOME")
	host, _ := os.Hostname()
	return ExpandPrompt(ps1, PromptInfo{
		Dir: sh.Dir(), Home: home, Status: sh.Status(), User: p.user, Host: host, Root: p.root,
	})
}
