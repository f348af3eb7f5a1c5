// rawopen is the baseline of gosh's start-up and load benchmarks: it opens
// each plugin file named on the command line with plugin.Open and looks up
// Commands, the least any plugin host must do, then prints how long the
// opens took in nanoseconds.
package main

import (
	"fmt"
	"os"
	"plugin"
	"time"
)

func main() {
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
