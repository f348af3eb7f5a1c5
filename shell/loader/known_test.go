package loader

import "testing"

// TestKnownProbe: the answers that cannot change are remembered, the others
// asked again. The process here is the test binary, which holds package os
// with its init done and no package example.com/nosuch.
func TestKnownProbe(t *testing.T) {
	if !pluginSupport {
		t.Skip("no plugin support: the probe knows nothing")
	}
	var k knownProbe
	if h := k.pkgHash("os"); h == "" || k.hashes["os"] != h {
		t.Errorf("pkgHash(os) = %q, remembered %q: want the fingerprint, remembered", h, k.hashes["os"])
	}
	if st := k.initState("os"); st != initDone || !k.done["os"] {
		t.Errorf("initState(os) = %d, remembered %v: want done, remembered", st, k.done["os"])
	}
	const absent = "example.com/nosuch"
	if h := k.pkgHash(absent); h != "" {
		t.Errorf("pkgHash(%s) = %q, want none", absent, h)
	}
	if st := k.initState(absent); st != initAbsent {
		t.Errorf("initState(%s) = %d, want absent", absent, st)
	}
	if _, ok := k.hashes[absent]; ok || k.done[absent] {
		t.Errorf("an absent package was remembered: it may come with the next plugin")
	}
	// A remembered answer is given without asking the process again.
	k.hashes["os"] = "remembered"
	if h := k.pkgHash("os"); h != "remembered" {
		t.Errorf("pkgHash(os) after it was remembered = %q", h)
	}
}
