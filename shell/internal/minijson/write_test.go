package minijson

import (
	"bytes"
	"encoding/json"
	"testing"
)

// stdEncode is what encoding/json's Encoder writes for v after
// SetIndent("", indent).
func stdEncode(t testing.TB, v any, indent string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAppendString(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", `""`},
		{"plain text/ path", `"plain text/ path"`},
		{`quote " backslash \`, `"quote \" backslash \\"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f" + `"`},
		{"<a href=x&y>", `"\u003ca href=x\u0026y\u003e"`},
		{"é ü 世界 😀", `"é ü 世界 😀"`},
		{"line\u2028para\u2029end", `"line\u2028para\u2029end"`},
		{"bad \xff\xfe end", `"bad \ufffd\ufffd end"`},
		{"cut \xe4\xb8", `"cut \ufffd\ufffd"`},
		{"surrogate \xed\xa0\x80", `"surrogate \ufffd\ufffd\ufffd"`},
		{"replacement \ufffd", `"replacement ` + "\ufffd" + `"`},
	} {
		got := string(appendString(nil, tt.in))
		if got != tt.want {
			t.Errorf("appendString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if std := string(bytes.TrimSuffix(stdEncode(t, tt.in, ""), []byte("\n"))); got != std {
			t.Errorf("appendString(%q) = %s, encoding/json writes %s", tt.in, got, std)
		}
	}
}

// TestWriter writes documents of every shape with a Writer and compares
// them with what encoding/json writes for the same value.
func TestWriter(t *testing.T) {
	type pair struct {
		A string `json:"a"`
		B bool   `json:"b"`
	}
	for _, tt := range []struct {
		name  string
		write func(w *Writer)
		same  any // the value encoding/json is given
	}{
		{"empty object", func(w *Writer) { w.BeginObject(); w.EndObject() }, struct{}{}},
		{"empty array", func(w *Writer) { w.Strings(nil) }, []string{}},
		{"string", func(w *Writer) { w.String("<x>") }, "<x>"},
		{"bool", func(w *Writer) { w.Bool(false) }, false},
		{"strings", func(w *Writer) { w.Strings([]string{"a", "b\n"}) }, []string{"a", "b\n"}},
		{"object", func(w *Writer) {
			w.BeginObject()
			w.Key("a")
			w.String("x")
			w.Key("b")
			w.Bool(true)
			w.EndObject()
		}, pair{"x", true}},
		{"nested", func(w *Writer) {
			w.BeginObject()
			w.Key("empty")
			w.BeginObject()
			w.EndObject()
			w.Key("none")
			w.Strings([]string{})
			w.Key("list")
			w.BeginArray()
			for _, p := range []pair{{"1", true}, {"2", false}} {
				w.BeginObject()
				w.Key("a")
				w.String(p.A)
				w.Key("b")
				w.Bool(p.B)
				w.EndObject()
			}
			w.BeginArray()
			w.EndArray()
			w.Strings([]string{"deep"})
			w.EndArray()
			w.Key("k<&>")
			w.String("")
			w.EndObject()
		}, struct {
			Empty struct{} `json:"empty"`
			None  []string `json:"none"`
			List  []any    `json:"list"`
			K     string   `json:"k<&>"`
		}{None: []string{}, List: []any{pair{"1", true}, pair{"2", false}, []int{}, []string{"deep"}}}},
	} {
		for _, indent := range []string{"  ", "\t", ""} {
			w := NewWriter(indent)
			tt.write(w)
			got := w.Bytes()
			if want := stdEncode(t, tt.same, indent); !bytes.Equal(got, want) {
				t.Errorf("%s, indent %q:\n got %q\nwant %q", tt.name, indent, got, want)
			}
		}
	}
}
