package trust

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzTrustFile parses arbitrary bytes as a trust file: it never panics,
// every bad line is reported once with a line number inside the file and a
// one-line message, and writing the file back and parsing it again gives
// the same pins, the same setting and the same bad lines; a pin added is
// found after a round trip.
func FuzzTrustFile(f *testing.F) {
	for _, seed := range []string{
		"",
		"\n",
		"verify\n",
		"verify on\r\n# comment\n\n" + shaA + "  /p/a.so\n",
		shaA + "  /p/with  two  spaces.so\n" + strings.ToUpper(shaB) + "   /p/leading space.so",
		"verify maybe\nnot a pin\nabc  /x\n" + shaA + "  \n",
		shaA + " /one/space.so\n" + shaA + "\t/tab.so\n",
		"\x00\xff\xfe\r\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Parse(data)
		nlines := strings.Count(strings.TrimSuffix(string(data), "\n"), "\n") + 1
		last := 0
		for _, e := range p.Errors {
			if e.Line < 1 || e.Line > nlines || e.Line <= last {
				t.Fatalf("bad line number %d (file has %d lines, previous error at %d): %v", e.Line, nlines, last, e)
			}
			last = e.Line
			if strings.ContainsAny(e.Error(), "\n\r") {
				t.Fatalf("error on more than one line: %q", e.Error())
			}
		}
		out := p.Bytes()
		again := Parse(out)
		if fmt.Sprint(again.Entries()) != fmt.Sprint(p.Entries()) || again.Verify != p.Verify || len(again.Errors) != len(p.Errors) {
			t.Fatalf("round trip of %q changed it:\nentries %v -> %v\nverify %v -> %v\nerrors %v -> %v",
				data, p.Entries(), again.Entries(), p.Verify, again.Verify, p.Errors, again.Errors)
		}
		if string(again.Bytes()) != string(out) {
			t.Fatalf("writing is not stable: %q -> %q", out, again.Bytes())
		}
		for _, e := range p.Entries() {
			if !p.Pinned(e.SHA256) || !validSHA(e.SHA256) {
				t.Fatalf("entry %v: not pinned or bad hash", e)
			}
		}
		if _, err := p.Add(shaB, "/fuzz/added.so"); err != nil {
			t.Fatal(err)
		}
		if after := Parse(p.Bytes()); !after.Pinned(shaB) {
			t.Fatalf("added pin lost in %q", p.Bytes())
		}
	})
}
