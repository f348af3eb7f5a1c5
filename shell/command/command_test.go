package command

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestStatusOf(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{ExitStatus(0), 0},
		{ExitStatus(3), 3},
		{fmt.Errorf("wrapped: %w", ExitStatus(4)), 4},
		{Usagef("bad %s", "x"), 2},
		{context.Canceled, 130},
		{errors.New("plain"), 1},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.err); got != tt.want {
			t.Errorf("StatusOf(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestValidName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"echo", true},
		{"git-log", true},
		{"a.b", true},
		{"", false},
		{":help", false},
		{"-x", false},
		{"two words", false},
		{"semi;colon", false},
		{"tab\t", false},
		{"a/b", false},
		{"ünï", true},
	}
	for _, tt := range tests {
		err := ValidName(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("ValidName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestValidVarName(t *testing.T) {
	for name, ok := range map[string]bool{"A": true, "_x1": true, "1a": false, "": false, "a-b": false, "é": false} {
		if ValidVarName(name) != ok {
			t.Errorf("ValidVarName(%q) != %v", name, ok)
		}
	}
}

func TestMapEnvChdir(t *testing.T) {
	dir := t.TempDir()
	env := &MapEnv{WorkDir: "/"}
	if err := env.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	if env.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", env.Dir(), dir)
	}
	if err := env.Chdir("does-not-exist"); err == nil {
		t.Error("Chdir to a missing directory succeeded")
	}
	if env.Dir() != dir {
		t.Errorf("failed Chdir changed Dir to %q", env.Dir())
	}
}
