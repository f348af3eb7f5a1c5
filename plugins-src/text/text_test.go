package main

import (
	"testing"

	"github.com/gosh-shell/gosh/plugins-src/internal/plugintest"
)

func TestCommandsAreValid(t *testing.T) {
	if err := plugintest.Check(Commands); err != nil {
		t.Error(err)
	}
}

func TestText(t *testing.T) {
	for _, tt := range []struct {
		stdin  string
		args   []string
		stdout string
	}{
		{"", []string{"upper", "hello", "world"}, "HELLO WORLD\n"},
		{"", []string{"lower", "Hello", "WORLD"}, "hello world\n"},
		{"", []string{"rev", "hello", "world"}, "dlrow olleh\n"},
		{"", []string{"upper", "a", "-b"}, "A -B\n"},
		{"one\nTwo\r\nthree", []string{"upper"}, "ONE\nTWO\r\nTHREE"},
		{"ÉTÉ\n", []string{"lower"}, "été\n"},
		{"abc\nxyz\n", []string{"rev"}, "cba\nzyx\n"},
		{"", []string{"rev"}, ""},
	} {
		r := plugintest.Run(t.Context(), Commands, nil, tt.stdin, tt.args[0], tt.args[1:]...)
		if r.Err != nil || r.Stdout != tt.stdout {
			t.Errorf("%q with stdin %q: stdout %q, error %v; want %q", tt.args, tt.stdin, r.Stdout, r.Err, tt.stdout)
		}
	}
}
