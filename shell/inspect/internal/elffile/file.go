// Package elffile reads, from an ELF file held in memory, what gosh's
// plugin checks (shell/inspect) use: the file header, the program and
// section headers, section data, the symbol tables and the dynamic
// section's values.
//
// It stands in for debug/elf, which a program that opens plugins should
// not link: every package in gosh's binary is exported to its plugins and
// makes each plugin.Open slower, and debug/elf brings debug/dwarf and
// three decompressors. Where it reads the same thing, it says what
// debug/elf says: the same values, the same errors in the same words,
// names of classes, machines and types spelt the same. It differs in
// three ways: it does not inflate compressed sections ([ErrCompressed]);
// it returns an error where debug/elf would panic; and it is meant for
// hostile input. Every count and size read from the file is checked
// against the file's length before anything is allocated, so that memory
// is a small multiple of the file's size and time is linear in it.
// shell/inspect's TestELFReaderAgrees and FuzzParseFile compare it with
// debug/elf.
//
// Section data and symbol names share memory with what they were read
// from: the data with the file's bytes (do not modify them), each name
// with its whole string table (clone a name that is kept long).
package elffile

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
)

// A File is an ELF file: its header, section headers and program headers.
type File struct {
	FileHeader
	Sections []*Section
	Progs    []*Prog
}

// A FileHeader is what the ELF header says about the whole file.
type FileHeader struct {
	Class     Class
	Data      Data
	OSABI     OSABI
	ByteOrder binary.ByteOrder
	Type      Type
	Machine   Machine
}

// A Prog is a program header: a segment the dynamic loader maps.
type Prog struct {
	Type   ProgType
	Flags  ProgFlag
	Off    uint64 // where its bytes start in the file
	Vaddr  uint64
	Filesz uint64 // how many bytes it has in the file
	Memsz  uint64
}

// tables is what the ELF header says about the program and section
// header tables. The fields are int64 whatever int's size: the checks on
// them are debug/elf's on a 64-bit machine.
type tables struct {
	phoff, phentsize, phnum           int64
	shoff, shentsize, shnum, shstrndx int64
	wantPhentsize, wantShentsize      int64 // sizes of this class's headers
}

// maxSections is debug/elf's bound on the section count ("too many
// sections"): (2^64-1) over the size of its Section, 120 bytes on a
// 64-bit machine. Any count this large fails anyway, for want of bytes.
const maxSections = math.MaxUint64 / 120

// NewFile reads the headers of the ELF file whose content is data. The
// sections it returns read their data from data.
func NewFile(data []byte) (*File, error) {
	f := new(File)
	if err := f.readIdent(data); err != nil {
		return nil, err
	}
	t, err := f.readHeader(data)
	if err != nil {
		return nil, err
	}
	if f.Progs, err = f.readProgs(data, t); err != nil {
		return nil, err
	}
	if err := f.sectionCount(data, t); err != nil {
		return nil, err
	}
	names, err := f.readSections(data, t)
	if err != nil {
		return nil, err
	}
	if err := f.nameSections(t, names); err != nil {
		return nil, err
	}
	return f, nil
}

// readIdent reads e_ident: magic number, class, byte order, version and
// OS ABI.
func (f *File) readIdent(data []byte) error {
	if len(data) < EI_NIDENT {
		return io.EOF
	}
	if string(data[:len(ELFMAG)]) != ELFMAG {
		return &FormatError{0, "bad magic number", bytes.Clone(data[:len(ELFMAG)])}
	}
	f.Class = Class(data[EI_CLASS])
	if f.Class != ELFCLASS32 && f.Class != ELFCLASS64 {
		return &FormatError{0, "unknown ELF class", f.Class}
	}
	f.Data = Data(data[EI_DATA])
	switch f.Data {
	case ELFDATA2LSB:
		f.ByteOrder = binary.LittleEndian
	case ELFDATA2MSB:
		f.ByteOrder = binary.BigEndian
	default:
		return &FormatError{0, "unknown ELF data encoding", f.Data}
	}
	if v := Version(data[EI_VERSION]); v != EV_CURRENT {
		return &FormatError{0, "unknown ELF version", v}
	}
	f.OSABI = OSABI(data[EI_OSABI])
	return nil
}

// TableEnds returns where the ELF header of data says its program and
// section header tables end (where they begin, for a table with no
// entries), for telling a file cut short from a damaged one; io.EOF when
// data is shorter than its header, or NewFile's error for a header it
// cannot read.
func TableEnds(data []byte) (progEnd, sectEnd uint64, err error) {
	var f File
	if err := f.readIdent(data); err != nil {
		return 0, 0, err
	}
	t, err := f.readHeader(data)
	if t == nil {
		return 0, 0, err
	}
	// Each product is at most 2^32: no overflow in uint64.
	return uint64(t.phoff) + uint64(t.phentsize*t.phnum), uint64(t.shoff) + uint64(t.shentsize*t.shnum), nil
}

// readHeader reads the rest of the ELF header and checks where it says
// the header tables are.
func (f *File) readHeader(data []byte) (*tables, error) {
	bo := f.ByteOrder
	t := &tables{wantPhentsize: prog64Size, wantShentsize: section64Size}
	size, counts := header64Size, 54 // counts: offset of e_phentsize
	if f.Class == ELFCLASS32 {
		*t = tables{wantPhentsize: prog32Size, wantShentsize: section32Size}
		size, counts = header32Size, 42
	}
	if len(data) < size {
		return nil, io.EOF
	}
	f.Type = Type(bo.Uint16(data[16:]))
	f.Machine = Machine(bo.Uint16(data[18:]))
	if v := Version(bo.Uint32(data[20:])); v != EV_CURRENT { // debug/elf keeps the low byte
		return nil, &FormatError{0, "mismatched ELF version", v}
	}
	if f.Class == ELFCLASS32 {
		t.phoff, t.shoff = int64(bo.Uint32(data[28:])), int64(bo.Uint32(data[32:]))
	} else {
		t.phoff, t.shoff = int64(bo.Uint64(data[32:])), int64(bo.Uint64(data[40:]))
	}
	c := data[counts:]
	t.phentsize, t.phnum = int64(bo.Uint16(c[0:])), int64(bo.Uint16(c[2:]))
	t.shentsize, t.shnum, t.shstrndx = int64(bo.Uint16(c[4:])), int64(bo.Uint16(c[6:])), int64(bo.Uint16(c[8:]))
	return t, t.check()
}

// check makes debug/elf's checks of the header's table fields, in its order.
func (t *tables) check() error {
	switch {
	case t.shoff < 0:
		return &FormatError{0, "invalid shoff", t.shoff}
	case t.phoff < 0:
		return &FormatError{0, "invalid phoff", t.phoff}
	case t.shoff == 0 && t.shnum != 0:
		return &FormatError{0, "invalid ELF shnum for shoff=0", t.shnum}
	case t.shnum > 0 && t.shstrndx >= t.shnum:
		return &FormatError{0, "invalid ELF shstrndx", t.shstrndx}
	case t.phnum > 0 && t.phentsize < t.wantPhentsize:
		return &FormatError{0, "invalid ELF phentsize", t.phentsize}
	}
	return nil
}

// readAt returns the n bytes of data at off, with debug/elf's errors for
// a table that runs past the end of the file.
func readAt(data []byte, n uint64, off int64) ([]byte, error) {
	if int64(n) < 0 {
		return nil, io.ErrUnexpectedEOF
	}
	if n == 0 {
		return nil, nil
	}
	if uint64(off) > uint64(len(data)) || n > uint64(len(data))-uint64(off) {
		return nil, io.EOF
	}
	return data[off : uint64(off)+n], nil
}

// readProgs reads the program headers.
func (f *File) readProgs(data []byte, t *tables) ([]*Prog, error) {
	b, err := readAt(data, uint64(t.phnum)*uint64(t.phentsize), t.phoff)
	if err != nil {
		return nil, err
	}
	progs := make([]Prog, t.phnum) // phnum < 2^16, and the table is in the file
	ptrs := make([]*Prog, t.phnum)
	bo := f.ByteOrder
	for i := range progs {
		off := int64(i) * t.phentsize
		ph, p := b[off:], &progs[i]
		if f.Class == ELFCLASS32 {
			*p = Prog{Type: ProgType(bo.Uint32(ph[0:])), Off: uint64(bo.Uint32(ph[4:])), Vaddr: uint64(bo.Uint32(ph[8:])),
				Filesz: uint64(bo.Uint32(ph[16:])), Memsz: uint64(bo.Uint32(ph[20:])), Flags: ProgFlag(bo.Uint32(ph[24:]))}
		} else {
			*p = Prog{Type: ProgType(bo.Uint32(ph[0:])), Flags: ProgFlag(bo.Uint32(ph[4:])), Off: bo.Uint64(ph[8:]),
				Vaddr: bo.Uint64(ph[16:]), Filesz: bo.Uint64(ph[32:]), Memsz: bo.Uint64(ph[40:])}
		}
		if int64(p.Off) < 0 {
			return nil, &FormatError{t.phoff + off, "invalid program header offset", p.Off}
		}
		if int64(p.Filesz) < 0 {
			return nil, &FormatError{t.phoff + off, "invalid program header file size", p.Filesz}
		}
		ptrs[i] = p
	}
	return ptrs, nil
}

// sectionCount reads the section count and the index of the section
// names from the first section header when the ELF header has no room
// for them (more than 0xff00 sections).
func (f *File) sectionCount(data []byte, t *tables) error {
	if t.shoff == 0 || t.shnum != 0 {
		return nil
	}
	const loReserve, xIndex = 0xff00, 0xffff
	if err := readError(bytesAfter(data, uint64(t.shoff)), uint64(t.wantShentsize)); err != nil {
		return err
	}
	sh, bo := data[t.shoff:], f.ByteOrder
	typ := SectionType(bo.Uint32(sh[4:]))
	var link uint32
	if f.Class == ELFCLASS32 {
		t.shnum, link = int64(bo.Uint32(sh[20:])), bo.Uint32(sh[24:])
	} else {
		t.shnum, link = int64(bo.Uint64(sh[32:])), bo.Uint32(sh[40:])
	}
	if typ != SHT_NULL {
		return &FormatError{t.shoff, "invalid type of the initial section", typ}
	}
	if t.shnum < loReserve {
		return &FormatError{t.shoff, "invalid ELF shnum contained in sh_size", t.shnum}
	}
	if t.shstrndx == xIndex {
		t.shstrndx = int64(link)
		if t.shstrndx < loReserve {
			return &FormatError{t.shoff, "invalid ELF shstrndx contained in sh_link", t.shstrndx}
		}
	}
	return nil
}

// bytesAfter is how many bytes data has from off on.
func bytesAfter(data []byte, off uint64) uint64 {
	if off >= uint64(len(data)) {
		return 0
	}
	return uint64(len(data)) - off
}

// readSections reads the section headers, and returns the offset of each
// section's name in the table of section names.
func (f *File) readSections(data []byte, t *tables) ([]uint32, error) {
	switch {
	case t.shnum > 0 && t.shentsize < t.wantShentsize:
		return nil, &FormatError{0, "invalid ELF shentsize", t.shentsize}
	case uint64(t.shnum) > maxSections:
		return nil, &FormatError{0, "too many sections", t.shnum}
	case t.shnum > 0 && math.MaxUint64/uint64(t.shnum) < uint64(t.shentsize):
		return nil, &FormatError{0, "section header overflow", t.shnum}
	}
	b, err := readAt(data, uint64(t.shnum)*uint64(t.shentsize), t.shoff)
	if err != nil {
		return nil, err
	}
	// The table is in the file: shnum is at most len(data)/40.
	secs := make([]Section, t.shnum)
	f.Sections = make([]*Section, t.shnum)
	names := make([]uint32, t.shnum)
	for i := range secs {
		off := int64(i) * t.shentsize
		s := &secs[i]
		s.file = data
		names[i] = f.readSection(s, b[off:])
		if err := s.check(f.Class, f.ByteOrder, t.shoff+off); err != nil {
			return nil, err
		}
		f.Sections[i] = s
	}
	return names, nil
}

// readSection fills in s from its header sh, and returns the offset of
// its name.
func (f *File) readSection(s *Section, sh []byte) (name uint32) {
	bo := f.ByteOrder
	if f.Class == ELFCLASS32 {
		s.SectionHeader = SectionHeader{Type: SectionType(bo.Uint32(sh[4:])), Flags: SectionFlag(bo.Uint32(sh[8:])),
			Addr: uint64(bo.Uint32(sh[12:])), Offset: uint64(bo.Uint32(sh[16:])), FileSize: uint64(bo.Uint32(sh[20:])),
			Link: bo.Uint32(sh[24:]), Info: bo.Uint32(sh[28:]), Entsize: uint64(bo.Uint32(sh[36:]))}
	} else {
		s.SectionHeader = SectionHeader{Type: SectionType(bo.Uint32(sh[4:])), Flags: SectionFlag(bo.Uint64(sh[8:])),
			Addr: bo.Uint64(sh[16:]), Offset: bo.Uint64(sh[24:]), FileSize: bo.Uint64(sh[32:]),
			Link: bo.Uint32(sh[40:]), Info: bo.Uint32(sh[44:]), Entsize: bo.Uint64(sh[56:])}
	}
	s.Size = s.FileSize
	return bo.Uint32(sh[0:])
}

// check makes debug/elf's checks of a section header at byte at of the
// file, and reads the compression header of a compressed section.
func (s *Section) check(class Class, bo binary.ByteOrder, at int64) error {
	data := s.file
	if int64(s.Offset) < 0 {
		return &FormatError{at, "invalid section offset", int64(s.Offset)}
	}
	if int64(s.FileSize) < 0 {
		return &FormatError{at, "invalid section size", int64(s.FileSize)}
	}
	if s.Flags&SHF_COMPRESSED == 0 {
		return nil
	}
	size := uint64(chdr64Size)
	if class == ELFCLASS32 {
		size = chdr32Size
	}
	if s.FileSize < size || bytesAfter(data, s.Offset) < size {
		return io.EOF
	}
	ch := data[s.Offset:]
	s.compression = compressionType(bo.Uint32(ch[0:]))
	if class == ELFCLASS32 {
		s.Size = uint64(bo.Uint32(ch[4:]))
	} else {
		s.Size = bo.Uint64(ch[8:])
	}
	return nil
}

// nameSections names the sections from the section name table.
func (f *File) nameSections(t *tables, names []uint32) error {
	if len(f.Sections) == 0 || t.shstrndx == 0 { // no names
		return nil
	}
	if t.shstrndx >= int64(len(f.Sections)) { // debug/elf panics
		return &FormatError{0, "invalid ELF shstrndx", t.shstrndx}
	}
	shstr := f.Sections[t.shstrndx]
	if shstr.Type != SHT_STRTAB {
		return &FormatError{t.shoff + t.shstrndx*t.shentsize, "invalid ELF section name string table type", shstr.Type}
	}
	b, err := shstr.Data()
	if err != nil {
		return err
	}
	tab := newStrtab(b)
	for i, s := range f.Sections {
		var ok bool
		if s.Name, ok = tab.get(names[i]); !ok {
			return &FormatError{t.shoff + int64(i)*t.shentsize, "bad section name index", names[i]}
		}
	}
	return nil
}

// SectionByType returns the first section of type typ, or nil.
func (f *File) SectionByType(typ SectionType) *Section {
	for _, s := range f.Sections {
		if s.Type == typ {
			return s
		}
	}
	return nil
}
