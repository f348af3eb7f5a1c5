package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosh-shell/gosh/shell/inspect"
)

func TestReportIndex(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index")
	id := FileID{path: "/p/core.so", dev: 1, ino: 2, size: 3, mtime: 4, ctim: 5}
	rep := &inspect.Report{SHA256: "abc", GoVersion: "go1.26.8", InitOrder: []string{"a", "b"},
		PkgHashes: map[string]string{"fmt": "00ff"}}

	x := &reportIndex{path: path}
	if r, _ := x.get(id); r != nil {
		t.Fatal("empty index returned a report")
	}
	x.put(id, rep, true)

	// A new index (a new gosh process) reads what the first one wrote.
	y := &reportIndex{path: path}
	got, tried := y.get(id)
	if got == nil || got.SHA256 != "abc" || len(got.InitOrder) != 2 || got.PkgHashes["fmt"] != "00ff" {
		t.Fatalf("reloaded report = %+v", got)
	}
	if !tried {
		t.Error("the file passed a trial load, and the reloaded index forgot it")
	}
	// Any change of identity misses.
	for _, other := range []FileID{
		{path: "/p/core.so", dev: 1, ino: 2, size: 3, mtime: 9, ctim: 5},
		{path: "/p/core.so", dev: 1, ino: 7, size: 3, mtime: 4, ctim: 5},
		{path: "/p/other.so", dev: 1, ino: 2, size: 3, mtime: 4, ctim: 5},
	} {
		if r, _ := y.get(other); r != nil {
			t.Errorf("identity %+v matched %+v", other, id)
		}
	}
	// A new identity of the same path replaces the stale entry.
	newer := id
	newer.mtime = 10
	y.put(newer, &inspect.Report{SHA256: "def"}, false)
	if r, _ := y.get(id); r != nil {
		t.Error("stale identity still in the index after the file changed")
	}
	if r, tried := y.get(newer); r == nil || r.SHA256 != "def" || tried {
		t.Errorf("new identity = %+v, tried %v: want def, not tried", r, tried)
	}
	// get returns a copy: changing it does not change the index.
	r, _ := y.get(newer)
	r.SHA256 = "mutated"
	if r, _ := y.get(newer); r.SHA256 != "def" {
		t.Error("get returned the index's own report")
	}
}

func TestReportIndexIgnoresOtherVersionsAndGarbage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index")
	id := FileID{path: "/p/x.so", ino: 1}
	for _, content := range []string{
		// gosh 0.2.0's JSON index, and this format at another version.
		`{"version": 3, "entries": [{"file": {"path": "/p/x.so", "ino": 1}, "report": {"SHA256": "x"}}]}`,
		indexMagic[:len(indexMagic)-1] + "\x04" + string(encodeIndex([]indexEntry{{file: id, report: encodeReport(&inspect.Report{SHA256: "x"})}})[len(indexMagic):]),
		string(encodeIndex([]indexEntry{{file: id, report: encodeReport(&inspect.Report{SHA256: "x"})}})) + "trailing",
		// A whole index whose entry's report is damaged: that entry is no entry.
		string(encodeIndex([]indexEntry{{file: id, report: encodeReport(&inspect.Report{SHA256: "x"})[:5]}})),
		`not json at all`,
		``,
	} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		x := &reportIndex{path: path}
		if r, _ := x.get(id); r != nil {
			t.Errorf("index %q gave report %+v", content, r)
		}
		x.put(id, &inspect.Report{SHA256: "y"}, false) // and it can still be written
		if r, _ := (&reportIndex{path: path}).get(id); r == nil || r.SHA256 != "y" {
			t.Errorf("after put over %q: %+v", content, r)
		}
	}
}

func TestReportIndexBounded(t *testing.T) {
	x := &reportIndex{path: filepath.Join(t.TempDir(), "index")}
	for i := range maxIndexEntries + 10 {
		x.put(FileID{path: fmt.Sprintf("/p/%d.so", i)}, &inspect.Report{}, false)
	}
	if len(x.entries) != maxIndexEntries {
		t.Errorf("index holds %d entries, want %d", len(x.entries), maxIndexEntries)
	}
}
