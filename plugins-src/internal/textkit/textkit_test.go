package textkit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReverse(t *testing.T) {
	for in, want := range map[string]string{
		"":              "",
		"abc":           "cba",
		"hello world":   "dlrow olleh",
		"héllo":         "olléh",
		"cafe\u0301":    "e\u0301fac", // combining acute accent stays on its e
		"a\xffb":        "b\xffa",
		"日本語":           "語本日",
		"\u0301leading": "gnidael\u0301",
	} {
		if got := Reverse(in); got != want {
			t.Errorf("Reverse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMapLines(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "",
		"abc\n":                            "ABC\n",
		"ab\ncd":                           "AB\nCD",
		"dos\r\nlines\r\n":                 "DOS\r\nLINES\r\n",
		"\n\nx\n":                          "\n\nX\n",
		strings.Repeat("a", 100000) + "\n": strings.Repeat("A", 100000) + "\n",
	} {
		var out bytes.Buffer
		// One byte per read, so that lines arrive in pieces.
		if err := MapLines(context.Background(), &out, iotest.OneByteReader(strings.NewReader(in)), strings.ToUpper); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("MapLines(%.20q) = %.20q, want %.20q", in, out.String(), want)
		}
	}
}

func TestMapLinesCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := MapLines(ctx, io.Discard, strings.NewReader("a\n"), strings.ToUpper)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("MapLines with a cancelled context: %v", err)
	}
}

// A line's result is written before the next line is waited for.
func TestFlushBeforeRead(t *testing.T) {
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	r := FlushBeforeRead(strings.NewReader("x"), bw)
	bw.WriteString("first")
	if out.Len() != 0 {
		t.Fatal("written before the read")
	}
	r.Read(make([]byte, 1))
	if out.String() != "first" {
		t.Errorf("after a read, output is %q", out.String())
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Counts
	}{
		{"", Counts{}},
		{"hello\n", Counts{1, 1, 6, 6}},
		{"no newline", Counts{0, 2, 10, 10}},
		{"  two   words \n\tand\tthree\n", Counts{2, 4, 26, 26}},
		{"héllo wörld\n", Counts{1, 2, 12, 14}},
		{"a\u00a0b", Counts{0, 2, 3, 4}}, // no-break space separates words
		{"\xff\xfe", Counts{0, 1, 2, 2}},
	} {
		for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
			got, err := Count(context.Background(), r)
			if err != nil || got != tt.want {
				t.Errorf("Count(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		}
	}
}

func TestCountError(t *testing.T) {
	boom := errors.New("boom")
	_, err := Count(context.Background(), iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Errorf("Count of a failing reader: %v", err)
	}
}
