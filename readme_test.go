package main

import (
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestREADMETutorial checks that the plugin the README's tutorial tells users
// to write is the one testdata/script/tutorial.txtar builds and runs.
func TestREADMETutorial(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "Write `plugins-src/hello/main.go`:")
	if !ok {
		t.Fatal("README has no tutorial step writing plugins-src/hello/main.go")
	}
	_, rest, ok = strings.Cut(rest, "```go\n")
	block, _, ok2 := strings.Cut(rest, "   ```")
	if !ok || !ok2 {
		t.Fatal("README's tutorial step has no go code block")
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "   "))
	}
	fromReadme := strings.Join(lines, "\n") + "\n"

	ar, err := txtar.ParseFile("testdata/script/tutorial.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "plugins-src/hello/main.go" {
			if string(f.Data) != fromReadme {
				t.Errorf("README's tutorial plugin differs from testdata/script/tutorial.txtar:\nREADME:\n%s\ntxtar:\n%s", fromReadme, f.Data)
			}
			return
		}
	}
	t.Fatal("tutorial.txtar has no plugins-src/hello/main.go")
}
