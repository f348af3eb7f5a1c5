package trust

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const (
	shaA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	shaB = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
)

func TestParse(t *testing.T) {
	in := "# pins\n\nverify\n" + shaA + "  /p/a.so\n" + strings.ToUpper(shaB) + "  /p/with  two spaces.so\n" +
		"not a line\n" + "abc  /short.so\n" + shaA + "  \n" + "verify maybe\n"
	f := Parse([]byte(in))
	if !f.Verify {
		t.Error("verify line not seen")
	}
	want := []Entry{{shaA, "/p/a.so"}, {shaB, "/p/with  two spaces.so"}}
	if got := f.Entries(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", got, want)
	}
	var lines []int
	for _, e := range f.Errors {
		lines = append(lines, e.Line)
		if strings.Contains(e.Error(), "\n") {
			t.Errorf("error on two lines: %q", e)
		}
	}
	if fmt.Sprint(lines) != "[6 7 8 9]" {
		t.Errorf("bad lines %v, want [6 7 8 9]: %v", lines, f.Errors)
	}
	if !f.Pinned(shaB) || !f.Pinned(strings.ToUpper(shaA)) || f.Pinned(strings.Repeat("0", 64)) {
		t.Error("Pinned is wrong")
	}
	// Written back, nothing is lost: comments and bad lines stay as they
	// were, so the user can still fix them.
	out := string(f.Bytes())
	for _, l := range []string{"# pins", "not a line", "abc  /short.so", "verify maybe", "verify on", shaB + "  /p/with  two spaces.so"} {
		if !strings.Contains(out, l+"\n") {
			t.Errorf("written file lost %q:\n%s", l, out)
		}
	}
	if again := Parse([]byte(out)); fmt.Sprint(again.Entries()) != fmt.Sprint(want) || len(again.Errors) != 4 {
		t.Errorf("round trip changed the file: %v %v", again.Entries(), again.Errors)
	}
}

func TestVerifySetting(t *testing.T) {
	for in, want := range map[string]bool{
		"": false, "verify\n": true, "verify on\n": true, "verify off\n": false,
		"verify on\nverify off\n": false, "  verify   on  \r\n": true,
	} {
		if got := Parse([]byte(in)).Verify; got != want {
			t.Errorf("Parse(%q).Verify = %v, want %v", in, got, want)
		}
	}
}

func TestAddRemove(t *testing.T) {
	f := Parse(nil)
	if ch, err := f.Add(shaA, "/p/a.so"); !ch || err != nil {
		t.Fatalf("Add = %v, %v", ch, err)
	}
	if ch, _ := f.Add(shaA, "/p/a.so"); ch {
		t.Error("adding the same pin again changed the file")
	}
	// A rebuild of the same path replaces its pin.
	if ch, _ := f.Add(shaB, "/p/a.so"); !ch || f.Pinned(shaA) || !f.Pinned(shaB) {
		t.Errorf("re-pinning a path: changed %v, old pinned %v", ch, f.Pinned(shaA))
	}
	if _, err := f.Add(shaA, "/p/new\nline.so"); err == nil {
		t.Error("a path with a newline was accepted")
	}
	if _, err := f.Add("xyz", "/p/x.so"); err == nil {
		t.Error("a bad hash was accepted")
	}
	f.Add(shaA, "/p/copy.so")
	if n := f.Remove("/nowhere", shaA); n != 1 || f.Pinned(shaA) {
		t.Errorf("Remove by hash removed %d", n)
	}
	if n := f.Remove("/p/a.so"); n != 1 || len(f.Entries()) != 0 {
		t.Errorf("Remove by path removed %d, left %v", n, f.Entries())
	}
}

func TestPinUnpinFiles(t *testing.T) {
	dir := t.TempDir()
	trustPath := filepath.Join(dir, "config", "gosh", "trusted")
	plug := filepath.Join(dir, "a.so")
	if err := os.WriteFile(plug, []byte("test"), 0o644); err != nil {
		t.Fatal(err)
	}
	cs, err := Pin(trustPath, []string{plug, filepath.Join(dir, "missing.so")})
	if err != nil {
		t.Fatal(err)
	}
	if !cs[0].Changed || cs[0].SHA256 != shaA || cs[0].Err != nil {
		t.Errorf("pin a.so: %+v", cs[0])
	}
	if !errors.Is(cs[1].Err, os.ErrNotExist) {
		t.Errorf("pin missing.so: %+v", cs[1])
	}
	for p, want := range map[string]os.FileMode{trustPath: 0o644, filepath.Dir(trustPath): 0o700, filepath.Dir(filepath.Dir(trustPath)): 0o700} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %v", p, fi.Mode().Perm(), err, want)
		}
	}
	data, _ := os.ReadFile(trustPath)
	if string(data) != shaA+"  "+plug+"\n" {
		t.Errorf("trust file holds %q", data)
	}
	// The plugin changes: unpinning by path still finds the old entry.
	os.WriteFile(plug, []byte("changed"), 0o644)
	cs, err = Unpin(trustPath, []string{plug})
	if err != nil || !cs[0].Changed {
		t.Errorf("unpin: %+v, %v", cs, err)
	}
	if f, _ := Read(trustPath); len(f.Entries()) != 0 {
		t.Errorf("left %v", f.Entries())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(trustPath), ".trusted-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A change that fails writes nothing: the old file stays as it was.
func TestUpdateFailureKeepsFile(t *testing.T) {
	trustPath := filepath.Join(t.TempDir(), "trusted")
	old := "# mine\n" + shaA + "  /a.so\n"
	os.WriteFile(trustPath, []byte(old), 0o644)
	err := Update(trustPath, func(f *File) error {
		f.Remove("/a.so")
		return errors.New("stop")
	})
	if err == nil {
		t.Fatal("no error")
	}
	if data, _ := os.ReadFile(trustPath); string(data) != old {
		t.Errorf("file changed to %q", data)
	}
}

// Concurrent pins (two gosh processes, or goroutines) all land.
func TestConcurrentPins(t *testing.T) {
	dir := t.TempDir()
	trustPath := filepath.Join(dir, "trusted")
	var wg sync.WaitGroup
	for i := range 20 {
		p := filepath.Join(dir, fmt.Sprintf("p%d.so", i))
		os.WriteFile(p, []byte(p), 0o644)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := Pin(trustPath, []string{p}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	f, err := Read(trustPath)
	if err != nil || len(f.Entries()) != 20 || len(f.Errors) != 0 {
		t.Errorf("after 20 concurrent pins: %d entries, %v, %v", len(f.Entries()), f.Errors, err)
	}
}

func TestDefaultPath(t *testing.T) {
	if got := DefaultPath([]string{"HOME=/h", "XDG_CONFIG_HOME=/x"}); got != "/x/gosh/trusted" {
		t.Errorf("got %s", got)
	}
	if got := DefaultPath([]string{"HOME=/h", "XDG_CONFIG_HOME=relative"}); got != "/h/.config/gosh/trusted" {
		t.Errorf("got %s", got)
	}
}
