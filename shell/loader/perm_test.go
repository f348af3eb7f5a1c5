package loader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPerm(t *testing.T) {
	tests := []struct {
		fileMode, dirMode os.FileMode
		want              string // "" for no problem
	}{
		{0o644, 0o755, ""},
		{0o600, 0o700, ""},
		{0o755, 0o555, ""},
		{0o664, 0o755, "p.so is writable by group (mode 0664) (fix: chmod g-w "},
		{0o646, 0o755, "p.so is writable by others (mode 0646) (fix: chmod o-w "},
		{0o666, 0o755, "p.so is writable by group and others (mode 0666) (fix: chmod go-w "},
		{0o644, 0o775, "d is writable by group (mode 0775) (fix: chmod g-w "},
		{0o644, 0o1777, "d is a shared directory that anyone can add files to (mode 1777)"},
	}
	for _, tt := range tests {
		dir := filepath.Join(t.TempDir(), "d")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "p.so")
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		// Chmod, not the create mode: the umask must not decide.
		if err := os.Chmod(path, tt.fileMode); err != nil {
			t.Fatal(err)
		}
		mode := tt.dirMode.Perm()
		if tt.dirMode&0o1000 != 0 {
			mode |= os.ModeSticky
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		err := CheckPerm(path)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("file %o in dir %o: %v, want no problem", tt.fileMode, tt.dirMode, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("file %o in dir %o: %v, want %q", tt.fileMode, tt.dirMode, err, tt.want)
		case err != nil && strings.Count(err.Error(), "\n") > 0:
			t.Errorf("error on more than one line: %q", err)
		}
		if err != nil && !IsPermError(err) {
			t.Errorf("%v is not a PermError", err)
		}
	}
	// A missing file is for the reader to report.
	if err := CheckPerm(filepath.Join(t.TempDir(), "missing.so")); err != nil {
		t.Errorf("missing file: %v", err)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/a/b.so":    "/a/b.so",
		"/my dir/x":  "'/my dir/x'",
		"/it's/x.so": `'/it'\''s/x.so'`,
		"":           "''",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// The plugin cache holds the copies gosh really opens: others must not be
// able to write it either.
func TestCheckPathCache(t *testing.T) {
	dir := t.TempDir()
	plug := filepath.Join(dir, "p.so")
	if err := os.WriteFile(plug, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	if err := os.Mkdir(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	var warned []string
	l := &Loader{cacheDir: cache, policy: policy{warn: func(m string) { warned = append(warned, m) }}}
	id, fi, idOK := identify(plug)
	if err := l.checkPath(plug, id, fi, idOK); err != nil {
		t.Fatalf("private cache: %v", err)
	}
	os.Chmod(cache, 0o770)
	err := l.checkPath(plug, id, fi, idOK)
	if err == nil || !strings.Contains(err.Error(), cache+" is writable by group (mode 0770), and it holds the copies of plugins that gosh runs (fix: chmod g-w ") {
		t.Errorf("group-writable cache: %v", err)
	}
	l.policy.insecure = true
	if err := l.checkPath(plug, id, fi, idOK); err != nil || len(warned) != 1 || !strings.Contains(warned[0], "--insecure-plugins") {
		t.Errorf("insecure: %v, warned %q", err, warned)
	}
}
