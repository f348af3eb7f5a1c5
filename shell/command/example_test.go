package command_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

// A plugin's main package exports Commands; this one has a single command,
// "greet", with one flag.
var Commands = map[string]*command.Command{
	"greet": {
		Summary: "print a greeting",
		Usage:   "[--shout] [NAME...]",
		Flags: func(fs *pflag.FlagSet) {
			fs.Bool("shout", false, "greet in capitals")
		},
		Run: func(ctx context.Context, call *command.Call) error {
			shout, _ := call.Flags.GetBool("shout")
			who := "world"
			if len(call.Args) > 0 {
				who = strings.Join(call.Args, " ")
			}
			msg := "hello, " + who
			if shout {
				msg = strings.ToUpper(msg)
			}
			_, err := fmt.Fprintln(call.Stdout, msg)
			return err
		},
	},
}

// Example runs the command the way gosh does: flags parsed from the command's
// own flag set, then Run with the streams and variables of the shell.
func Example() {
	cmd := Commands["greet"]
	fs := pflag.NewFlagSet("greet", pflag.ContinueOnError)
	cmd.Flags(fs)
	if err := fs.Parse([]string{"--shout", "gopher"}); err != nil {
		fmt.Println(err)
		return
	}
	call := &command.Call{
		Name: "greet", Args: fs.Args(), Flags: fs,
		Stdin: strings.NewReader(""), Stdout: os.Stdout, Stderr: os.Stderr,
		Env: &command.MapEnv{},
	}
	if err := cmd.Run(context.Background(), call); err != nil {
		fmt.Println(err)
	}
	// Output: HELLO, GOPHER
}
