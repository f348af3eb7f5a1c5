package loader

import (
	"encoding/binary"
	"errors"
	"maps"
	"runtime/debug"
	"slices"

	"github.com/gosh-shell/gosh/shell/inspect"
)

// The index is read at every start, so it is kept in a compact binary form
// rather than JSON, which took about 0.35 ms to decode for four plugins
// (and as much again the first time, to learn the types): a magic line
// with the format's version, the number of entries, then each entry's key,
// whether its file passed a trial load (trial.go) and its encoded report. Only the keys are decoded when the index is
// read; a report is decoded when its file is loaded (the index keeps up to
// maxIndexEntries files that any gosh ever loaded). Integers are varints;
// a string, and an encoded report, is its length then its bytes; a list or
// map is its length plus one, with 0 for nil. A file that does not decode
// is as no index, and a report that does not as no entry.

// indexMagic starts every index file; its last byte is the format version,
// which changes whenever inspect.Report or its meaning changes.
const indexMagic = "gosh plugin index\n\x06"

// errCorruptIndex reports an index that ends early or holds impossible
// lengths.
var errCorruptIndex = errors.New("corrupt plugin index")

// encodeIndex returns the file of entries.
func encodeIndex(entries []indexEntry) []byte {
	n := len(indexMagic) + binary.MaxVarintLen64
	for _, en := range entries {
		n += len(en.file.path) + len(en.report) + 8*binary.MaxVarintLen64
	}
	e := &encoder{b: append(make([]byte, 0, n), indexMagic...)}
	e.uint(uint64(len(entries)))
	for _, en := range entries {
		id := en.file
		e.str(id.path)
		e.uint(id.dev)
		e.uint(id.ino)
		e.int(id.size)
		e.int(id.mtime)
		e.int(id.ctim)
		e.bool(en.tried)
		e.bytes(en.report)
	}
	return e.b
}

// decodeIndex reads a file that encodeIndex wrote. The entries' reports
// are parts of data.
func decodeIndex(data []byte) ([]indexEntry, error) {
	if len(data) < len(indexMagic) || string(data[:len(indexMagic)]) != indexMagic {
		return nil, errCorruptIndex
	}
	d := &decoder{b: data[len(indexMagic):]}
	n := d.count()
	entries := make([]indexEntry, 0, n)
	for range n {
		var en indexEntry
		en.file = FileID{path: d.str(), dev: d.uint(), ino: d.uint(), size: d.int(), mtime: d.int(), ctim: d.int()}
		en.tried = d.bool()
		en.report = d.bytes()
		if d.err != nil {
			return nil, d.err
		}
		entries = append(entries, en)
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errCorruptIndex // trailing bytes: not a file this code wrote
	}
	return entries, d.err
}

// encodeReport returns r, package fingerprints included, as the index
// keeps it.
func encodeReport(r *inspect.Report) []byte {
	e := &encoder{b: make([]byte, 0, 4096)}
	e.report(r)
	return e.b
}

// decodeReport reads what encodeReport wrote.
func decodeReport(data []byte) (*inspect.Report, error) {
	d := &decoder{b: data}
	r := d.report()
	if d.err == nil && (len(d.b) > 0 || r == nil) {
		d.err = errCorruptIndex
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)    { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)   { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bytes(b []byte) { e.uint(uint64(len(b))); e.b = append(e.b, b...) }

func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// length writes the length of a list or map, n, or that it is nil.
func (e *encoder) length(n int, isNil bool) {
	if isNil {
		e.uint(0)
	} else {
		e.uint(uint64(n) + 1)
	}
}

func (e *encoder) strs(ss []string) {
	e.length(len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) strMap(m map[string]string) {
	e.length(len(m), m == nil)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		e.str(k)
		e.str(m[k])
	}
}

// module writes m, with its replacement (which has none of its own).
func (e *encoder) module(m *debug.Module) {
	if m == nil {
		e.uint(0)
		return
	}
	e.uint(1)
	e.str(m.Path)
	e.str(m.Version)
	e.str(m.Sum)
	e.module(m.Replace)
}

// report writes r.
func (e *encoder) report(r *inspect.Report) {
	if r == nil {
		e.uint(0)
		return
	}
	e.uint(1)
	e.str(r.Path)
	e.int(r.Size)
	e.str(r.SHA256)
	e.str(r.GoVersion)
	e.str(r.MainPath)
	e.str(r.PluginPath)
	e.module(&r.Module)
	e.length(len(r.Deps), r.Deps == nil)
	for _, m := range r.Deps {
		e.module(m)
	}
	e.strMap(r.Settings)
	e.strs(r.InitOrder)
	e.strMap(r.PkgHashes)
	e.strs(r.Exports)
	e.bool(r.Stripped)
	e.str(r.Meta.Version)
	e.str(r.Meta.Description)
	e.str(r.Meta.MinGoshVersion)
}

// decoder reads what encoder wrote. After the first error every read
// returns a zero value and err stays set.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorruptIndex
	}
	d.b = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) bool() bool { return d.uint() == 1 }

// bytes reads a length and that many bytes, which stay part of the input.
func (d *decoder) bytes() []byte {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

// count reads the number of entries of a list that is never nil.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) { // every element takes a byte at least
		d.fail()
		return 0
	}
	return int(n)
}

// length reads what encoder.length wrote: the number of elements, or -1
// for nil.
func (d *decoder) length() int {
	n := d.uint()
	if n == 0 {
		return -1
	}
	if n-1 > uint64(len(d.b)) {
		d.fail()
		return -1
	}
	return int(n - 1)
}

func (d *decoder) strs() []string {
	n := d.length()
	if n < 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *decoder) strMap() map[string]string {
	n := d.length()
	if n < 0 {
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) module(depth int) *debug.Module {
	if d.uint() == 0 {
		return nil
	}
	m := &debug.Module{Path: d.str(), Version: d.str(), Sum: d.str()}
	if depth > 0 {
		m.Replace = d.module(depth - 1)
	} else if d.uint() != 0 {
		d.fail() // a replacement of a replacement: not written by encoder
	}
	return m
}

func (d *decoder) report() *inspect.Report {
	if d.uint() == 0 {
		return nil
	}
	r := &inspect.Report{Path: d.str(), Size: d.int(), SHA256: d.str(), GoVersion: d.str(), MainPath: d.str(), PluginPath: d.str()}
	if m := d.module(1); m != nil {
		r.Module = *m
	}
	if n := d.length(); n >= 0 {
		r.Deps = make([]*debug.Module, n)
		for i := range r.Deps {
			r.Deps[i] = d.module(1)
		}
	}
	r.Settings = d.strMap()
	r.InitOrder = d.strs()
	r.PkgHashes = d.strMap()
	r.Exports = d.strs()
	r.Stripped = d.bool()
	r.Meta = inspect.Meta{Version: d.str(), Description: d.str(), MinGoshVersion: d.str()}
	return r
}
