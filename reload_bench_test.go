package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// BenchmarkReloadMemory measures what reloads cost in memory: one gosh
// loads a plugin, then reloads 50 changed builds of it (3 with -short). Go
// cannot unload code, so every version stays; the figure is the resident
// memory each reload adds, against the plugin file's size, and the total
// after 50 reloads.
func BenchmarkReloadMemory(b *testing.B) {
	if buildError != nil {
		b.Fatal(buildError)
	}
	n := 50
	if testing.Short() {
		n = 3
	}
	builds := buildReloadVersions(b, n+1)
	fi, err := os.Stat(builds[0])
	if err != nil {
		b.Fatal(err)
	}
	var perReload, total, ratio []float64
	for b.Loop() {
		live := b.TempDir()
		file := filepath.Join(live, "rl.so")
		install := func(src string) {
			data, err := os.ReadFile(src)
			if err != nil {
				b.Fatal(err)
			}
			tmp := file + ".new"
			if err := os.WriteFile(tmp, data, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.Rename(tmp, file); err != nil { // as go build -o does
				b.Fatal(err)
			}
		}
		install(builds[0])
		cmd := goshCmd(b.TempDir(), "-q", "--plugins", live)
		g := startPiped(b, cmd)
		first := g.measure("rl\n", "loaded")
		for i := 1; i <= n; i++ {
			install(builds[i])
			// One reload at a time: the next build replaces the file only
			// once this one is loaded.
			g.measure(":reload rl\n", fmt.Sprintf("reloaded-%d", i))
		}
		last := g.measure("rl\n", "reloaded")
		g.close()
		if strings.Contains(g.stderr.String(), "gosh:") {
			b.Fatalf("reloads failed:\n%s", g.stderr.String())
		}
		grown := float64(last-first) * 1024
		perReload = append(perReload, grown/float64(n)/1024)
		total = append(total, float64(last)/1024)
		ratio = append(ratio, grown/float64(n)/float64(fi.Size()))
	}
	b.ReportMetric(medianOf(perReload), "KiB/reload")
	b.ReportMetric(medianOf(ratio), "x-filesize/reload")
	b.ReportMetric(medianOf(total), "MiB-rss-after")
	b.ReportMetric(float64(fi.Size())/(1<<20), "MiB/plugin-file")
	b.ReportMetric(float64(n), "reloads")
}

// medianOf returns the median of xs.
func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// buildReloadVersions builds n versions of one small plugin that differ in
// their main package only, from a file list (as gosh build does), so that
// each can be loaded beside the others.
func buildReloadVersions(b *testing.B, n int) []string {
	root := b.TempDir()
	src := filepath.Join(root, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	mod := "module example.com/rl\n\ngo 1.26\n\nrequire github.com/gosh-shell/gosh v0.0.0\n\nreplace github.com/gosh-shell/gosh => " + repoRoot + "\n"
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(mod), 0o644); err != nil {
		b.Fatal(err)
	}
	sum, _ := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	os.WriteFile(filepath.Join(src, "go.sum"), sum, 0o644)
	var out []string
	for i := range n {
		code := fmt.Sprintf(`package main

import (
	"context"
	"fmt"

	"github.com/gosh-shell/gosh/shell/command"
)

var Version = "1.0.%d"

var Commands = map[string]*command.Command{
	"rl": {Summary: "build %d", Run: func(ctx context.Context, c *command.Call) error {
		_, err := fmt.Fprintln(c.Stdout, "build %d")
		return err
	}},
}

func main() {}
`, i, i, i)
		if err := os.WriteFile(filepath.Join(src, "rl.go"), []byte(code), 0o644); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			tidy := exec.Command("go", "mod", "tidy")
			tidy.Dir = src
			if o, err := tidy.CombinedOutput(); err != nil {
				b.Fatalf("go mod tidy: %v\n%s", err, o)
			}
		}
		dst := filepath.Join(root, fmt.Sprintf("rl-%03d.so", i))
		cmd := exec.Command("go", "build", "-buildmode=plugin", "-o", dst, "rl.go")
		cmd.Dir = src
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("build version %d: %v\n%s", i, err, o)
		}
		out = append(out, dst)
	}
	return out
}
