package loader

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/inspect"
)

// fillAll sets every field that v holds, recursively, to a value that is
// not its zero value, so that a field the codec forgets shows.
// A module's replacement gets no replacement of its own (inReplace).
func fillAll(v reflect.Value, seed *int) { fill(v, seed, false) }

func fill(v reflect.Value, seed *int, inReplace bool) {
	*seed++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *seed))
	case reflect.Int, reflect.Int64:
		v.SetInt(-int64(*seed) * 1e12)
	case reflect.Uint64:
		v.SetUint(uint64(*seed) << 40)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			isReplace := v.Type() == reflect.TypeFor[debug.Module]() && v.Type().Field(i).Name == "Replace"
			if isReplace && inReplace {
				continue
			}
			fill(v.Field(i), seed, isReplace)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed, inReplace)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), seed, false)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 3 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, seed, false)
			fill(e, seed, false)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("fillAll: no case for " + v.Type().String())
	}
}

// TestIndexCodecRoundTrip: every field of a report comes back as written,
// nil and empty lists and maps apart, and so does every entry of an index;
// every truncation of either is an error.
func TestIndexCodecRoundTrip(t *testing.T) {
	full := &inspect.Report{}
	seed := 0
	fillAll(reflect.ValueOf(full).Elem(), &seed)
	if full.Module.Replace == nil || full.Deps[1].Replace == nil || full.Meta.MinGoshVersion == "" || len(full.PkgHashes) == 0 {
		t.Fatalf("fillAll left fields empty: %#v", full)
	}
	empty := &inspect.Report{InitOrder: []string{}, Settings: map[string]string{}, Deps: []*debug.Module{}, PkgHashes: map[string]string{}}
	for _, r := range []*inspect.Report{full, empty, {}} {
		data := encodeReport(r)
		got, err := decodeReport(data)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("report round trip:\n got %#v, %v\nwant %#v", got, err, r)
		}
		for n := range len(data) {
			if _, err := decodeReport(data[:n]); err == nil {
				t.Errorf("the first %d of %d bytes of a report decode without an error", n, len(data))
			}
		}
	}
	key := FileID{path: "/p/full.so", dev: 1 << 40, ino: 1<<63 + 5, size: -1, mtime: 1795636165217494936, ctim: -7}
	entries := []indexEntry{{file: key, tried: true, report: encodeReport(full)}, {file: FileID{path: "/p/empty.so"}, report: encodeReport(empty)}}
	for _, entries := range [][]indexEntry{nil, entries[:1], entries} {
		data := encodeIndex(entries)
		got, err := decodeIndex(data)
		if err != nil {
			t.Fatalf("decodeIndex(encodeIndex(%d entries)): %v", len(entries), err)
		}
		if len(got) != len(entries) || len(entries) > 0 && !reflect.DeepEqual(got, entries) {
			t.Errorf("round trip of %d entries:\n got %#v\nwant %#v", len(entries), got, entries)
		}
		for n := range len(data) {
			if _, err := decodeIndex(data[:n]); err == nil {
				t.Errorf("the first %d of %d bytes of an index decode without an error", n, len(data))
			}
		}
	}
}

// FuzzDecodeIndex: no file in the cache directory can make gosh panic or
// allocate without bound; what decodes, encodes and decodes to the same,
// index and reports.
func FuzzDecodeIndex(f *testing.F) {
	f.Add(encodeIndex(nil))
	f.Add(encodeIndex([]indexEntry{{file: FileID{path: "/p/x.so", ino: 7}, report: encodeReport(&inspect.Report{SHA256: "ab", InitOrder: []string{"a"},
		Settings: map[string]string{"GOOS": "linux"}, PkgHashes: map[string]string{"a": "00"},
		Deps: []*debug.Module{{Path: "m", Version: "v1", Replace: &debug.Module{Path: "../m"}}}})}}))
	f.Add([]byte(`{"version": 3, "entries": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := decodeIndex(data)
		if err != nil {
			return
		}
		again, err := decodeIndex(encodeIndex(entries))
		if err != nil || !reflect.DeepEqual(again, entries) && len(entries) > 0 {
			t.Fatalf("decoded %#v; encoded and decoded again: %#v, %v", entries, again, err)
		}
		for _, en := range entries {
			r, err := decodeReport(en.report)
			if err != nil {
				continue
			}
			if r2, err := decodeReport(encodeReport(r)); err != nil || !reflect.DeepEqual(r2, r) {
				t.Fatalf("report %#v; encoded and decoded again: %#v, %v", r, r2, err)
			}
		}
	})
}

// BenchmarkIndexDecode: reading an index of four plugins' entries, as every
// start does, against encoding/json on the same entries (the format before).
func BenchmarkIndexDecode(b *testing.B) {
	var entries []indexEntry
	var reports []*inspect.Report
	for p := range 4 {
		r := &inspect.Report{Path: fmt.Sprintf("/home/me/gosh/plugins/p%d.so", p), Size: 6 << 20,
			SHA256: fmt.Sprintf("%064x", p), GoVersion: "go1.26.8", MainPath: "command-line-arguments",
			PluginPath: fmt.Sprintf("plugin/unnamed-%040x", p), Settings: map[string]string{},
			Deps: []*debug.Module{{Path: "github.com/gosh-shell/gosh", Version: "(devel)"}, {Path: "github.com/spf13/pflag", Version: "v1.0.10", Sum: "h1:4EBh2KAYBwaONj6b2Ye1GiHfwjqyROoF4RwYO+vPwFk="}}}
		for i := range 10 {
			r.Settings[fmt.Sprintf("SETTING_%d", i)] = "value"
		}
		var hashes []byte
		for i := range 150 {
			if i < 24 {
				r.InitOrder = append(r.InitOrder, fmt.Sprintf("some/package/path%d", i))
			}
			hashes = fmt.Appendf(hashes, "some/package/path%d %032x\n", i, i)
		}
		r.PkgHashes = map[string]string{}
		for line := range strings.Lines(string(hashes)) {
			pkg, hash, _ := strings.Cut(strings.TrimSpace(line), " ")
			r.PkgHashes[pkg] = hash
		}
		reports = append(reports, r)
		entries = append(entries, indexEntry{file: FileID{path: r.Path, dev: 65024, ino: 9996977, size: r.Size, mtime: 1795636165217494936, ctim: 1795636214405496424}, report: encodeReport(r)})
	}
	// What a start does: read the index, then the report of each file.
	b.Run("binary", func(b *testing.B) {
		data := encodeIndex(entries)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			got, err := decodeIndex(data)
			if err != nil {
				b.Fatal(err)
			}
			for _, en := range got {
				if _, err := decodeReport(en.report); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	// The format before: JSON of every report (then with its fingerprints
	// in one string).
	type jsonEntry struct {
		Path               string
		Dev, Ino           uint64
		Size, Mtime, Ctime int64
		Report             *inspect.Report
	}
	var old []jsonEntry
	for i, en := range entries {
		f := en.file
		old = append(old, jsonEntry{Path: f.path, Dev: f.dev, Ino: f.ino, Size: f.size, Mtime: f.mtime, Ctime: f.ctim, Report: reports[i]})
	}
	b.Run("json", func(b *testing.B) {
		data, err := json.Marshal(old)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var got []jsonEntry
			if err := json.Unmarshal(data, &got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
