package repl

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gosh-shell/gosh/shell/interp"
)

// failingReader gives its text, then an error.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// TestReadErrorNamesNoLine: a read error that ends a script is reported
// after the lines that ran, as no line's error, with status 1.
func TestReadErrorNamesNoLine(t *testing.T) {
	var stderr bytes.Buffer
	sh, err := interp.New(interp.Options{Dir: t.TempDir(), Stderr: &stderr, Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	in := &failingReader{r: strings.NewReader(":alias x='true'\nnosuch\n"), err: errors.New("disk on fire")}
	if st := Script(context.Background(), sh, in, nil); st != 1 {
		t.Errorf("status %d, want 1", st)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	want := "gosh: cannot read script after line 2: disk on fire"
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "gosh: script:2: nosuch: command not found") || lines[1] != want {
		t.Errorf("stderr:\n%s\nwant line 2's error, then %q", stderr.String(), want)
	}
}
