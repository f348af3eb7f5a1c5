package syntax

import (
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	lookup := func(name string) (string, bool) { return "ada", name == "USER" }
	benchmarks := []struct{ name, line string }{
		{"typical", `greet --shout "hello world" $USER`},
		{"long word", "echo " + strings.Repeat("x", 64<<10)},
		{"long line", strings.Repeat(`say "hi $USER" 'x y' \z `, 1<<15)},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(bm.line)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bm.line, lookup); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
