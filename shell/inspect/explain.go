package inspect

import "fmt"

// ExplainMismatch says why the runtime may find that package pkg of the
// plugin is "a different version" of the copy already loaded, given that the
// static checks passed, and what to do.
func (r *Report) ExplainMismatch(pkg string, h *Host) Problem {
	if IsStandard(pkg) {
		return Problem{
			What: fmt.Sprintf("standard-library package %s was compiled differently from gosh's copy, though both say %s: the plugin was built by a Go installation in another place (GOROOT), or with other build flags", pkg, h.GoVersion),
			Fix:  "build the plugin with the same go command and flags as gosh (compare 'go env GOROOT' and GOFLAGS)",
		}
	}
	m := r.ModuleOf(pkg)
	if m == nil {
		return Problem{
			What: fmt.Sprintf("package %s differs from the copy already loaded", pkg),
			Fix:  "build the plugin against the same source as gosh and the plugins already loaded",
		}
	}
	if m.Path == h.Main.Path {
		return Problem{
			What: fmt.Sprintf("package %s differs from gosh's own copy: the plugin was built against another version or checkout of gosh's module %s", pkg, m.Path),
			Fix:  "rebuild the plugin against the source this gosh was built from (make, in gosh's checkout)",
		}
	}
	hd := h.Deps[m.Path]
	switch {
	case hd == nil:
		return Problem{
			What: fmt.Sprintf("package %s (module %s %s) differs from the copy that an earlier plugin loaded", pkg, m.Path, modVersion(m)),
			Fix:  fmt.Sprintf("build both plugins with the same version of %s", m.Path),
		}
	case m.Sum == "" && m.Replace == nil:
		return Problem{
			What: fmt.Sprintf("package %s (module %s %s) was compiled from a vendor directory: the plugin was built with -mod=vendor, gosh from the module cache", pkg, m.Path, modVersion(m)),
			Fix:  "build the plugin with -mod=mod (or remove its vendor directory)",
		}
	case m.Replace != nil && m.Replace.Version == "":
		return Problem{
			What: fmt.Sprintf("package %s comes from the local directory %s, whose content differs from gosh's %s %s", pkg, m.Replace.Path, m.Path, modVersion(hd)),
			Fix:  fmt.Sprintf("drop the replace directive for %s, or make gosh use the same one", m.Path),
		}
	default:
		return Problem{
			What: fmt.Sprintf("package %s (module %s %s) was compiled differently from gosh's copy: other build flags, or a build outside module mode", pkg, m.Path, modVersion(m)),
			Fix:  "build the plugin with the same go command, flags and module versions as gosh",
		}
	}
}
