package inspect

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMetaString(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	tests := []struct{ in, want string }{
		{"keeps notes", "keeps notes"},
		{"  two\nlines\tand tab ", "two lines and tab"},
		{"bell\x07 and \x1b[31mcolour", "bell and [31mcolour"},
		{long, strings.Repeat("é", 100) + "..."},
	}
	for _, tt := range tests {
		got := MetaString(tt.in)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("MetaString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var m Meta
	for name, field := range m.Fields() {
		*field = name
	}
	if m.Version != "Version" || m.Description != "Description" || m.MinGoshVersion != "MinGoshVersion" {
		t.Errorf("Fields() does not map each name to its field: %+v", m)
	}
}
