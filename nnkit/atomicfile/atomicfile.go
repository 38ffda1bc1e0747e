// Package atomicfile writes a file so that readers see either its old content or its new
// content, never a part: the content goes to a temporary file beside it, which is synced
// and then renamed over it. A write that fails leaves the old file untouched and no
// temporary file behind.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write creates path with mode perm, set as os.Chmod sets it (the umask does not apply),
// from what write writes, and replaces it in one rename. If write or any step returns an error, Write returns it and
// path is unchanged. The temporary file is named ".<base>.part-*" in path's directory.
func Write(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteFile is Write of data.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
