package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/gosh-shell/gosh/plugins-src/internal/textkit"
	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

var wcCmd = &command.Command{
	Summary: "count the lines, words and bytes of files",
	Usage:   "[-l] [-w] [-m] [-c] [FILE...]",
	Help: "Without FILE, or for \"-\", wc counts standard input. The counts come in the\n" +
		"order lines, words, characters, bytes; without flags, wc prints lines, words\n" +
		"and bytes. With several files it adds a total line.",
	Flags: func(fs *pflag.FlagSet) {
		fs.BoolP("lines", "l", false, "print the number of lines")
		fs.BoolP("words", "w", false, "print the number of words")
		fs.BoolP("chars", "m", false, "print the number of UTF-8 characters")
		fs.BoolP("bytes", "c", false, "print the number of bytes")
	},
	Run: runWc,
}

// wcRow is one line of wc's output.
type wcRow struct {
	counts textkit.Counts
	name   string // empty for standard input when no FILE was given
}

func runWc(ctx context.Context, call *command.Call) error {
	var show [4]bool // lines, words, chars, bytes
	for i, name := range []string{"lines", "words", "chars", "bytes"} {
		show[i], _ = call.Flags.GetBool(name)
	}
	if show == [4]bool{} {
		show = [4]bool{true, true, false, true}
	}

	names := call.Args
	if len(names) == 0 {
		names = []string{""}
	}
	var rows []wcRow
	var total textkit.Counts
	failed, stdin := false, false
	for _, name := range names {
		c, err := countFile(ctx, call, name)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			report(call, name, err)
			failed = true
			continue
		}
		stdin = stdin || name == "" || name == "-"
		rows = append(rows, wcRow{c, name})
		total.Add(c)
	}
	if len(names) > 1 {
		rows = append(rows, wcRow{total, "total"})
	}

	if err := writeCounts(call, rows, show, stdin); err != nil {
		return err
	}
	if failed {
		return command.ExitStatus(1)
	}
	return nil
}

func countFile(ctx context.Context, call *command.Call, name string) (textkit.Counts, error) {
	if name == "" || name == "-" {
		return textkit.Count(ctx, call.Stdin)
	}
	f, err := os.Open(call.Path(name))
	if err != nil {
		return textkit.Counts{}, err
	}
	defer f.Close()
	return textkit.Count(ctx, f)
}

// writeCounts prints the rows in columns of one width, as GNU wc does: wide
// enough for the largest byte count, even when bytes are not shown, and at
// least 7 wide when standard input is among the inputs (GNU wc cannot know its
// size in advance); a single number is printed without padding.
func writeCounts(call *command.Call, rows []wcRow, show [4]bool, stdin bool) error {
	cells := make([][]string, len(rows))
	width := 1
	for i, row := range rows {
		c := row.counts
		for j, n := range []int64{c.Lines, c.Words, c.Chars, c.Bytes} {
			if show[j] {
				cells[i] = append(cells[i], strconv.FormatInt(n, 10))
			}
		}
		width = max(width, len(strconv.FormatInt(c.Bytes, 10)))
	}
	if stdin {
		width = max(width, 7)
	}
	if len(rows) == 1 && len(cells[0]) == 1 {
		width = 1
	}
	w := bufio.NewWriter(call.Stdout)
	for i, row := range rows {
		for j, s := range cells[i] {
			if j > 0 {
				w.WriteByte(' ')
			}
			fmt.Fprintf(w, "%*s", width, s)
		}
		if row.name != "" {
			w.WriteString(" " + row.name)
		}
		w.WriteByte('\n')
	}
	return w.Flush()
}
