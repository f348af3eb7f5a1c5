// Command text is a gosh plugin of commands that transform text: upper, lower
// and rev. Each transforms its arguments, joined by spaces, or else every
// line of its standard input. Build it with
//
//	go build -buildmode=plugin -o plugins/text.so ./plugins-src/text
//
// It shares the package textkit with the count plugin: loading the first of
// the two prints "textkit: init", loading the second does not.
package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/gosh-shell/gosh/plugins-src/internal/textkit"
	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

func init() { fmt.Println("text: init") }

// Commands is the table gosh looks up when it loads the plugin.
var Commands = map[string]*command.Command{
	"upper": transform("print the arguments, or each line of standard input, in upper case", strings.ToUpper),
	"lower": transform("print the arguments, or each line of standard input, in lower case", strings.ToLower),
	"rev":   transform("print the arguments, or each line of standard input, backwards", textkit.Reverse),
}

// transform makes a command that applies f to its arguments or to each line
// of its input.
func transform(summary string, f func(string) string) *command.Command {
	return &command.Command{
		Summary: summary,
		Usage:   "[STRING...]",
		Help:    "Without STRING, the command reads standard input and prints each line as soon as it is read.",
		Flags: func(fs *pflag.FlagSet) {
			fs.SetInterspersed(false) // "upper a -b" is text, not a flag
		},
		Run: func(ctx context.Context, call *command.Call) error {
			if len(call.Args) > 0 {
				_, err := io.WriteString(call.Stdout, f(strings.Join(call.Args, " "))+"\n")
				return err
			}
			return textkit.MapLines(ctx, call.Stdout, call.Stdin, f)
		},
	}
}

// main is never run; it lets "go build ./..." build this package.
func main() {}
