package shell

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/interp"
	"github.com/gosh-shell/gosh/shell/repl"
)

func TestRCFile(t *testing.T) {
	for _, tc := range []struct {
		environ []string
		want    string
	}{
		{[]string{"HOME=/home/ada"}, "/home/ada/.config/gosh/rc"},
		{[]string{"HOME=/home/ada", "XDG_CONFIG_HOME=/cfg"}, "/cfg/gosh/rc"},
		// A relative XDG_CONFIG_HOME is ignored, as the spec says.
		{[]string{"HOME=/home/ada", "XDG_CONFIG_HOME=cfg"}, "/home/ada/.config/gosh/rc"},
		{[]string{"XDG_CONFIG_HOME=/a", "XDG_CONFIG_HOME=/b"}, "/b/gosh/rc"},
	} {
		if got := RCFile(tc.environ); got != tc.want {
			t.Errorf("RCFile(%q) = %q, want %q", tc.environ, got, tc.want)
		}
	}
}

func TestRunRC(t *testing.T) {
	dir := t.TempDir()
	rc := filepath.Join(dir, "rc")
	content := "X=1\nnosuch\n:alias e=':which'\necho 'open\n\n:alias bad='a |'\n"
	if err := os.WriteFile(rc, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	sh, err := interp.New(interp.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	in := repl.NewInterrupts()
	defer in.Stop()
	if runRC(t.Context(), sh, rc, false, in) {
		t.Error("runRC reported :exit")
	}
	want := strings.Join([]string{
		"gosh: rc:2: nosuch: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)",
		"gosh: rc:4:6: unterminated single quote",
		"gosh: rc:6: :alias: alias bad: value 'a |': 1:3: missing command after '|'",
		"",
	}, "\n")
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
	if v, _ := sh.Get("X"); v != "1" {
		t.Errorf("X = %q: the rc file's variables are the session's", v)
	}
	if _, ok := sh.Alias("e"); !ok {
		t.Error("the rc file's alias is not defined")
	}
	// After the file, errors have no prefix.
	stderr.Reset()
	sh.Run(t.Context(), "nosuch")
	if got := stderr.String(); !strings.HasPrefix(got, "gosh: nosuch:") {
		t.Errorf("after rc: %q", got)
	}
	// A missing file is silent.
	stderr.Reset()
	if runRC(t.Context(), sh, filepath.Join(dir, "none"), false, in) || stderr.Len() > 0 {
		t.Errorf("missing rc: %q", stderr.String())
	}
}
