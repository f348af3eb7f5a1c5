package interp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPluginFiles(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string          // created empty
		links map[string]string // link name -> target
		dirs  []string
		want  []string
	}{
		{
			name:  "files by name, only plugin files",
			files: []string{"zeta.so", "alpha.so", "README.md", "core.go", "notes.so.txt", "x.SO", ".hidden.so", "lib.so.1.x"},
			dirs:  []string{"dir.so"},
			want:  []string{"alpha.so", "zeta.so"},
		},
		{
			name:  "one version per name: the highest, numerically",
			files: []string{"text.so.1.9", "text.so.1.10", "text.so.1.2", "count.so.2"},
			want:  []string{"count.so.2", "text.so.1.10"},
		},
		{
			name:  "more parts is higher",
			files: []string{"a.so.1", "a.so.1.0.1", "a.so.1.0"},
			want:  []string{"a.so.1.0.1"},
		},
		{
			name:  "plain NAME.so wins over versions",
			files: []string{"text.so", "text.so.9.9"},
			want:  []string{"text.so"},
		},
		{
			name:  "a soname link chooses its target",
			files: []string{"text.so.1.2", "text.so.1.3"},
			links: map[string]string{"text.so.1": "text.so.1.2"},
			want:  []string{"text.so.1.2"},
		},
		{
			name:  "NAME.so as a link chooses its target",
			files: []string{"text.so.1.2", "text.so.1.3"},
			links: map[string]string{"text.so": "text.so.1.2"},
			want:  []string{"text.so.1.2"},
		},
		{
			name:  "a chain of links: NAME.so -> NAME.so.1 -> NAME.so.1.2",
			files: []string{"text.so.1.2", "text.so.1.3"},
			links: map[string]string{"text.so": "text.so.1", "text.so.1": "text.so.1.2"},
			want:  []string{"text.so.1.2"},
		},
		{
			name:  "a loop of links ends",
			links: map[string]string{"text.so": "text.so.1", "text.so.1": "text.so"},
			want:  []string{"text.so"},
		},
		{
			name:  "a link out of the directory is a candidate like any file",
			files: []string{"text.so.1.2"},
			links: map[string]string{"text.so.3": "../elsewhere/lib.so"},
			want:  []string{"text.so.3"},
		},
		{
			name: "empty directory",
			want: nil,
		},
		{
			name:  "names that contain .so",
			files: []string{"a.so.so", "b.so.1.so", "c.sox"},
			want:  []string{"a.so.so", "b.so.1.so"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				touch(t, filepath.Join(dir, f))
			}
			for _, d := range tt.dirs {
				if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for name, target := range tt.links {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Skip(err)
				}
			}
			files, isDir, err := PluginFiles(dir)
			if err != nil || !isDir {
				t.Fatalf("PluginFiles: isDir %v, error %v", isDir, err)
			}
			var got []string
			for _, f := range files {
				if filepath.Dir(f) != dir {
					t.Errorf("%s is not in %s", f, dir)
				}
				got = append(got, filepath.Base(f))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("PluginFiles = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPluginFilesNotADirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.so")
	touch(t, file)
	for _, path := range []string{file, filepath.Join(dir, "missing")} {
		files, isDir, err := PluginFiles(path)
		if files != nil || isDir || err != nil {
			t.Errorf("PluginFiles(%s) = %v, %v, %v; want nothing: not a directory", path, files, isDir, err)
		}
	}
	// A relative directory gives relative paths, in it.
	t.Chdir(dir)
	if err := os.Mkdir("sub", 0o755); err != nil {
		t.Fatal(err)
	}
	touch(t, filepath.Join("sub", "b.so"))
	files, isDir, err := PluginFiles("sub")
	if !isDir || err != nil || len(files) != 1 || files[0] != filepath.Join("sub", "b.so") {
		t.Errorf("PluginFiles(sub) = %q, %v, %v", files, isDir, err)
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"1", "1", 0},
		{"1", "2", -1},
		{"2", "1", 1},
		{"1.10", "1.9", 1},
		{"1.9", "1.10", -1},
		{"1.2", "1.2.0", 0}, // missing parts are zero
		{"1.2.1", "1.2", 1},
		{"01.2", "1.2", 0}, // numbers, not strings
		{"10", "9.99", 1},
		{"", "0", 0},
	} {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"two\nlines\r\n", "two lines  "},
		{"tab\there", "tab here"},
		{"esc \x1b[31mred", `esc \x1b[31mred`},
		{"nul \x00", `nul \x00`},
		{"del \x7f c1 \u0085", `del \x7f c1 \x85`},
		{"héllo wörld ✓", "héllo wörld ✓"},
	} {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
