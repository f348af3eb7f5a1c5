package main

import (
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

var echoCmd = &command.Command{
	Summary: "print the arguments, separated by spaces",
	Usage:   "[-n] [STRING...]",
	Help:    "Flags are read only before the first STRING, as in a Unix shell: \"echo a -n\" prints \"a -n\".",
	Flags: func(fs *pflag.FlagSet) {
		fs.SetInterspersed(false)
		fs.BoolP("no-newline", "n", false, "do not print the trailing newline")
	},
	Run: func(ctx context.Context, call *command.Call) error {
		noNewline, _ := call.Flags.GetBool("no-newline")
		s := strings.Join(call.Args, " ")
		if !noNewline {
			s += "\n"
		}
		_, err := io.WriteString(call.Stdout, s)
		return err
	},
}

var trueCmd = &command.Command{
	Summary: "do nothing, successfully",
	Usage:   "[ARG...]",
	Run:     func(context.Context, *command.Call) error { return nil },
}

var falseCmd = &command.Command{
	Summary: "do nothing, unsuccessfully (exit status 1)",
	Usage:   "[ARG...]",
	Run:     func(context.Context, *command.Call) error { return command.ExitStatus(1) },
}

var sleepCmd = &command.Command{
	Summary: "wait for a while",
	Usage:   "DURATION...",
	Help: "A DURATION is a number of seconds (2, 1.5) or a Go duration (200ms, 1m30s);\n" +
		"several are added up. Ctrl-C ends the wait early.",
	Run: func(ctx context.Context, call *command.Call) error {
		if len(call.Args) == 0 {
			return command.Usagef("missing duration")
		}
		var total time.Duration
		for _, arg := range call.Args {
			d, err := parseDuration(arg)
			if err != nil {
				return err
			}
			if total+d < total {
				return command.Usagef("total duration is too long")
			}
			total += d
		}
		t := time.NewTimer(total)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return nil
		}
	},
}

// parseDuration reads a number of seconds, as Unix sleep does, or else a Go
// duration. Its errors are usage errors.
func parseDuration(s string) (time.Duration, error) {
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		switch {
		case math.IsNaN(secs):
			return 0, command.Usagef("invalid duration %q", s)
		case secs < 0:
			return 0, command.Usagef("negative duration %q", s)
		case secs*float64(time.Second) >= math.MaxInt64:
			return 0, command.Usagef("duration %q is too long", s)
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, command.Usagef("invalid duration %q: want seconds (1.5) or a Go duration (200ms)", s)
	case d < 0:
		return 0, command.Usagef("negative duration %q", s)
	}
	return d, nil
}
