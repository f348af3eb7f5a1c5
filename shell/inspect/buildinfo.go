package inspect

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime/debug"

	"github.com/gosh-shell/gosh/shell/inspect/internal/elffile"
)

// gosh reads a plugin's build information itself rather than with
// debug/buildinfo, which knows five executable formats: a binary that can
// load plugins keeps every exported method of every type it uses, so the
// Mach-O, PE, XCOFF and Plan 9 readers (and a second parse of the ELF file)
// would weigh on gosh, and on every plugin.Open it makes, for nothing.
// readBuildInfo is debug/buildinfo.Read for ELF, step for step, on the file
// already parsed; TestReadBuildInfoAgrees and FuzzParseFile compare the two.

// buildInfoMagic starts the build information blob that the Go linker
// writes into every Go binary (cmd/link: Link.buildinfo).
var buildInfoMagic = []byte("\xff Go buildinf:")

const (
	buildInfoAlign      = 16
	buildInfoHeaderSize = 32
	buildInfoChunk      = 1 << 20 // as debug/buildinfo searches
)

// errNoBuildInfo is every failure to read build information: Parse only
// tells whether there is some.
var errNoBuildInfo = errors.New("no Go build information")

// readBuildInfo returns the build information of the ELF file f, whose
// bytes are data.
func readBuildInfo(f *elffile.File, data []byte) (*debug.BuildInfo, error) {
	vers, mod, err := rawBuildInfo(f, data)
	if err != nil {
		return nil, err
	}
	bi, err := debug.ParseBuildInfo(mod)
	if err != nil {
		return nil, err
	}
	bi.GoVersion = vers
	return bi, nil
}

// rawBuildInfo returns the Go version and the module information text.
func rawBuildInfo(f *elffile.File, data []byte) (vers, mod string, err error) {
	start, size := buildInfoRegion(f)
	if size == 0 {
		return "", "", errNoBuildInfo
	}
	addr, err := searchBuildInfo(f, data, start, size)
	if err != nil {
		return "", "", err
	}
	header, err := dataAt(f, data, addr)
	if err != nil {
		return "", "", err
	}
	if len(header) < buildInfoHeaderSize {
		return "", "", errNoBuildInfo
	}
	header = header[:buildInfoHeaderSize]
	const (
		ptrSizeOffset  = 14
		flagsOffset    = 15
		versPtrOffset  = 16
		flagsBigEndian = 0x1
		flagsInline    = 0x2 // Go 1.18 and later: the strings follow the header
	)
	flags := header[flagsOffset]
	if flags&flagsInline != 0 {
		var next uint64
		if vers, next, err = inlineString(f, data, addr+buildInfoHeaderSize); err != nil {
			return "", "", err
		}
		if mod, _, err = inlineString(f, data, next); err != nil {
			return "", "", err
		}
	} else {
		// Before Go 1.18: the header points at two Go strings.
		var bo binary.ByteOrder = binary.LittleEndian
		if flags&flagsBigEndian != 0 {
			bo = binary.BigEndian
		}
		ptrSize := int(header[ptrSizeOffset])
		var readPtr func([]byte) uint64
		switch ptrSize {
		case 4:
			readPtr = func(b []byte) uint64 { return uint64(bo.Uint32(b)) }
		case 8:
			readPtr = bo.Uint64
		default:
			return "", "", errNoBuildInfo
		}
		vers = pointedString(f, data, ptrSize, readPtr, readPtr(header[versPtrOffset:]))
		mod = pointedString(f, data, ptrSize, readPtr, readPtr(header[versPtrOffset+ptrSize:]))
	}
	if vers == "" {
		return "", "", errNoBuildInfo
	}
	if len(mod) >= 33 && mod[len(mod)-17] == '\n' {
		mod = mod[16 : len(mod)-16] // the sentinels around the module information
	} else {
		mod = ""
	}
	return vers, mod, nil
}

// buildInfoRegion returns where to look for the blob: the .go.buildinfo
// section, or else the first writable, not executable, loaded segment.
func buildInfoRegion(f *elffile.File) (addr, size uint64) {
	for _, s := range f.Sections {
		if s.Name == ".go.buildinfo" {
			return s.Addr, s.Size
		}
	}
	for _, p := range f.Progs {
		if p.Type == elffile.PT_LOAD && p.Flags&(elffile.PF_X|elffile.PF_W) == elffile.PF_W {
			return p.Vaddr, p.Memsz
		}
	}
	return 0, 0
}

// dataAt returns the file's bytes from virtual address addr to the end of
// the segment's bytes in the file (fewer if the file is cut short). The
// segment is found as debug/buildinfo finds it, wrap-around included: a
// segment with no bytes in the file at address 0 (PT_GNU_STACK) matches
// every address the others do not, with nothing to read.
func dataAt(f *elffile.File, data []byte, addr uint64) ([]byte, error) {
	for _, p := range f.Progs {
		if p.Vaddr <= addr && addr <= p.Vaddr+p.Filesz-1 {
			size := uint64(len(data))
			rel := addr - p.Vaddr
			if rel >= p.Filesz || p.Off >= size || rel >= size-p.Off {
				return nil, nil // past the segment's bytes, or the file's
			}
			end := size
			if p.Filesz < size-p.Off {
				end = p.Off + p.Filesz
			}
			return data[p.Off+rel : end], nil
		}
	}
	return nil, errNoBuildInfo
}

// searchBuildInfo returns the address of the magic, aligned, in
// [start, start+size).
func searchBuildInfo(f *elffile.File, data []byte, start, size uint64) (uint64, error) {
	end := start + size
	if end < start {
		return 0, errNoBuildInfo
	}
	start = (start + buildInfoAlign - 1) &^ (buildInfoAlign - 1)
	if start >= end {
		return 0, errNoBuildInfo
	}
	for start < end {
		remaining := end - start
		chunk := min(uint64(buildInfoChunk), remaining)
		b, err := dataAt(f, data, start)
		if err != nil {
			return 0, err
		}
		if uint64(len(b)) > chunk {
			b = b[:chunk]
		}
		if len(b) == 0 {
			return 0, errNoBuildInfo
		}
		for at := 0; at < len(b); {
			i := bytes.Index(b[at:], buildInfoMagic)
			if i < 0 {
				break
			}
			i += at
			if remaining-uint64(i) < buildInfoHeaderSize {
				return 0, errNoBuildInfo
			}
			if i%buildInfoAlign == 0 {
				return start + uint64(i), nil
			}
			at = (i + buildInfoAlign - 1) &^ (buildInfoAlign - 1)
		}
		start += chunk
	}
	return 0, errNoBuildInfo
}

// inlineString reads a varint length and that many bytes at addr, and
// returns them and the address after them.
func inlineString(f *elffile.File, data []byte, addr uint64) (string, uint64, error) {
	b, err := dataAt(f, data, addr)
	if err != nil {
		return "", 0, err
	}
	length, n := binary.Uvarint(b)
	if n <= 0 {
		return "", 0, errNoBuildInfo
	}
	addr += uint64(n)
	if b, err = dataAt(f, data, addr); err != nil {
		return "", 0, err
	}
	if uint64(len(b)) < length {
		return "", 0, errNoBuildInfo
	}
	return string(b[:length]), addr + length, nil
}

// pointedString reads the Go string header at addr and the string it
// points at, or returns "".
func pointedString(f *elffile.File, data []byte, ptrSize int, readPtr func([]byte) uint64, addr uint64) string {
	hdr, err := dataAt(f, data, addr)
	if err != nil || len(hdr) < 2*ptrSize {
		return ""
	}
	strAddr, strLen := readPtr(hdr), readPtr(hdr[ptrSize:])
	b, err := dataAt(f, data, strAddr)
	if err != nil || uint64(len(b)) < strLen {
		return ""
	}
	return string(b[:strLen])
}
