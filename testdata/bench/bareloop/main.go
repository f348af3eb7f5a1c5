// bareloop is the baseline of gosh's script benchmark: for each line of
// standard input it does only what any Go shell must, split the line with
// go-shellwords and parse a pflag FlagSet with one flag from the words.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-shellwords"
	"github.com/spf13/pflag"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for in.Scan() {
		words, err := shellwords.NewParser().Parse(in.Text())
		if err != nil || len(words) == 0 {
			fmt.Fprintln(os.Stderr, "bad line:", in.Text())
			os.Exit(1)
		}
		fs := pflag.NewFlagSet(words[0], pflag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.BoolP("no-newline", "n", false, "")
		if err := fs.Parse(words[1:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n += fs.NArg()
	}
	if n == 0 {
		os.Exit(1)
	}
}
