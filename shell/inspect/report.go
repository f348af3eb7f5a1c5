package inspect

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosh-shell/gosh/shell/inspect/internal/elffile"
)

// Report is what a plugin file says about itself.
type Report struct {
	Path   string // as given
	Size   int64
	SHA256 string // hex digest of the content

	GoVersion  string            // toolchain that built it, e.g. "go1.26.8"
	MainPath   string            // import path of its main package, from build info
	PluginPath string            // the runtime's identity of the plugin; "" if stripped
	Module     debug.Module      // main module
	Deps       []*debug.Module   // dependency modules, as recorded by the build
	Settings   map[string]string // build settings (-trimpath, CGO_ENABLED, GOAMD64, ...)

	// InitOrder lists, in the order the runtime will run them, the packages
	// of the plugin that have init work. Nil when the symbol table was
	// stripped (-ldflags=-s).
	InitOrder []string
	// PkgHashes maps each package linked into the plugin to the fingerprint
	// the runtime compares with the already-loaded copy of that package.
	PkgHashes map[string]string
	// Exports lists the exported names of the main package (variables and
	// functions), sorted.
	Exports []string
	// Stripped is true when the file has no symbol table.
	Stripped bool
	// Meta is what the plugin says about itself in optional exported
	// string variables, as far as the file shows it (a value computed at
	// init is known only once the plugin is loaded).
	Meta Meta
}

// Meta is a plugin's optional description of itself: exported string
// variables of its main package.
type Meta struct {
	Version        string `json:"version,omitempty"`          // var Version = "1.2.0"
	Description    string `json:"description,omitempty"`      // var Description = "..."
	MinGoshVersion string `json:"min_gosh_version,omitempty"` // the lowest gosh version it needs
}

// Fields maps the name of each metadata variable a plugin may export to
// the field that holds it.
func (m *Meta) Fields() map[string]*string {
	return map[string]*string{"Version": &m.Version, "Description": &m.Description, "MinGoshVersion": &m.MinGoshVersion}
}

// maxMetaShown bounds a metadata string as gosh shows it, in bytes.
const maxMetaShown = 200

// MetaString makes a plugin's metadata string fit one line of gosh's
// output: tabs and newlines become spaces, other unprintable runes go, and
// a long string is cut (at a rune boundary) with "...".
func MetaString(s string) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case !unicode.IsPrint(r):
			return -1
		}
		return r
	}, s))
	if len(s) > maxMetaShown {
		cut := maxMetaShown
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// HasExport reports whether the main package exports name.
func (r *Report) HasExport(name string) bool {
	i := sort.SearchStrings(r.Exports, name)
	return i < len(r.Exports) && r.Exports[i] == name
}

// ReadFile reads and parses the file at path. It returns the file's content
// too, so that a caller can load exactly the bytes that were checked.
func ReadFile(path string) (*Report, []byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, &FileError{Path: path, Kind: NotFound, Reason: "no such file", Fix: "check the path; built plugins go in ./plugins"}
		}
		return nil, nil, &FileError{Path: path, Kind: NotFound, Reason: err.Error()}
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(path)
		fi, err = os.Stat(path)
		if err != nil {
			return nil, nil, &FileError{Path: path, Kind: NotFound, Reason: fmt.Sprintf("broken symbolic link to %s", target), Fix: "point the link at an existing plugin or remove it"}
		}
	}
	switch {
	case fi.IsDir():
		return nil, nil, &FileError{Path: path, Kind: NotRegular, Reason: "is a directory", Fix: "name a .so file, or use --plugins DIR for a directory"}
	case !fi.Mode().IsRegular():
		return nil, nil, &FileError{Path: path, Kind: NotRegular, Reason: fmt.Sprintf("is a %s, not a file", fileType(fi.Mode()))}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &FileError{Path: path, Kind: NotFound, Reason: err.Error()}
	}
	r, err := Parse(path, data)
	return r, data, err
}

func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	default:
		return "special file"
	}
}

var elfMachine = map[string]elffile.Machine{
	"amd64": elffile.EM_X86_64, "arm64": elffile.EM_AARCH64, "386": elffile.EM_386, "arm": elffile.EM_ARM,
	"ppc64le": elffile.EM_PPC64, "ppc64": elffile.EM_PPC64, "s390x": elffile.EM_S390, "riscv64": elffile.EM_RISCV,
	"loong64": elffile.EM_LOONGARCH, "mips64le": elffile.EM_MIPS, "mips64": elffile.EM_MIPS,
}

// Parse checks data, the content of the file at path, and reports what it is.
// It never panics: a malformed file is a *FileError.
func Parse(path string, data []byte) (r *Report, err error) {
	defer func() {
		if v := recover(); v != nil {
			r, err = nil, &FileError{Path: path, Kind: NotELF, Reason: fmt.Sprintf("malformed file (%v)", v), Fix: "rebuild the plugin"}
		}
	}()
	fail := func(k Kind, fix, format string, args ...any) (*Report, error) {
		return nil, &FileError{Path: path, Kind: k, Reason: fmt.Sprintf(format, args...), Fix: fix}
	}
	if len(data) == 0 {
		return fail(NotELF, "rebuild it with go build -buildmode=plugin", "empty file")
	}
	if !bytes.HasPrefix(data, []byte(elffile.ELFMAG)) {
		return fail(NotELF, "a plugin is built with go build -buildmode=plugin", "%s", describeNonELF(data))
	}
	if err := checkHeaderExtent(data); err != nil {
		return fail(Truncated, "the copy or download was cut short: copy or rebuild it again", "%v", err)
	}
	f, err := elffile.NewFile(data)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		// elffile says only EOF, as debug/elf does: say what it means.
		return fail(Truncated, "the copy or download was cut short: copy or rebuild it again", "a table of the file lies past its end (%d bytes)", len(data))
	}
	if err != nil {
		return fail(Damaged, "copy or rebuild it again", "%v", err)
	}
	if f.OSABI != elffile.ELFOSABI_NONE && f.OSABI != elffile.ELFOSABI_LINUX && runtime.GOOS == "linux" {
		return fail(WrongPlatform, "build it on this OS", "built for %s, this gosh runs on %s", f.OSABI, runtime.GOOS)
	}
	if want, ok := elfMachine[runtime.GOARCH]; ok && f.Machine != want {
		return fail(WrongPlatform, fmt.Sprintf("rebuild it with GOARCH=%s", runtime.GOARCH), "built for %s, this gosh runs on %s", machineName(f.Machine), runtime.GOARCH)
	}
	if wantClass := elfClass(); f.Class != wantClass {
		return fail(WrongPlatform, fmt.Sprintf("rebuild it with GOARCH=%s", runtime.GOARCH), "a %s file, this gosh is %s", f.Class, wantClass)
	}
	if err := checkComplete(f, int64(len(data))); err != nil {
		return fail(Truncated, "the copy or download was cut short: copy or rebuild it again", "%v", err)
	}
	for _, s := range f.Sections {
		// The dynamic loader maps such a section as it is: its bytes are
		// not what the program sees, nor what inspect could check.
		if s.Flags&elffile.SHF_ALLOC != 0 && s.Flags&elffile.SHF_COMPRESSED != 0 {
			return fail(Damaged, "copy or rebuild it again", "section %s is loaded into memory but marked compressed", s.Name)
		}
	}
	switch f.Type {
	case elffile.ET_DYN:
	case elffile.ET_EXEC:
		return fail(NotSharedObject, "a plugin is built with go build -buildmode=plugin", "an executable, not a shared library")
	case elffile.ET_REL:
		return fail(NotSharedObject, "a plugin is built with go build -buildmode=plugin", "an object file (.o), not a shared library")
	default:
		return fail(NotSharedObject, "", "ELF type %s, not a shared library", f.Type)
	}

	bi, err := readBuildInfo(f, data)
	if err != nil {
		if isPIE(f) {
			return fail(NotSharedObject, "a plugin is built with go build -buildmode=plugin", "a position-independent executable, not a shared library")
		}
		return fail(NotGoPlugin, "gosh loads only Go plugins, built with go build -buildmode=plugin", "a shared library without Go build information, probably a C library")
	}
	r = &Report{
		Path: path, Size: int64(len(data)),
		GoVersion: bi.GoVersion, MainPath: bi.Path, Module: bi.Main, Deps: bi.Deps,
		Settings: map[string]string{},
	}
	sum := sha256.Sum256(data)
	r.SHA256 = hex.EncodeToString(sum[:])
	for _, s := range bi.Settings {
		r.Settings[s.Key] = s.Value
	}
	if mode := r.Settings["-buildmode"]; mode != "plugin" {
		what := "a Go library built with -buildmode=" + mode
		if mode == "exe" || mode == "pie" {
			what = "a Go program built with -buildmode=" + mode
		}
		if mode == "" {
			what = "a Go shared library with no -buildmode recorded"
		}
		return fail(NotGoPlugin, "rebuild it with go build -buildmode=plugin", "%s, not a plugin", what)
	}
	if err := readSymbols(f, r); err != nil {
		return fail(Damaged, "rebuild it", "unreadable symbols: %v", err)
	}
	return r, nil
}

func elfClass() elffile.Class {
	if strings.HasSuffix(runtime.GOARCH, "64") || runtime.GOARCH == "s390x" || runtime.GOARCH == "ppc64le" || runtime.GOARCH == "mips64le" {
		return elffile.ELFCLASS64
	}
	return elffile.ELFCLASS32
}

func machineName(m elffile.Machine) string {
	for arch, em := range elfMachine {
		if em == m && arch != "ppc64" && arch != "mips64" {
			return arch + " (" + m.String() + ")"
		}
	}
	return m.String()
}

func describeNonELF(data []byte) string {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	switch {
	case bytes.HasPrefix(data, []byte("#!")):
		return "a script, not a compiled plugin"
	case bytes.HasPrefix(data, []byte("!<arch>")):
		return "a static archive (.a), not a shared library"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a zip archive, not a shared library"
	case bytes.HasPrefix(data, []byte("\x1f\x8b")):
		return "a gzip file, not a shared library"
	case bytes.HasPrefix(data, []byte("\xcf\xfa\xed\xfe")), bytes.HasPrefix(data, []byte("\xca\xfe\xba\xbe")):
		return "a Mach-O (macOS) file, not a Linux shared library"
	case bytes.HasPrefix(data, []byte("MZ")):
		return "a Windows executable or DLL, not a Linux shared library"
	case len(data) < 4:
		return fmt.Sprintf("only %d bytes, too short for a shared library", len(data))
	case isText(head):
		return "a text file, not a compiled plugin"
	default:
		return "not an ELF file (no ELF magic number)"
	}
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f {
			return false
		}
	}
	return true
}

// checkComplete makes sure that every segment and section the dynamic loader
// maps lies inside the file: a truncated plugin otherwise dies with SIGBUS
// inside dlopen.
func checkComplete(f *elffile.File, size int64) error {
	for i, p := range f.Progs {
		if p.Filesz == 0 {
			continue
		}
		end := p.Off + p.Filesz
		if end < p.Off || end > uint64(size) {
			return fmt.Errorf("segment %d ends at byte %d but the file has only %d bytes", i, end, size)
		}
	}
	for _, s := range f.Sections {
		if s.Type == elffile.SHT_NOBITS || s.Type == elffile.SHT_NULL || s.Size == 0 {
			continue
		}
		end := s.Offset + s.FileSize
		if end < s.Offset || end > uint64(size) {
			return fmt.Errorf("section %s ends at byte %d but the file has only %d bytes", s.Name, end, size)
		}
	}
	return nil
}

// Name returns the plugin name and version that the file name path gives:
// "plugins/hello.so" is "hello", "plugins/hello.so.1.2" is "hello" version
// "1.2". ok is false for a name that does not end in .so or .so.VERSION.
func Name(path string) (name, version string, ok bool) {
	base := filepath.Base(path)
	i := strings.LastIndex(base, ".so")
	for i > 0 {
		rest := base[i+3:]
		if rest == "" {
			return base[:i], "", true
		}
		if rest[0] == '.' && validVersion(rest[1:]) {
			return base[:i], rest[1:], true
		}
		i = strings.LastIndex(base[:i], ".so")
	}
	return "", "", false
}

func validVersion(v string) bool {
	if v == "" {
		return false
	}
	for _, part := range strings.Split(v, ".") {
		if part == "" {
			return false
		}
		for _, c := range part {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// isPIE reports whether f is a position-independent executable: the dynamic
// section's DT_FLAGS_1 has DF_1_PIE.
func isPIE(f *elffile.File) bool {
	vals, err := f.DynValue(elffile.DT_FLAGS_1)
	if err != nil {
		return false
	}
	for _, v := range vals {
		if elffile.DynFlag1(v)&elffile.DF_1_PIE != 0 {
			return true
		}
	}
	return false
}

// checkHeaderExtent reads the ELF header's own idea of where the program and
// section header tables end, and compares it with the file size, so that a
// cut-short copy is named as such rather than as a corrupt file.
func checkHeaderExtent(data []byte) error {
	progEnd, sectEnd, err := elffile.TableEnds(data)
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("only %d bytes, shorter than an ELF header", len(data))
	case err != nil:
		return nil // elffile.NewFile names what is wrong
	}
	size := uint64(len(data))
	if progEnd > size {
		return fmt.Errorf("the file has %d bytes, but its program headers end at byte %d", size, progEnd)
	}
	if sectEnd > size {
		return fmt.Errorf("the file has %d bytes, but its section headers end at byte %d", size, sectEnd)
	}
	return nil
}
