package inspect

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// clib builds, once per test run, a small C shared library with the
// machine's C compiler: the kind of file that kills a naive plugin host. It
// is built rather than committed, since it depends on the toolchain.
var clib struct {
	once sync.Once
	data []byte
	err  error
}

func cLibrary(tb testing.TB) []byte {
	tb.Helper()
	clib.once.Do(func() {
		dir, err := os.MkdirTemp("", "inspect-clib-")
		if err != nil {
			clib.err = err
			return
		}
		defer os.RemoveAll(dir)
		src := filepath.Join(dir, "add.c")
		if err := os.WriteFile(src, []byte("int add(int a, int b) { return a + b; }\n"), 0o644); err != nil {
			clib.err = err
			return
		}
		out := filepath.Join(dir, "libadd.so")
		if o, err := exec.Command("cc", "-shared", "-fPIC", "-s", "-o", out, src).CombinedOutput(); err != nil {
			clib.err = &exec.Error{Name: "cc -shared: " + string(o), Err: err}
			return
		}
		clib.data, clib.err = os.ReadFile(out)
	})
	if clib.err != nil {
		tb.Fatalf("build a C shared library (gosh's tests need a C compiler, as plugins do): %v", clib.err)
	}
	return clib.data
}
