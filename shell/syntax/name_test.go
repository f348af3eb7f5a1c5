package syntax

import (
	"slices"
	"testing"
)

// TestCmdName: the command name's word as typed, for alias expansion.
func TestCmdName(t *testing.T) {
	for _, tc := range []struct {
		line  string
		names []string // one per command; "-" for none
	}{
		{"ls -l", []string{"ls"}},
		{"  ls", []string{"ls"}},
		{"X=1 Y=2 ls x", []string{"ls"}},
		{">out 2>&1 ls", []string{"ls"}},
		{"echo >ls", []string{"echo"}},
		{"X=1", []string{"-"}},
		{">out", []string{"-"}},
		{"'ls' a", []string{"'ls'"}},
		{`\ls`, []string{`\ls`}},
		{`l"s"x`, []string{`l"s"x`}},
		{"$CMD a", []string{"$CMD"}},
		{"a|b;c&&d||e\nf", []string{"a", "b", "c", "d", "e", "f"}},
		{"a # b", []string{"a"}},
	} {
		list, err := ParseLine(tc.line)
		if err != nil {
			t.Errorf("ParseLine(%q): %v", tc.line, err)
			continue
		}
		var got []string
		for _, pl := range list.Pipelines {
			for _, c := range pl.Cmds {
				w, start, end, ok := c.Name()
				switch {
				case !ok:
					w = "-"
				case tc.line[start:end] != w:
					t.Errorf("%q: offsets %d:%d give %q, not %q", tc.line, start, end, tc.line[start:end], w)
				}
				got = append(got, w)
			}
		}
		if !slices.Equal(got, tc.names) {
			t.Errorf("ParseLine(%q) command names %q, want %q", tc.line, got, tc.names)
		}
	}
}
