package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gosh-shell/gosh/plugins-src/internal/textkit"
	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

var uniqCmd = &command.Command{
	Summary: "print lines without their adjacent repeats",
	Usage:   "[-c] [-d | -u] [FILE]",
	Help:    "Only repeats that follow each other are merged; sort the input first to merge\nall of them. Without FILE, or for \"-\", uniq reads standard input.",
	Flags: func(fs *pflag.FlagSet) {
		fs.BoolP("count", "c", false, "prefix each line with its number of occurrences")
		fs.BoolP("repeated", "d", false, "print only lines that are repeated")
		fs.BoolP("unique", "u", false, "print only lines that are not repeated")
	},
	Run: runUniq,
}

func runUniq(ctx context.Context, call *command.Call) error {
	count, _ := call.Flags.GetBool("count")
	repeated, _ := call.Flags.GetBool("repeated")
	unique, _ := call.Flags.GetBool("unique")

	var in io.Reader = call.Stdin
	switch {
	case len(call.Args) > 1:
		return command.Usagef("too many arguments")
	case len(call.Args) == 1 && call.Args[0] != "-":
		f, err := os.Open(call.Path(call.Args[0]))
		if err != nil {
			report(call, call.Args[0], err)
			return command.ExitStatus(1)
		}
		defer f.Close()
		in = f
	}

	w := bufio.NewWriter(call.Stdout)
	var prev string
	n := 0 // occurrences of prev so far; 0 before the first line
	flush := func() error {
		if n == 0 || repeated && n == 1 || unique && n > 1 {
			return nil
		}
		var err error
		if count {
			_, err = fmt.Fprintf(w, "%7d %s\n", n, prev)
		} else {
			_, err = w.WriteString(prev + "\n")
		}
		return err
	}
	err := textkit.EachLine(ctx, textkit.FlushBeforeRead(in, w), func(line, _ string) error {
		if n > 0 && line == prev {
			n++
			return nil
		}
		err := flush()
		prev, n = line, 1
		return err
	})
	if err == nil {
		err = flush()
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
