package loader

import (
	"os"
	"path/filepath"
	"syscall"
)

// fileID identifies a file's content without reading it: the same device,
// inode, size and change times mean the same bytes. Any write, in place or
// by rename, changes one of them.
type fileID struct {
	path        string
	dev, ino    uint64
	size        int64
	mtime, ctim int64
}

func identify(path string) (fileID, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fileID{}, false
	}
	fi, err := os.Stat(real)
	if err != nil || !fi.Mode().IsRegular() {
		return fileID{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{
		path: real, dev: uint64(st.Dev), ino: uint64(st.Ino), size: st.Size,
		mtime: st.Mtim.Nano(), ctim: st.Ctim.Nano(),
	}, true
}
