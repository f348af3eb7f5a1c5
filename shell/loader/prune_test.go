package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gosh-shell/gosh/shell/inspect"
)

// The cache keeps the newest copies, every copy used within a day and the
// copies this process loaded; it removes only old copies beyond that, and
// never a file that is not a copy.
func TestPruneCache(t *testing.T) {
	dir := t.TempDir()
	l := &Loader{cacheDir: dir, byHash: map[string]*Plugin{}}
	old := time.Now().Add(-48 * time.Hour)
	hash := func(i int) string { return fmt.Sprintf("%064x", i) }
	write := func(name string, mtime time.Time) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o500); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	// 80 old copies, the first 10 older than the rest; copy 3 is loaded.
	for i := range 80 {
		m := old.Add(time.Duration(i) * time.Minute)
		write(hash(i)+".so", m)
	}
	l.byHash[hash(3)] = &Plugin{Report: &inspect.Report{}}
	// 5 recent copies, and files that are not copies.
	for i := 100; i < 105; i++ {
		write(hash(i)+".so", time.Now())
	}
	write("index.json", old)
	write("notes.so", old)

	l.pruneCache()
	exists := func(name string) bool { _, err := os.Stat(filepath.Join(dir, name)); return err == nil }
	kept := 0
	for i := range 80 {
		if exists(hash(i) + ".so") {
			kept++
		}
	}
	// 64 copies are kept in all: the 5 recent ones and the 59 newest old
	// ones; copy 3 stays because it is loaded.
	if kept != 59+1 {
		t.Errorf("kept %d of the 80 old copies, want 60 (59 newest and the loaded one)", kept)
	}
	for i := 100; i < 105; i++ {
		if !exists(hash(i) + ".so") {
			t.Errorf("recent copy %d removed", i)
		}
	}
	for _, name := range []string{hash(3) + ".so", hash(79) + ".so", "index.json", "notes.so"} {
		if !exists(name) {
			t.Errorf("%s removed", name)
		}
	}
	if exists(hash(0) + ".so") {
		t.Error("the oldest copy was kept")
	}
}
