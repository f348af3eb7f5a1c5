package elffile

import (
	"errors"
	"fmt"
)

// A Symbol is an entry of a symbol table.
type Symbol struct {
	Name        string // shares memory with the whole string table
	Info, Other byte
	Section     SectionIndex
	Value, Size uint64
}

// Symbols returns the symbols of the symbol table (SHT_SYMTAB), in their
// order, without the null symbol at index 0 (as debug/elf, so symbol
// index x is element x-1). A file without one, or with an empty one,
// gives ErrNoSymbols.
func (f *File) Symbols() ([]Symbol, error) {
	return f.symbols(SHT_SYMTAB)
}

// DynamicSymbols returns the symbols of the dynamic symbol table
// (SHT_DYNSYM), like Symbols. It fails, as debug/elf's does, when the GNU
// symbol version tables are damaged; it does not read the versions.
func (f *File) DynamicSymbols() ([]Symbol, error) {
	syms, err := f.symbols(SHT_DYNSYM)
	if err != nil {
		return nil, err
	}
	if err := f.checkVersions(); err != nil {
		return nil, err
	}
	return syms, nil
}

// symbols reads the first symbol table of type typ. The table's data is
// in the file, so the count is bounded by the file's size, and names
// share one copy of the string table.
func (f *File) symbols(typ SectionType) ([]Symbol, error) {
	sec := f.SectionByType(typ)
	if sec == nil {
		return nil, ErrNoSymbols
	}
	data, err := sec.Data()
	if err != nil {
		return nil, fmt.Errorf("cannot load symbol section: %w", err)
	}
	if len(data) == 0 {
		return nil, ErrNoSymbols
	}
	size, sizeName := sym64Size, "Sym64Size"
	if f.Class == ELFCLASS32 {
		size, sizeName = sym32Size, "SymSize"
	}
	if len(data)%size != 0 {
		return nil, errors.New("length of symbol section is not a multiple of " + sizeName)
	}
	str, err := f.stringTable(sec.Link)
	if err != nil {
		return nil, fmt.Errorf("cannot load string table section: %w", err)
	}
	tab := newStrtab(str)
	syms := make([]Symbol, len(data)/size-1)
	for i := range syms {
		syms[i] = f.symbol(data[(i+1)*size:], tab)
	}
	return syms, nil
}

// symbol decodes the symbol table entry at the start of b.
func (f *File) symbol(b []byte, tab *strtab) Symbol {
	bo := f.ByteOrder
	var s Symbol
	if f.Class == ELFCLASS32 {
		s = Symbol{Value: uint64(bo.Uint32(b[4:])), Size: uint64(bo.Uint32(b[8:])), Info: b[12], Other: b[13], Section: SectionIndex(bo.Uint16(b[14:]))}
	} else {
		s = Symbol{Info: b[4], Other: b[5], Section: SectionIndex(bo.Uint16(b[6:])), Value: bo.Uint64(b[8:]), Size: bo.Uint64(b[16:])}
	}
	s.Name, _ = tab.get(bo.Uint32(b))
	return s
}

// stringTable returns the data of the string table at index link.
func (f *File) stringTable(link uint32) ([]byte, error) {
	if link == 0 || uint64(link) >= uint64(len(f.Sections)) {
		return nil, errors.New("section has invalid string table link")
	}
	return f.Sections[link].Data()
}

// checkVersions makes debug/elf's checks of the GNU symbol version
// tables, read when there is an SHT_GNU_VERSYM section: each definition
// and each need has version 1, and each definition a name. Their entries
// are chained by offsets that only grow, so the walk ends.
func (f *File) checkVersions() error {
	if f.SectionByType(SHT_GNU_VERSYM) == nil {
		return nil
	}
	if err := f.walkVersions(SHT_GNU_VERDEF, 20, 16, "unexpected dynamic version"); err != nil {
		return err
	}
	return f.walkVersions(SHT_GNU_VERNEED, 16, 12, "unexpected dynamic need version")
}

// walkVersions walks the entries, of size bytes each and chained by the
// offset at next in each, of the first section of type typ, and checks
// their version (a defined version also needs a name: vd_cnt > 0).
func (f *File) walkVersions(typ SectionType, size, next uint64, badVersion string) error {
	sec := f.SectionByType(typ)
	if sec == nil {
		return nil
	}
	d, _ := sec.Data() // as debug/elf: an unreadable table is an empty one
	bo := f.ByteOrder
	for i := uint64(0); i+size <= uint64(len(d)); {
		at := int64(sec.Offset + i)
		if v := bo.Uint16(d[i:]); v != 1 {
			return &FormatError{at, badVersion, v}
		}
		if typ == SHT_GNU_VERDEF && bo.Uint16(d[i+6:]) == 0 {
			return &FormatError{at, "dynamic version has no name", nil}
		}
		n := bo.Uint32(d[i+next:])
		if n == 0 {
			break
		}
		i += uint64(n)
	}
	return nil
}

// DynValue returns the values of the entries of the dynamic section
// (SHT_DYNAMIC) whose tag is tag, in order; none when there is no such
// section.
func (f *File) DynValue(tag DynTag) ([]uint64, error) {
	ds := f.SectionByType(SHT_DYNAMIC)
	if ds == nil {
		return nil, nil
	}
	d, err := ds.Data()
	if err != nil {
		return nil, err
	}
	size := dyn64Size
	if f.Class == ELFCLASS32 {
		size = dyn32Size
	}
	if len(d)%size != 0 {
		return nil, errors.New("length of dynamic section is not a multiple of dynamic entry size")
	}
	var vals []uint64
	bo := f.ByteOrder
	for ; len(d) > 0; d = d[size:] {
		var t DynTag
		var v uint64
		if f.Class == ELFCLASS32 {
			t, v = DynTag(bo.Uint32(d)), uint64(bo.Uint32(d[4:]))
		} else {
			t, v = DynTag(bo.Uint64(d)), bo.Uint64(d[8:])
		}
		if t == tag {
			vals = append(vals, v)
		}
	}
	return vals, nil
}
