package interp

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"testing"

	"github.com/gosh-shell/gosh/shell/inspect"
	"github.com/gosh-shell/gosh/shell/loader"
)

// stdJSON is the --json report as gosh wrote it with encoding/json, which
// it no longer links: what inspectJSON.encode must write, byte for byte.
func stdJSON(t testing.TB, j *inspectJSON) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// reportLoader is a Loader whose Inspect gives one fixed answer; the
// plugins it has loaded are its fakeLoader's.
type reportLoader struct {
	*fakeLoader
	r   *inspect.Report
	ps  []inspect.Problem
	err error
}

func (l *reportLoader) Inspect(string) (*inspect.Report, []inspect.Problem, error) {
	return l.r, l.ps, l.err
}

// checkInspectJSON runs Inspect with --json on path and fails unless it
// wrote what encoding/json writes for the same report. It returns what was
// written.
func checkInspectJSON(t *testing.T, ld Loader, path string) []byte {
	t.Helper()
	s, err := New(Options{Loader: ld, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ok := s.Inspect(&out, path, true)
	var r *inspect.Report
	var ps []inspect.Problem
	err = errors.New("no plugin loader")
	if ld != nil {
		r, ps, err = ld.Inspect(path)
	}
	j := s.jsonReport(path, r, ps, err)
	if want := stdJSON(t, j); !bytes.Equal(out.Bytes(), want) {
		t.Errorf("inspect --json %s:\n got %q\nwant %q", path, out.Bytes(), want)
	}
	if ok != j.Loadable {
		t.Errorf("inspect --json %s returned %v, but the report says loadable: %v", path, ok, j.Loadable)
	}
	return out.Bytes()
}

// TestInspectJSON: the --json report of every shape of report, with
// strings that need escaping, is what encoding/json wrote.
func TestInspectJSON(t *testing.T) {
	ld := newFakeLoader()
	loaded := ld.add("/fake/core.so", coreCommands())
	if _, err := ld.Load(t.Context(), "/fake/core.so"); err != nil {
		t.Fatal(err)
	}
	tricky := "<b>\"quoted\" & \\ \t\n\x00\x1f\x7f é 世界 😀 \u2028\u2029 \xff\xe4\xb8 \ufffd"
	full := &inspect.Report{
		Path: "/p/" + tricky + ".so", Size: 123, SHA256: loaded.Report.SHA256,
		GoVersion: "go1.26.8", MainPath: "command-line-arguments", PluginPath: "plugin/unnamed-" + tricky,
		Deps: []*debug.Module{
			{Path: "github.com/gosh-shell/gosh", Version: "(devel)"},
			{Path: "github.com/spf13/pflag", Version: "v1.0.10", Sum: "h1:4EBh2KAYBwaONj6b2Ye1GiHfwjqyROoF4RwYO+vPwFk="},
			{Path: "example.com/" + tricky, Version: "v1.0.0", Replace: &debug.Module{Path: "../x"}},
			{Path: "example.com/r", Version: "v1.0.0", Sum: "h1:x=", Replace: &debug.Module{Path: "example.com/s", Version: "v2.0.0"}},
		},
		Settings:  map[string]string{"-buildmode": "plugin", "CGO_ENABLED": "1", "GOAMD64": "v1", "-ldflags": tricky, tricky: "", "": "empty key", "Z": "z", "a": "a"},
		InitOrder: []string{"runtime", "example.com/" + tricky}, Exports: []string{"Commands", "Description", "Version"},
		Meta: inspect.Meta{Version: "1.2.3", Description: tricky, MinGoshVersion: "0.1"},
	}
	problems := []inspect.Problem{
		{What: "built with Go go1.25.0, but this gosh was built with Go go1.26.8", Fix: "rebuild it with GOTOOLCHAIN=go1.26.8"},
		{What: tricky},
	}
	for _, tt := range []struct {
		name string
		r    *inspect.Report
		ps   []inspect.Problem
		err  error
	}{
		{"every field, loaded", full, problems, nil},
		{"every field, loadable", full, nil, nil},
		{"no problems, empty slices and map", &inspect.Report{Path: "/p/x.so", SHA256: "00", GoVersion: "go1.26.8",
			Settings: map[string]string{}, InitOrder: []string{}, Exports: []string{}}, []inspect.Problem{}, nil},
		{"zero report", &inspect.Report{}, nil, nil},
		{"one metadata string", &inspect.Report{Meta: inspect.Meta{Description: "only <this>"}}, problems[:1], nil},
		{"error", nil, nil, &inspect.FileError{Path: "/p/" + tricky, Kind: inspect.NotELF, Reason: tricky, Fix: "rebuild it"}},
		{"error and report", full, problems, errors.New(tricky)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkInspectJSON(t, &reportLoader{fakeLoader: ld, r: tt.r, ps: tt.ps, err: tt.err}, "/fake/"+tricky+".so")
		})
	}
	t.Run("no loader", func(t *testing.T) { checkInspectJSON(t, nil, "x.so") })
}

// TestInspectJSONFiles: the --json report of the real loader on real
// files is what encoding/json wrote: the repository's plugins if they are
// built, a plugin built here with metadata that needs escaping, and files
// of every kind that is not a plugin.
func TestInspectJSONFiles(t *testing.T) {
	dir := t.TempDir()
	ld, err := loader.New(loader.Options{CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("../../plugins/*.so")
	libs, _ := filepath.Glob("/*/*/libc.so.6")
	paths = append(paths, libs...)
	if exe, err := os.Executable(); err == nil {
		paths = append(paths, exe)
	}
	if sh, err := exec.LookPath("sh"); err == nil {
		paths = append(paths, sh)
	}
	for name, content := range map[string]string{"empty.so": "", "text.so": "not <a> plugin\n"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	paths = append(paths, dir, filepath.Join(dir, "missing.so"))
	if built := buildMetaPlugin(t); built != "" {
		paths = append(paths, built)
	}
	for _, path := range paths {
		out := checkInspectJSON(t, ld, path)
		t.Logf("%s: %d bytes", path, len(out))
	}
}

// buildMetaPlugin builds a plugin whose metadata needs escaping, and
// returns its path; "" when it cannot be built here (-short, no go, no cgo).
func buildMetaPlugin(t *testing.T) string {
	if testing.Short() {
		return ""
	}
	if _, err := exec.LookPath("go"); err != nil {
		return ""
	}
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || string(bytes.TrimSpace(out)) != "1" {
		return ""
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod": "module example.com/meta\n\ngo 1.26\n\nrequire github.com/gosh-shell/gosh v0.0.0\n\nreplace github.com/gosh-shell/gosh => " + repo + "\n",
		"go.sum": string(gosum),
		"meta.go": `package main

import "github.com/gosh-shell/gosh/shell/command"

var (
	Version        = "1.0.0-<beta>&co"
	Description    = "quote \" backslash \\ tab \t line \u2028 para \u2029 é 世界 😀 del \x7f bad \xff"
	MinGoshVersion = "0.1"
)

var Commands = map[string]*command.Command{}
`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "meta.so")
	cmd := exec.Command("go", "build", "-buildmode=plugin", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building a plugin: %v\n%s", err, msg)
	}
	return out
}

// FuzzInspectJSON: with any strings in every string field of the report,
// and every field empty or not, inspectJSON.encode writes what
// encoding/json writes. The fields are found by reflection, so that a field
// added to the report (or to inspect.Meta or inspect.Problem) is fuzzed
// too, and fails here until encode writes it.
func FuzzInspectJSON(f *testing.F) {
	f.Add("plugins/core.so", "go1.26.8", "", uint64(0xFFFF_FFFF_FFFF_FFFF))
	f.Add("<a href=x&y>", "\u2028\u2029", "\xff\x00\x1f\x7f\"\\", uint64(0x1234_5678_9ABC_DEF0))
	f.Add("é 世界 😀", "\t\n\r\b\f", "\ufffd", uint64(0))
	f.Fuzz(func(t *testing.T, a, b, c string, seed uint64) {
		fl := &filler{t: t, strs: [4]string{a, b, c, ""}, seed: seed}
		var j inspectJSON
		fl.fill(reflect.ValueOf(&j).Elem())
		if got, want := j.encode(), stdJSON(t, &j); !bytes.Equal(got, want) {
			t.Fatalf("encode of %+v:\n got %q\nwant %q", j, got, want)
		}
	})
}

// filler sets every exported field of a value from four strings, each
// choice (which string, how long a slice, nil or not) taken from the bits
// of seed, two at a time.
type filler struct {
	t    testing.TB
	strs [4]string
	seed uint64
	i    int
}

func (f *filler) choice() int {
	c := int(f.seed>>(2*(f.i%32))) & 3
	f.i++
	return c
}

func (f *filler) fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(f.strs[f.choice()])
	case reflect.Bool:
		v.SetBool(f.choice()&1 == 1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i))
			}
		}
	case reflect.Pointer:
		if f.choice() != 0 {
			v.Set(reflect.New(v.Type().Elem()))
			f.fill(v.Elem())
		}
	case reflect.Slice:
		n := f.choice() % 3
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			f.fill(v.Index(i))
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range f.choice() % 3 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			f.fill(k)
			f.fill(e)
			v.SetMapIndex(k, e)
		}
	default:
		f.t.Fatalf("the --json report has a field of type %s: teach inspectJSON.encode and this test to write it", v.Type())
	}
}
