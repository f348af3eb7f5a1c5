package loader

// initState is the state of a package's init task in the running process,
// as the runtime keeps it (runtime.initTask.state), or initAbsent.
type initState int

const (
	initAbsent  initState = -1 // no loaded module holds the package
	initNotRun  initState = 0
	initRunning initState = 1 // running now, or it panicked or hung: it can never run again
	initDone    initState = 2
)
