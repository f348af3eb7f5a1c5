// hostmin is the third baseline of gosh's load and start-up benchmarks: the
// least host that the product's description allows. It is rawopen's loop
// linked with the three libraries every gosh must hold: the line editor
// (github.com/chzyer/readline), the word splitter
// (github.com/mattn/go-shellwords) and the command contract, hence
// github.com/spf13/pflag, whose types the plugins share. It uses them behind
// a branch never taken, and does nothing else: no checks, no shell.
//
// plugin.Open costs more in a bigger host (the runtime compares each new
// plugin's types with every type of the modules already loaded), so
// hostmin against rawopen is the part of a load's cost that no gosh can
// avoid, and gosh against hostmin what all of gosh's own code and checks
// add to it.
package main

import (
	"context"
	"fmt"
	"os"
	"plugin"
	"time"

	"github.com/chzyer/readline"
	"github.com/gosh-shell/gosh/shell/command"
	"github.com/mattn/go-shellwords"
	"github.com/spf13/pflag"
)

func main() {
	if os.Getenv("HOSTMIN_RUN_SHELL") == "yes" {
		// Never taken in the benchmarks: it keeps the libraries linked in.
		runShell(map[string]*command.Command{})
		return
	}
	start := time.Now()
	for _, path := range os.Args[1:] {
		p, err := plugin.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if _, err := p.Lookup("Commands"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Println(time.Since(start).Nanoseconds())
}

// runShell reads lines, splits them and parses the named command's flags:
// the smallest use of each library.
func runShell(cmds map[string]*command.Command) {
	rl, err := readline.NewEx(&readline.Config{Prompt: "> "})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer rl.Close()
	for {
		line, err := rl.Readline()
		if err != nil {
			return
		}
		words, err := shellwords.Parse(line)
		if err != nil || len(words) == 0 {
			continue
		}
		c := cmds[words[0]]
		if c == nil {
			continue
		}
		fs := pflag.NewFlagSet(words[0], pflag.ContinueOnError)
		if c.Flags != nil {
			c.Flags(fs)
		}
		if err := fs.Parse(words[1:]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		err = c.Run(context.Background(), &command.Call{Name: words[0], Args: fs.Args(), Flags: fs, Stdout: os.Stdout, Stderr: os.Stderr})
		fmt.Println(command.StatusOf(err))
	}
}
