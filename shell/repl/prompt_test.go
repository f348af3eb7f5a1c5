package repl

import "testing"

func TestExpandPrompt(t *testing.T) {
	in := PromptInfo{Dir: "/home/ada/src/gosh", Home: "/home/ada", Status: 3, User: "ada", Host: "box.example.org"}
	for _, tc := range []struct {
		ps1  string
		in   *PromptInfo // nil: in
		want string
	}{
		{"", nil, ""},
		{"gosh> ", nil, "gosh> "},
		{`\w\$ `, nil, "~/src/gosh$ "},
		{`\W> `, nil, "gosh> "},
		{`[\?] `, nil, "[3] "},
		{`\u@\h:\H`, nil, "ada@box:box.example.org"},
		{`\\ \$`, &PromptInfo{Root: true}, `\ #`},
		{`\w \W`, &PromptInfo{Dir: "/home/ada", Home: "/home/ada"}, "~ ~"},
		{`\w \W`, &PromptInfo{Dir: "/home/adam", Home: "/home/ada"}, "/home/adam adam"},
		{`\w \W`, &PromptInfo{Dir: "/home/ada/x", Home: "/home/ada/"}, "~/x x"},
		{`\w \W`, &PromptInfo{Dir: "/", Home: "/home/ada"}, "/ /"},
		{`\w`, &PromptInfo{Dir: "/srv", Home: ""}, "/srv"},
		{`\w`, &PromptInfo{Dir: "/x/y", Home: "x"}, "/x/y"}, // a relative HOME is no home
		// bash's markers go, \e is ESC, unknown escapes and a final
		// backslash stay.
		{`\[\e[32m\]\w\[\e[0m\] \d\t \`, nil, "\x1b[32m~/src/gosh\x1b[0m \\d\\t \\"},
		// Values cannot drive the terminal.
		{`\W`, &PromptInfo{Dir: "/tmp/a\nb\x1b[2J"}, "a?b?[2J"},
		{`é \u`, &PromptInfo{User: "zoë"}, "é zoë"},
	} {
		info := in
		if tc.in != nil {
			info = *tc.in
		}
		if got := ExpandPrompt(tc.ps1, info); got != tc.want {
			t.Errorf("ExpandPrompt(%q) = %q, want %q", tc.ps1, got, tc.want)
		}
	}
}
