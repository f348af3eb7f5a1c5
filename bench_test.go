package main

// Whole-process benchmarks of gosh, each against a baseline run side by side
// in the same iteration (so both see the same machine load), and reported as
// a ratio. BENCHMARKS.md has the figures and the command; `make bench` runs
// them. With -short every size is tiny, so that `make test` can run each once
// and keep them from rotting.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchTools are the baseline programs, built once per run.
var benchTools struct {
	once     sync.Once
	rawopen  string
	hostopen string
	hostmin  string
	bareloop string
	err      error
}

func buildBenchTools(b *testing.B) {
	b.Helper()
	if buildError != nil {
		b.Fatal(buildError)
	}
	benchTools.once.Do(func() {
		dir := filepath.Join(filepath.Dir(binDir), "benchtools")
		benchTools.rawopen = filepath.Join(dir, "rawopen")
		benchTools.hostopen = filepath.Join(dir, "hostopen")
		benchTools.hostmin = filepath.Join(dir, "hostmin")
		benchTools.bareloop = filepath.Join(dir, "bareloop")
		for _, tool := range []string{benchTools.rawopen, benchTools.hostopen, benchTools.hostmin} {
			if err := goBuild("-o", tool, "./testdata/bench/"+filepath.Base(tool)); err != nil {
				benchTools.err = err
				return
			}
		}
		benchTools.err = goBuild("-o", benchTools.bareloop, "./testdata/bench/bareloop")
	})
	if benchTools.err != nil {
		b.Fatal(benchTools.err)
	}
}

// timeRun runs cmd and returns its wall time; it fails the benchmark when
// the command fails.
func timeRun(b *testing.B, cmd *exec.Cmd) time.Duration {
	b.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	d := time.Since(start)
	if err != nil {
		b.Fatalf("%s: %v\nstdout: %s\nstderr: %s", cmd, err, tail(out, 500), tail(stderr.Bytes(), 500))
	}
	return d
}

// cpuTime is the processor time, user and system, that a finished command
// took: with more than one core it can exceed its wall time.
func cpuTime(cmd *exec.Cmd) time.Duration {
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// sideBySide accumulates the times of a measured program and its baseline,
// and of hostopen (gosh-sized host) and hostmin (the least host the product
// allows) when they run too.
type sideBySide struct {
	gosh, base, host, min []time.Duration
}

func (s *sideBySide) report(b *testing.B, baseName string) {
	g, base := median(s.gosh), median(s.base)
	b.ReportMetric(float64(g.Microseconds())/1000, "gosh-ms")
	b.ReportMetric(float64(base.Microseconds())/1000, baseName+"-ms")
	if base > 0 {
		b.ReportMetric(float64(g)/float64(base), "x-"+baseName)
	}
	if host := median(s.host); host > 0 {
		b.ReportMetric(float64(host.Microseconds())/1000, "hostopen-ms")
		b.ReportMetric(float64(g)/float64(host), "x-hostopen")
	}
	if least := median(s.min); least > 0 {
		b.ReportMetric(float64(least.Microseconds())/1000, "hostmin-ms")
		b.ReportMetric(float64(g)/float64(least), "x-hostmin")
		if base > 0 {
			// The floor: what the least host costs over the baseline.
			b.ReportMetric(float64(least)/float64(base), "hostmin-x-"+baseName)
		}
	}
}

// inTurn runs the programs of one iteration, beginning with a different
// one each iteration, so that none always runs first or always right after
// the same other.
func inTurn(iteration int, runs ...func()) {
	for k := range runs {
		runs[(iteration+k)%len(runs)]()
	}
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func goshCmd(cacheDir string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(binDir, "gosh"), args...)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cacheDir, "GOSH_PLUGIN_PATH="+pluginDir)
	return cmd
}

func bundledPlugins(b *testing.B) []string {
	files, err := filepath.Glob(filepath.Join(pluginDir, "*.so"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no bundled plugins in %s", pluginDir)
	}
	waitSettled(b, files...)
	return files
}

// waitSettled waits until the files are old enough for gosh's report index
// to trust their identity (loader.settleTime, 3 s): plugins that TestMain
// has just built would otherwise be read afresh on every start, which is not
// what a user's plugins, built long before, cost.
func waitSettled(b *testing.B, files ...string) {
	b.Helper()
	const settle = 3*time.Second + 500*time.Millisecond
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		if age := time.Since(fi.ModTime()); age < settle {
			time.Sleep(settle - age)
		}
	}
}

// BenchmarkStartup: gosh -c ':exit' with every bundled plugin and a warm
// cache, against a program that only plugin.Opens the same files (rawopen,
// the target's baseline) and against the same program linked with all of
// gosh (hostopen: what gosh's own work adds), and against the least host the
// product allows (hostmin: what no gosh can avoid).
func BenchmarkStartup(b *testing.B) {
	buildBenchTools(b)
	cache := b.TempDir()
	timeRun(b, goshCmd(cache, "-q", "-c", ":exit")) // warm the cache
	files := bundledPlugins(b)
	var s sideBySide
	for i := 0; b.Loop(); i++ {
		inTurn(i,
			func() { s.base = append(s.base, timeRun(b, exec.Command(benchTools.rawopen, files...))) },
			func() { s.host = append(s.host, timeRun(b, exec.Command(benchTools.hostopen, files...))) },
			func() { s.min = append(s.min, timeRun(b, exec.Command(benchTools.hostmin, files...))) },
			func() { s.gosh = append(s.gosh, timeRun(b, goshCmd(cache, "-q", "-c", ":exit"))) })
	}
	s.report(b, "rawopen")
}

// BenchmarkStartupCold: the same, with an empty cache every time: gosh then
// reads, hashes, checks and copies every plugin.
func BenchmarkStartupCold(b *testing.B) {
	buildBenchTools(b)
	files := bundledPlugins(b)
	var s sideBySide
	for i := 0; b.Loop(); i++ {
		inTurn(i,
			func() { s.base = append(s.base, timeRun(b, exec.Command(benchTools.rawopen, files...))) },
			func() { s.gosh = append(s.gosh, timeRun(b, goshCmd(b.TempDir(), "-q", "-c", ":exit"))) })
	}
	s.report(b, "rawopen")
}

// tookRE finds how long core's load took in :plugins, whose block for a
// plugin is "core HASH: COMMANDS", its file, then "loaded TIME in TOOK, SIZE".
var tookRE = regexp.MustCompile(`(?m)^core [0-9a-f]{8}: .*\n  \S+\n  loaded \S+ in (\S+),`)

// BenchmarkLoad: one :load of the core plugin, all checks included, as gosh
// itself times it (:plugins, TOOK), against plugin.Open of a copy of the
// same file timed inside the baseline program (and inside hostopen and
// hostmin, the gosh-sized and the least host). Sub-benchmarks: warm (the
// report index knows the file) and cold (it does not).
func BenchmarkLoad(b *testing.B) {
	buildBenchTools(b)
	core := filepath.Join(pluginDir, "core.so")
	dir := b.TempDir()
	cp := filepath.Join(dir, "core-copy.so")
	data, err := os.ReadFile(core)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		b.Fatal(err)
	}
	waitSettled(b, core, cp)
	load := func(b *testing.B, cache string) time.Duration {
		cmd := goshCmd(cache, "-q")
		cmd.Env = append(cmd.Env, "GOSH_PLUGIN_PATH="+dir+"/none")
		cmd.Stdin = strings.NewReader(":load " + core + "\n:plugins\n")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			b.Fatalf("gosh :load: %v", err)
		}
		m := tookRE.FindStringSubmatch(out.String())
		if m == nil {
			b.Fatalf("no TOOK for core in :plugins:\n%s", out.String())
		}
		d, err := time.ParseDuration(m[1])
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	raw := func(b *testing.B, tool string) time.Duration {
		out, err := exec.Command(tool, cp).Output()
		if err != nil {
			b.Fatalf("%s: %v", tool, err)
		}
		// The last line: a plugin's init may print before it.
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		ns, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		return time.Duration(ns)
	}
	b.Run("warm", func(b *testing.B) {
		cache := b.TempDir()
		load(b, cache)
		var s sideBySide
		for i := 0; b.Loop(); i++ {
			inTurn(i,
				func() { s.base = append(s.base, raw(b, benchTools.rawopen)) },
				func() { s.host = append(s.host, raw(b, benchTools.hostopen)) },
				func() { s.min = append(s.min, raw(b, benchTools.hostmin)) },
				func() { s.gosh = append(s.gosh, load(b, cache)) })
		}
		s.report(b, "open")
	})
	b.Run("cold", func(b *testing.B) {
		var s sideBySide
		for i := 0; b.Loop(); i++ {
			inTurn(i,
				func() { s.base = append(s.base, raw(b, benchTools.rawopen)) },
				func() { s.gosh = append(s.gosh, load(b, b.TempDir())) })
		}
		s.report(b, "open")
	})
}

// BenchmarkScript: a script of trivial plugin command lines, each with one
// flag and one quoted argument, against bash running its builtin ':' with the
// same words, and against a bare Go loop that only splits each line with
// go-shellwords and parses a pflag FlagSet.
func BenchmarkScript(b *testing.B) {
	buildBenchTools(b)
	lines := 100_000
	if testing.Short() {
		lines = 100
	}
	dir := b.TempDir()
	goshScript := filepath.Join(dir, "lines.gosh")
	bashScript := filepath.Join(dir, "lines.bash")
	writeLines := func(path, line string) {
		var buf bytes.Buffer
		for range lines {
			buf.WriteString(line + "\n")
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	writeLines(goshScript, `echo -n "hello world"`)
	writeLines(bashScript, `: -n "hello world"`)
	bash, err := exec.LookPath("bash")
	if err != nil {
		b.Skip("no bash")
	}
	cache := b.TempDir()
	var gosh, sh, bare, goshCPU, bareCPU []time.Duration
	runBash := func() { sh = append(sh, timeRun(b, exec.Command(bash, bashScript))) }
	runBare := func() {
		in, err := os.Open(goshScript)
		if err != nil {
			b.Fatal(err)
		}
		defer in.Close()
		cmd := exec.Command(benchTools.bareloop)
		cmd.Stdin = in
		bare = append(bare, timeRun(b, cmd))
		bareCPU = append(bareCPU, cpuTime(cmd))
	}
	runGosh := func() {
		cmd := goshCmd(cache, "-q", goshScript)
		cmd.Stdout = nil // /dev/null
		var stderr bytes.Buffer
		cmd.Stderr = &stderr // a pipe: no error may hide
		start := time.Now()
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			b.Fatalf("gosh %s: %v\n%s", goshScript, err, tail(stderr.Bytes(), 500))
		}
		gosh = append(gosh, time.Since(start))
		goshCPU = append(goshCPU, cpuTime(cmd))
	}
	for i := 0; b.Loop(); i++ {
		inTurn(i, runBash, runBare, runGosh)
	}
	g := median(gosh)
	b.ReportMetric(float64(g.Microseconds())/1000, "gosh-ms")
	b.ReportMetric(float64(median(sh).Microseconds())/1000, "bash-ms")
	b.ReportMetric(float64(median(bare).Microseconds())/1000, "bare-ms")
	b.ReportMetric(float64(g)/float64(median(sh)), "x-bash")
	b.ReportMetric(float64(g)/float64(median(bare)), "x-bare")
	// gosh reads a script ahead on a second goroutine: its processor time,
	// beside the bare loop's, shows what that costs in all.
	b.ReportMetric(float64(median(goshCPU).Microseconds())/1000, "gosh-cpu-ms")
	b.ReportMetric(float64(median(goshCPU))/float64(median(bareCPU)), "x-bare-cpu")
}

// BenchmarkMemoryPerPlugin: the resident memory each loaded plugin adds to
// gosh, against the size of the plugin files.
func BenchmarkMemoryPerPlugin(b *testing.B) {
	buildBenchTools(b)
	files := bundledPlugins(b)
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	cache := b.TempDir()
	timeRun(b, goshCmd(cache, "-q", "-c", ":exit"))
	var ratios []float64
	for b.Loop() {
		cmd := goshCmd(cache, "-q")
		cmd.Env = append(cmd.Env, "GOSH_PLUGIN_PATH="+b.TempDir())
		g := startPiped(b, cmd)
		const warm = ":help\n:plugins\n" // the shell's own work, before and after
		before := g.measure(warm, "before")
		after := g.measure(":load "+strings.Join(files, " ")+"\n"+warm, "after")
		g.close()
		ratios = append(ratios, float64(after-before)*1024/float64(size))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-filesize")
	b.ReportMetric(float64(size)/float64(len(files))/(1<<20), "MiB/plugin-file")
}

// manyPlugins builds n small plugins, each its own main package (so each has
// its own plugin path), once per size per run.
var manyPlugins = map[int]string{}

func buildManyPlugins(b *testing.B, n int) string {
	if dir, ok := manyPlugins[n]; ok {
		return dir
	}
	root := filepath.Join(filepath.Dir(binDir), fmt.Sprintf("many-%d", n))
	src := filepath.Join(root, "src")
	out := filepath.Join(root, "plugins")
	for i := range n {
		pkg := filepath.Join(src, fmt.Sprintf("p%03d", i))
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			b.Fatal(err)
		}
		code := fmt.Sprintf(`package main

import (
	"context"
	"fmt"

	"github.com/gosh-shell/gosh/shell/command"
)

var Commands = map[string]*command.Command{
	"cmd%03d": {Summary: "plugin %d", Run: func(ctx context.Context, c *command.Call) error {
		_, err := fmt.Fprintln(c.Stdout, %d)
		return err
	}},
}

func main() {}
`, i, i, i)
		if err := os.WriteFile(filepath.Join(pkg, "main.go"), []byte(code), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	mod := "module example.com/many\n\ngo 1.26\n\nrequire github.com/gosh-shell/gosh v0.0.0\n\nreplace github.com/gosh-shell/gosh => " + repoRoot + "\n"
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(mod), 0o644); err != nil {
		b.Fatal(err)
	}
	sum, _ := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	os.WriteFile(filepath.Join(src, "go.sum"), sum, 0o644)
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = src
	if out, err := tidy.CombinedOutput(); err != nil {
		b.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	for i := range n {
		cmd := exec.Command("go", "build", "-buildmode=plugin", "-o", filepath.Join(out, fmt.Sprintf("p%03d.so", i)), fmt.Sprintf("./p%03d", i))
		cmd.Dir = src
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("build plugin %d: %v\n%s", i, err, o)
		}
	}
	manyPlugins[n] = out
	return out
}

// BenchmarkManyPlugins: start-up with 100 plugins (and 50, to see that it is
// linear), against as many raw plugin.Opens, and hostopen's.
func BenchmarkManyPlugins(b *testing.B) {
	buildBenchTools(b)
	sizes := []int{50, 100}
	if testing.Short() {
		sizes = []int{2, 4}
	}
	dir := buildManyPlugins(b, sizes[len(sizes)-1])
	all, _ := filepath.Glob(filepath.Join(dir, "*.so"))
	slices.Sort(all)
	waitSettled(b, all...) // else the newest are read afresh on every start
	for _, n := range sizes {
		b.Run(fmt.Sprintf("plugins=%d", n), func(b *testing.B) {
			sub := filepath.Join(b.TempDir(), "plugins")
			os.MkdirAll(sub, 0o755)
			for _, f := range all[:n] {
				os.Symlink(f, filepath.Join(sub, filepath.Base(f)))
			}
			cache := b.TempDir()
			warm := goshCmd(cache, "-q", "-c", ":exit")
			warm.Env = append(warm.Env, "GOSH_PLUGIN_PATH="+sub)
			timeRun(b, warm)
			var s sideBySide
			for i := 0; b.Loop(); i++ {
				inTurn(i,
					func() { s.base = append(s.base, timeRun(b, exec.Command(benchTools.rawopen, all[:n]...))) },
					func() { s.host = append(s.host, timeRun(b, exec.Command(benchTools.hostopen, all[:n]...))) },
					func() {
						cmd := goshCmd(cache, "-q", "-c", ":exit")
						cmd.Env = append(cmd.Env, "GOSH_PLUGIN_PATH="+sub)
						s.gosh = append(s.gosh, timeRun(b, cmd))
					})
			}
			s.report(b, "rawopen")
			b.ReportMetric(float64(median(s.gosh).Microseconds())/1000/float64(n), "gosh-ms/plugin")
		})
	}
}

// BenchmarkCompletion: Tab completion of a unique prefix among 1,000
// commands, in a pseudo-terminal: from the Tab key to the completed line on
// the screen. Absolute figure (the target has no baseline).
func BenchmarkCompletion(b *testing.B) {
	buildBenchTools(b)
	n := 1000
	if testing.Short() {
		n = 20
	}
	dir := buildCompletionPlugin(b, n)
	s := startGosh(b, newPTYHome(b), "", "-q", "--plugins", dir)
	s.waitPrompt()
	var ds []time.Duration
	i := 0
	for b.Loop() {
		name := fmt.Sprintf("c%04d", i%n)
		i++
		s.send(name) // a unique prefix of name-command
		s.waitInput("gosh> " + name)
		start := time.Now()
		s.send("\t")
		s.waitInput("gosh> " + name + "-command ")
		ds = append(ds, time.Since(start))
		s.send("\x03") // abandon the line
		s.waitPrompt()
	}
	b.ReportMetric(float64(median(ds).Microseconds())/1000, "median-ms")
}

func buildCompletionPlugin(b *testing.B, n int) string {
	root := filepath.Join(filepath.Dir(binDir), fmt.Sprintf("completion-%d", n))
	out := filepath.Join(root, "plugins")
	if _, err := os.Stat(filepath.Join(out, "many.so")); err == nil {
		return out
	}
	src := filepath.Join(root, "src")
	os.MkdirAll(src, 0o755)
	var code strings.Builder
	code.WriteString("package main\n\nimport (\n\t\"context\"\n\n\t\"github.com/gosh-shell/gosh/shell/command\"\n)\n\n")
	code.WriteString("func nop(context.Context, *command.Call) error { return nil }\n\nvar Commands = map[string]*command.Command{\n")
	for i := range n {
		fmt.Fprintf(&code, "\t\"c%04d-command\": {Run: nop},\n", i)
	}
	code.WriteString("}\n\nfunc main() {}\n")
	os.WriteFile(filepath.Join(src, "main.go"), []byte(code.String()), 0o644)
	mod := "module example.com/many\n\ngo 1.26\n\nrequire github.com/gosh-shell/gosh v0.0.0\n\nreplace github.com/gosh-shell/gosh => " + repoRoot + "\n"
	os.WriteFile(filepath.Join(src, "go.mod"), []byte(mod), 0o644)
	sum, _ := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	os.WriteFile(filepath.Join(src, "go.sum"), sum, 0o644)
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-buildmode=plugin", "-o", filepath.Join(out, "many.so"), "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = src
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, o)
		}
	}
	return out
}
