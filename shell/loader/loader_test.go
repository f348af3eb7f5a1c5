package loader

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPrivateCopy(t *testing.T) {
	l := &Loader{cacheDir: filepath.Join(t.TempDir(), "cache")}
	data := []byte("plugin bytes")
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])

	wrote, _, err := l.privateCopy(hash, data)
	if err != nil || !wrote {
		t.Fatalf("first copy: wrote %v, %v", wrote, err)
	}
	path := l.copyPath(hash)
	if want := filepath.Join(l.cacheDir, hash+".so"); path != want {
		t.Errorf("copy at %s, want %s", path, want)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("copy holds %q, %v; want %q", got, err, data)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o500 {
		t.Errorf("copy mode %v, want 0500 (read-only: never written in place)", fi.Mode().Perm())
	}
	di, _ := os.Stat(l.cacheDir)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode %v, want 0700", di.Mode().Perm())
	}
	ino := inode(t, path)

	// The same content again reuses the copy: same file, same inode, and
	// says when it was last used (its modification time).
	if wrote, used, err := l.privateCopy(hash, data); err != nil || wrote || inode(t, path) != ino || !used.Equal(fi.ModTime()) {
		t.Errorf("second copy: wrote %v, %v, last used %v (want %v), inode changed: %v", wrote, err, used, fi.ModTime(), inode(t, path) != ino)
	}
	// A damaged copy (wrong size) is replaced by rename, never rewritten.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	wrote, _, err = l.privateCopy(hash, data)
	fixed := l.copyPath(hash)
	if err != nil || !wrote {
		t.Fatalf("copy over a damaged one: wrote %v, %v", wrote, err)
	}
	if got, _ := os.ReadFile(fixed); !bytes.Equal(got, data) {
		t.Errorf("damaged copy not replaced: %q", got)
	}
	if inode(t, fixed) == ino {
		t.Error("damaged copy was rewritten in place; it must be replaced by a new file")
	}
	left, _ := filepath.Glob(filepath.Join(l.cacheDir, ".tmp-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	id, ok := Identify(path)
	if !ok {
		t.Fatalf("cannot stat %s", path)
	}
	return id.ino
}

func TestCaptureCollectsAndRestores(t *testing.T) {
	stderrBefore, flagsBefore := os.Stderr, log.Flags()
	c, err := startCapture()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("to stdout")
	fmt.Fprintln(os.Stderr, "to os.Stderr")
	log.Print("to log")
	out := string(c.stop())
	want := "to stdout\nto os.Stderr\nto log\n"
	if out != want {
		t.Errorf("captured %q, want %q", out, want)
	}
	if os.Stderr != stderrBefore || log.Flags() != flagsBefore {
		t.Error("capture did not restore os.Stderr and the log flags")
	}
	if log.Writer() != stderrBefore {
		t.Error("capture did not restore the log output")
	}
}

func TestCaptureBoundsOutput(t *testing.T) {
	c, err := startCapture()
	if err != nil {
		t.Fatal(err)
	}
	chunk := strings.Repeat("x", 1023) + "\n"
	for range 2 * maxCapture / len(chunk) {
		fmt.Fprint(os.Stderr, chunk)
	}
	out := c.stop()
	if len(out) > maxCapture+100 {
		t.Errorf("kept %d bytes, want at most about %d", len(out), maxCapture)
	}
	if !strings.HasSuffix(string(out), "[gosh: init output cut at 64 KiB]\n") {
		t.Errorf("output cut without saying so: ends %q", out[len(out)-40:])
	}
}

func TestIdentifyChangesWithContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.so")
	if err := os.WriteFile(path, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, ok := Identify(path)
	if !ok {
		t.Fatal("identify failed")
	}
	link := filepath.Join(filepath.Dir(path), "link.so")
	if err := os.Symlink("p.so", link); err != nil {
		t.Fatal(err)
	}
	if b, _ := Identify(link); b != a {
		t.Errorf("a symlink identifies differently: %+v vs %+v", b, a)
	}
	if err := os.WriteFile(path, []byte("three"), 0o644); err != nil { // in place
		t.Fatal(err)
	}
	if c, _ := Identify(path); c == a {
		t.Error("an in-place rewrite kept the same identity")
	}
	if a.settled(time.Unix(0, a.mtime).Add(time.Second)) {
		t.Error("a file changed a second ago counts as settled")
	}
	if !a.settled(time.Unix(0, a.mtime).Add(time.Minute)) {
		t.Error("a file unchanged for a minute does not count as settled")
	}
	if _, ok := Identify(filepath.Dir(path)); ok {
		t.Error("a directory was identified as a file")
	}
}
