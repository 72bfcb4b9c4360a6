package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// findOne looks for the table base (e.g. sources/las) with each of exts,
// its file name compared without regard to case (sources/LAS.CSV is the LAS
// export). Two candidates are ambiguous, and so is a candidate that is not a
// regular file (a folder named las.csv would otherwise read as "no LAS
// export"); none is an error only when the table is required. It returns the
// path inside dir as spelt there.
func findOne(dir, base string, exts []string, required bool) (string, error) {
	folder, stem := path.Split(base)
	entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(folder)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read snapshot %s: %w", dir, err)
	}
	var found []string
	for _, ext := range exts {
		want := stem + "." + ext
		for _, e := range entries {
			if strings.EqualFold(e.Name(), want) {
				found = append(found, folder+e.Name())
			}
		}
	}
	switch {
	case len(found) > 1:
		return "", &syncaudit.InputError{File: found[0], Problem: "the snapshot holds this table twice: " + strings.Join(found, " and "), Fix: "keep one of them"}
	case len(found) == 0 && required:
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return "", &syncaudit.InputError{File: dir, Problem: "the snapshot folder does not exist", Fix: "pass --snapshot the folder that holds tenant.yaml, sources/ and target/"}
		}
		return "", &syncaudit.InputError{File: base + "." + exts[0], Problem: "a required file is missing", Fix: "add " + base + "." + strings.Join(exts, " or .")}
	case len(found) == 0:
		return "", nil
	}
	if err := checkRegular(dir, found[0]); err != nil {
		return "", err
	}
	return found[0], nil
}

// contractName returns the contract's name of a table file found by findOne:
// its file name in lower case (sources/LAS.CSV is sources/las.csv).
func contractName(name string) string {
	folder, file := path.Split(name)
	return folder + strings.ToLower(file)
}

// checkRegular refuses, before anything opens it, a snapshot file name
// (inside dir) that is not a regular file: a folder, a device (a symlink to
// /dev/zero would be read until memory runs out), a named pipe (which would
// hang the run) or a socket; and a symlink that leads outside the snapshot
// folder, whose file nobody handed over with the snapshot.
func checkRegular(dir, name string) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	info, err := os.Lstat(p)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	linked := info.Mode()&fs.ModeSymlink != 0
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return &syncaudit.InputError{File: name, Problem: "the file is a symlink that leads nowhere", Fix: "copy the export itself into the snapshot"}
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fmt.Errorf("read snapshot %s: %w", dir, err)
	}
	if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &syncaudit.InputError{File: name, Problem: "the file is a symlink to " + real + ", outside the snapshot folder",
			Fix: "copy the export into the snapshot: a snapshot holds every file it is made of"}
	}
	if linked {
		if info, err = os.Stat(real); err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
	}
	mode := info.Mode()
	switch {
	case mode.IsRegular():
		return nil
	case mode.IsDir():
		return &syncaudit.InputError{File: name, Problem: "a folder stands where the table's file should be",
			Fix: "put the export itself at " + name + " (a folder cannot be read as an export, and it is not the same as no export)"}
	}
	kind := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	}
	if linked {
		kind = "a symlink to " + kind
	}
	return &syncaudit.InputError{File: name, Problem: "the file is " + kind + ", not a regular file", Fix: "copy the export itself into the snapshot as a file"}
}

// readFile reads a snapshot file that checkRegular let through, refusing one
// larger than the file limit without reading more than the limit.
func (r reader) readFile(name string) ([]byte, error) {
	if err := checkRegular(r.dir, name); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(r.dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if !info.Mode().IsRegular() { // replaced between the check and the open
		return nil, &syncaudit.InputError{File: name, Problem: "the file is not a regular file", Fix: "copy the export itself into the snapshot as a file"}
	}
	tooLarge := func(size int64) error {
		return &syncaudit.InputError{File: name, Problem: fmt.Sprintf("the file is %d bytes, more than the limit of %d", size, r.limits.MaxFileBytes),
			Fix: "check that this is the right export; split the tenant into several snapshots if it really is this large"}
	}
	limit := r.limits.MaxFileBytes
	if limit > 0 && info.Size() > limit {
		return nil, tooLarge(info.Size())
	}
	var src io.Reader = f
	if limit > 0 {
		src = io.LimitReader(f, limit+1)
	}
	data := make([]byte, 0, info.Size()+1)
	for {
		n, err := src.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	if limit > 0 && int64(len(data)) > limit { // grown while read
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}
