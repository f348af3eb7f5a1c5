package minijson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// stdParse reads data as encoding/json's Decoder does, into values of type
// any, numbers as json.Number.
func stdParse(data []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var all []any
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return all, nil
		} else if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
}

// toAny is v as encoding/json decodes it into a value of type any: the last
// of repeated keys wins.
func toAny(v Value) any {
	switch v.Kind {
	case Bool:
		return v.Bool
	case Number:
		return json.Number(v.Text)
	case String:
		return v.Text
	case Array:
		a := make([]any, 0, len(v.Elems))
		for _, e := range v.Elems {
			a = append(a, toAny(e))
		}
		return a
	case Object:
		m := map[string]any{}
		for _, mem := range v.Members {
			m[mem.Key] = toAny(mem.Value)
		}
		return m
	}
	return nil
}

// checkSameAsStd fails unless ParseStream and encoding/json agree on data:
// both fail, or both give the same values.
func checkSameAsStd(t *testing.T, data []byte) {
	t.Helper()
	want, stdErr := stdParse(data)
	vs, err := ParseStream(data)
	if (err != nil) != (stdErr != nil) {
		t.Fatalf("ParseStream(%q): error %v, encoding/json: %v", data, err, stdErr)
	}
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(data) {
			t.Fatalf("ParseStream(%q): error %#v is not a *SyntaxError inside the input", data, err)
		}
		return
	}
	var got []any
	for _, v := range vs {
		got = append(got, toAny(v))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseStream(%q) = %#v, encoding/json: %#v", data, got, want)
	}
}

func str(s string) Value { return Value{Kind: String, Text: s} }
func num(s string) Value { return Value{Kind: Number, Text: s} }

func TestParseStream(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []Value
	}{
		{"", nil},
		{" \t\r\n ", nil},
		{"null", []Value{{}}},
		{"nullnull true false", []Value{{}, {}, {Kind: Bool, Bool: true}, {Kind: Bool}}},
		{`{}{"a":1}[]`, []Value{{Kind: Object}, {Kind: Object, Members: []Member{{"a", num("1")}}}, {Kind: Array}}},
		{`{"a": 1, "a": [2, -0.5e+3, 0E0], "B": {"c": null}}`, []Value{{Kind: Object, Members: []Member{
			{"a", num("1")},
			{"a", Value{Kind: Array, Elems: []Value{num("2"), num("-0.5e+3"), num("0E0")}}},
			{"B", Value{Kind: Object, Members: []Member{{"c", Value{}}}}},
		}}}},
		{`"\"\\\/\b\f\n\r\t"`, []Value{str("\"\\/\b\f\n\r\t")}},
		{`"\u0041\u00e9\u4e16\uD83D\uDE00"`, []Value{str("Aé世😀")}},
		{`"\ud83d\ude00"`, []Value{str("😀")}},
		{`"\uD83D"`, []Value{str("\ufffd")}},
		{`"\uDE00\uD83D"`, []Value{str("\ufffd\ufffd")}},
		{`"\uD83Dx\uDE00"`, []Value{str("\ufffdx\ufffd")}},
		{`"\uD83D\uD83D\uDE00"`, []Value{str("\ufffd😀")}},
		{`"\uD83D\n"`, []Value{str("\ufffd\n")}},
		{`"\u0000"`, []Value{str("\x00")}},
		{"\"bad \xff\xfe utf-8 \xed\xa0\x80 \xe4\xb8\"", []Value{str("bad \ufffd\ufffd utf-8 \ufffd\ufffd\ufffd \ufffd\ufffd")}},
		{"\"\x7f é \x20\"", []Value{str("\x7f é  ")}},
		{"1 2 -3", []Value{num("1"), num("2"), num("-3")}},
		{"01", []Value{num("0"), num("1")}},
		{strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth), nil}, // checked against encoding/json only
	} {
		checkSameAsStd(t, []byte(tt.in))
		if tt.want == nil && tt.in != "" && strings.TrimSpace(tt.in) != "" {
			continue
		}
		got, err := ParseStream([]byte(tt.in))
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseStream(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseStreamErrors(t *testing.T) {
	for _, in := range []string{
		"{", "[", `"`, `"abc`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[,1]`, `{,}`, `{1:2}`, `{'a':1}`,
		"nul", "nulx", "tru", "True", "-", "+1", "1.", ".5", "1e", "1e+", "0x10", "[01]", "NaN", "Infinity",
		`"\x"`, `"\u12"`, `"\u12G4"`, `"\U0041"`, "\"a\tb\"", "\"a\nb\"", "\"\x00\"", "\"\x1f\"", "\xef\xbb\xbf{}",
		"{}x", "[1 2]", `{"a" 1}`, `{"a":1 "b":2}`, "[1]]", "\x00", "/* */ 1", "1 //",
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
		strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1),
	} {
		if _, err := ParseStream([]byte(in)); err == nil {
			t.Errorf("ParseStream(%.40q) succeeds, want an error", in)
		}
		checkSameAsStd(t, []byte(in))
	}
}

// FuzzParseStream: on any input, ParseStream fails exactly when
// encoding/json's Decoder fails, and otherwise gives the same values.
func FuzzParseStream(f *testing.F) {
	for _, s := range []string{
		`{"Path":"a","Version":"v1.0.0","Main":true,"Replace":{"Path":"../b"}}`,
		`{"a":[1,-2.5e10,true,false,null,"\u00e9\ud83d\ude00\uD800"],"a":{}}`,
		"[\"\xff\", 0, -0, 1E+2]", `"\/\b\f\n\r\t\\\""`, "nulltrue{}[]\"\"", "1 2", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameAsStd(t, data)
	})
}
