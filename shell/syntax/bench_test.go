package syntax

import (
	"io"
	"strings"
	"testing"

	"github.com/mattn/go-shellwords"
	"github.com/spf13/pflag"
)

// typicalLine is what a user types at the prompt. Every benchmark of a
// typical line measures this one, so that their figures compare.
const typicalLine = `greet --shout "hello world" $USER`

// scriptLine is a line of the root package's BenchmarkScript: one flag, one
// quoted argument, nothing to expand.
const scriptLine = `echo -n "hello world"`

func benchLookup(name string) (string, bool) { return "ada", name == "USER" }

func BenchmarkParse(b *testing.B) {
	benchmarks := []struct{ name, line string }{
		{"typical", typicalLine},
		{"long word", "echo " + strings.Repeat("x", 64<<10)},
		{"long line", strings.Repeat(`say "hi $USER" 'x y' \z `, 1<<15)},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(bm.line)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bm.line, benchLookup); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("typical+pflag", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			words, err := Parse(typicalLine, benchLookup)
			if err != nil {
				b.Fatal(err)
			}
			parseFlags(b, words)
		}
	})
}

// BenchmarkBareShellwords is the floor Parse is measured against: a bare
// go-shellwords Parse of the typical line, and the same followed by the
// pflag parse a command does with the words. BenchmarkParse/typical+pflag is
// Parse in that second loop.
func BenchmarkBareShellwords(b *testing.B) {
	b.Run("shellwords", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := shellwords.NewParser().Parse(typicalLine); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shellwords canonical", func(b *testing.B) {
		// What Parse hands go-shellwords for the typical line.
		var p parser
		p.reset(typicalLine, benchLookup, false)
		if err := p.scan(); err != nil {
			b.Fatal(err)
		}
		canon := p.canon.String()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := shellwords.NewParser().Parse(canon); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shellwords+pflag", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			words, err := shellwords.NewParser().Parse(typicalLine)
			if err != nil {
				b.Fatal(err)
			}
			parseFlags(b, words)
		}
	})
}

// parseFlags parses the flags of the typical line as its command would: with
// a FlagSet of its own, built for the line.
func parseFlags(b *testing.B, words []string) {
	fs := pflag.NewFlagSet(words[0], pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	shout := fs.Bool("shout", false, "shout")
	if err := fs.Parse(words[1:]); err != nil || !*shout || fs.NArg() != 2 {
		b.Fatalf("pflag: %v, shout %v, args %q", err, *shout, fs.Args())
	}
}

// BenchmarkParseScanOnly is the part of Parse that is gosh's own: the scan
// that checks and expands the line and writes the canonical line, without
// the go-shellwords split.
func BenchmarkParseScanOnly(b *testing.B) {
	b.SetBytes(int64(len(typicalLine)))
	b.ReportAllocs()
	for b.Loop() {
		var p parser
		p.reset(typicalLine, benchLookup, false)
		if err := p.scan(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLine is what the shell does with a line: ParseLine, then
// Expand for each command (so a simple command is scanned twice).
func BenchmarkParseLine(b *testing.B) {
	benchmarks := []struct{ name, line string }{
		{"typical", typicalLine},
		// A line without expansions, as each line of the root package's
		// BenchmarkScript, through ParseLine; a script itself takes such
		// a line the plain way (ParsePlain and Cmd.Prepare, ahead of it).
		{"script", scriptLine},
		{"pipeline", `cat "$USER.txt" | tr a-z A-Z > out.txt 2>&1 && echo done || echo failed`},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(bm.line)))
			b.ReportAllocs()
			for b.Loop() {
				l, err := ParseLine(bm.line)
				if err != nil {
					b.Fatal(err)
				}
				for _, pl := range l.Pipelines {
					for _, c := range pl.Cmds {
						if _, err := c.Expand(benchLookup); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}
