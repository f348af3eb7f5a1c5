package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// A plugin runs with all of the user's rights, so gosh loads only files that
// nobody else could have written, as sudo does for its plugins: the file, the
// directory that holds it and, when it is reached through a symbolic link,
// the link's directory, must each be owned by the user running gosh or by
// root, and writable by neither group nor others. Ancestors further up are
// not checked (a home directory is the user's own business).

// PermProblem is one file or directory that someone else could write.
type PermProblem struct {
	Path string
	What string // "writable by group and others (mode -rw-rw-rw-)"
	Fix  string // "chmod go-w /path"
}

// PermError is a plugin file or directory that gosh refuses because someone
// other than the user (or root) could have written it.
type PermError struct {
	Problems []PermProblem
}

func (e *PermError) Error() string {
	var b strings.Builder
	b.WriteString("unsafe permissions: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s is %s (fix: %s)", p.Path, p.What, p.Fix)
	}
	return b.String()
}

// CheckPerm checks a plugin file, or a directory of the plugin path, before
// gosh reads it: for a file, the file, its directory and, when path is a
// symbolic link, the real file's directory too; for a directory, the
// directory. A path that does not exist yet passes: reading it reports that.
func CheckPerm(path string) error {
	return permError(permProblems(path, os.Geteuid()))
}

// permProblems is CheckPerm's finding: the problems of path, for user me.
func permProblems(path string, me int) []PermProblem {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	real := path
	if !fi.IsDir() {
		if r, err := filepath.EvalSymlinks(path); err == nil {
			real = r
		}
	}
	return checkFile(path, real, fi, me)
}

// checkFile checks the file or directory at the absolute path path, whose
// real path (links resolved) is real and whose status is fi: the file
// itself and, for a file, the directory that holds it, under both names.
// me is the user running gosh.
func checkFile(path, real string, fi fs.FileInfo, me int) []PermProblem {
	var ps []PermProblem
	add := func(pr PermProblem, bad bool) {
		if bad {
			ps = append(ps, pr)
		}
	}
	add(checkInfo(path, fi, me))
	if fi.IsDir() {
		return ps
	}
	dir := filepath.Dir(path)
	add(checkOne(dir, me))
	if real != path {
		add(checkInfo(real, fi, me))
		if realDir := filepath.Dir(real); realDir != dir {
			add(checkOne(realDir, me))
		}
	}
	return ps
}

func permError(ps []PermProblem) error {
	if len(ps) == 0 {
		return nil
	}
	return &PermError{Problems: ps}
}

// checkOne checks one file or directory itself (a link is followed).
func checkOne(path string, me int) (PermProblem, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return PermProblem{}, false
	}
	return checkInfo(path, fi, me)
}

// checkInfo checks the file or directory at path, whose status is fi.
func checkInfo(path string, fi fs.FileInfo, me int) (PermProblem, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return PermProblem{}, false
	}
	var what, fix []string
	if int(st.Uid) != me && st.Uid != 0 {
		what = append(what, fmt.Sprintf("owned by %s, not by you (%s) or root", userName(int(st.Uid)), userName(me)))
		fix = append(fix, fmt.Sprintf("chown %s %s", userName(me), ShellQuote(path)))
	}
	perm := fi.Mode().Perm()
	if w := writers(perm); w != "" {
		mode := fmt.Sprintf("mode %04o", uint32(perm)|stickyBits(fi.Mode()))
		if fi.IsDir() && fi.Mode()&fs.ModeSticky != 0 && perm&0o002 != 0 {
			// /tmp and the like: chmod would break the system; the plugin
			// has to live somewhere else.
			what = append(what, fmt.Sprintf("a shared directory that anyone can add files to (%s)", mode))
			fix = append(fix, "keep plugins in a directory only you can write, e.g. mkdir -m 700 ~/gosh-plugins")
		} else {
			what = append(what, fmt.Sprintf("writable by %s (%s)", w, mode))
			fix = append(fix, fmt.Sprintf("chmod %s-w %s", chmodWho(perm), ShellQuote(path)))
		}
	}
	if len(what) == 0 {
		return PermProblem{}, false
	}
	return PermProblem{Path: path, What: strings.Join(what, " and "), Fix: strings.Join(fix, " && ")}, true
}

func writers(perm fs.FileMode) string {
	switch {
	case perm&0o020 != 0 && perm&0o002 != 0:
		return "group and others"
	case perm&0o020 != 0:
		return "group"
	case perm&0o002 != 0:
		return "others"
	}
	return ""
}

func chmodWho(perm fs.FileMode) string {
	who := ""
	if perm&0o020 != 0 {
		who += "g"
	}
	if perm&0o002 != 0 {
		who += "o"
	}
	return who
}

func stickyBits(m fs.FileMode) uint32 {
	var b uint32
	if m&fs.ModeSticky != 0 {
		b |= 0o1000
	}
	if m&fs.ModeSetgid != 0 {
		b |= 0o2000
	}
	if m&fs.ModeSetuid != 0 {
		b |= 0o4000
	}
	return b
}

func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil && u.Username != "" {
		return u.Username
	}
	return strconv.Itoa(uid)
}

// ShellQuote quotes a path for a command the user can paste into a shell
// (the fix in an error message): as is when it is plain, else in single
// quotes.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r == ',' || r == ':' || r == '@' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// policy is what the loader does about permissions and pinning, from
// Options.
type policy struct {
	insecure bool
	warn     func(string)
	verify   func(path, sha256 string) error
}

// checkPath runs the permission check on a file about to be loaded, and on
// the plugin cache, whose copy is what plugin.Open really maps: an error
// refuses it; with Options.Insecure a problem is a warning instead. id and
// fi are the file's identity and status when known (idOK), which spare
// looking them up again.
func (l *Loader) checkPath(path string, id FileID, fi fs.FileInfo, idOK bool) error {
	p := l.policy
	me := os.Geteuid()
	var ps []PermProblem
	if idOK {
		ps = checkFile(path, id.path, fi, me)
	} else {
		ps = permProblems(path, me)
	}
	if pr, bad := checkOne(l.cacheDir, me); bad {
		pr.What += ", and it holds the copies of plugins that gosh runs"
		ps = append(ps, pr)
	}
	err := permError(ps)
	if err == nil {
		return nil
	}
	if !p.insecure {
		return err
	}
	if p.warn != nil {
		p.warn(fmt.Sprintf("load %s: %v; loading anyway (--insecure-plugins)", path, err))
	}
	return nil
}

// checkContent refuses content that the verify policy does not pin.
func (p policy) checkContent(path, sha string) error {
	if p.verify == nil {
		return nil
	}
	return p.verify(path, sha)
}

// IsPermError reports whether err is a refusal for permissions.
func IsPermError(err error) bool {
	var pe *PermError
	return errors.As(err, &pe)
}
