package repl

import "testing"

func TestRemember(t *testing.T) {
	for line, want := range map[string]bool{
		"echo hi":        true,
		"echo  two  ":    true,
		" echo secret":   false,
		"\techo tab":     true, // only a space hides a line, as in bash
		"":               false,
		"   ":            false,
		"\t":             false,
		"  :trust x.so ": false,
	} {
		if got := Remember(line); got != want {
			t.Errorf("Remember(%q) = %v, want %v", line, got, want)
		}
	}
}
