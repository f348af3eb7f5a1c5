package loader

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime/debug"
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

// TestIndexCodecRoundTrip: every field of an entry, and of the report in
// it (but PkgHashes, which the entry's Hashes hold), comes back as written;
// nil and empty lists stay apart.
func TestIndexCodecRoundTrip(t *testing.T) {
	var full indexEntry
	seed := 0
	fillAll(reflect.ValueOf(&full.File).Elem(), &seed)
	full.Report = &inspect.Report{}
	fillAll(reflect.ValueOf(full.Report).Elem(), &seed)
	full.Report.PkgHashes = nil
	if full.Report.Module.Replace == nil || full.Report.Deps[1].Replace == nil || full.Report.Meta.MinGoshVersion == "" {
		t.Fatalf("fillAll left fields empty: %#v", full.Report)
	}
	full.Hashes = "fmt 00ff\nos 11ee\n"
	empty := indexEntry{File: indexKey{Path: "/p/empty.so"}, Report: &inspect.Report{InitOrder: []string{}, Exports: nil, Settings: map[string]string{}, Deps: []*debug.Module{}}}
	noReport := indexEntry{File: indexKey{Path: "/p/none.so"}}
	for _, entries := range [][]indexEntry{nil, {full}, {full, empty, noReport}} {
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
				t.Errorf("the first %d of %d bytes decode without an error", n, len(data))
			}
		}
	}
}

// FuzzDecodeIndex: no file in the cache directory can make gosh panic or
// allocate without bound; what decodes, encodes and decodes to the same.
func FuzzDecodeIndex(f *testing.F) {
	f.Add(encodeIndex(nil))
	f.Add(encodeIndex([]indexEntry{{File: indexKey{Path: "/p/x.so", Ino: 7}, Report: &inspect.Report{SHA256: "ab", InitOrder: []string{"a"},
		Settings: map[string]string{"GOOS": "linux"}, Deps: []*debug.Module{{Path: "m", Version: "v1", Replace: &debug.Module{Path: "../m"}}}}, Hashes: "a 00\n"}}))
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
	})
}

// BenchmarkIndexDecode: reading an index of four plugins' entries, as every
// start does, against encoding/json on the same entries (the format before).
func BenchmarkIndexDecode(b *testing.B) {
	var entries []indexEntry
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
		entries = append(entries, indexEntry{File: indexKey{Path: r.Path, Dev: 65024, Ino: 9996977, Size: r.Size, Mtime: 1795636165217494936, Ctime: 1795636214405496424}, Report: r, Hashes: string(hashes)})
	}
	b.Run("binary", func(b *testing.B) {
		data := encodeIndex(entries)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeIndex(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		data, err := json.Marshal(entries)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var got []indexEntry
			if err := json.Unmarshal(data, &got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
