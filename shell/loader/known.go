package loader

// knownProbe is the process probe with the answers remembered that cannot
// change, so that each load asks the dynamic linker only about what is
// new: once a loaded module holds a package, the runtime binds every later
// reference to that first copy, so its fingerprint stays; and an init that
// is done never runs again. The Loader's mu guards it.
type knownProbe struct {
	processProbe
	hashes map[string]string // package -> fingerprint in the process
	done   map[string]bool   // packages whose init is done
}

// pkgHash is processProbe.pkgHash, remembered once a module holds pkg.
func (k *knownProbe) pkgHash(pkg string) string {
	if h, ok := k.hashes[pkg]; ok {
		return h
	}
	h := k.processProbe.pkgHash(pkg)
	if h != "" {
		if k.hashes == nil {
			k.hashes = map[string]string{}
		}
		k.hashes[pkg] = h
	}
	return h
}

// initState is processProbe.initState, remembered once the init is done.
func (k *knownProbe) initState(pkg string) initState {
	if k.done[pkg] {
		return initDone
	}
	st := k.processProbe.initState(pkg)
	if st == initDone {
		if k.done == nil {
			k.done = map[string]bool{}
		}
		k.done[pkg] = true
	}
	return st
}
