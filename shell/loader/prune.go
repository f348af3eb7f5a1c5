package loader

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The private copies of plugins accumulate: every build loaded leaves one
// (a few MB). The cache keeps at least keepCopies of them, and every copy
// used within keepFor; older ones beyond that are removed when a new copy
// is made. A copy this process loaded is never removed, and removing a copy
// that another gosh has mapped does not disturb it (the mapping stays).
const (
	keepCopies = 64
	keepFor    = 24 * time.Hour
)

// pruneCache removes old private copies. Errors only cost disk space, so
// they are dropped. l.mu is held.
func (l *Loader) pruneCache() {
	entries, err := os.ReadDir(l.cacheDir)
	if err != nil {
		return
	}
	type copyFile struct {
		path string
		used time.Time
	}
	var copies []copyFile
	for _, e := range entries {
		hash, ok := strings.CutSuffix(e.Name(), ".so")
		if !ok || len(hash) != 64 || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil || l.byHash[hash] != nil {
			continue
		}
		copies = append(copies, copyFile{filepath.Join(l.cacheDir, e.Name()), fi.ModTime()})
	}
	if len(copies) <= keepCopies {
		return
	}
	slices.SortFunc(copies, func(a, b copyFile) int { return b.used.Compare(a.used) }) // newest first
	cutoff := time.Now().Add(-keepFor)
	for _, c := range copies[keepCopies:] {
		if c.used.Before(cutoff) {
			os.Remove(c.path)
		}
	}
}
