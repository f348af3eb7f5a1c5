package elffile

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// A SectionHeader is what a section header says about its section.
type SectionHeader struct {
	Name    string
	Type    SectionType
	Flags   SectionFlag
	Addr    uint64 // its address once loaded, for an allocated section
	Offset  uint64 // where its bytes start in the file
	Size    uint64 // its size; of the data inflated, for a compressed section
	Link    uint32 // for a symbol table: the index of its string table
	Info    uint32
	Entsize uint64 // size of one entry, for a table

	// FileSize is the size of the section's bytes in the file: Size,
	// except for a compressed section.
	FileSize uint64
}

// A Section is a section of the file.
type Section struct {
	SectionHeader
	compression compressionType // a compressed section's ch_type
	file        []byte
}

// zdebugPrefix starts the name of an old-style compressed debug section,
// whose data starts with "ZLIB" and the size inflated.
const zdebugPrefix = ".zdebug"

// Data returns the section's data, with debug/elf's errors: io.EOF when
// none of it is in the file, io.ErrUnexpectedEOF when some is. The data is
// the file's bytes, not a copy. Reading a compressed section fails with
// ErrCompressed.
func (s *Section) Data() ([]byte, error) {
	if int64(s.Size) < 0 {
		return nil, io.ErrUnexpectedEOF
	}
	if s.Size == 0 {
		return []byte{}, nil
	}
	if s.Type == SHT_NOBITS {
		return nil, errNoBits
	}
	if err := s.compressed(); err != nil {
		return nil, err
	}
	have := min(s.readable(), bytesAfter(s.file, s.Offset))
	if err := readError(have, s.Size); err != nil {
		return nil, err
	}
	return s.file[s.Offset : s.Offset+s.Size : s.Offset+s.Size], nil
}

// readable is how many bytes from Offset on belong to the section, as
// debug/elf's io.SectionReader sees it.
func (s *Section) readable() uint64 {
	if s.FileSize > math.MaxInt64-s.Offset {
		return math.MaxInt64 - s.Offset
	}
	return s.FileSize
}

// compressed returns the error of reading the data of a compressed
// section: debug/elf's for one it would not read either, ErrCompressed for
// one it would inflate.
func (s *Section) compressed() error {
	if s.Flags&SHF_COMPRESSED != 0 {
		switch {
		case s.Flags&SHF_ALLOC != 0:
			return &FormatError{int64(s.Offset), "SHF_COMPRESSED applies only to non-allocable sections", s.compression}
		case s.compression != compressZlib && s.compression != compressZstd:
			return &FormatError{int64(s.Offset), "unknown compression type", s.compression}
		}
		return fmt.Errorf("section %s: %w", s.Name, ErrCompressed)
	}
	if strings.HasPrefix(s.Name, zdebugPrefix) {
		const zlibHeader = 12 // "ZLIB" and the size, big-endian
		if s.readable() >= zlibHeader && bytesAfter(s.file, s.Offset) >= zlibHeader && string(s.file[s.Offset:s.Offset+4]) == "ZLIB" {
			return fmt.Errorf("section %s: %w", s.Name, ErrCompressed)
		}
	}
	return nil
}

// ReadAt reads len(p) bytes of the section's bytes in the file, from off
// on, as an io.ReaderAt. (debug/elf has no ReadAt for a compressed
// section; here it fails with ErrCompressed.)
func (s *Section) ReadAt(p []byte, off int64) (int, error) {
	if s.Flags&SHF_COMPRESSED != 0 {
		return 0, fmt.Errorf("section %s: %w", s.Name, ErrCompressed)
	}
	size := s.readable()
	if off < 0 || uint64(off) >= size {
		return 0, io.EOF
	}
	at := s.Offset + uint64(off) // at most MaxInt64: readable saw to it
	if at >= uint64(len(s.file)) {
		return 0, io.EOF
	}
	n := copy(p[:min(uint64(len(p)), size-uint64(off))], s.file[at:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// strtab is a string table: NUL-terminated strings, looked up by the
// offset of their first byte.
//
// A hostile table may be one long string that every symbol names at a
// different offset: searching for the NUL from each offset would take
// time in the square of the file's size. So the table keeps, for each
// block of strBlock bytes, where the first NUL at or after the block's
// start is: a lookup searches at most to the end of its block.
type strtab struct {
	s    string // one copy of the table, that names share
	next []int  // next[i]: the first NUL at or after i*strBlock, or -1
}

const strBlock = 256

func newStrtab(b []byte) *strtab {
	t := &strtab{s: string(b)}
	n := (len(b) + strBlock - 1) / strBlock
	t.next = make([]int, n+1)
	t.next[n] = -1
	for i := n - 1; i >= 0; i-- {
		lo := i * strBlock
		if j := strings.IndexByte(t.s[lo:min(lo+strBlock, len(t.s))], 0); j >= 0 {
			t.next[i] = lo + j
		} else {
			t.next[i] = t.next[i+1]
		}
	}
	return t
}

// get returns the string at offset off, and false when off is outside
// the table or the string has no NUL (as debug/elf's getString).
func (t *strtab) get(off uint32) (string, bool) {
	if uint64(off) >= uint64(len(t.s)) {
		return "", false
	}
	start := int(off)
	block := start / strBlock
	end := strings.IndexByte(t.s[start:min((block+1)*strBlock, len(t.s))], 0)
	if end >= 0 {
		end += start
	} else {
		end = t.next[block+1]
	}
	if end < 0 {
		return "", false
	}
	return t.s[start:end], true
}
