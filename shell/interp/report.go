package interp

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/loader"
)

// writeLoadReport prints what a load did: the plugin and its commands, the
// packages whose init ran in order, those already initialized, and what init
// printed, indented.
func writeLoadReport(w io.Writer, res *loader.Result) {
	p := res.Plugin
	name := p.Name
	if p.Version != "" {
		name += " " + p.Version
	}
	fmt.Fprintf(w, "plugin %s: %d %s: %s\n", name, len(p.Commands), plural(len(p.Commands), "command", "commands"), strings.Join(p.CommandNames(), " "))
	if p.Meta.Version != "" || p.Meta.Description != "" {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(versionWord(p.Meta.Version)+" "+p.Meta.Description))
	}
	writeInitReport(w, res)
}

// versionWord is "version V", or "" when there is no version.
func versionWord(v string) string {
	if v == "" {
		return ""
	}
	return "version " + v + ":"
}

// writeInitReport prints the packages whose init ran, in order, those
// already initialized, and what init printed.
func writeInitReport(w io.Writer, res *loader.Result) {
	if !res.InitOrderKnown {
		fmt.Fprintln(w, "  init order unknown: the plugin has no symbol table (built with -ldflags=-s)")
	} else {
		fmt.Fprintf(w, "  init ran: %s\n", describeInits(res.Ran))
		if len(res.Skipped) > 0 {
			fmt.Fprintf(w, "  already initialized: %s\n", describeSkipped(res.Skipped))
		}
	}
	writeIndented(w, res.Output)
}

func describeInits(pkgs []string) string {
	if len(pkgs) == 0 {
		return "none"
	}
	named := make([]string, len(pkgs))
	for i, p := range pkgs {
		named[i] = packageLabel(p)
	}
	return strings.Join(named, " -> ")
}

// packageLabel names a package for people: the main package of a plugin
// built from a file list (as gosh build does) has the runtime's path
// plugin/unnamed-HASH, which says less than "main".
func packageLabel(pkg string) string {
	if strings.HasPrefix(pkg, "plugin/unnamed-") {
		return "main"
	}
	return pkg
}

// describeSkipped names the non-standard packages and counts the standard
// ones, which every plugin shares with gosh.
func describeSkipped(pkgs []string) string {
	var named []string
	std := 0
	for _, p := range pkgs {
		if inspect.IsStandard(p) {
			std++
		} else {
			named = append(named, p)
		}
	}
	if std > 0 {
		named = append(named, fmt.Sprintf("%d standard-library %s", std, plural(std, "package", "packages")))
	}
	return strings.Join(named, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeIndented prints captured init output under the load report, each
// line behind "  | " so it cannot be mistaken for the shell's own output.
func writeIndented(w io.Writer, out []byte) {
	if len(out) == 0 {
		return
	}
	for _, line := range bytes.Split(bytes.TrimRight(out, "\n"), []byte("\n")) {
		fmt.Fprintf(w, "  | %s\n", oneLine(string(line)))
	}
}

// PluginFiles lists the plugin files of a directory in load order: files by
// name, *.so and soname-style NAME.so.VERSION, one file per plugin name (the
// one NAME.so is a symbolic link to, else plain NAME.so, else the highest
// version). isDir is false when path is not a directory.
func PluginFiles(dir string) (files []string, isDir bool, err error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, false, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, true, fmt.Errorf("read plugin directory: %w", err)
	}
	type cand struct {
		file, version string
	}
	byName := map[string][]cand{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		name, version, ok := inspect.Name(e.Name())
		if !ok {
			continue
		}
		byName[name] = append(byName[name], cand{filepath.Join(dir, e.Name()), version})
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		cs := byName[n]
		// The file a link in the directory points to, so that the plugin is
		// reported with the version in that file's name.
		linked := func(link string) string {
			target, err := os.Readlink(link)
			if err != nil {
				return ""
			}
			for _, t := range cs {
				if filepath.Base(t.file) == filepath.Base(target) && t.file != link {
					return t.file
				}
			}
			return ""
		}
		// follow goes down a chain of such links (NAME.so -> NAME.so.1 ->
		// NAME.so.1.2), no further than there are files, in case of a loop.
		follow := func(f string) string {
			for range cs {
				t := linked(f)
				if t == "" {
					break
				}
				f = t
			}
			return f
		}
		pick := ""
		for _, c := range cs {
			if c.version == "" {
				pick = follow(c.file) // NAME.so: itself, or the version it links to
			}
		}
		if pick == "" {
			for _, c := range cs {
				if t := linked(c.file); t != "" {
					pick = follow(t)
				}
			}
		}
		if pick == "" {
			best := cs[0]
			for _, c := range cs[1:] {
				if compareVersions(c.version, best.version) > 0 {
					best = c
				}
			}
			pick = best.file
		}
		files = append(files, pick)
	}
	return files, true, nil
}

// compareVersions compares dotted numeric versions: 1.10 > 1.9.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
