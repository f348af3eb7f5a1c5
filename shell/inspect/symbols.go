package inspect

import (
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosh-shell/gosh/shell/inspect/internal/elffile"
)

// Symbol names that the Go linker gives a plugin (cmd/link, symtab.go).
const (
	symPluginPath   = "go:link.thispluginpath"
	symInitTasks    = "go:plugin.inittasks"
	symPkgHashBytes = "go:link.pkghashbytes."
	suffixInitTask  = "..inittask"
	maxSymbolData   = 1 << 20
)

// readSymbols fills in what r learns from the symbol tables. Symbol names
// share memory with their whole string table: what r keeps is cloned.
func readSymbols(f *elffile.File, r *Report) error {
	dyn, err := f.DynamicSymbols()
	if err != nil && !errors.Is(err, elffile.ErrNoSymbols) {
		return fmt.Errorf("dynamic symbols: %w", err)
	}
	syms, err := f.Symbols()
	if errors.Is(err, elffile.ErrNoSymbols) {
		r.Stripped = true
	} else if err != nil {
		return fmt.Errorf("symbol table: %w", err)
	}

	r.PkgHashes = map[string]string{}
	for _, s := range dyn {
		if pkg, ok := strings.CutPrefix(s.Name, symPkgHashBytes); ok && s.Size > 0 && s.Size <= 64 {
			if b, err := readAddr(f, s.Value, s.Size); err == nil {
				r.PkgHashes[strings.Clone(pkg)] = hex.EncodeToString(b)
			}
		}
	}
	var list *elffile.Symbol
	for i, s := range syms {
		switch s.Name {
		case symPluginPath:
			if s.Size > 0 && s.Size <= 4096 {
				if b, err := readAddr(f, s.Value, s.Size); err == nil {
					r.PluginPath = string(b)
				}
			}
		case symInitTasks:
			list = &syms[i]
		}
	}
	if r.PluginPath == "" && r.MainPath != "command-line-arguments" {
		r.PluginPath = r.MainPath
	}
	if r.PluginPath != "" {
		r.Exports = exportsOf(dyn, r.PluginPath)
	}
	return relocScan(f, dyn, list, r)
}

// exportsOf lists the exported package-level names of package pkg among the
// dynamic symbols.
func exportsOf(dyn []elffile.Symbol, pkg string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range dyn {
		name, ok := strings.CutPrefix(s.Name, pkg+".")
		if !ok || name == "" || strings.ContainsAny(name, ".:[]*(){} ") {
			continue
		}
		if t := elffile.ST_TYPE(s.Info); t != elffile.STT_OBJECT && t != elffile.STT_FUNC {
			continue
		}
		r, _ := utf8.DecodeRuneInString(name)
		if !unicode.IsUpper(r) || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, strings.Clone(name))
	}
	sort.Strings(out)
	return out
}

// readAddr reads n bytes at virtual address addr from the section that holds it.
func readAddr(f *elffile.File, addr, n uint64) ([]byte, error) {
	if n > maxSymbolData {
		return nil, fmt.Errorf("symbol of %d bytes is too large", n)
	}
	for _, s := range f.Sections {
		if s.Type == elffile.SHT_NOBITS || s.Type == elffile.SHT_NULL || s.Flags&elffile.SHF_ALLOC == 0 {
			continue
		}
		if addr >= s.Addr && addr-s.Addr < s.Size && n <= s.Size-(addr-s.Addr) {
			b := make([]byte, n)
			if _, err := s.ReadAt(b, int64(addr-s.Addr)); err != nil {
				return nil, err
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("address %#x is in no section", addr)
}

// maxMetaLen bounds a metadata string read from a file.
const maxMetaLen = 4096

// relocScan reads, in one pass over the file's relocations, the plugin's
// init order (the list of init tasks is an array of pointers that the
// dynamic loader fills in from relocations against PKG..inittask symbols,
// which name the packages in the order the runtime runs them) and the
// values of its metadata strings (a string variable initialized with a
// constant is a pointer, relocated relative to the load address, and a
// length).
func relocScan(f *elffile.File, dyn []elffile.Symbol, list *elffile.Symbol, r *Report) error {
	if f.Class != elffile.ELFCLASS64 {
		return nil // 32-bit relocations are not read; the order stays unknown
	}
	const ptrSize = 8
	var slots []string
	if list != nil {
		if list.Size%ptrSize != 0 || list.Size > maxSymbolData {
			return fmt.Errorf("%s has odd size %d", symInitTasks, list.Size)
		}
		slots = make([]string, list.Size/ptrSize)
	}
	meta := map[uint64]*string{} // address of a string header -> field
	if r.PluginPath != "" {
		fields := r.Meta.Fields()
		for _, s := range dyn {
			name, ok := strings.CutPrefix(s.Name, r.PluginPath+".")
			if field := fields[name]; ok && field != nil && s.Size == 2*ptrSize {
				meta[s.Value] = field
			}
		}
	}
	if slots == nil && len(meta) == 0 {
		return nil
	}
	metaLo, metaHi := ^uint64(0), uint64(0) // the addresses meta holds, to skip the map for the rest
	for a := range meta {
		metaLo, metaHi = min(metaLo, a), max(metaHi, a)
	}
	for _, sec := range f.Sections {
		if sec.Type != elffile.SHT_RELA {
			continue
		}
		const entSize = 24
		if sec.Size%entSize != 0 || sec.Size > 1<<30 {
			continue
		}
		data, err := sec.Data()
		if err != nil {
			return fmt.Errorf("relocations %s: %w", sec.Name, err)
		}
		bo := f.ByteOrder
		for off := 0; off+entSize <= len(data); off += entSize {
			where := bo.Uint64(data[off:])
			info := bo.Uint64(data[off+8:])
			if len(meta) > 0 && where >= metaLo && where <= metaHi {
				if field := meta[where]; field != nil && elffile.R_X86_64(info&0xffffffff) == elffile.R_X86_64_RELATIVE && f.Machine == elffile.EM_X86_64 {
					*field = readString(f, bo.Uint64(data[off+16:]), where+ptrSize)
					continue
				}
			}
			if list == nil || where < list.Value || where >= list.Value+list.Size {
				continue
			}
			symIdx := info >> 32
			if symIdx == 0 || symIdx > uint64(len(dyn)) {
				continue
			}
			name := dyn[symIdx-1].Name
			if pkg, ok := strings.CutSuffix(name, suffixInitTask); ok {
				slots[(where-list.Value)/ptrSize] = pkg
			}
		}
	}
	if list == nil {
		return nil
	}
	order := slots[:0]
	for _, pkg := range slots {
		if pkg != "" {
			order = append(order, strings.Clone(pkg))
		}
	}
	r.InitOrder = order
	return nil
}

// readString reads the string whose bytes are at addr and whose length is
// stored at lenAddr, or "" when it is not valid, printable UTF-8 of a
// sensible length.
func readString(f *elffile.File, addr, lenAddr uint64) string {
	b, err := readAddr(f, lenAddr, 8)
	if err != nil {
		return ""
	}
	n := f.ByteOrder.Uint64(b)
	if n == 0 || n > maxMetaLen {
		return ""
	}
	s, err := readAddr(f, addr, n)
	if err != nil || !utf8.Valid(s) {
		return ""
	}
	return MetaString(string(s))
}
