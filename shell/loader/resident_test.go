package loader

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gosh-shell/gosh/shell/inspect"
)

// Sizes reports what the process maps of a plugin's private copy, and the
// file's size for a plugin whose copy it cannot find mapped.
func TestSizes(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(exe)
	if err != nil {
		t.Fatal(err)
	}
	// The test binary itself is mapped like a plugin's copy would be.
	mapped := &Plugin{Name: "self", copyPath: exe, Report: &inspect.Report{Size: 1}}
	unmapped := &Plugin{Name: "gone", copyPath: "/no/such/copy.so", Report: &inspect.Report{Size: 12345}}
	bare := &Plugin{Name: "bare"}
	// A copy named through a linked directory, as a cache directory under
	// a link is: the process's maps name the real directory.
	link := filepath.Join(t.TempDir(), "linked")
	if err := os.Symlink(filepath.Dir(exe), link); err != nil {
		t.Fatal(err)
	}
	linked := &Plugin{Name: "linked", copyPath: filepath.Join(link, filepath.Base(exe)), Report: &inspect.Report{Size: 1}}
	got := Sizes([]*Plugin{mapped, unmapped, bare, linked})
	if got[mapped] < fi.Size()/4 || got[mapped] > 8*fi.Size() {
		t.Errorf("mapped size of the test binary = %d, want about its file size %d", got[mapped], fi.Size())
	}
	if got[linked] != got[mapped] {
		t.Errorf("mapped size of the test binary through a linked directory = %d, want %d as without the link", got[linked], got[mapped])
	}
	if got[unmapped] != 12345 {
		t.Errorf("size of a plugin whose copy is not mapped = %d, want its file size 12345", got[unmapped])
	}
	if got[bare] != 0 {
		t.Errorf("size of a plugin with no report = %d, want 0", got[bare])
	}
}
