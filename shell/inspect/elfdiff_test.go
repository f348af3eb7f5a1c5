package inspect

import (
	"bytes"
	"compress/gzip"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/inspect/internal/elffile"
)

// gosh reads ELF files with its own reader, internal/elffile, and not with
// debug/elf (which would weigh on every plugin.Open). compareELF checks
// that the two read the same file the same way: the same headers,
// sections, segments, section data, symbols, dynamic symbols and dynamic
// values, and the same errors in the same words, since Parse shows them.
// The exceptions are elffile's on purpose: it does not inflate compressed
// sections (ErrCompressed), and it fails where debug/elf panics.
func compareELF(t testing.TB, name string, data []byte) {
	t.Helper()
	got, gerr := elffile.NewFile(data) // no recover: a panic fails the test
	if gerr == nil && sectionNameBytes(got) > debugELFBudget {
		return
	}
	want, wpanic, werr := debugELF(func() (*elf.File, error) { return elf.NewFile(bytes.NewReader(data)) })
	switch {
	case wpanic != nil:
		if gerr == nil {
			t.Fatalf("%s: debug/elf panics (%v), elffile accepts the file", name, wpanic)
		}
		return
	case errors.Is(gerr, elffile.ErrCompressed):
		return
	case errText(gerr) != errText(werr):
		t.Fatalf("%s: NewFile: elffile says %v, debug/elf %v", name, gerr, werr)
	case werr != nil:
		return
	}
	c := elfComparison{t: t, name: name, got: got, want: want}
	c.headers()
	c.sectionData()
	c.symbols("Symbols", got.Symbols, want.Symbols, false)
	if versionWork(got) > debugELFBudget/(1<<10) {
		_, _ = got.DynamicSymbols() // elffile alone: it must not panic
	} else {
		c.symbols("DynamicSymbols", got.DynamicSymbols, want.DynamicSymbols, c.versionsInflate())
	}
	c.dynValues()
}

// debugELFBudget bounds the work compareELF lets debug/elf do on a file.
// debug/elf copies each name it reads, and walks the names of a symbol
// version as many times as the version's count says even when they do
// not advance, taking time and memory in the square of the file's size:
// a hostile file of a few kilobytes makes it allocate gigabytes, and the
// fuzzer's worker dies of it. Those files are compared with debug/elf no
// further (what elffile does with them is TestHostileInput's business).
const debugELFBudget = 1 << 24 // bytes of names

// sectionNameBytes is how many bytes the names of f's sections have.
func sectionNameBytes(f *elffile.File) int {
	n := 0
	for _, s := range f.Sections {
		n += len(s.Name)
	}
	return n
}

// versionWork counts the steps debug/elf takes over the symbol version
// tables (a name copied at each): its loops, without the copies.
func versionWork(f *elffile.File) int {
	if f.SectionByType(elffile.SHT_GNU_VERSYM) == nil {
		return 0
	}
	data := func(typ elffile.SectionType) []byte {
		if s := f.SectionByType(typ); s != nil {
			d, _ := s.Data()
			return d
		}
		return nil
	}
	bo, steps := f.ByteOrder, 0
	d := data(elffile.SHT_GNU_VERDEF)
	for i := 0; i+20 <= len(d) && bo.Uint16(d[i:]) == 1; {
		cnt, aux, next := int(bo.Uint16(d[i+6:])), int(bo.Uint32(d[i+12:])), bo.Uint32(d[i+16:])
		if cnt == 0 {
			break
		}
		for c, j := 0, i+aux; c < cnt && j+8 <= len(d); c++ {
			steps++
			j += int(bo.Uint32(d[j+4:]))
		}
		if next == 0 {
			break
		}
		i += int(next)
	}
	d = data(elffile.SHT_GNU_VERNEED)
	for i := 0; i+16 <= len(d) && bo.Uint16(d[i:]) == 1; {
		cnt, aux, next := int(bo.Uint16(d[i+2:])), int(bo.Uint32(d[i+8:])), bo.Uint32(d[i+12:])
		steps++
		for c, j := 0, i+aux; c < cnt && j+16 <= len(d); c++ {
			steps++
			n := bo.Uint32(d[j+12:])
			if n == 0 {
				break
			}
			j += int(n)
		}
		if next == 0 {
			break
		}
		i += int(next)
	}
	return steps
}

// elfComparison is one file read by both readers.
type elfComparison struct {
	t    testing.TB
	name string
	got  *elffile.File
	want *elf.File
}

func (c *elfComparison) fatalf(format string, args ...any) {
	c.t.Helper()
	c.t.Fatalf(c.name+": "+format, args...)
}

// debugELF calls f, a debug/elf call, and recovers its panic.
func debugELF[T any](f func() (T, error)) (v T, panicked any, err error) {
	defer func() { panicked = recover() }()
	v, err = f()
	return v, nil, err
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// headers compares the file header, the program headers and the section
// headers (before any section's data is read: debug/elf's Data changes
// the Size of a .zdebug section).
func (c *elfComparison) headers() {
	c.t.Helper()
	g, w := c.got, c.want
	if g.Class.String() != w.Class.String() || g.Data.String() != w.Data.String() || g.OSABI.String() != w.OSABI.String() ||
		g.Type.String() != w.Type.String() || g.Machine.String() != w.Machine.String() || g.ByteOrder != w.ByteOrder {
		c.fatalf("header: elffile %+v, debug/elf %+v", g.FileHeader, w.FileHeader)
	}
	if len(g.Progs) != len(w.Progs) {
		c.fatalf("%d program headers, debug/elf %d", len(g.Progs), len(w.Progs))
	}
	for i, p := range w.Progs {
		want := elffile.Prog{Type: elffile.ProgType(p.Type), Flags: elffile.ProgFlag(p.Flags), Off: p.Off, Vaddr: p.Vaddr, Filesz: p.Filesz, Memsz: p.Memsz}
		if *g.Progs[i] != want {
			c.fatalf("program header %d: %+v, debug/elf %+v", i, *g.Progs[i], want)
		}
	}
	if len(g.Sections) != len(w.Sections) {
		c.fatalf("%d sections, debug/elf %d", len(g.Sections), len(w.Sections))
	}
	for i, s := range w.Sections {
		want := elffile.SectionHeader{Name: s.Name, Type: elffile.SectionType(s.Type), Flags: elffile.SectionFlag(s.Flags), Addr: s.Addr,
			Offset: s.Offset, Size: s.Size, Link: s.Link, Info: s.Info, Entsize: s.Entsize, FileSize: s.FileSize}
		if g.Sections[i].SectionHeader != want {
			c.fatalf("section %d: %+v, debug/elf %+v", i, g.Sections[i].SectionHeader, want)
		}
	}
}

// sectionData compares each section's Data, and reads of a few windows of
// its bytes with ReadAt (as inspect reads symbol values).
func (c *elfComparison) sectionData() {
	c.t.Helper()
	for i, g := range c.got.Sections {
		w := c.want.Sections[i]
		gd, gerr := g.Data()
		if errors.Is(gerr, elffile.ErrCompressed) {
			continue
		}
		wd, wpanic, werr := debugELF(w.Data)
		if wpanic != nil || errText(gerr) != errText(werr) || !bytes.Equal(gd, wd) {
			c.fatalf("section %d (%s): Data = %d bytes, %v; debug/elf %d bytes, %v (panic %v)", i, g.Name, len(gd), gerr, len(wd), werr, wpanic)
		}
		if w.ReaderAt == nil { // compressed: debug/elf cannot ReadAt
			if _, err := g.ReadAt(make([]byte, 1), 0); !errors.Is(err, elffile.ErrCompressed) {
				c.fatalf("section %d (%s): ReadAt of a compressed section: %v", i, g.Name, err)
			}
			continue
		}
		size := int64(g.FileSize)
		for _, win := range [][2]int64{{0, 16}, {0, size}, {size / 2, 40}, {size - 8, 16}, {size, 1}, {-1, 4}, {1, 0}} {
			if win[1] < 0 || win[1] > 1<<20 {
				continue
			}
			gb, wb := make([]byte, win[1]), make([]byte, win[1])
			gn, gerr := g.ReadAt(gb, win[0])
			wn, werr := w.ReadAt(wb, win[0])
			if gn != wn || errText(gerr) != errText(werr) || !bytes.Equal(gb, wb) {
				c.fatalf("section %d (%s): ReadAt(%d bytes, %d) = %d, %v; debug/elf %d, %v", i, g.Name, win[1], win[0], gn, gerr, wn, werr)
			}
		}
	}
}

// versionsInflate reports whether debug/elf would inflate a symbol version
// table, which elffile reads as empty.
func (c *elfComparison) versionsInflate() bool {
	for _, typ := range []elffile.SectionType{elffile.SHT_GNU_VERDEF, elffile.SHT_GNU_VERNEED} {
		if s := c.got.SectionByType(typ); s != nil {
			if _, err := s.Data(); errors.Is(err, elffile.ErrCompressed) {
				return true
			}
		}
	}
	return false
}

// symbols compares a symbol table, or the errors of reading it.
func (c *elfComparison) symbols(what string, got func() ([]elffile.Symbol, error), want func() ([]elf.Symbol, error), versionsInflate bool) {
	c.t.Helper()
	gs, gerr := got()
	if errors.Is(gerr, elffile.ErrCompressed) || symbolNameBytes(gs) > debugELFBudget {
		return
	}
	ws, wpanic, werr := debugELF(want)
	if wpanic != nil {
		c.fatalf("%s: debug/elf panics: %v", what, wpanic)
	}
	if errText(gerr) != errText(werr) || errors.Is(gerr, elffile.ErrNoSymbols) != errors.Is(werr, elf.ErrNoSymbols) {
		if versionsInflate {
			return
		}
		c.fatalf("%s: elffile says %v, debug/elf %v", what, gerr, werr)
	}
	if len(gs) != len(ws) {
		c.fatalf("%s: %d symbols, debug/elf %d", what, len(gs), len(ws))
	}
	for i, w := range ws {
		want := elffile.Symbol{Name: w.Name, Info: w.Info, Other: w.Other, Section: elffile.SectionIndex(w.Section), Value: w.Value, Size: w.Size}
		if gs[i] != want {
			c.fatalf("%s: symbol %d: %+v, debug/elf %+v", what, i, gs[i], want)
		}
	}
}

// symbolNameBytes is how many bytes the names of syms have.
func symbolNameBytes(syms []elffile.Symbol) int {
	n := 0
	for _, s := range syms {
		n += len(s.Name)
	}
	return n
}

// dynValues compares the values of a few tags of the dynamic section.
func (c *elfComparison) dynValues() {
	c.t.Helper()
	if ds := c.got.SectionByType(elffile.SHT_DYNAMIC); ds != nil {
		if _, err := ds.Data(); errors.Is(err, elffile.ErrCompressed) {
			return
		}
	}
	for _, tag := range []elf.DynTag{elf.DT_FLAGS_1, elf.DT_SONAME, elf.DT_NEEDED, elf.DT_FLAGS, elf.DT_NULL, elf.DT_STRTAB} {
		gv, gerr := c.got.DynValue(elffile.DynTag(tag))
		wv, wpanic, werr := debugELF(func() ([]uint64, error) { return c.want.DynValue(tag) })
		if wpanic != nil || errText(gerr) != errText(werr) || fmt.Sprint(gv) != fmt.Sprint(wv) {
			c.fatalf("DynValue(%v) = %v, %v; debug/elf %v, %v (panic %v)", tag, gv, gerr, wv, werr, wpanic)
		}
	}
}

// namedFile is a file for the comparison.
type namedFile struct {
	name string
	data []byte
}

// realELFFiles are the files TestELFReaderAgrees reads: a Go plugin and
// program built by the tests, this test binary, a C library, the C
// library of the system when there is one, and debug/elf's own test
// files (32- and 64-bit, both byte orders, compressed sections) from
// GOROOT.
func realELFFiles(t *testing.T) []namedFile {
	plugin, program := goBinaries(t)
	files := []namedFile{{"plugin", plugin}, {"program", program}, {"C library", cLibrary(t)}}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, readELFFiles(exe, "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6")...)
	return append(files, goRootELFFiles()...)
}

// goRootELFFiles returns debug/elf's test files, if GOROOT has them.
func goRootELFFiles() []namedFile {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil
	}
	paths, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "src", "debug", "elf", "testdata", "*"))
	return readELFFiles(paths...)
}

// readELFFiles returns those of the files at paths that exist and are ELF
// files, gunzipped if need be.
func readELFFiles(paths ...string) []namedFile {
	var files []namedFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err == nil && strings.HasSuffix(p, ".gz") {
			data, err = gunzip(data)
		}
		if err == nil && bytes.HasPrefix(data, []byte(elf.ELFMAG)) {
			files = append(files, namedFile{filepath.Base(p), data})
		}
	}
	return files
}

func gunzip(data []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// TestELFReaderAgrees: elffile reads real files as debug/elf does, whole,
// cut short, and with bytes of their headers and tables changed.
func TestELFReaderAgrees(t *testing.T) {
	files := realELFFiles(t)
	if len(files) < 10 {
		t.Logf("only %d files (no GOROOT test files?)", len(files))
	}
	for _, file := range files {
		t.Run(file.name, func(t *testing.T) {
			if _, err := elffile.NewFile(file.data); err != nil {
				t.Fatalf("NewFile: %v", err)
			}
			for _, v := range variants(file.data) {
				compareELF(t, file.name+": "+v.name, v.data)
			}
		})
	}
}

// variants returns data, and copies of it cut short and with bytes of its
// headers, header tables and symbol tables changed. The changes are
// pseudo-random, with a fixed seed.
func variants(data []byte) []namedFile {
	out := []namedFile{{"whole", data}}
	for k := 1; k < 32; k++ {
		n := len(data) * k / 32
		out = append(out, namedFile{fmt.Sprintf("cut at %d", n), data[:n]})
	}
	rng := rand.New(rand.NewPCG(1, uint64(len(data))))
	change := func(what string, lo, hi, n int) {
		hi = min(hi, len(data))
		for range n {
			if lo >= hi {
				return
			}
			at := lo + rng.IntN(hi-lo)
			b := bytes.Clone(data)
			b[at] = []byte{0, 1, 0xff, 0x7f, 0x80, b[at] ^ 0x80, b[at] + 1, b[at] - 1, byte(rng.Uint32())}[rng.IntN(9)]
			out = append(out, namedFile{fmt.Sprintf("%s: byte %d set to %#x", what, at, b[at]), b})
		}
	}
	change("ELF header", 0, 64, 150)
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return out
	}
	phoff, shoff := tableOffsets(data, f)
	phentsize, shentsize := 56, 64
	if f.Class == elf.ELFCLASS32 {
		phentsize, shentsize = 32, 40
	}
	change("program headers", int(phoff), int(phoff)+len(f.Progs)*phentsize, 60)
	change("section headers", int(shoff), int(shoff)+len(f.Sections)*shentsize, 200)
	for _, typ := range []elf.SectionType{elf.SHT_SYMTAB, elf.SHT_DYNSYM, elf.SHT_DYNAMIC, elf.SHT_GNU_VERDEF, elf.SHT_GNU_VERNEED, elf.SHT_STRTAB} {
		if s := f.SectionByType(typ); s != nil && s.Offset < uint64(len(data)) {
			change(typ.String(), int(s.Offset), int(s.Offset+min(s.FileSize, 4096)), 20)
		}
	}
	return out
}

// tableOffsets returns e_phoff and e_shoff.
func tableOffsets(data []byte, f *elf.File) (phoff, shoff uint64) {
	if f.Class == elf.ELFCLASS32 {
		return uint64(f.ByteOrder.Uint32(data[28:])), uint64(f.ByteOrder.Uint32(data[32:]))
	}
	return f.ByteOrder.Uint64(data[32:]), f.ByteOrder.Uint64(data[40:])
}

// FuzzELFReader feeds random and mutated ELF files to gosh's ELF reader
// alone, which is faster than FuzzParseFile: it never panics and reads
// what debug/elf reads (compareELF). The seeds are small files of every
// class and byte order: a C library, and debug/elf's test files when
// GOROOT has them.
func FuzzELFReader(f *testing.F) {
	f.Add(cLibrary(f))
	for _, file := range goRootELFFiles() {
		if len(file.data) < 64<<10 {
			f.Add(file.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareELF(t, "input", data)
	})
}
