package loader

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Sizes returns, for each plugin, the bytes of address space its code and
// data occupy in this process: the mappings of its private copy in
// /proc/self/maps, or the file's size where that cannot be read. Go never
// unmaps a plugin, so an old version holds this much until gosh exits.
func Sizes(ps []*Plugin) map[*Plugin]int64 {
	mapped := mappedBytes()
	out := make(map[*Plugin]int64, len(ps))
	realDirs := map[string]string{}
	for _, p := range ps {
		if n, ok := mapped[realPath(p.copyPath, realDirs)]; ok && p.copyPath != "" {
			out[p] = n
		} else if p.Report != nil {
			out[p] = p.Report.Size
		}
	}
	return out
}

// realPath returns path with the symbolic links of its directory resolved,
// as /proc/self/maps names a mapped file. realDirs remembers the
// directories resolved: every copy is in the one cache directory.
func realPath(path string, realDirs map[string]string) string {
	if path == "" {
		return ""
	}
	dir, base := filepath.Split(path)
	real, ok := realDirs[dir]
	if !ok {
		var err error
		if real, err = filepath.EvalSymlinks(dir); err != nil {
			real = dir
		}
		realDirs[dir] = real
	}
	return filepath.Join(real, base)
}

// mappedBytes sums the sizes of the file-backed mappings of this process by
// file name; nil where /proc is not there.
func mappedBytes() map[string]int64 {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f1c..-7f1d.. r-xp 00000000 08:01 1234   /path/to/file
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], "/") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end < start {
			continue
		}
		out[strings.Join(fields[5:], " ")] += int64(end - start)
	}
	return out
}
