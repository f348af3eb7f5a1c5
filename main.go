// Command gosh is an interactive shell whose commands live in Go plugins.
//
//	gosh [flags]              interactive on a terminal, else read stdin
//	gosh [flags] -c LINE      run one line
//	gosh [flags] FILE         run a script
//	gosh inspect [--json] PATH...   check plugin files without loading them
//	gosh trust [--remove] PATH...   pin plugin files' content for --verify
//	gosh build [-o FILE] DIR        build the plugin in DIR so that this gosh loads it
//	gosh new NAME [DIR]             make a new plugin with one command and a test
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gosh-shell/gosh/shell"
	"github.com/spf13/pflag"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 && args[0] == shell.TrialArg {
		// Not for users: gosh trying a plugin's init (shell.TrialLoad).
		return shell.TrialLoad(args[1:])
	}
	if len(args) > 0 && args[0] == "inspect" {
		return inspect(args[1:])
	}
	if len(args) > 0 && args[0] == "trust" {
		return trustCmd(args[1:])
	}
	if len(args) > 0 && args[0] == "build" {
		return buildCmd(args[1:])
	}
	if len(args) > 0 && args[0] == "new" {
		return newCmd(args[1:])
	}
	fs := pflag.NewFlagSet("gosh", pflag.ContinueOnError)
	fs.SetInterspersed(false)
	fs.SortFlags = false
	command := fs.StringP("command", "c", "", "run `LINE` and exit")
	plugins := fs.StringArray("plugins", nil, "load plugins from `DIR` (repeatable; replaces GOSH_PLUGIN_PATH and ./plugins)")
	quiet := fs.BoolP("quiet", "q", false, "do not report plugin loads")
	verbose := fs.BoolP("verbose", "v", false, "report plugin loads even when not interactive")
	timeout := fs.Duration("init-timeout", 0, "give up on a plugin whose init runs longer than `DURATION` (default 10s)")
	verify := fs.Bool("verify", false, "refuse plugins whose content is not pinned with gosh trust")
	insecure := fs.Bool("insecure-plugins", false, "load plugins that others could have written, with a warning")
	noExec := fs.Bool("no-exec", false, "never run programs from $PATH: only plugin and gosh commands")
	watch := fs.Bool("watch", false, "reload a plugin by itself when its file changes (as :watch on)")
	noRC := fs.Bool("norc", false, "do not run the start-up file $XDG_CONFIG_HOME/gosh/rc (interactive sessions only run it)")
	version := fs.Bool("version", false, "print gosh's version and exit")
	fs.BoolP("help", "h", false, "print this help and exit")
	usage := func() string {
		return "usage: gosh [flags] [FILE]\n       gosh inspect [--json] PATH...\n       gosh trust [--remove] PATH...\n" +
			"       gosh build [-o FILE] DIR\n       gosh new NAME [DIR]\n\n" +
			"An interactive shell whose commands live in Go plugins.\n\nflags:\n" + fs.FlagUsages()
	}
	fs.Usage = func() {} // printed below, once, to the right stream
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			fmt.Fprint(os.Stdout, usage())
			return 0
		}
		fmt.Fprintf(os.Stderr, "gosh: %v (gosh --help lists the flags)\n", err)
		return 2
	}
	if help, _ := fs.GetBool("help"); help {
		fmt.Fprint(os.Stdout, usage())
		return 0
	}
	if fs.Changed("init-timeout") && *timeout <= 0 {
		fmt.Fprintf(os.Stderr, "gosh: --init-timeout %s: the time limit must be more than 0 (the default is 10s)\n", *timeout)
		return 2
	}
	if *version {
		fmt.Println(shell.Version())
		return 0
	}
	opts := shell.Options{
		PluginDirs: *plugins, Command: *command, HasCommand: fs.Changed("command"),
		Quiet: *quiet, Verbose: *verbose, InitTimeout: *timeout, Verify: *verify, Insecure: *insecure, NoExec: *noExec, NoRC: *noRC, Watch: *watch,
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Environ: os.Environ(),
		TrialLoads: true, // run answers shell.TrialArg above
	}
	if rest := fs.Args(); len(rest) > 0 {
		if opts.HasCommand {
			fmt.Fprintln(os.Stderr, "gosh: -c and a script file cannot be used together")
			return 2
		}
		if len(rest) > 1 {
			fmt.Fprintf(os.Stderr, "gosh: %s: script arguments are not supported yet (got %q)\n", rest[0], rest[1:])
			return 2
		}
		opts.Script = rest[0]
	}
	return shell.Run(context.Background(), opts)
}

// subcommand is how one of gosh's subcommands is called, for parse.
type subcommand struct {
	name, usage string         // "build", "gosh build [-o FILE] DIR"
	about       string         // what --help says it does, after the usage
	argsOK      func(int) bool // whether that many arguments are right
	wrongArgs   string         // the error when they are not
}

// parse parses the subcommand's flags. On --help it prints the usage, what
// the subcommand does and its flags; on a bad flag or a wrong number of
// arguments, one error line with the usage. ok is false in those cases,
// and status is the exit status.
func (c subcommand) parse(fs *pflag.FlagSet, args []string) (status int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	usage := "usage: " + c.usage
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			fmt.Printf("%s\n\n%s\n\nflags:\n%s", usage, c.about, fs.FlagUsages())
			return 0, false
		}
		fmt.Fprintf(os.Stderr, "gosh: %s: %v (%s)\n", c.name, err, usage)
		return 2, false
	}
	if !c.argsOK(fs.NArg()) {
		fmt.Fprintf(os.Stderr, "gosh: %s: %s (%s)\n", c.name, c.wrongArgs, usage)
		return 2, false
	}
	return 0, true
}

func atLeastOne(n int) bool { return n > 0 }

func inspect(args []string) int {
	fs := pflag.NewFlagSet("gosh inspect", pflag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	cmd := subcommand{name: "inspect", usage: "gosh inspect [--json] PATH...",
		about:  "Check plugin files without loading them.",
		argsOK: atLeastOne, wrongArgs: "name at least one plugin file"}
	if st, ok := cmd.parse(fs, args); !ok {
		return st
	}
	return shell.Inspect(fs.Args(), *asJSON, os.Stdout, os.Stderr)
}

func trustCmd(args []string) int {
	fs := pflag.NewFlagSet("gosh trust", pflag.ContinueOnError)
	remove := fs.Bool("remove", false, "remove the pins instead of adding them")
	cmd := subcommand{name: "trust", usage: "gosh trust [--remove] PATH...",
		about:  "Pin plugin files' content (SHA-256) in the trust file, so that\ngosh --verify loads them.",
		argsOK: atLeastOne, wrongArgs: "name at least one plugin file"}
	if st, ok := cmd.parse(fs, args); !ok {
		return st
	}
	return shell.Trust(fs.Args(), *remove, os.Environ(), os.Stdout, os.Stderr)
}

func buildCmd(args []string) int {
	fs := pflag.NewFlagSet("gosh build", pflag.ContinueOnError)
	out := fs.StringP("output", "o", "", "write the plugin to `FILE` (default: NAME.so in the first plugin directory, NAME being DIR's name)")
	plugins := fs.StringArray("plugins", nil, "the plugin path, as for gosh: the first `DIR` receives the plugin")
	source := fs.String("gosh-source", "", "the `DIR` of gosh's source this gosh was built from (needed if built with -trimpath)")
	cmd := subcommand{name: "build", usage: "gosh build [-o FILE] DIR",
		about:  "Build the plugin in DIR with this gosh's toolchain, build settings and module\nversions, so that it loads, and reloads after a change.",
		argsOK: func(n int) bool { return n == 1 }, wrongArgs: "name one plugin directory"}
	if st, ok := cmd.parse(fs, args); !ok {
		return st
	}
	return shell.Build(context.Background(), shell.BuildOptions{
		Dir: fs.Arg(0), Out: *out, PluginDirs: *plugins, GoshSource: *source,
		Environ: os.Environ(), Stdout: os.Stdout, Stderr: os.Stderr,
	})
}

func newCmd(args []string) int {
	fs := pflag.NewFlagSet("gosh new", pflag.ContinueOnError)
	source := fs.String("gosh-source", "", "the `DIR` of gosh's source this gosh was built from (needed if built with -trimpath)")
	cmd := subcommand{name: "new", usage: "gosh new NAME [DIR]",
		about:  "Make a new plugin in DIR (default ./NAME): a command NAME, its test, and,\noutside any Go module, a go.mod that builds against this gosh.",
		argsOK: func(n int) bool { return n == 1 || n == 2 }, wrongArgs: "name the plugin, and optionally its directory"}
	if st, ok := cmd.parse(fs, args); !ok {
		return st
	}
	return shell.NewPlugin(context.Background(), shell.NewOptions{
		Name: fs.Arg(0), Dir: fs.Arg(1), GoshSource: *source,
		Environ: os.Environ(), Stdout: os.Stdout, Stderr: os.Stderr,
	})
}
