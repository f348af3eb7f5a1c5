package pluginbuild

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/internal/minijson"
)

// stdDecodeAll is decodeAll as it was, with encoding/json's Decoder: what
// decodeAll must do.
func stdDecodeAll[T any](data []byte) ([]T, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var all []T
	for {
		var v T
		if err := dec.Decode(&v); err == io.EOF {
			return all, nil
		} else if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
}

// checkDecode fails unless decodeAll and encoding/json agree on data: both
// fail, or both decode the same values. It returns them.
func checkDecode[T any](t *testing.T, data []byte, into func(*T) minijson.Into) []T {
	t.Helper()
	want, stdErr := stdDecodeAll[T](data)
	got, err := decodeAll(data, into)
	if (err != nil) != (stdErr != nil) {
		t.Fatalf("decoding %.200q into %T: error %v, encoding/json: %v", data, got, err, stdErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoding %.200q into %T:\n got %+v\nwant %+v", data, got, got, want)
	}
	return got
}

// checkAllTypes decodes data into each type that gosh decodes go's output
// into, and compares with encoding/json.
func checkAllTypes(t *testing.T, data []byte) {
	t.Helper()
	checkDecode(t, data, moduleInto)
	checkDecode(t, data, modFileInto)
	checkDecode(t, data, packageInto)
}

func TestDecodeAll(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []Module // nil: compared with encoding/json only
		err      bool
	}{
		{name: "empty", in: ""},
		{name: "stream", in: "{\"Path\":\"a\",\"Main\":true}\n{\"Path\":\"b\",\"Version\":\"v1.0.0\",\"Replace\":{\"Path\":\"../b\"}}",
			want: []Module{{Path: "a", Main: true}, {Path: "b", Version: "v1.0.0", Replace: &Module{Path: "../b"}}}},
		{name: "no separator", in: `{"Path":"a"}{"Path":"b"}`, want: []Module{{Path: "a"}, {Path: "b"}}},
		{name: "null is a zero value", in: `null {"Path":"a"}`, want: []Module{{}, {Path: "a"}}},
		{name: "keys matched but for case", in: `{"path":"a","VERSION":"v1","mAiN":true,"replace":{"PATH":"b"}}`,
			want: []Module{{Path: "a", Version: "v1", Main: true, Replace: &Module{Path: "b"}}}},
		{name: "unknown keys ignored", in: `{"Path":"a","Time":"2022-04-24T13:13:51Z","Indirect":true,"GoVersion":"1.15","Retracted":["x"],"Error":{"Err":"e"}}`,
			want: []Module{{Path: "a"}}},
		{name: "escapes", in: `{"Path":"\u00e9\ud83d\ude00\t\"\\\/"}`, want: []Module{{Path: "é😀\t\"\\/"}}},
		{name: "repeated key, replacement merged", in: `{"Replace":{"Path":"a"},"Replace":{"Version":"v"}}`,
			want: []Module{{Replace: &Module{Path: "a", Version: "v"}}}},
		{name: "number for a string", in: `{"Path":1}`, err: true},
		{name: "string for a bool", in: `{"Main":"true"}`, err: true},
		{name: "array at the top", in: `[{"Path":"a"}]`, err: true},
		{name: "string at the top", in: `"a"`, err: true},
		{name: "second value malformed", in: `{"Path":"a"} {"Path":}`, err: true},
		{name: "cut short", in: `{"Path":"a"`, err: true},
		{name: "trailing comma", in: `{"Path":"a",}`, err: true},
		{name: "garbage after", in: `{"Path":"a"} x`, err: true},
	} {
		got, err := decodeAll([]byte(tt.in), moduleInto)
		if (err != nil) != tt.err {
			t.Errorf("%s: error %v, want error %v", tt.name, err, tt.err)
		}
		if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
		checkAllTypes(t, []byte(tt.in))
	}
}

// goOutput runs the real go command in dir, never with the network, and
// returns what it printed.
func goOutput(t *testing.T, dir string, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return out
}

// jsonModule writes a module with a go.mod of every directive, a
// dependency replaced by a directory, and packages of every kind go list
// reports on: main with cgo, C and assembly files, a library, two packages
// in one directory, a missing import.
func jsonModule(t *testing.T, repo string) string {
	dir := t.TempDir()
	gosum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod": `module example.com/jsontest

go 1.26

toolchain go1.26.8

godebug default=go1.21

require (
	github.com/gosh-shell/gosh v0.0.0
	example.com/other v1.2.3
	github.com/spf13/pflag v1.0.10 // indirect
)

replace github.com/gosh-shell/gosh => ` + repo + `

replace example.com/other v1.2.3 => ./other

replace example.com/gone => example.com/new v1.0.0

exclude example.com/bad v0.1.0

retract [v0.0.1, v0.0.3] // "bad <releases> & more"

tool example.com/other/cmd
`,
		"go.sum":                      string(gosum),
		"other/go.mod":                "module example.com/other\n\ngo 1.26\n",
		"other/cmd/main.go":           "package main\n\nfunc main() {}\n",
		"main.go":                     "package main\n\nimport (\n\t\"C\"\n\t_ \"example.com/other/cmd\"\n\t_ \"github.com/gosh-shell/gosh/shell/command\"\n)\n\nvar Commands = 1\n",
		"helper.c":                    "int helper(void) { return 1; }\n",
		"asm_amd64.s":                 "\n",
		"\u00e9t\u00e9 \"quoted\".go": "package main\n",
		"lib/lib.go":                  "// Package lib is not main.\npackage lib\n",
		"lib/lib.cc":                  "int f() { return 0; }\n",
		"two/a.go":                    "package a\n",
		"two/b.go":                    "package b\n",
		"missing/main.go":             "package main\n\nimport _ \"example.com/missing\"\n",
		"broken/main.go":              "package main\n\nfunc {\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDecodeAllGoOutput decodes what the real go command prints, as gosh
// build runs it, on this repository and on a module made to have every
// field set, and compares with encoding/json.
func TestDecodeAllGoOutput(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	mod := jsonModule(t, repo)
	var (
		modules  []Module
		packages []listedPackage
		modFiles []ModFile
	)
	for _, run := range []struct {
		dir  string
		env  []string
		args []string
	}{
		{repo, nil, []string{"list", "-m", "-json", "all"}},
		{repo, nil, []string{"list", "-e", "-json", "./..."}},
		{repo, nil, []string{"list", "-e", "-json", "-buildmode=plugin", "./plugins-src/core"}},
		{repo, nil, []string{"mod", "edit", "-json", "go.mod"}},
		{mod, nil, []string{"list", "-m", "-json", "all"}},
		{mod, nil, []string{"list", "-e", "-json", "./..."}},
		{mod, nil, []string{"list", "-e", "-json", "-buildmode=plugin", "."}},
		{mod, []string{"GO111MODULE=off"}, []string{"list", "-find", "-e", "-json", ".", "./lib", "./two"}},
		{mod, nil, []string{"mod", "edit", "-json", "go.mod"}},
	} {
		out := goOutput(t, run.dir, run.env, run.args...)
		t.Logf("go %s in %s: %d bytes", strings.Join(run.args, " "), run.dir, len(out))
		modules = append(modules, checkDecode(t, out, moduleInto)...)
		packages = append(packages, checkDecode(t, out, packageInto)...)
		modFiles = append(modFiles, checkDecode(t, out, modFileInto)...)
	}
	// The outputs had every field in them.
	has := map[string]bool{}
	for _, m := range modules {
		has["Module.Main"] = has["Module.Main"] || m.Main
		has["Module.Replace"] = has["Module.Replace"] || m.Replace != nil && m.Replace.Path != ""
	}
	for _, p := range packages {
		has["Error"] = has["Error"] || p.Error != nil && p.Error.Err != ""
		has["CgoFiles"] = has["CgoFiles"] || len(p.CgoFiles) > 0
		has["CFiles"] = has["CFiles"] || len(p.CFiles) > 0
		has["CXXFiles"] = has["CXXFiles"] || len(p.CXXFiles) > 0
		has["SFiles"] = has["SFiles"] || len(p.SFiles) > 0
		has["non-ASCII file"] = has["non-ASCII file"] || strings.Contains(strings.Join(p.GoFiles, " "), "été")
	}
	for _, mf := range modFiles {
		has["ModFile.Module"] = has["ModFile.Module"] || mf.Module.Path != "" && mf.Go != ""
		for _, r := range mf.Replace {
			has["Replace.Old.Version"] = has["Replace.Old.Version"] || r.Old.Version != ""
			has["Replace.New.Version"] = has["Replace.New.Version"] || r.New.Version != ""
		}
		for _, r := range mf.Require {
			has["Require.Indirect"] = has["Require.Indirect"] || r.Indirect
		}
	}
	for _, what := range []string{"Module.Main", "Module.Replace", "Error", "CgoFiles", "CFiles", "CXXFiles", "SFiles",
		"non-ASCII file", "ModFile.Module", "Replace.Old.Version", "Replace.New.Version", "Require.Indirect"} {
		if !has[what] {
			t.Errorf("no output of the go command had %s set: the test does not test it", what)
		}
	}
}

// FuzzDecodeAll: on any input, decodeAll fails exactly when encoding/json
// fails, and otherwise decodes the same values into each type gosh reads
// go's output into. It never panics.
func FuzzDecodeAll(f *testing.F) {
	for _, s := range []string{
		"{\n\t\"Path\": \"example.com/m\",\n\t\"Main\": true,\n\t\"Dir\": \"/src/m\"\n}\n{\n\t\"Path\": \"example.com/x\",\n\t\"Version\": \"v1.2.3\",\n\t\"Replace\": {\"Path\": \"../x\", \"Dir\": \"/src/x\"}\n}\n",
		`{"Module":{"Path":"example.com/m"},"Go":"1.26","Require":[{"Path":"a","Version":"v1","Indirect":true}],"Replace":[{"Old":{"Path":"a","Version":"v1"},"New":{"Path":"../a"}}],"Exclude":null}`,
		`{"Dir":"/m","ImportPath":"example.com/m","Name":"main","GoFiles":["a.go","b.go"],"CgoFiles":["c.go"],"CFiles":["x.c"],"SysoFiles":["r.syso"],"Error":{"ImportStack":["x"],"Pos":"a.go:1","Err":"bad \u003cthing\u003e"}}`,
		`{"Require":[{"Path":"a"},{"Path":"b"}],"Require":[{"Version":"v"}],"Require":[{},{}]}`,
		`{"gOfILES":["\ud83d\ude00","\uD800x"],"ERROR":null,"Err\u006fr":{"err":"e"}}`,
		"null{}  {\"Main\":true}", `{"Path":1}`, `[]`, "", "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAllTypes(t, data)
	})
}
