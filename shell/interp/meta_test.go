package interp

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
)

func TestLoadReportAndClash(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.add("/fake/extra.so.1.2", extraCommands())
	ld.output["/fake/extra.so.1.2"] = "extra: init\nsecond line\x1b[31m\n"
	s := newSession(t, false, ld, "")
	s.run([]step{
		{line: ":load /fake/core.so", stderr: "plugin core: 12 commands: badflags boom cancelled echo fail greet hflag nilmap setvar status stderr where\n" +
			"  init ran: example.com/core\n" +
			"  already initialized: github.com/spf13/pflag, 1 standard-library package\n"},
		// The clash is reported when it happens, after the load report; the
		// bare name stays with the plugin loaded first.
		{line: ":load /fake/extra.so.1.2", stderr: "plugin extra 1.2: 2 commands: greet upper\n" +
			"  init ran: example.com/extra\n" +
			"  already initialized: github.com/spf13/pflag, 1 standard-library package\n" +
			"  | extra: init\n" +
			"  | second line\\x1b[31m\n" +
			"gosh: command greet is in plugins core and extra: greet runs core.greet; use extra.greet for the other\n"},
		{line: "greet you", stdout: "hello, you\n"},
		{line: "core.greet you", stdout: "hello, you\n"},
		{line: "extra.greet you", stdout: "extra greets you\n"},
		{line: "extra.upper a", stdout: "A\n"},
		{line: "core.upper a", stderr: "gosh: core.upper: command not found (:help lists the commands)\n", status: 127},
		// Loading the same plugin again changes nothing and reports no clash.
		{line: ":load /fake/extra.so.1.2", stderr: "plugin extra: already loaded from /fake/extra.so.1.2; no init ran, nothing changed\n"},
		{line: "greet you", stdout: "hello, you\n"},
	})
	names := strings.Join(s.sh.Registry().Names(), " ")
	if want := "badflags boom cancelled echo extra.greet fail greet hflag nilmap setvar status stderr upper where"; names != want {
		t.Errorf("Names() = %s\nwant      %s", names, want)
	}
}

// A clash is reported once, when it happens, not again at every later load.
func TestClashReportedOnce(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.add("/fake/extra.so", extraCommands())
	ld.add("/fake/more.so", map[string]*command.Command{"more": runCommand("more", nil), "upper": runCommand("upper again", nil)})
	ld.add("/fake/last.so", map[string]*command.Command{"last": runCommand("last", nil)})
	s := newSession(t, true, ld, "")
	s.run([]step{
		{line: ":load /fake/core.so"},
		{line: ":load /fake/extra.so", stderr: "gosh: command greet is in plugins core and extra: greet runs core.greet; use extra.greet for the other\n"},
		{line: ":load /fake/more.so", stderr: "gosh: command upper is in plugins extra and more: upper runs extra.upper; use more.upper for the other\n"},
		{line: ":load /fake/last.so"},
	})
}

// Two plugins of the same name from two places: the later replaces the
// earlier, and says so, since the earlier one's commands are gone.
func TestLoadSameNameElsewhere(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/one/tools.so", coreCommands())
	ld.add("/two/tools.so", extraCommands())
	s := newSession(t, true, ld, "")
	s.run([]step{
		{line: ":load /one/tools.so"},
		{line: "echo one", stdout: "one\n"},
		{line: ":load /two/tools.so", stderr: "gosh: plugin tools from /two/tools.so replaces the one from /one/tools.so, whose commands are gone (rename one of the files to keep both)\n"},
		{line: "upper two", stdout: "TWO\n"},
		{line: "echo one", stderr: "gosh: echo: command not found (:help lists the commands)\n", status: 127},
	})
}

func TestLoadFailures(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.errs["/fake/bad.so"] = errors.New("Commands has type map[string]string, want map[string]*command.Command")
	ld.errs["/fake/noisy.so"] = errors.New("init panicked: oops")
	ld.output["/fake/noisy.so"] = "about to fail\n"
	s := newSession(t, false, ld, "")
	s.run([]step{
		{line: ":load", stderr: "gosh: :load: name at least one plugin file or directory (usage: :load PATH...)\n", status: 2},
		{line: ":load /fake/bad.so", stderr: "gosh: load /fake/bad.so: Commands has type map[string]string, want map[string]*command.Command\n", status: 1},
		{line: "echo $?", stderr: "gosh: echo: command not found (no plugins are loaded: :load PATH, or start gosh with --plugins DIR)\n", status: 127},
		// What init printed before failing is shown, under the error's
		// cause.
		{line: ":load /fake/noisy.so", stderr: "  | about to fail\ngosh: load /fake/noisy.so: init panicked: oops\n", status: 1},
		// One bad file does not stop the others, but the status says one
		// failed.
		{line: ":load /fake/bad.so /fake/core.so", stderr: "gosh: load /fake/bad.so: Commands has type map[string]string, want map[string]*command.Command\n" +
			"plugin core: 12 commands: badflags boom cancelled echo fail greet hflag nilmap setvar status stderr where\n" +
			"  init ran: example.com/core\n" +
			"  already initialized: github.com/spf13/pflag, 1 standard-library package\n", status: 1},
		{line: "echo loaded", stdout: "loaded\n"},
	})
}

func TestLoadQuiet(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.add("/fake/extra.so", extraCommands())
	s := newSession(t, true, ld, "")
	s.run([]step{
		{line: ":load /fake/core.so"},
		// Quiet silences the load report, never a clash or a failure.
		{line: ":load /fake/extra.so /fake/nope.so", stderr: "gosh: command greet is in plugins core and extra: greet runs core.greet; use extra.greet for the other\n" +
			"gosh: load /fake/nope.so: not found: no such file\n", status: 1},
		{line: ":load /fake/core.so"},
	})
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.so", "a.so.1.2", "README.md"} {
		touch(t, filepath.Join(dir, name))
	}
	ld := newFakeLoader()
	ld.add(filepath.Join(dir, "a.so.1.2"), extraCommands())
	ld.add(filepath.Join(dir, "b.so"), coreCommands())
	s := newSession(t, true, ld, "")
	// A relative path is relative to the shell's directory.
	if err := os.Mkdir(filepath.Join(s.sh.Dir(), "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.sh.Chdir("sub"); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(s.sh.Dir(), dir)
	if err != nil {
		t.Fatal(err)
	}
	s.run([]step{
		{line: ":load " + rel, stderr: "gosh: command greet is in plugins a and b: greet runs a.greet; use b.greet for the other\n"},
		{line: "greet x", stdout: "extra greets x\n"},
		{line: "b.greet x", stdout: "hello, x\n"},
	})
	if want := []string{filepath.Join(dir, "a.so.1.2"), filepath.Join(dir, "b.so")}; strings.Join(ld.calls, " ") != strings.Join(want, " ") {
		t.Errorf("loaded %q, want %q", ld.calls, want)
	}
	var names []string
	for _, p := range s.sh.Registry().Plugins() {
		names = append(names, p.Name+" "+p.Version)
	}
	if got := strings.Join(names, ","); got != "a 1.2,b " {
		t.Errorf("plugins: %s", got)
	}
}

// A directory with nothing to load is a failed :load, not a silent no-op.
func TestLoadEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "README.md"))
	s := newSession(t, false, newFakeLoader(), "")
	s.run([]step{
		{line: ":load " + dir, stderr: "gosh: load " + dir + ": no plugin files (NAME.so or NAME.so.VERSION) in this directory\n", status: 1},
	})
}

func TestPlugins(t *testing.T) {
	ld := newFakeLoader()
	ld.add("/fake/core.so", coreCommands())
	ld.add("/fake/extra.so.2.0", extraCommands())
	s := newSession(t, true, ld, "")
	s.run([]step{{line: ":load /fake/core.so /fake/extra.so.2.0",
		stderr: "gosh: command greet is in plugins core and extra: greet runs core.greet; use extra.greet for the other\n"}})
	s.stdout.Reset()
	if st := s.sh.Run(t.Context(), ":plugins"); st != 0 {
		t.Fatalf(":plugins: status %d, stderr %q", st, s.stderr.String())
	}
	// Times are local.
	want := regexp.MustCompile(`^core [0-9a-f]{8}: badflags boom cancelled echo fail greet hflag nilmap setvar status stderr where
  /fake/core\.so
  loaded \d\d:\d\d:05 in 1\.5ms, 2\.0 MB
extra 2\.0 \([0-9a-f]{8}\): greet upper
  /fake/extra\.so\.2\.0
  loaded \d\d:\d\d:05 in 1\.5ms, 2\.0 MB
$`)
	if !want.MatchString(s.stdout.String()) {
		t.Errorf(":plugins printed\n%s", s.stdout.String())
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
