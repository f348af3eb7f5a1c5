package main

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

var lsCmd = &command.Command{
	Summary: "list directory contents",
	Usage:   "[-a] [-l] [-1] [FILE...]",
	Help: "ls lists each FILE that is not a directory, then the contents of each directory,\n" +
		"sorted by name, one per line. Without FILE it lists \".\". A FILE that does not\n" +
		"exist is reported and skipped, and the exit status is then 1.",
	Flags: func(fs *pflag.FlagSet) {
		fs.BoolP("all", "a", false, "list entries whose names start with '.', and . and ..")
		fs.BoolP("long", "l", false, "long format: mode, size, modification time, name")
		fs.BoolP("one-per-line", "1", false, "one entry per line (always the case; accepted for scripts)")
	},
	Run: runLs,
}

// lsEntry is one line of a listing.
type lsEntry struct {
	name string      // as shown
	path string      // where it is, to read a symbolic link's target
	info fs.FileInfo // nil unless the listing is long
}

type lsOptions struct {
	all, long bool
	now       time.Time // decides between the time and the year in long format
}

func runLs(ctx context.Context, call *command.Call) error {
	var opts lsOptions
	opts.all, _ = call.Flags.GetBool("all")
	opts.long, _ = call.Flags.GetBool("long")
	opts.now = time.Now()

	names := append([]string(nil), call.Args...)
	if len(names) == 0 {
		names = []string{"."}
	}
	sort.Strings(names)

	// As in GNU ls: missing arguments first, then the files, then each
	// directory under a heading when there is more than one argument.
	failed := false
	var files []lsEntry
	var dirs []string
	for _, name := range names {
		path := call.Path(name)
		info, err := statArg(path, opts.long)
		if err != nil {
			report(call, name, err)
			failed = true
			continue
		}
		if info.IsDir() {
			dirs = append(dirs, name)
			continue
		}
		files = append(files, lsEntry{name: name, path: path, info: info})
	}

	w := bufio.NewWriter(call.Stdout)
	writeEntries(w, files, opts)
	for i, name := range dirs {
		if err := ctx.Err(); err != nil {
			w.Flush()
			return err
		}
		if len(files) > 0 || i > 0 {
			w.WriteString("\n")
		}
		if len(names) > 1 {
			w.WriteString(name + ":\n")
		}
		entries, err := readDir(call.Path(name), opts)
		writeEntries(w, entries, opts)
		if err != nil {
			// Flush first, so that the message comes after what was listed.
			if err := w.Flush(); err != nil {
				return err
			}
			report(call, name, err)
			failed = true
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if failed {
		return command.ExitStatus(1)
	}
	return nil
}

// statArg describes a command-line argument. A symbolic link is followed,
// except in long format where, as in GNU ls, the link itself is shown; a
// dangling link is shown as itself either way.
func statArg(path string, long bool) (fs.FileInfo, error) {
	if !long {
		if info, err := os.Stat(path); err == nil {
			return info, nil
		}
	}
	return os.Lstat(path)
}

// readDir returns the entries of dir that opts asks for, sorted by name. On an
// error it returns what it could read as well.
func readDir(dir string, opts lsOptions) ([]lsEntry, error) {
	des, err := os.ReadDir(dir)
	var entries []lsEntry
	if opts.all {
		for _, name := range []string{".", ".."} {
			entries = append(entries, lsEntry{name: name, path: filepath.Join(dir, name)})
		}
	}
	for _, de := range des {
		if !opts.all && strings.HasPrefix(de.Name(), ".") {
			continue
		}
		entries = append(entries, lsEntry{name: de.Name(), path: filepath.Join(dir, de.Name())})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	if !opts.long {
		return entries, err
	}
	kept := entries[:0]
	for _, e := range entries {
		info, ierr := os.Lstat(e.path)
		if ierr != nil {
			// Gone since ReadDir; keep the first error to report.
			if err == nil {
				err = ierr
			}
			continue
		}
		e.info = info
		kept = append(kept, e)
	}
	return kept, err
}

func writeEntries(w *bufio.Writer, entries []lsEntry, opts lsOptions) {
	if !opts.long {
		for _, e := range entries {
			w.WriteString(e.name + "\n")
		}
		return
	}
	width := 0
	for _, e := range entries {
		width = max(width, len(strconv.FormatInt(e.info.Size(), 10)))
	}
	for _, e := range entries {
		name := e.name
		if e.info.Mode()&fs.ModeSymlink != 0 {
			if target, err := os.Readlink(e.path); err == nil {
				name += " -> " + target
			}
		}
		fmt.Fprintf(w, "%s %*d %s %s\n", unixMode(e.info.Mode()), width, e.info.Size(), lsTime(e.info.ModTime(), opts.now), name)
	}
}

// unixMode writes a mode as ls does ("drwxr-xr-x", "lrwxrwxrwx",
// "-rwsr-xr-x"), which fs.FileMode.String does not.
func unixMode(m fs.FileMode) string {
	var b [10]byte
	switch {
	case m.IsDir():
		b[0] = 'd'
	case m&fs.ModeSymlink != 0:
		b[0] = 'l'
	case m&fs.ModeNamedPipe != 0:
		b[0] = 'p'
	case m&fs.ModeSocket != 0:
		b[0] = 's'
	case m&fs.ModeCharDevice != 0:
		b[0] = 'c'
	case m&fs.ModeDevice != 0:
		b[0] = 'b'
	default:
		b[0] = '-'
	}
	const rwx = "rwxrwxrwx"
	for i := range 9 {
		b[1+i] = '-'
		if m&(1<<(8-i)) != 0 {
			b[1+i] = rwx[i]
		}
	}
	special := func(i int, set bool, c byte) {
		if !set {
			return
		}
		if b[i] == 'x' {
			b[i] = c
		} else {
			b[i] = c - 'a' + 'A' // set without the execute bit
		}
	}
	special(3, m&fs.ModeSetuid != 0, 's')
	special(6, m&fs.ModeSetgid != 0, 's')
	special(9, m&fs.ModeSticky != 0, 't')
	return string(b[:])
}

// lsTime writes a modification time as ls does: the time of day for the last
// six months, the year for older files and for files from the future.
func lsTime(t, now time.Time) string {
	t = t.Local()
	if t.After(now) || now.Sub(t) > 182*24*time.Hour {
		return t.Format("Jan _2  2006")
	}
	return t.Format("Jan _2 15:04")
}
