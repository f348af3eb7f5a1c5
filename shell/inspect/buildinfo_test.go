package inspect

import (
	"bytes"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gosh-shell/gosh/shell/inspect/internal/elffile"
)

// goBinaries builds, once per test run, a small Go plugin and a Go
// executable with the machine's toolchain.
var goBins struct {
	once           sync.Once
	plugin, binary []byte
	err            error
}

func goBinaries(tb testing.TB) (plugin, binary []byte) {
	tb.Helper()
	goBins.once.Do(func() {
		dir, err := os.MkdirTemp("", "inspect-gobin-")
		if err != nil {
			goBins.err = err
			return
		}
		defer os.RemoveAll(dir)
		files := map[string]string{
			"go.mod":  "module example.com/bi\n\ngo 1.22\n",
			"main.go": "package main\n\nvar V = 1\n\nfunc main() {}\n",
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				goBins.err = err
				return
			}
		}
		build := func(out string, args ...string) []byte {
			cmd := exec.Command("go", append(append([]string{"build", "-o", out}, args...), ".")...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=-buildvcs=false")
			if o, err := cmd.CombinedOutput(); err != nil {
				goBins.err = fmt.Errorf("go build %v: %v\n%s", args, err, o)
				return nil
			}
			data, err := os.ReadFile(filepath.Join(dir, out))
			if err != nil {
				goBins.err = err
			}
			return data
		}
		goBins.plugin = build("p.so", "-buildmode=plugin")
		if goBins.err == nil {
			goBins.binary = build("bin", "-trimpath")
		}
	})
	if goBins.err != nil {
		tb.Fatalf("build Go binaries: %v", goBins.err)
	}
	return goBins.plugin, goBins.binary
}

// compareBuildInfo checks that readBuildInfo says what debug/buildinfo says
// of data, which must be an ELF file: the same information, or both an
// error. (debug/buildinfo misplaces a blob found after a misaligned copy
// of the magic: such input is not compared.)
func compareBuildInfo(t *testing.T, name string, data []byte) {
	t.Helper()
	f, err := elffile.NewFile(data)
	if err != nil || bytes.Count(data, buildInfoMagic) > 1 {
		return
	}
	want, werr := buildinfo.Read(bytes.NewReader(data))
	got, gerr := readBuildInfo(f, data)
	if (werr == nil) != (gerr == nil) || fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Fatalf("%s: readBuildInfo = %#v, %v; debug/buildinfo = %#v, %v", name, got, gerr, want, werr)
	}
}

// TestReadBuildInfoAgrees: gosh's own reader of build information agrees
// with debug/buildinfo on Go plugins and programs, whole, cut short at
// every 64th of their length, and with bytes of the blob changed; and on a
// C library, which has none.
func TestReadBuildInfoAgrees(t *testing.T) {
	plugin, binary := goBinaries(t)
	for _, file := range []struct {
		name string
		data []byte
	}{{"plugin", plugin}, {"program", binary}, {"C library", cLibrary(t)}} {
		compareBuildInfo(t, file.name, file.data)
		for k := 1; k < 64; k++ {
			n := len(file.data) * k / 64
			compareBuildInfo(t, fmt.Sprintf("%s cut at %d", file.name, n), file.data[:n])
		}
		at := bytes.Index(file.data, buildInfoMagic)
		if at < 0 {
			continue
		}
		for _, off := range []int{0, 14, 15, 16, 31, 32, 33, 40} {
			for _, v := range []byte{0x00, 0x01, 0x02, 0x7f, 0xff} {
				changed := bytes.Clone(file.data)
				changed[at+off] = v
				compareBuildInfo(t, fmt.Sprintf("%s with byte %d of the blob %#x", file.name, off, v), changed)
			}
		}
	}
	if bi, err := readBuildInfo(mustELF(t, plugin), plugin); err != nil || bi.GoVersion == "" || bi.Path != "example.com/bi" {
		t.Errorf("plugin: %+v, %v", bi, err)
	}
}

func mustELF(t *testing.T, data []byte) *elffile.File {
	t.Helper()
	f, err := elffile.NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
