package inspect

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestName(t *testing.T) {
	tests := []struct {
		path, name, version string
		ok                  bool
	}{
		{"plugins/hello.so", "hello", "", true},
		{"hello.so.1", "hello", "1", true},
		{"/x/hello.so.1.2.10", "hello", "1.2.10", true},
		{"my.so.plugin.so", "my.so.plugin", "", true},
		{"hello.so.beta", "", "", false},
		{"hello.so.1.", "", "", false},
		{"hello", "", "", false},
		{"hello.dll", "", "", false},
		{".so", "", "", false},
	}
	for _, tt := range tests {
		name, version, ok := Name(tt.path)
		if name != tt.name || version != tt.version || ok != tt.ok {
			t.Errorf("Name(%q) = %q, %q, %v; want %q, %q, %v", tt.path, name, version, ok, tt.name, tt.version, tt.ok)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	clib := cLibrary(t)
	otherArch := append([]byte(nil), clib...)
	otherArch[18], otherArch[19] = 0xb7, 0x00 // e_machine = EM_AARCH64
	exec := append([]byte(nil), clib...)
	exec[16] = 2 // e_type = ET_EXEC
	badIndex := append([]byte(nil), clib...)
	badIndex[0x3e], badIndex[0x3f] = 0xff, 0xff  // e_shstrndx past the sections
	namesPastEnd := append([]byte(nil), clib...) // the section names' table past the end
	shoff := binary.LittleEndian.Uint64(clib[0x28:])
	shentsize := uint64(binary.LittleEndian.Uint16(clib[0x3a:]))
	shstrndx := uint64(binary.LittleEndian.Uint16(clib[0x3e:]))
	binary.LittleEndian.PutUint64(namesPastEnd[shoff+shstrndx*shentsize+0x18:], uint64(len(clib))+4096) // its sh_offset
	unknownClass := append([]byte("\x7fELF\x05\x01\x01"), make([]byte, 33)...)
	tests := []struct {
		name string
		data []byte
		kind Kind
		want string
	}{
		{"empty", nil, NotELF, "empty file"},
		{"text", []byte("hello, this is text\n"), NotELF, "a text file"},
		{"script", []byte("#!/bin/sh\necho hi\n"), NotELF, "a script"},
		{"garbage", []byte{0, 1, 2, 3, 4, 5, 200, 201}, NotELF, "no ELF magic"},
		{"short ELF", []byte("\x7fELF\x02\x01"), Truncated, "shorter than an ELF header"},
		{"cut C library", clib[:len(clib)/2], Truncated, "but its section headers end at byte"},
		{"damaged section names", badIndex, Damaged, "invalid ELF shstrndx"},
		{"section names past the end", namesPastEnd, Truncated, fmt.Sprintf("a table of the file lies past its end (%d bytes)", len(clib))},
		{"short ELF of an unknown class", unknownClass, Damaged, "unknown ELF class"},
		{"C library", clib, NotGoPlugin, "probably a C library"},
		{"other architecture", otherArch, WrongPlatform, "built for arm64"},
		{"executable", exec, NotSharedObject, "an executable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.so", tt.data)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse = %v, want a *FileError", err)
			}
			if fe.Kind != tt.kind || !strings.Contains(fe.Reason, tt.want) {
				t.Errorf("Parse = %v (kind %v), want kind %v with %q", err, fe.Kind, tt.kind, tt.want)
			}
		})
	}
}

func TestReadFileRefuses(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.so")
	if err := os.Symlink(filepath.Join(dir, "missing.so"), broken); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		kind Kind
		want string
	}{
		{filepath.Join(dir, "nope.so"), NotFound, "no such file"},
		{broken, NotFound, "broken symbolic link"},
		{dir, NotRegular, "is a directory"},
	}
	for _, tt := range tests {
		_, _, err := ReadFile(tt.path)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Kind != tt.kind || !strings.Contains(fe.Reason, tt.want) {
			t.Errorf("ReadFile(%s) = %v, want kind %v with %q", tt.path, err, tt.kind, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	host := &Host{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/gosh-shell/gosh", Version: "(devel)"},
		Settings:  map[string]string{"-buildmode": "exe", "CGO_ENABLED": "1", "GOARCH": "amd64", "GOOS": "linux", "GOAMD64": "v1"},
		Deps: map[string]*debug.Module{
			"github.com/spf13/pflag": {Path: "github.com/spf13/pflag", Version: "v1.0.10", Sum: "h1:good"},
			"example.com/replaced":   {Path: "example.com/replaced", Version: "v1.0.0", Replace: &debug.Module{Path: "../local"}},
		},
	}
	plugin := func(edit func(r *Report)) *Report {
		r := &Report{
			GoVersion: "go1.26.8",
			Settings:  map[string]string{"-buildmode": "plugin", "CGO_ENABLED": "1", "GOARCH": "amd64", "GOOS": "linux", "GOAMD64": "v1"},
			Deps:      []*debug.Module{{Path: "github.com/spf13/pflag", Version: "v1.0.10", Sum: "h1:good"}},
		}
		edit(r)
		return r
	}
	tests := []struct {
		name   string
		report *Report
		want   []string // one substring per expected problem, in order
	}{
		{"same build", plugin(func(*Report) {}), nil},
		{"other toolchain", plugin(func(r *Report) { r.GoVersion = "go1.27.3" }),
			[]string{"built with Go go1.27.3, but this gosh was built with Go go1.26.8"}},
		{"trimpath", plugin(func(r *Report) { r.Settings["-trimpath"] = "true" }),
			[]string{"built with -trimpath, but gosh with no -trimpath"}},
		{"race", plugin(func(r *Report) { r.Settings["-race"] = "true" }),
			[]string{"built with -race, but gosh with no -race"}},
		{"GOAMD64", plugin(func(r *Report) { r.Settings["GOAMD64"] = "v3" }),
			[]string{"built with GOAMD64=v3, but gosh with GOAMD64=v1"}},
		{"GOAMD64 default equals v1", plugin(func(r *Report) { delete(r.Settings, "GOAMD64") }), nil},
		{"gcflags", plugin(func(r *Report) { r.Settings["-gcflags"] = "all=-N -l" }),
			[]string{"built with -gcflags=all=-N -l, but gosh with no -gcflags"}},
		{"cgo off", plugin(func(r *Report) { r.Settings["CGO_ENABLED"] = "0" }),
			[]string{"built with CGO_ENABLED=0, but gosh with CGO_ENABLED=1"}},
		{"GOEXPERIMENT", plugin(func(r *Report) { r.Settings["GOEXPERIMENT"] = "arenas" }),
			[]string{"built with GOEXPERIMENT=arenas, but gosh with no GOEXPERIMENT"}},
		{"older pflag", plugin(func(r *Report) { r.Deps[0].Version = "v1.0.9" }),
			[]string{"uses module github.com/spf13/pflag v1.0.9, but gosh has v1.0.10"}},
		{"other source", plugin(func(r *Report) { r.Deps[0].Sum = "h1:other" }),
			[]string{"with checksum h1:other, but gosh's copy has h1:good"}},
		{"vendored, same version", plugin(func(r *Report) { r.Deps[0].Sum = "" }), nil},
		{"replacement missing", plugin(func(r *Report) {
			r.Deps = append(r.Deps, &debug.Module{Path: "example.com/replaced", Version: "v1.0.0", Sum: "h1:x"})
		}), []string{"uses module example.com/replaced v1.0.0, but gosh has v1.0.0 => ../local"}},
		{"module gosh lacks", plugin(func(r *Report) {
			r.Deps = append(r.Deps, &debug.Module{Path: "example.com/only-plugin", Version: "v2.0.0"})
		}), nil},
		{"two problems", plugin(func(r *Report) { r.GoVersion = "go1.25.0"; r.Settings["-trimpath"] = "true" }),
			[]string{"built with Go go1.25.0", "-trimpath"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.report.Check(host)
			if len(ps) != len(tt.want) {
				t.Fatalf("Check = %v, want %d problems", ps, len(tt.want))
			}
			for i, p := range ps {
				if !strings.Contains(p.What, tt.want[i]) {
					t.Errorf("problem %d = %q, want it to contain %q", i, p.What, tt.want[i])
				}
				if p.Fix == "" {
					t.Errorf("problem %d has no fix", i)
				}
			}
		})
	}
}

func TestExplainMismatch(t *testing.T) {
	host := &Host{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/gosh-shell/gosh"},
		Deps: map[string]*debug.Module{"github.com/spf13/pflag": {Path: "github.com/spf13/pflag", Version: "v1.0.10", Sum: "h1:a"}}}
	r := &Report{
		Module: debug.Module{Path: "example.com/p"},
		Deps: []*debug.Module{
			{Path: "github.com/spf13/pflag", Version: "v1.0.10"},
			{Path: "github.com/gosh-shell/gosh", Version: "v0.1.0"},
		},
	}
	tests := []struct{ pkg, want string }{
		{"internal/goarch", "Go installation in another place"},
		{"github.com/spf13/pflag", "-mod=vendor"},
		{"github.com/gosh-shell/gosh/shell/command", "another version or checkout of gosh's module"},
		{"example.com/p/helper", "differs from the copy that an earlier plugin loaded"},
	}
	for _, tt := range tests {
		if got := r.ExplainMismatch(tt.pkg, host); !strings.Contains(got.What, tt.want) {
			t.Errorf("ExplainMismatch(%s) = %q, want %q", tt.pkg, got.What, tt.want)
		}
	}
}

// TestParsePlugin: the report of a plugin built by the tests has what its
// build information and symbol tables say.
func TestParsePlugin(t *testing.T) {
	plugin, _ := goBinaries(t)
	r, err := Parse("p.so", plugin)
	if err != nil {
		t.Fatal(err)
	}
	if r.MainPath != "example.com/bi" || r.PluginPath != "example.com/bi" || r.Stripped || r.Settings["-buildmode"] != "plugin" {
		t.Errorf("main %q, plugin path %q, stripped %v, settings %v", r.MainPath, r.PluginPath, r.Stripped, r.Settings)
	}
	if strings.Join(r.Exports, ",") != "V" || !r.HasExport("V") {
		t.Errorf("exports %v, want [V]", r.Exports)
	}
	for _, pkg := range []string{"runtime", "example.com/bi"} {
		if h := r.PkgHashes[pkg]; len(h) != 16 {
			t.Errorf("hash of %s = %q, want 8 bytes in hex (all: %v)", pkg, h, r.PkgHashes)
		}
	}
}

// TestParseRefusesCompressedAllocatedSection: a section that is loaded
// into memory but marked compressed is against the ELF format (the loader
// maps its bytes as they are), and inspect could not read the values it
// holds: the file is refused as corrupt, not half read.
func TestParseRefusesCompressedAllocatedSection(t *testing.T) {
	plugin, _ := goBinaries(t)
	data := bytes.Clone(plugin)
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	shoff := binary.LittleEndian.Uint64(data[0x28:])
	shentsize := uint64(binary.LittleEndian.Uint16(data[0x3a:]))
	marked := ""
	for i, s := range f.Sections {
		if s.Name == ".go.buildinfo" || s.Name == ".noptrdata" {
			flags := shoff + uint64(i)*shentsize + 8 // sh_flags of a 64-bit header
			binary.LittleEndian.PutUint64(data[flags:], uint64(s.Flags|elf.SHF_COMPRESSED))
			marked = s.Name
			break
		}
	}
	if marked == "" {
		t.Fatal("the test plugin has no .go.buildinfo or .noptrdata section")
	}
	_, err = Parse("p.so", data)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != Damaged || !strings.Contains(fe.Reason, "section "+marked+" is loaded into memory but marked compressed") {
		t.Errorf("Parse with %s marked compressed: %v, want it refused as corrupt", marked, err)
	}
}
