package minijson

import (
	"encoding/json"
	"reflect"
	"testing"
)

// record has a field of every kind that the Into functions decode.
type record struct {
	Name  string
	On    bool
	Tags  []string
	Inner struct{ Path string }
	Next  *record
	Items []item
}

type item struct {
	Path, Version string
	Flag          bool
}

func recordInto(r *record) Into {
	return ObjectInto(
		Field{"Name", StringInto(&r.Name)},
		Field{"On", BoolInto(&r.On)},
		Field{"Tags", StringsInto(&r.Tags)},
		Field{"Inner", ObjectInto(Field{"Path", StringInto(&r.Inner.Path)})},
		Field{"Next", PointerInto(&r.Next, recordInto)},
		Field{"Items", SliceInto(&r.Items, itemInto)},
	)
}

func itemInto(it *item) Into {
	return ObjectInto(
		Field{"Path", StringInto(&it.Path)},
		Field{"Version", StringInto(&it.Version)},
		Field{"Flag", BoolInto(&it.Flag)},
	)
}

// filled is a record with every field set, and room in its slices.
func filled() record {
	r := record{Name: "old", On: true, Tags: make([]string, 2, 5), Next: &record{Name: "next"}}
	copy(r.Tags[:5], []string{"t0", "t1", "t2", "t3", "t4"})
	r.Tags = r.Tags[:2]
	r.Items = append(make([]item, 0, 4), item{"p0", "v0", true}, item{"p1", "v1", false}, item{"p2", "v2", true})[:1]
	r.Inner.Path = "inner"
	return r
}

// TestInto decodes JSON into records, zero and filled, and compares the
// result with what json.Unmarshal makes of the same record.
func TestInto(t *testing.T) {
	for _, in := range []string{
		`{}`, `null`,
		`{"Name":"n","On":false,"Tags":["a"],"Inner":{"Path":"p"},"Next":{"Name":"m"},"Items":[{"Path":"x"}]}`,
		`{"name":"lower","ON":true,"tAgS":["case"],"inner":{"PATH":"fold"}}`,
		`{"Nam\u0065":"escaped key","Ne\u212at":{"Name":"kelvin sign"},"Ta\u0123s":["not a match"]}`,
		`{"It\u017fems":[{"Path":"long s"}]}`,
		`{"Unknown":{"deep":[1,2,{"x":null}]},"Name":"kept","Other":-1.5e3}`,
		`{"Name":null,"On":null,"Tags":null,"Inner":null,"Next":null,"Items":null}`,
		`{"Tags":[],"Items":[]}`,
		`{"Tags":["a",null,"c"]}`,
		`{"Tags":[null,null,null,null]}`,
		`{"Items":[{"Version":"merged"},{},{},{"Path":"new"}]}`,
		`{"Items":[{"Path":"a","Flag":true},{"Path":"b"}],"Items":[{"Version":"v"}],"Items":[{},{}]}`,
		`{"Tags":["1","2","3"],"Tags":["x"],"Tags":[null,null,null]}`,
		`{"Next":{"Name":"a"},"Next":{"On":true},"Next":{"Next":{"Name":"deep"}}}`,
		`{"Next":null,"Next":{"Tags":["t"]}}`,
		`{"Inner":{"Path":"a"},"Inner":{},"inner":{"path":"b"}}`,
		`{"Name":"a","name":"b","NAME":"c"}`,
		// Type mismatches: errors, whatever else is right.
		`{"Name":1}`, `{"Name":true}`, `{"On":"true"}`, `{"On":0}`, `{"Tags":"a"}`, `{"Tags":[1]}`,
		`{"Tags":{}}`, `{"Inner":[]}`, `{"Inner":"x"}`, `{"Next":"x"}`, `{"Next":[]}`, `{"Items":[[]]}`,
		`{"Items":[{"Flag":"yes"}]}`, `[]`, `"record"`, `1`, `true`,
	} {
		for _, start := range []func() record{func() record { return record{} }, filled} {
			want, got := start(), start()
			stdErr := json.Unmarshal([]byte(in), &want)
			vs, err := ParseStream([]byte(in))
			if err != nil || len(vs) != 1 {
				t.Fatalf("ParseStream(%s) = %v, %v", in, vs, err)
			}
			err = recordInto(&got)(vs[0])
			if (err != nil) != (stdErr != nil) {
				t.Errorf("decoding %s: error %v, json.Unmarshal: %v", in, err, stdErr)
				continue
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("decoding %s:\n got %+v\nwant %+v", in, got, want)
			}
		}
	}
}
