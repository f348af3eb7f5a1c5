package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

// flagReport writes everything a command can read of its flag set: each
// flag's value and Changed, what Visit visits, NFlag, the arguments and
// ArgsLenAtDash.
func flagReport(fs *pflag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *pflag.Flag) { fmt.Fprintf(&b, "%s=%s/%v ", f.Name, f.Value, f.Changed) })
	b.WriteString("| set:")
	fs.Visit(func(f *pflag.Flag) { b.WriteString(" " + f.Name) })
	fmt.Fprintf(&b, " | n=%d args=%q dash=%d\n", fs.NFlag(), fs.Args(), fs.ArgsLenAtDash())
	return b.String()
}

// flagCommands are commands that print their flag set and then disturb it
// in every way a command can: a reused flag set must never show a call
// what an earlier call did.
func flagCommands() map[string]*command.Command {
	var bound int // a flag bound to a variable that Run changes
	return map[string]*command.Command{
		"probe": {
			Flags: func(fs *pflag.FlagSet) {
				fs.BoolP("bool", "b", false, "")
				fs.StringP("str", "s", "def", "")
				fs.IntP("int", "i", 7, "")
				fs.CountP("verbose", "v", "")
				fs.Duration("dur", 1e9, "")
				fs.Float64("float", 0.5, "")
				fs.IntVar(&bound, "bound", 3, "")
			},
			Run: func(_ context.Context, call *command.Call) error {
				fmt.Fprint(call.Stdout, flagReport(call.Flags))
				bound = 99
				return call.Flags.Set("str", "set by run")
			},
		},
		"slice": {
			Flags: func(fs *pflag.FlagSet) { fs.StringSlice("list", []string{"x"}, "") },
			Run: func(_ context.Context, call *command.Call) error {
				fmt.Fprint(call.Stdout, flagReport(call.Flags))
				return nil
			},
		},
		"declare": {
			Flags: func(fs *pflag.FlagSet) { fs.Bool("early", false, "") },
			Run: func(_ context.Context, call *command.Call) error {
				call.Flags.Bool("late", true, "") // declared again next time
				fmt.Fprint(call.Stdout, flagReport(call.Flags))
				return nil
			},
		},
		"boomflag": {
			Flags: func(fs *pflag.FlagSet) { fs.BoolP("x", "x", false, "") },
			Run: func(_ context.Context, call *command.Call) error {
				fmt.Fprint(call.Stdout, flagReport(call.Flags))
				if x, _ := call.Flags.GetBool("x"); x {
					panic("x")
				}
				return nil
			},
		},
	}
}

// TestFlagSetReuse runs commands one line after another, each with other
// flags than the line before, and checks that each call sees exactly what a
// fresh flag set, built for it alone, shows.
func TestFlagSetReuse(t *testing.T) {
	lines := []string{
		"probe",
		"probe -b -s one -i 1 -vvv --dur 2s --float 2.5 --bound 5 a b",
		"probe",
		"probe -- -b",
		"probe x",
		"probe -i 8 -i 9",
		"probe --help",
		"probe -v",
		"probe --int notanumber",
		"probe -b",
		"probe",
		"slice --list a",
		"slice --list b",
		"slice",
		"declare --early",
		"declare",
		"boomflag -x",
		"boomflag",
		"probe",
	}
	cmds := flagCommands()
	// What a fresh flag set shows each call, worked out before any line
	// runs: building a flag set binds the bound variable again.
	want := make([]string, len(lines))
	for i, line := range lines {
		words := strings.Fields(line)
		c := cmds[words[0]]
		fs, err := NewFlagSet(words[0], c)
		if err != nil {
			t.Fatal(err)
		}
		if err := fs.Parse(words[1:]); err != nil {
			continue // a usage error: the command does not run
		}
		if h, _ := fs.GetBool("help"); h {
			continue // it prints its help instead
		}
		if words[0] == "declare" {
			fs.Bool("late", true, "")
		}
		want[i] = flagReport(fs)
	}

	s := withPlugins(t)
	s.ld.add("/fake/flags.so", cmds)
	if n := s.sh.LoadPath(t.Context(), "/fake/flags.so", false); n != 0 {
		t.Fatalf("load: %s", s.stderr.String())
	}
	for i, line := range lines {
		s.stdout.Reset()
		s.stderr.Reset()
		s.sh.Run(t.Context(), line)
		got := s.stdout.String()
		if strings.HasPrefix(got, "usage:") || got == "" {
			if want[i] != "" {
				t.Errorf("gosh> %s\nprinted %q, stderr %q; want %q", line, got, s.stderr.String(), want[i])
			}
			continue
		}
		if got != want[i] {
			t.Errorf("gosh> %s\n got %q\nwant %q", line, got, want[i])
		}
	}
}

// TestFlagSetReusePipeline: the commands of a pipeline run at the same
// time, so two calls of one command never share a flag set.
func TestFlagSetReusePipeline(t *testing.T) {
	s := withStreams(t)
	s.run([]step{
		{line: "echo -n x", stdout: "x"},
		{line: "echo -n a | up", stdout: "A"},
		{line: "echo -n b | echo c", stdout: "c\n"},
		{line: "echo d", stdout: "d\n"},
		{line: "echo -n e; echo f", stdout: "ef\n"},
	})
}

func TestFlagCacheKinds(t *testing.T) {
	tests := []struct {
		name  string
		flags func(fs *pflag.FlagSet)
		reuse bool
	}{
		{"none", nil, true},
		{"scalars", func(fs *pflag.FlagSet) {
			fs.Bool("b", false, "")
			fs.String("s", "", "")
			fs.Int64("i", 0, "")
			fs.Uint8("u", 0, "")
			fs.Float32("f", 0, "")
			fs.Count("c", "")
			fs.Duration("d", 0, "")
		}, true},
		{"slice", func(fs *pflag.FlagSet) { fs.StringSlice("l", nil, "") }, false},
		{"map", func(fs *pflag.FlagSet) { fs.StringToString("m", nil, "") }, false},
		{"ip", func(fs *pflag.FlagSet) { fs.IP("ip", nil, "") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fc flagCache
			c := &command.Command{Flags: tt.flags}
			fs1, e, err := fc.take("x", c)
			if err != nil {
				t.Fatal(err)
			}
			fc.put(e, true)
			fs2, e2, _ := fc.take("x", c)
			if reused := fs1 == fs2; reused != tt.reuse {
				t.Errorf("flag set reused: %v, want %v", reused, tt.reuse)
			}
			// While a call has it, another call gets a fresh one.
			if fs3, _, _ := fc.take("x", c); tt.reuse && fs3 == fs2 {
				t.Error("a flag set in use was handed out again")
			}
			fc.put(e2, true)
			// Another name is another flag set (its name differs).
			if fs4, _, _ := fc.take("y", c); fs4 == fs2 || fs4.Name() != "y" {
				t.Errorf("flag set of another name: %q", fs4.Name())
			}
		})
	}
}
