package scaffold

import "strings"

// The files of a new plugin. {{.Name}} is the command's name, which is also
// the plugin's; no Go identifier is made from it, so a name with '-' works.
// Each {{.X}} is replaced by a value (fill); there is no other template
// syntax. (Not text/template: every gosh links this package, and the more
// types gosh holds, the slower each plugin loads.)
const (
	mainTemplate = `// Command {{.Name}} is a gosh plugin.
//
// Build it with gosh build, which puts it where gosh finds it:
//
//	gosh build .
package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

// Version and Description are optional: gosh shows them.
var (
	Version     = "0.1.0"
	Description = "{{.Name}}: greet someone (made by gosh new)"
)

// Commands is what gosh looks up in the plugin: the name users type, and the
// command it runs.
var Commands = map[string]*command.Command{
	"{{.Name}}": {
		Summary: "greet someone",
		Usage:   "[--shout] [NAME...]",
		Flags: func(fs *pflag.FlagSet) {
			fs.BoolP("shout", "s", false, "greet in capitals")
		},
		Run: greet,
	},
}

// greet prints to call.Stdout, never to os.Stdout, so that pipes and
// redirections work.
func greet(ctx context.Context, call *command.Call) error {
	who := "world"
	if len(call.Args) > 0 {
		who = strings.Join(call.Args, " ")
	}
	msg := "hello, " + who
	if shout, _ := call.Flags.GetBool("shout"); shout {
		msg = strings.ToUpper(msg)
	}
	_, err := fmt.Fprintln(call.Stdout, msg)
	return err
}

// main is never called; it keeps ` + "`go build ./...`" + ` working.
func main() {}
`

	testTemplate = `package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/command"
	"github.com/spf13/pflag"
)

// run runs the command as gosh does: flags parsed from its own flag set, then
// Run with its output in memory.
func run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := Commands["{{.Name}}"]
	fs := pflag.NewFlagSet("{{.Name}}", pflag.ContinueOnError)
	cmd.Flags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	call := &command.Call{
		Name: "{{.Name}}", Args: fs.Args(), Flags: fs,
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Env: &command.MapEnv{},
	}
	if err := cmd.Run(t.Context(), call); err != nil {
		t.Fatalf("{{.Name}} %q: %v", args, err)
	}
	return stdout.String()
}

func TestCommand(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "hello, world\n"},
		{[]string{"gophers"}, "hello, gophers\n"},
		{[]string{"--shout", "gophers"}, "HELLO, GOPHERS\n"},
	} {
		if got := run(t, tt.args...); got != tt.want {
			t.Errorf("{{.Name}} %q printed %q, want %q", tt.args, got, tt.want)
		}
	}
}
`

	modTemplate = `module example.com/{{.Name}}

go {{.Go}}

require {{.Gosh}} {{.GoshVersion}}
`

	// replaceTemplate follows modTemplate for a development build of gosh.
	replaceTemplate = `
// This gosh is a development build: its plugins are built against the very
// source it was built from.
replace {{.Gosh}} => {{.GoshSource}}
`
)

// fill replaces each placeholder in text, given as "{{.X}}", value pairs.
func fill(text string, placeholderValues ...string) []byte {
	return []byte(strings.NewReplacer(placeholderValues...).Replace(text))
}
