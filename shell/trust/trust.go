// Package trust keeps gosh's trust file: the SHA-256 of each plugin the user
// pinned with gosh trust, and whether gosh must refuse every other plugin.
//
// The file ($XDG_CONFIG_HOME/gosh/trusted, default ~/.config/gosh/trusted)
// is text, one entry a line, as sha256sum writes them:
//
//	# comments and blank lines are kept
//	verify on
//	9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  /home/you/gosh/plugins/core.so
//
// "verify on" (or a bare "verify") makes gosh refuse any plugin whose content
// is not pinned, as the --verify flag does; "verify off" is the default. The
// path is informational: a pin is for content, wherever the file lives.
// A line that is none of these is reported with its number and kept as it
// is; it never stops the rest of the file from being read.
//
// Writes are atomic: a new file is written and synced beside the old one,
// then renamed over it, so that a crash mid-write leaves the old file or the
// new one, never a mix. Writers take a lock, so that two gosh processes
// pinning at once both get their entry in.
package trust

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// LineError is a line of the trust file that is not an entry, a setting, a
// comment or blank.
type LineError struct {
	File string // the trust file's path, if known
	Line int    // 1-based
	Msg  string
}

func (e *LineError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("trust file line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("trust file %s:%d: %s", e.File, e.Line, e.Msg)
}

type lineKind int

const (
	kindOther   lineKind = iota // comment, blank, or a bad line kept verbatim
	kindEntry                   // SHA256  PATH
	kindSetting                 // verify on|off
)

type line struct {
	kind lineKind
	raw  string // the line as read, for kindOther
	sha  string
	path string
}

// File is a parsed trust file.
type File struct {
	lines []line
	// Verify is the "verify" setting.
	Verify bool
	// Errors are the lines that could not be understood, in order.
	Errors []*LineError
}

// Entry is one pin.
type Entry struct {
	SHA256 string
	Path   string
}

// maxLine bounds one line: a trust file is small, and a huge line is damage.
const maxLine = 64 << 10

// Parse reads a trust file's content. It never fails: a line it cannot
// understand is recorded in Errors and kept verbatim.
func Parse(data []byte) *File {
	f := &File{}
	text := string(data)
	text = strings.TrimSuffix(text, "\n")
	if len(data) == 0 {
		return f
	}
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		s := strings.TrimSuffix(raw, "\r")
		trimmed := strings.TrimSpace(s)
		switch {
		case len(raw) > maxLine:
			f.bad(raw, n, fmt.Sprintf("line of %d bytes, longer than %d", len(raw), maxLine))
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			f.lines = append(f.lines, line{kind: kindOther, raw: raw})
		case trimmed == "verify" || strings.HasPrefix(trimmed, "verify ") || strings.HasPrefix(trimmed, "verify\t"):
			v := strings.TrimSpace(strings.TrimPrefix(trimmed, "verify"))
			switch v {
			case "", "on", "true", "yes":
				f.Verify = true
			case "off", "false", "no":
				f.Verify = false
			default:
				f.bad(raw, n, fmt.Sprintf("verify setting %q: want on or off", clip(v)))
				continue
			}
			f.lines = append(f.lines, line{kind: kindSetting, raw: raw})
		default:
			sha, path, ok := strings.Cut(s, "  ")
			if !ok {
				f.bad(raw, n, fmt.Sprintf("%q is not SHA256, two spaces, PATH", clip(s)))
				continue
			}
			sha = strings.ToLower(strings.TrimSpace(sha))
			if !validSHA(sha) {
				f.bad(raw, n, fmt.Sprintf("%q is not a SHA-256 (64 hexadecimal digits)", clip(sha)))
				continue
			}
			if path == "" {
				f.bad(raw, n, "no path after the SHA-256")
				continue
			}
			f.lines = append(f.lines, line{kind: kindEntry, sha: sha, path: path})
		}
	}
	return f
}

func (f *File) bad(raw string, n int, msg string) {
	f.lines = append(f.lines, line{kind: kindOther, raw: raw})
	f.Errors = append(f.Errors, &LineError{Line: n, Msg: msg})
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:60] + "..."
	}
	return s
}

func validSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Bytes returns the file's content: the lines as read, with entries and
// settings as they are now.
func (f *File) Bytes() []byte {
	var b bytes.Buffer
	for _, l := range f.lines {
		switch l.kind {
		case kindEntry:
			b.WriteString(l.sha + "  " + l.path + "\n")
		case kindSetting:
			if f.Verify {
				b.WriteString("verify on\n")
			} else {
				b.WriteString("verify off\n")
			}
		default:
			b.WriteString(l.raw + "\n")
		}
	}
	return b.Bytes()
}

// Entries returns the pins in file order.
func (f *File) Entries() []Entry {
	var es []Entry
	for _, l := range f.lines {
		if l.kind == kindEntry {
			es = append(es, Entry{SHA256: l.sha, Path: l.path})
		}
	}
	return es
}

// Pinned reports whether content with this SHA-256 is pinned.
func (f *File) Pinned(sha string) bool {
	sha = strings.ToLower(sha)
	for _, l := range f.lines {
		if l.kind == kindEntry && l.sha == sha {
			return true
		}
	}
	return false
}

// Add pins sha for path. An earlier pin for the same path (an older build of
// the file) is replaced; it reports whether anything changed.
func (f *File) Add(sha, path string) (bool, error) {
	sha = strings.ToLower(sha)
	if !validSHA(sha) {
		return false, fmt.Errorf("%q is not a SHA-256", sha)
	}
	if path == "" || strings.ContainsAny(path, "\n\r") {
		return false, fmt.Errorf("path %q cannot be written in the trust file (empty, or holds a newline)", path)
	}
	for i, l := range f.lines {
		if l.kind == kindEntry && l.path == path {
			if l.sha == sha {
				return false, nil
			}
			f.lines[i].sha = sha
			// A second, older entry for the path goes.
			f.removeWhere(func(m line) bool { return m.kind == kindEntry && m.path == path && m.sha != sha })
			return true, nil
		}
	}
	f.lines = append(f.lines, line{kind: kindEntry, sha: sha, path: path})
	return true, nil
}

// Remove unpins every entry for path and every entry with one of the given
// hashes, and returns how many entries went.
func (f *File) Remove(path string, shas ...string) int {
	return f.removeWhere(func(l line) bool {
		if l.kind != kindEntry {
			return false
		}
		if l.path == path {
			return true
		}
		for _, s := range shas {
			if strings.EqualFold(s, l.sha) {
				return true
			}
		}
		return false
	})
}

func (f *File) removeWhere(drop func(line) bool) int {
	kept := f.lines[:0]
	n := 0
	for _, l := range f.lines {
		if drop(l) {
			n++
			continue
		}
		kept = append(kept, l)
	}
	f.lines = kept
	return n
}

// Read reads the trust file at path. A missing file is an empty one. Line
// errors carry the file's path.
func Read(path string) (*File, error) {
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	// A trust file of more than a few MiB is not one gosh wrote.
	data, err := io.ReadAll(io.LimitReader(fh, 16<<20+1))
	if err != nil {
		return nil, err
	}
	if len(data) > 16<<20 {
		return nil, fmt.Errorf("trust file %s: larger than 16 MiB, not a trust file", path)
	}
	f := Parse(data)
	for _, e := range f.Errors {
		e.File = path
	}
	return f, nil
}

// Update reads the trust file, lets change modify it, and writes it back
// atomically, holding a lock on its directory so that concurrent updates
// are serialized. The directory is created 0700 if missing; the file is
// written 0644. When change returns an error, nothing is written.
func Update(path string, change func(*File) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("lock %s: %w", dir, err)
	}
	defer syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
	f, err := Read(path)
	if err != nil {
		return err
	}
	if err := change(f); err != nil {
		return err
	}
	return writeAtomic(path, f.Bytes(), d)
}

// writeAtomic replaces path with data: temporary file in the same
// directory, fsync, chmod 0644, rename, fsync of the directory.
func writeAtomic(path string, data []byte, dir *os.File) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trusted-*.tmp")
	if err != nil {
		return err
	}
	clean := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return clean(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return clean(err)
	}
	if err := tmp.Sync(); err != nil {
		return clean(err)
	}
	if err := tmp.Close(); err != nil {
		return clean(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return dir.Sync()
}

// DefaultPath returns $XDG_CONFIG_HOME/gosh/trusted, or
// $HOME/.config/gosh/trusted, from environ (KEY=VALUE entries); "" if
// neither is known.
func DefaultPath(environ []string) string {
	if dir := lookup(environ, "XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "gosh", "trusted")
	}
	home := lookup(environ, "HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return ""
		}
	}
	return filepath.Join(home, ".config", "gosh", "trusted")
}

func lookup(environ []string, key string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// HashFile returns the hex SHA-256 of a file's content (a link is
// followed) and the path as named, made absolute.
func HashFile(path string) (sha, abs string, err error) {
	abs, err = filepath.Abs(path)
	if err != nil {
		return "", "", err
	}
	fh, err := os.Open(abs)
	if err != nil {
		return "", abs, err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return "", abs, err
	}
	if !fi.Mode().IsRegular() {
		return "", abs, fmt.Errorf("%s: not a regular file", abs)
	}
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", abs, err
	}
	return hex.EncodeToString(h.Sum(nil)), abs, nil
}

// Change is what Pin or Unpin did to one path.
type Change struct {
	Path   string
	SHA256 string
	// Changed is false when the file was pinned already (Pin) or not
	// pinned (Unpin).
	Changed bool
	Err     error
}

// Pin pins the current content of each file in the trust file at
// trustPath, in one atomic update.
func Pin(trustPath string, paths []string) ([]Change, error) {
	cs := make([]Change, len(paths))
	for i, p := range paths {
		cs[i].SHA256, cs[i].Path, cs[i].Err = HashFile(p)
	}
	return PinHashes(trustPath, cs)
}

// PinHashes is Pin for content already hashed: each change's SHA256 for
// its Path (absolute), unless it has an Err. It returns cs, with Changed
// and Err set.
func PinHashes(trustPath string, cs []Change) ([]Change, error) {
	err := Update(trustPath, func(f *File) error {
		for i := range cs {
			if cs[i].Err == nil {
				cs[i].Changed, cs[i].Err = f.Add(cs[i].SHA256, cs[i].Path)
			}
		}
		return nil
	})
	return cs, err
}

// Unpin removes the pins of each path: the entries recorded for that path,
// and the entries for its current content if the file exists.
func Unpin(trustPath string, paths []string) ([]Change, error) {
	cs := make([]Change, len(paths))
	for i, p := range paths {
		sha, abs, err := HashFile(p)
		cs[i].Path, cs[i].SHA256 = abs, sha
		if abs == "" {
			cs[i].Err = err
		}
	}
	err := Update(trustPath, func(f *File) error {
		for i := range cs {
			if cs[i].Err != nil {
				continue
			}
			var shas []string
			if cs[i].SHA256 != "" {
				shas = append(shas, cs[i].SHA256)
			}
			cs[i].Changed = f.Remove(cs[i].Path, shas...) > 0
		}
		return nil
	})
	return cs, err
}
