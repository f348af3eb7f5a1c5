//go:build cgo && (linux || darwin || freebsd)

package loader

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <stdlib.h>

// gosh_pkghash copies the fingerprint that the runtime holds for a package
// (the Go string that go:link.pkghash.PKG points at) into out.
static int gosh_pkghash(const char *name, unsigned char *out, int max) {
	void **s = (void **)dlsym(RTLD_DEFAULT, name);
	if (s == NULL) return -1;
	const unsigned char *p = (const unsigned char *)s[0];
	long n = (long)s[1];
	if (n < 0) return -1;
	if (n > max) n = max;
	memcpy(out, p, n);
	return (int)n;
}

// gosh_pkgfile returns the file of the loaded object (gosh itself or a
// plugin) that holds the fingerprint of a package, or NULL.
static const char *gosh_pkgfile(const char *name) {
	void *s = dlsym(RTLD_DEFAULT, name);
	Dl_info info;
	if (s == NULL || dladdr(s, &info) == 0) return NULL;
	return info.dli_fname;
}

// gosh_initstate reads the state word of a package's init task:
// 0 not started, 1 running (or died running), 2 done.
static int gosh_initstate(const char *name) {
	unsigned int *t = (unsigned int *)dlsym(RTLD_DEFAULT, name);
	if (t == NULL) return -1;
	return (int)__atomic_load_n(t, __ATOMIC_SEQ_CST);
}
*/
import "C"

import (
	"encoding/hex"
	"unsafe"
)

// pluginSupport is true when this binary can open plugins at all.
const pluginSupport = true

// processProbe answers questions about the packages this process holds:
// gosh's own and those of every plugin loaded so far. The runtime resolves a
// new plugin's references to these same symbols, so the answers are what the
// runtime itself will see.
type processProbe struct{}

// pkgHash returns the hex fingerprint of package pkg as loaded in the
// process, or "" if no loaded module holds pkg.
func (processProbe) pkgHash(pkg string) string {
	name := C.CString("go:link.pkghash." + pkg)
	defer C.free(unsafe.Pointer(name))
	var buf [64]C.uchar
	n := C.gosh_pkghash(name, &buf[0], C.int(len(buf)))
	if n < 0 {
		return ""
	}
	return hex.EncodeToString(C.GoBytes(unsafe.Pointer(&buf[0]), n))
}

// pkgFile returns the file of the loaded object that holds package pkg:
// gosh's own executable or a plugin's private copy; "" if none does.
func (processProbe) pkgFile(pkg string) string {
	name := C.CString("go:link.pkghash." + pkg)
	defer C.free(unsafe.Pointer(name))
	f := C.gosh_pkgfile(name)
	if f == nil {
		return ""
	}
	return C.GoString(f)
}

// initState returns the state of package pkg's init task in the process:
// initAbsent, initNotRun, initRunning or initDone.
func (processProbe) initState(pkg string) initState {
	name := C.CString(pkg + "..inittask")
	defer C.free(unsafe.Pointer(name))
	return initState(C.gosh_initstate(name))
}
