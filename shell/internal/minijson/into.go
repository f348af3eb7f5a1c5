package minijson

import (
	"fmt"
	"strings"
)

// Into decodes a Value into the Go value it was made for, as
// encoding/json's Unmarshal decodes into a value that is already there:
// null leaves a string, bool or struct as it is and makes a pointer or
// slice nil; an object is merged into the struct; an array is decoded
// element by element into the slice's elements. A value of another kind
// than the Go value's is an error, as it is for Unmarshal.
type Into func(Value) error

// Field is a struct field for ObjectInto: its Go name, matched with an
// object's keys as encoding/json matches it (see ObjectInto), and how to
// decode its value.
type Field struct {
	Name string
	Into Into
}

// ObjectInto decodes an object into a struct with fields: each member
// goes, in order, to the field whose name equals its key, or else equals it
// but for case (Unicode simple folding, as encoding/json's); members for no
// field are ignored. Unmarshal does the same with a struct whose fields
// have no tags.
func ObjectInto(fields ...Field) Into {
	return func(v Value) error {
		switch v.Kind {
		case Null:
			return nil
		case Object:
		default:
			return mismatch(v, "object")
		}
		for _, m := range v.Members {
			if f := match(fields, m.Key); f != nil {
				if err := f.Into(m.Value); err != nil {
					return fmt.Errorf("%s: %w", f.Name, err)
				}
			}
		}
		return nil
	}
}

func match(fields []Field, key string) *Field {
	for i := range fields {
		if fields[i].Name == key {
			return &fields[i]
		}
	}
	for i := range fields {
		if strings.EqualFold(fields[i].Name, key) {
			return &fields[i]
		}
	}
	return nil
}

// StringInto decodes a string into dst.
func StringInto(dst *string) Into {
	return func(v Value) error {
		switch v.Kind {
		case Null:
		case String:
			*dst = v.Text
		default:
			return mismatch(v, "string")
		}
		return nil
	}
}

// BoolInto decodes true or false into dst.
func BoolInto(dst *bool) Into {
	return func(v Value) error {
		switch v.Kind {
		case Null:
		case Bool:
			*dst = v.Bool
		default:
			return mismatch(v, "bool")
		}
		return nil
	}
}

// PointerInto decodes a value into *dst, first pointing it at a new E if
// it is nil; null makes it nil.
func PointerInto[E any](dst **E, elem func(*E) Into) Into {
	return func(v Value) error {
		if v.Kind == Null {
			*dst = nil
			return nil
		}
		if *dst == nil {
			*dst = new(E)
		}
		return elem(*dst)(v)
	}
}

// SliceInto decodes an array into dst, each element into the slice's
// element at its index, as Unmarshal does: elements up to the slice's
// length keep what the array does not set, and so do those between its
// length and capacity (Unmarshal reslices over them); the slice ends at the
// array's length. An empty array makes an empty slice, null a nil one.
func SliceInto[E any](dst *[]E, elem func(*E) Into) Into {
	return func(v Value) error {
		switch v.Kind {
		case Null:
			*dst = nil
			return nil
		case Array:
		default:
			return mismatch(v, "array")
		}
		if len(v.Elems) == 0 {
			*dst = []E{}
			return nil
		}
		s := *dst
		for i, e := range v.Elems {
			switch {
			case i >= cap(s):
				var zero E
				s = append(s, zero)
			case i >= len(s):
				s = s[:i+1]
			}
			if err := elem(&s[i])(e); err != nil {
				*dst = s
				return fmt.Errorf("element %d: %w", i, err)
			}
		}
		*dst = s[:len(v.Elems)]
		return nil
	}
}

// StringsInto decodes an array of strings into dst, as SliceInto.
func StringsInto(dst *[]string) Into {
	return SliceInto(dst, StringInto)
}

func mismatch(v Value, want string) error {
	return fmt.Errorf("cannot decode a JSON %s into a Go %s", v.Kind, want)
}
