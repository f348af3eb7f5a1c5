package pluginbuild

import (
	"fmt"

	"github.com/gosh-shell/gosh/shell/internal/minijson"
)

// decodeAll decodes the stream of JSON values that go list -json and go mod
// edit -json print, each with into, as encoding/json's Decoder would decode
// them into T: the fields are matched by name, exactly or but for case, and
// other keys are ignored.
func decodeAll[T any](data []byte, into func(*T) minijson.Into) ([]T, error) {
	vs, err := minijson.ParseStream(data)
	if err != nil {
		return nil, fmt.Errorf("reading go's output: %w", err)
	}
	var all []T
	for _, v := range vs {
		var t T
		if err := into(&t)(v); err != nil {
			return nil, fmt.Errorf("reading go's output: %w", err)
		}
		all = append(all, t)
	}
	return all, nil
}

// The JSON forms of what gosh reads from the go command: each names every
// field of its type, as encoding/json would find them.

func moduleInto(m *Module) minijson.Into {
	return minijson.ObjectInto(
		minijson.Field{Name: "Path", Into: minijson.StringInto(&m.Path)},
		minijson.Field{Name: "Version", Into: minijson.StringInto(&m.Version)},
		minijson.Field{Name: "Main", Into: minijson.BoolInto(&m.Main)},
		minijson.Field{Name: "Replace", Into: minijson.PointerInto(&m.Replace, moduleInto)},
	)
}

func modFileInto(mf *ModFile) minijson.Into {
	return minijson.ObjectInto(
		minijson.Field{Name: "Module", Into: minijson.ObjectInto(
			minijson.Field{Name: "Path", Into: minijson.StringInto(&mf.Module.Path)},
		)},
		minijson.Field{Name: "Go", Into: minijson.StringInto(&mf.Go)},
		minijson.Field{Name: "Require", Into: minijson.SliceInto(&mf.Require, requireInto)},
		minijson.Field{Name: "Replace", Into: minijson.SliceInto(&mf.Replace, replaceInto)},
	)
}

func requireInto(r *modRequire) minijson.Into {
	return minijson.ObjectInto(
		minijson.Field{Name: "Path", Into: minijson.StringInto(&r.Path)},
		minijson.Field{Name: "Version", Into: minijson.StringInto(&r.Version)},
		minijson.Field{Name: "Indirect", Into: minijson.BoolInto(&r.Indirect)},
	)
}

func replaceInto(r *modReplace) minijson.Into {
	return minijson.ObjectInto(
		minijson.Field{Name: "Old", Into: modVersionInto(&r.Old)},
		minijson.Field{Name: "New", Into: modVersionInto(&r.New)},
	)
}

func modVersionInto(v *modVersion) minijson.Into {
	return minijson.ObjectInto(
		minijson.Field{Name: "Path", Into: minijson.StringInto(&v.Path)},
		minijson.Field{Name: "Version", Into: minijson.StringInto(&v.Version)},
	)
}

func packageInto(p *listedPackage) minijson.Into {
	files := func(name string, dst *[]string) minijson.Field {
		return minijson.Field{Name: name, Into: minijson.StringsInto(dst)}
	}
	return minijson.ObjectInto(
		minijson.Field{Name: "Name", Into: minijson.StringInto(&p.Name)},
		minijson.Field{Name: "ImportPath", Into: minijson.StringInto(&p.ImportPath)},
		files("GoFiles", &p.GoFiles), files("CgoFiles", &p.CgoFiles),
		files("CFiles", &p.CFiles), files("CXXFiles", &p.CXXFiles), files("MFiles", &p.MFiles),
		files("FFiles", &p.FFiles), files("SFiles", &p.SFiles), files("SwigFiles", &p.SwigFiles),
		files("SwigCXXFiles", &p.SwigCXXFiles), files("SysoFiles", &p.SysoFiles),
		minijson.Field{Name: "Error", Into: minijson.PointerInto(&p.Error, packageErrorInto)},
	)
}

func packageErrorInto(e *packageError) minijson.Into {
	return minijson.ObjectInto(minijson.Field{Name: "Err", Into: minijson.StringInto(&e.Err)})
}
