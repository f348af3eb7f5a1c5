// hostopen is the second baseline of gosh's start-up benchmark: rawopen
// linked with all of gosh. It opens each plugin file named on the command
// line with plugin.Open and looks up Commands, as rawopen does, but its
// binary holds everything gosh's does, so plugin.Open costs here what it
// costs in gosh: the runtime and the dynamic linker do more on each open
// in a bigger host (they compare the plugin's types and symbols with the
// host's). gosh against hostopen is then what gosh itself adds; hostopen
// against rawopen, what a host of gosh's size costs.
package main

import (
	"context"
	"fmt"
	"os"
	"plugin"
	"time"

	"github.com/gosh-shell/gosh/shell"
)

func main() {
	if os.Getenv("HOSTOPEN_RUN_GOSH") == "yes" {
		// Never taken in the benchmarks: it keeps all of gosh linked in.
		ctx := context.Background()
		os.Exit(shell.Run(ctx, shell.Options{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}) +
			shell.Inspect(os.Args[1:], true, os.Stdout, os.Stderr) +
			shell.Trust(os.Args[1:], false, os.Environ(), os.Stdout, os.Stderr) +
			shell.Build(ctx, shell.BuildOptions{Stdout: os.Stdout, Stderr: os.Stderr}) +
			shell.NewPlugin(ctx, shell.NewOptions{Stdout: os.Stdout, Stderr: os.Stderr}))
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
