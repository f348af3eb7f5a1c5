package interp

import "testing"

// TestSourceInErrorLines: an error of a line from a named source (a script
// file, the start-up file) says where the line is; a syntax error gives the
// line of any source whose lines are counted, with its column.
func TestSourceInErrorLines(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		line   string
		stderr string
	}{
		{"", 0, `echo "x`, "gosh: 1:6: unterminated double quote\n"},
		{"", 7, `echo "x`, "gosh: 7:6: unterminated double quote\n"},
		{"s.gosh", 7, `echo "x`, "gosh: s.gosh:7:6: unterminated double quote\n"},
		{"s.gosh", 7, `echo a | | b`, "gosh: s.gosh:7:8: missing command after '|'\n"},
		{"s.gosh", 7, "nosuch", "gosh: s.gosh:7: nosuch: command not found (:help lists the commands)\n"},
		{"", 7, "nosuch", "gosh: nosuch: command not found (:help lists the commands)\n"},
		{"rc", 3, "echo ${x:-y}", "gosh: rc:3:9: invalid character ':' in variable name\n"},
		// An alias's own error points into its value, not into the line.
		{"s.gosh", 2, ":alias bad='echo |'", "gosh: s.gosh:2: :alias: alias bad: value 'echo |': 1:6: missing command after '|'\n"},
	} {
		s := withPlugins(t)
		s.sh.SetSource(tc.name, tc.n)
		s.sh.Run(t.Context(), tc.line)
		if got := s.stderr.String(); got != tc.stderr {
			t.Errorf("SetSource(%q, %d), %q: stderr %q, want %q", tc.name, tc.n, tc.line, got, tc.stderr)
		}
	}
}
