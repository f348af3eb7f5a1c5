package elffile

import (
	"errors"
	"fmt"
	"io"
)

// ErrNoSymbols is the error of [File.Symbols] and [File.DynamicSymbols]
// when the file has no such symbol table, or an empty one.
var ErrNoSymbols = errors.New("no symbol section")

// ErrCompressed is the error of reading a section whose data is
// compressed: debug/elf inflates zlib and zstd, this package does not,
// since no section gosh reads is compressed in a real plugin (only the
// DWARF sections are).
var ErrCompressed = errors.New("compressed section data is not supported")

// errNoBits is the error of reading the data of an SHT_NOBITS section
// that claims a size.
var errNoBits = errors.New("unexpected read from SHT_NOBITS section")

// A FormatError is a structural fault of the file, at a byte offset. Its
// text is debug/elf's, word for word, since gosh shows it.
type FormatError struct {
	off int64
	msg string
	val any
}

// Error says what is wrong, and at which byte of the file.
func (e *FormatError) Error() string {
	msg := e.msg
	if e.val != nil {
		msg += fmt.Sprintf(" '%v' ", e.val)
	}
	return msg + fmt.Sprintf("in record at byte %#x", e.off)
}

// readError is the error of reading want bytes of which only have are
// there, as debug/elf reports it: io.EOF when nothing was there,
// io.ErrUnexpectedEOF when some of it was.
func readError(have, want uint64) error {
	switch {
	case have >= want:
		return nil
	case have == 0:
		return io.EOF
	default:
		return io.ErrUnexpectedEOF
	}
}
