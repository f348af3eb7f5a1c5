package loader

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// FileID identifies a file's content without reading it: the same device,
// inode, size and change times mean the same bytes. Any write, in place or
// by rename, changes one of them.
type FileID struct {
	path        string
	dev, ino    uint64
	size        int64
	mtime, ctim int64
}

// settleTime is how old a file's last change must be before its identity
// stands for its content: file times have a coarse clock, so a file
// rewritten in place within the same tick, same size, would look unchanged.
// Like git's "racily clean" entries, a recently changed file is read again.
const settleTime = 3 * time.Second

// settled reports whether, at time now, the file has been unchanged long
// enough for its identity to stand for its content.
func (id FileID) settled(now time.Time) bool {
	changed := max(id.mtime, id.ctim)
	return now.UnixNano()-changed > int64(settleTime)
}

// Identify returns the identity of the file at path, symbolic links
// followed (a re-pointed link is another file), or false if it is no
// regular file.
func Identify(path string) (FileID, bool) {
	id, _, ok := identify(path)
	return id, ok
}

// identify is Identify, which also returns the file's status.
func identify(path string) (FileID, fs.FileInfo, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return FileID{}, nil, false
	}
	fi, err := os.Stat(real)
	if err != nil || !fi.Mode().IsRegular() {
		return FileID{}, nil, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return FileID{}, nil, false
	}
	return FileID{
		path: real, dev: uint64(st.Dev), ino: uint64(st.Ino), size: st.Size,
		mtime: st.Mtim.Nano(), ctim: st.Ctim.Nano(),
	}, fi, true
}
