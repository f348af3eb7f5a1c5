package main

import (
	"bufio"
	"context"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
)

var envCmd = &command.Command{
	Summary: "print the shell variables as NAME=value, sorted",
	Run: func(ctx context.Context, call *command.Call) error {
		if err := noArgs(call); err != nil {
			return err
		}
		return printVars(call)
	},
}

var setCmd = &command.Command{
	Summary: "set shell variables, or print them all",
	Usage:   "[NAME=VALUE...]",
	Help:    "Without arguments, set prints every variable as env does.",
	Run: func(ctx context.Context, call *command.Call) error {
		if len(call.Args) == 0 {
			return printVars(call)
		}
		// Check every argument first, so that a bad one sets nothing.
		type pair struct{ name, value string }
		pairs := make([]pair, 0, len(call.Args))
		for _, arg := range call.Args {
			name, value, ok := strings.Cut(arg, "=")
			if !ok {
				return command.Usagef("%q: want NAME=VALUE", arg)
			}
			if !command.ValidVarName(name) {
				return command.Usagef("%q: not a valid variable name", name)
			}
			pairs = append(pairs, pair{name, value})
		}
		for _, p := range pairs {
			if err := call.Env.Set(p.name, p.value); err != nil {
				return err
			}
		}
		return nil
	},
}

var unsetCmd = &command.Command{
	Summary: "remove shell variables",
	Usage:   "NAME...",
	Run: func(ctx context.Context, call *command.Call) error {
		if len(call.Args) == 0 {
			return command.Usagef("missing variable name")
		}
		for _, name := range call.Args {
			if !command.ValidVarName(name) {
				return command.Usagef("%q: not a valid variable name", name)
			}
		}
		for _, name := range call.Args {
			call.Env.Unset(name)
		}
		return nil
	},
}

func printVars(call *command.Call) error {
	w := bufio.NewWriter(call.Stdout)
	for _, name := range call.Env.Names() {
		value, _ := call.Env.Get(name)
		w.WriteString(name + "=" + value + "\n")
	}
	return w.Flush()
}
