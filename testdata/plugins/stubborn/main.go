// Command stubborn is a test plugin whose one command ignores Ctrl-C: it
// sleeps on, whatever its context says, as a command that does not watch
// ctx.Done() does. A second Ctrl-C abandons it.
package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
)

// Commands holds stubborn SECONDS.
var Commands = map[string]*command.Command{
	"stubborn": {
		Summary: "sleep SECONDS, ignoring Ctrl-C",
		Usage:   "SECONDS",
		Run: func(ctx context.Context, call *command.Call) error {
			if len(call.Args) != 1 {
				return command.Usagef("name the seconds to sleep")
			}
			n, err := strconv.Atoi(call.Args[0])
			if err != nil {
				return command.Usagef("%q is not a number of seconds", call.Args[0])
			}
			fmt.Fprintln(call.Stdout, "sleeping") // it runs: Ctrl-C now reaches it
			time.Sleep(time.Duration(n) * time.Second)
			return nil
		},
	},
}

func main() {}
