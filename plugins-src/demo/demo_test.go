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

func TestDemo(t *testing.T) {
	defer func(v int) { V = v }(V)
	for _, tt := range []struct {
		args   []string
		stdout string
		status int
	}{
		{[]string{"v"}, "0\n", 0},
		{[]string{"f"}, "Hello, number 0\n", 0},
		{[]string{"v", "7"}, "", 0},
		{[]string{"v"}, "7\n", 0},
		{[]string{"f"}, "Hello, number 7\n", 0},
		{[]string{"v", "--", "-3"}, "", 0},
		{[]string{"f"}, "Hello, number -3\n", 0},
		{[]string{"v", "seven"}, "", 2},
		{[]string{"v", "1", "2"}, "", 2},
		{[]string{"greet"}, "Hello, gopher!\n", 0},
		{[]string{"greet", "Ada", "Lovelace"}, "Hello, Ada Lovelace!\n", 0},
	} {
		r := plugintest.Run(t.Context(), Commands, nil, "", tt.args[0], tt.args[1:]...)
		if r.Stdout != tt.stdout || r.Status() != tt.status {
			t.Errorf("%q: stdout %q, status %d (%v); want %q, %d", tt.args, r.Stdout, r.Status(), r.Err, tt.stdout, tt.status)
		}
	}
}
