package loader

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/gosh-shell/gosh/shell/inspect"
)

// maxIndexEntries bounds the index; the oldest entries go first.
const maxIndexEntries = 512

// reportIndex remembers, across runs, the report of each plugin file whose
// identity (path, inode, size, times) was settled when it was checked, so a
// warm start neither reads nor hashes nor parses an unchanged plugin: it
// reuses the report and loads the private copy made from the checked bytes.
// The checks against this process are made again on every load.
type reportIndex struct {
	path string

	mu      sync.Mutex
	loaded  bool
	entries []indexEntry
}

type indexEntry struct {
	File   indexKey
	Report *inspect.Report
	// Hashes holds the report's PkgHashes as "PKG HASH" lines: a few
	// hundred map entries cost JSON far more to decode than one string,
	// and every start decodes the index.
	Hashes string
}

type indexKey struct {
	Path  string
	Dev   uint64
	Ino   uint64
	Size  int64
	Mtime int64
	Ctime int64
}

func keyOf(id fileID) indexKey {
	return indexKey{Path: id.path, Dev: id.dev, Ino: id.ino, Size: id.size, Mtime: id.mtime, Ctime: id.ctim}
}

func (x *reportIndex) load() {
	if x.loaded {
		return
	}
	x.loaded = true
	data, err := os.ReadFile(x.path)
	if err != nil {
		return
	}
	entries, err := decodeIndex(data)
	if err != nil {
		return // unreadable or from another gosh: start afresh
	}
	x.entries = entries
}

// get returns the report of the file with identity id, or nil.
func (x *reportIndex) get(id fileID) *inspect.Report {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.load()
	k := keyOf(id)
	for _, e := range x.entries {
		if e.File == k && e.Report != nil {
			r := *e.Report
			r.PkgHashes = decodeHashes(e.Hashes)
			return &r
		}
	}
	return nil
}

// encodeHashes writes package fingerprints as sorted "PKG HASH" lines.
func encodeHashes(m map[string]string) string {
	var b strings.Builder
	for _, pkg := range slices.Sorted(maps.Keys(m)) {
		b.WriteString(pkg)
		b.WriteByte(' ')
		b.WriteString(m[pkg])
		b.WriteByte('\n')
	}
	return b.String()
}

// decodeHashes reads what encodeHashes wrote.
func decodeHashes(s string) map[string]string {
	m := make(map[string]string, strings.Count(s, "\n"))
	for line := range strings.Lines(s) {
		if pkg, hash, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " "); ok {
			m[pkg] = hash
		}
	}
	return m
}

// put records a report and writes the index, atomically. Failing to write it
// only costs speed, so errors are dropped.
func (x *reportIndex) put(id fileID, r *inspect.Report) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.load()
	k := keyOf(id)
	kept := x.entries[:0]
	for _, e := range x.entries {
		if e.File.Path != k.Path { // an older identity of the same file is stale
			kept = append(kept, e)
		}
	}
	stored := *r
	stored.PkgHashes = nil
	x.entries = append(kept, indexEntry{File: k, Report: &stored, Hashes: encodeHashes(r.PkgHashes)})
	if n := len(x.entries) - maxIndexEntries; n > 0 {
		x.entries = x.entries[n:]
	}
	data := encodeIndex(x.entries)
	tmp, err := os.CreateTemp(filepath.Dir(x.path), ".index-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), x.path) != nil {
		os.Remove(tmp.Name())
		return
	}
	// gosh 0.2.0 kept a JSON index, which this one does not read.
	os.Remove(filepath.Join(filepath.Dir(x.path), "index.json"))
}
