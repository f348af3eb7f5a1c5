package interp

import (
	"io"
	"testing"
)

// BenchmarkRun is one whole Run of a trivial line, a plugin command with
// one flag and one quoted argument, as the lines of the root package's
// BenchmarkScript (which a script prepares ahead with PrepareLine and runs
// with RunPrepared), its output discarded. "alone" runs it on the line's
// goroutine (no Abandon channel); "goroutine" on one of its own, as an
// interactive line does.
func BenchmarkRun(b *testing.B) {
	for _, mode := range []string{"alone", "goroutine"} {
		b.Run(mode, func(b *testing.B) {
			ld := newFakeLoader()
			ld.add("/fake/core.so", coreCommands())
			opts := Options{Loader: ld, Stdout: io.Discard, Stderr: io.Discard, Dir: b.TempDir(), Quiet: true}
			if mode == "goroutine" {
				opts.Abandon = make(chan struct{})
			}
			sh, err := New(opts)
			if err != nil {
				b.Fatal(err)
			}
			if n := sh.LoadPath(b.Context(), "/fake/core.so", false); n != 0 {
				b.Fatal("load failed")
			}
			b.ReportAllocs()
			for b.Loop() {
				if st := sh.Run(b.Context(), `echo -n "hello world"`); st != 0 {
					b.Fatalf("status %d", st)
				}
			}
		})
	}
}
