package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// checkOutputPath fails early, before a long run, when -o cannot possibly be
// written: its folder is missing or it names a folder.
func checkOutputPath(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s: is a directory", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return pathError(dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s: not a directory", dir)
	}
	return nil
}

// writeFileAtomic writes path through write so that path is either left as
// it was or replaced by the complete output: the bytes go to a temporary
// file beside it (same folder, hence same file system, so the rename is
// atomic), which is synced and renamed over path only once write and every
// flush have succeeded. On any failure the temporary file is removed.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// A replaced file keeps its permissions; a new one gets the usual 0644
	// rather than CreateTemp's 0600.
	perm := os.FileMode(0o644)
	if fi, serr := os.Stat(path); serr == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}

	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return pathError(path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close() // may already be closed; the error is already known
			os.Remove(tmpName)
		}
	}()

	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapRename(err))
	}
	// Sync the folder so the rename itself survives a crash; not every
	// system allows it, and the data is already safe, so failure is ignored.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// unwrapRename drops the two paths of an *os.LinkError.
func unwrapRename(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
