package loader

import (
	"os"
	"path/filepath"
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

// indexEntry is one file's identity and its report, encoded: a start
// decodes only the reports of the files it loads (encodeReport).
type indexEntry struct {
	file   FileID
	tried  bool // the file passed a trial load (trial.go)
	report []byte
}

// preload reads the index now, for the first get or put (PreloadIndex).
func (x *reportIndex) preload() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.load()
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

// get returns the report of the file with identity id, or nil, and
// whether the file passed a trial load. Each call decodes the report
// afresh: the caller may change it.
func (x *reportIndex) get(id FileID) (r *inspect.Report, tried bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.load()
	for _, e := range x.entries {
		if e.file == id {
			r, err := decodeReport(e.report)
			if err != nil {
				return nil, false // a damaged entry: the file is read again
			}
			return r, e.tried
		}
	}
	return nil, false
}

// put records a report, and whether the file passed a trial load, and
// writes the index, atomically. Failing to write it only costs speed, so
// errors are dropped.
func (x *reportIndex) put(id FileID, r *inspect.Report, tried bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.load()
	kept := x.entries[:0]
	for _, e := range x.entries {
		if e.file.path != id.path { // an older identity of the same file is stale
			kept = append(kept, e)
		}
	}
	x.entries = append(kept, indexEntry{file: id, tried: tried, report: encodeReport(r)})
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
