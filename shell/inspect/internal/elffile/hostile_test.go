package elffile

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testSection is a section of a testFile.
type testSection struct {
	name    string
	typ     SectionType
	flags   SectionFlag
	link    uint32
	data    []byte
	size    uint64 // the size the header claims, when not len(data)
	nameOff uint32 // the name's offset, when testFile.names is given
}

// testFile describes a 64-bit little-endian ELF shared object for x86-64,
// without program headers: a null section, secs (numbered from 1), and a
// section name table.
type testFile struct {
	secs  []testSection
	names []byte // the section name table, when not made from the names of secs
	// extended puts the section count and the name table's index in
	// section 0, as for more than 0xff00 sections.
	extended  bool
	nameIndex uint32 // the name table's index, when not its own
	header    func(h []byte)
}

// build lays the file out: ELF header, section data, name table, section
// headers.
func (tf testFile) build() []byte {
	le := binary.LittleEndian
	names, offs := tf.names, make([]uint32, len(tf.secs))
	if names == nil {
		names = []byte{0}
		for i, s := range tf.secs {
			offs[i] = uint32(len(names))
			names = append(append(names, s.name...), 0)
		}
	} else {
		for i, s := range tf.secs {
			offs[i] = s.nameOff
		}
	}
	secs := append(append([]testSection{{}}, tf.secs...), testSection{typ: SHT_STRTAB, data: names})
	offs = append(append([]uint32{0}, offs...), 0)
	out := make([]byte, 64)
	dataOff := make([]uint64, len(secs))
	for i, s := range secs {
		dataOff[i] = uint64(len(out))
		out = append(out, s.data...)
	}
	shoff := uint64(len(out))
	for i, s := range secs {
		sh := make([]byte, 64)
		size := uint64(len(s.data))
		if s.size != 0 {
			size = s.size
		}
		le.PutUint32(sh[0:], offs[i])
		le.PutUint32(sh[4:], uint32(s.typ))
		le.PutUint64(sh[8:], uint64(s.flags))
		le.PutUint64(sh[24:], dataOff[i])
		le.PutUint64(sh[32:], size)
		le.PutUint32(sh[40:], s.link)
		out = append(out, sh...)
	}
	copy(out, ELFMAG)
	out[EI_CLASS], out[EI_DATA], out[EI_VERSION] = byte(ELFCLASS64), byte(ELFDATA2LSB), byte(EV_CURRENT)
	le.PutUint16(out[16:], uint16(ET_DYN))
	le.PutUint16(out[18:], uint16(EM_X86_64))
	le.PutUint32(out[20:], 1)
	le.PutUint64(out[40:], shoff)
	le.PutUint16(out[52:], 64)
	le.PutUint16(out[54:], 56)
	le.PutUint16(out[58:], 64)
	nameIndex := uint32(len(secs) - 1)
	if tf.nameIndex != 0 {
		nameIndex = tf.nameIndex
	}
	if tf.extended {
		le.PutUint64(out[shoff+32:], uint64(len(secs)))
		le.PutUint32(out[shoff+40:], nameIndex)
		le.PutUint16(out[62:], 0xffff)
	} else {
		le.PutUint16(out[60:], uint16(len(secs)))
		le.PutUint16(out[62:], uint16(nameIndex))
	}
	if tf.header != nil {
		tf.header(out)
	}
	return out
}

// symtab returns a 64-bit symbol table: the null symbol, then a symbol
// named at each offset in names.
func symtab(names ...uint32) []byte {
	out := make([]byte, 24*(len(names)+1))
	for i, n := range names {
		binary.LittleEndian.PutUint32(out[24*(i+1):], n)
		out[24*(i+1)+4] = byte(STT_OBJECT)
	}
	return out
}

// chdr64 returns a 64-bit compression header and some bytes after it.
func chdr64(typ compressionType, size uint64) []byte {
	b := make([]byte, 24+16)
	binary.LittleEndian.PutUint32(b, uint32(typ))
	binary.LittleEndian.PutUint64(b[8:], size)
	return b
}

// TestHostileInput: files made to exhaust a reader give an error or their
// content, in time and memory proportional to their size; and, where
// debug/elf copes with them too, what debug/elf gives.
func TestHostileInput(t *testing.T) {
	long := append(bytes.Repeat([]byte("a"), 1<<20), 0)
	manyNames := make([]uint32, 40000)
	for i := range manyNames {
		manyNames[i] = uint32(i*26) % (1 << 20)
	}
	manySections := make([]testSection, 20000)
	for i := range manySections {
		manySections[i] = testSection{typ: 1, nameOff: uint32(i*50) % (1 << 20)}
	}
	tests := []struct {
		name    string
		data    []byte
		read    func(f *File) error // after NewFile
		want    string              // a substring of the error; "" for none
		compare bool                // debug/elf copes: compare
	}{
		{"program headers past the end", testFile{header: func(h []byte) {
			binary.LittleEndian.PutUint64(h[32:], 64)
			binary.LittleEndian.PutUint16(h[54:], 0xffff)
			binary.LittleEndian.PutUint16(h[56:], 0xffff)
		}}.build(), nil, "EOF", true},
		{"section count of 2^62 in section 0", testFile{extended: true, nameIndex: 0xff01, header: func(h []byte) {
			binary.LittleEndian.PutUint64(h[len(h)-2*64+32:], 1<<62)
		}}.build(), nil, "too many sections", true},
		{"section count of 2^20 in section 0", testFile{extended: true, nameIndex: 0xff01, header: func(h []byte) {
			binary.LittleEndian.PutUint64(h[len(h)-2*64+32:], 1<<20)
		}}.build(), nil, "EOF", true},
		{"section count too small for section 0", testFile{extended: true}.build(), nil, "invalid ELF shnum contained in sh_size", true},
		{"name table past the sections", testFile{secs: make([]testSection, 0xff00), extended: true, nameIndex: 0xff10}.build(),
			nil, "invalid ELF shstrndx", false}, // debug/elf panics
		{"symbol table of 2^40 bytes", testFile{secs: []testSection{
			{name: ".symtab", typ: SHT_SYMTAB, link: 2, data: symtab(1), size: 1 << 40},
			{name: ".strtab", typ: SHT_STRTAB, data: []byte("\x00x\x00")},
		}}.build(), readSymbols, "cannot load symbol section: unexpected EOF", true},
		{"string table of no bits", testFile{secs: []testSection{
			{name: ".symtab", typ: SHT_SYMTAB, link: 2, data: symtab(1)},
			{name: ".strtab", typ: SHT_NOBITS, size: 100},
		}}.build(), readSymbols, "cannot load string table section: unexpected read from SHT_NOBITS section", true},
		{"every symbol names one long string", testFile{secs: []testSection{
			{name: ".symtab", typ: SHT_SYMTAB, link: 2, data: symtab(manyNames...)},
			{name: ".strtab", typ: SHT_STRTAB, data: long},
		}}.build(), func(f *File) error {
			syms, err := f.Symbols()
			if err == nil && (len(syms) != len(manyNames) || len(syms[7].Name) != 1<<20-int(manyNames[7])) {
				return errors.New("wrong symbols")
			}
			return err
		}, "", false},
		{"every section names one long string", testFile{secs: manySections, names: long}.build(), func(f *File) error {
			if len(f.Sections[3].Name) != 1<<20-100 {
				return errors.New("wrong name")
			}
			return nil
		}, "", false},
		{"version definitions without end", testFile{secs: versionedDynsym(verdefs(1<<20/20, 1, 0, 20))}.build(), readDynamicSymbols, "", true},
		{"version definitions with 65535 names each", testFile{secs: versionedDynsym(verdefs(1<<20/20, 0xffff, 0, 20))}.build(), readDynamicSymbols, "", false},
		{"version definition of version 2", testFile{secs: versionedDynsym(verdefs(2, 1, 2, 20))}.build(), readDynamicSymbols,
			"unexpected dynamic version '2'", true},
		{"dynamic section of DT_FLAGS_1 only", testFile{secs: []testSection{
			{name: ".dynamic", typ: SHT_DYNAMIC, data: bytes.Repeat([]byte{0xfb, 0xff, 0xff, 0x6f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, 1<<16)},
		}}.build(), func(f *File) error {
			vals, err := f.DynValue(DT_FLAGS_1)
			if err == nil && len(vals) != 1<<16 {
				return errors.New("wrong values")
			}
			return err
		}, "", true},
		{"allocated compressed section", testFile{secs: []testSection{
			{name: ".data", typ: 1, flags: SHF_ALLOC | SHF_COMPRESSED, data: chdr64(compressZlib, 100)},
		}}.build(), readSection(1), "SHF_COMPRESSED applies only to non-allocable sections 'COMPRESS_ZLIB' in record at byte 0x40", true},
		{"compressed section of an unknown kind", testFile{secs: []testSection{
			{name: ".debug", typ: 1, flags: SHF_COMPRESSED, data: chdr64(7, 100)},
		}}.build(), readSection(1), "unknown compression type 'COMPRESS_ZSTD+5' in record at byte 0x40", true},
		{"compressed section of nothing", testFile{secs: []testSection{
			{name: ".debug", typ: 1, flags: SHF_COMPRESSED, data: chdr64(compressZlib, 0)},
		}}.build(), readSection(1), "", true},
		{"zlib section", testFile{secs: []testSection{
			{name: ".debug", typ: 1, flags: SHF_COMPRESSED, data: chdr64(compressZlib, 100)},
		}}.build(), readSection(1), ErrCompressed.Error(), false},
		{"zstd section", testFile{secs: []testSection{
			{name: ".debug", typ: 1, flags: SHF_COMPRESSED, data: chdr64(compressZstd, 100)},
		}}.build(), readSection(1), ErrCompressed.Error(), false},
		{"zdebug section", testFile{secs: []testSection{
			{name: ".zdebug_info", typ: 1, data: []byte("ZLIB\x00\x00\x00\x00\x00\x00\x00\x10xxxx")},
		}}.build(), readSection(1), ErrCompressed.Error(), false},
		{"compressed section cut short", testFile{secs: []testSection{
			{name: ".debug", typ: 1, flags: SHF_COMPRESSED, data: chdr64(compressZlib, 100)[:20]},
		}}.build(), nil, "EOF", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			start := time.Now()
			bytesAllocated := allocated(func() {
				var f *File
				if f, err = NewFile(tt.data); err == nil && tt.read != nil {
					err = tt.read(f)
				}
			})
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if limit := 4*uint64(len(tt.data)) + 1<<16; bytesAllocated > limit {
				t.Errorf("allocated %d bytes for a file of %d", bytesAllocated, len(tt.data))
			}
			if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if tt.compare {
				if werr := debugELF(tt.data, tt.read != nil); errText(err) != errText(werr) {
					t.Errorf("error %v, debug/elf %v", err, werr)
				}
			}
		})
	}
}

// versionedDynsym returns a dynamic symbol table, its strings, a version
// table for it and version definitions verdef.
func versionedDynsym(verdef []byte) []testSection {
	return []testSection{
		{name: ".dynsym", typ: SHT_DYNSYM, link: 2, data: symtab(1)},
		{name: ".dynstr", typ: SHT_STRTAB, data: []byte("\x00x\x00")},
		{name: ".gnu.version", typ: SHT_GNU_VERSYM, data: []byte{0, 0, 1, 0}},
		{name: ".gnu.version_d", typ: SHT_GNU_VERDEF, link: 2, data: verdef},
	}
}

// verdefs returns n version definitions of version vers (1 when 0), each
// with cnt names at their own offset, chained next bytes apart.
func verdefs(n int, cnt uint16, vers uint16, next uint32) []byte {
	if vers == 0 {
		vers = 1
	}
	out := make([]byte, 20*n)
	for i := range n {
		d := out[20*i:]
		binary.LittleEndian.PutUint16(d[0:], vers)
		binary.LittleEndian.PutUint16(d[6:], cnt)
		if i < n-1 {
			binary.LittleEndian.PutUint32(d[16:], next)
		}
	}
	return out
}

func readSymbols(f *File) error {
	_, err := f.Symbols()
	return err
}

func readDynamicSymbols(f *File) error {
	_, err := f.DynamicSymbols()
	return err
}

// readSection reads the data of section i.
func readSection(i int) func(f *File) error {
	return func(f *File) error {
		_, err := f.Sections[i].Data()
		return err
	}
}

// debugELF is what debug/elf gives for data: NewFile's error, or else,
// when read, the error of what TestHostileInput reads (the same tests
// read the same thing, by the error they name).
func debugELF(data []byte, read bool) error {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil || !read {
		return err
	}
	if f.SectionByType(elf.SHT_DYNSYM) != nil {
		_, err = f.DynamicSymbols()
		return err
	}
	if f.SectionByType(elf.SHT_SYMTAB) != nil {
		_, err = f.Symbols()
		return err
	}
	if ds := f.SectionByType(elf.SHT_DYNAMIC); ds != nil {
		_, err = f.DynValue(elf.DT_FLAGS_1)
		return err
	}
	_, err = f.Sections[1].Data()
	return err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// allocated returns how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestStrtab: the string table's lookups, through its index of blocks,
// agree with a plain search for the NUL, at every offset of tables with
// few and many NULs.
func TestStrtab(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, density := range []int{0, 1, 5, 100, 1000, 100000} {
		for _, size := range []int{0, 1, strBlock - 1, strBlock, strBlock + 1, 5*strBlock + 17} {
			b := make([]byte, size)
			for i := range b {
				b[i] = 'a' + byte(rng.IntN(26))
				if density > 0 && rng.IntN(density+1) == 0 {
					b[i] = 0
				}
			}
			tab := newStrtab(b)
			for off := range size + 2 {
				got, gotOK := tab.get(uint32(off))
				want, wantOK := plainString(b, off)
				if got != want || gotOK != wantOK {
					t.Fatalf("table of %d bytes, one NUL in %d: get(%d) = %q, %v; want %q, %v", size, density, off, got, gotOK, want, wantOK)
				}
			}
		}
	}
}

// plainString is debug/elf's getString.
func plainString(b []byte, start int) (string, bool) {
	if start < 0 || start >= len(b) {
		return "", false
	}
	if end := bytes.IndexByte(b[start:], 0); end >= 0 {
		return string(b[start : start+end]), true
	}
	return "", false
}
