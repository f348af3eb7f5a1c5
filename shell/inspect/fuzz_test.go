package inspect

import (
	"errors"
	"testing"
)

// FuzzParseFile feeds random and mutated ELF files to Parse: whatever the
// bytes, it returns a report or a *FileError, never panics, and never
// calls a file a loadable plugin without build information; gosh's ELF
// reader never panics and reads what debug/elf reads (compareELF); and
// gosh's reader of build information says what debug/buildinfo says.
func FuzzParseFile(f *testing.F) {
	clib := cLibrary(f)
	f.Add(clib)
	f.Add(clib[:64])
	f.Add(clib[:len(clib)/2])
	f.Add([]byte{})
	f.Add([]byte("\x7fELF"))
	f.Add([]byte("#!/bin/sh\n"))
	plugin, _ := goBinaries(f)
	f.Add(plugin)
	f.Fuzz(func(t *testing.T, data []byte) {
		compareELF(t, "input", data)
		compareBuildInfo(t, "input", data)
		r, err := Parse("fuzz.so", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse error %v is not a *FileError", err)
			}
			if fe.Kind == 0 || fe.Reason == "" {
				t.Fatalf("Parse error without kind or reason: %#v", fe)
			}
			return
		}
		if r.GoVersion == "" || r.Settings["-buildmode"] != "plugin" {
			t.Fatalf("Parse accepted a file with no plugin build info: %+v", r)
		}
	})
}
