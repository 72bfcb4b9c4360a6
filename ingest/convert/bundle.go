package convert

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// The limits of a zip bundle (OneRoster bulk, SDS, ClassLink exports arrive
// as .zip): each file inside within the snapshot reader's file limit, all
// of them together within twice that, and no more files than an export has.
// A zip's declared sizes are checked before anything is unpacked and held
// while it is: a zip bomb stops at the limit, not at the end of the disk.
var (
	MaxBundleFileBytes  = ingest.DefaultLimits.MaxFileBytes
	MaxBundleTotalBytes = 2 * ingest.DefaultLimits.MaxFileBytes
	MaxBundleFiles      = 1000
)

// isZip reports whether the file at p is a zip archive: by its first bytes,
// whatever its name.
func isZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return bytes.Equal(head, []byte("PK\x03\x04")) || bytes.Equal(head, []byte("PK\x05\x06"))
}

// unzipBundle unpacks the zip bundle at p into a new temporary folder, as
// the export's folder: its files by their names, whatever folder inside the
// zip holds them (a bundle is often zipped with its folder). Folders,
// macOS resource forks (__MACOSX/, ._x) and .DS_Store are left out; two
// files of one name, a link, or a file or bundle over the limits is an input
// error naming the entry. The caller removes the folder with cleanup.
func unzipBundle(p string) (dir string, cleanup func(), err error) {
	bad := func(entry, problem, fix string) error {
		file := p
		if entry != "" {
			file = p + ":" + entry
		}
		return &syncaudit.InputError{File: file, Problem: problem, Fix: fix}
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return "", nil, bad("", "the zip bundle cannot be read: "+strings.TrimPrefix(err.Error(), "zip: "), "download the bundle again, or unpack it and give --in its folder")
	}
	defer zr.Close()
	var files []*zip.File
	var total uint64
	names := map[string]string{}
	for _, f := range zr.File {
		name := f.Name
		base := path.Base(name)
		switch {
		case f.FileInfo().IsDir(), strings.HasPrefix(name, "__MACOSX/"), strings.HasPrefix(base, "._"), base == ".DS_Store":
			continue
		case !f.Mode().IsRegular():
			return "", nil, bad(name, "the bundle holds a link or special file", "zip the export's files themselves")
		case f.UncompressedSize64 > uint64(MaxBundleFileBytes):
			return "", nil, bad(name, fmt.Sprintf("the file claims %d bytes unpacked, more than the limit of %d", f.UncompressedSize64, MaxBundleFileBytes), "check that this is the right export; unpack it and split it if it really is this large")
		}
		key := strings.ToLower(base)
		if other, dup := names[key]; dup {
			return "", nil, bad(name, "the bundle holds two files named "+base+" (also "+other+")", "zip one export per bundle")
		}
		names[key] = name
		total += f.UncompressedSize64
		files = append(files, f)
	}
	switch {
	case len(files) > MaxBundleFiles:
		return "", nil, bad("", fmt.Sprintf("the bundle holds %d files, more than the limit of %d", len(files), MaxBundleFiles), "zip one export per bundle")
	case total > uint64(MaxBundleTotalBytes):
		return "", nil, bad("", fmt.Sprintf("the files claim %d bytes unpacked, more than the limit of %d", total, MaxBundleTotalBytes), "check that this is the right export; unpack it and split it if it really is this large")
	}
	dir, err = os.MkdirTemp("", "syncaudit-bundle-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	for _, f := range files {
		if err := unpack(f, filepath.Join(dir, path.Base(f.Name))); err != nil {
			cleanup()
			if errors.Is(err, errTooLarge) {
				return "", nil, bad(f.Name, fmt.Sprintf("the file unpacks to more than the limit of %d bytes", MaxBundleFileBytes), "check that this is the right export")
			}
			return "", nil, bad(f.Name, "the file cannot be unpacked: "+strings.TrimPrefix(err.Error(), "zip: "), "download the bundle again, or unpack it and give --in its folder")
		}
	}
	return dir, cleanup, nil
}

var errTooLarge = errors.New("too large")

// unpack writes one zip entry to to, holding it to MaxBundleFileBytes
// whatever its header says.
func unpack(f *zip.File, to string) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, io.LimitReader(rc, MaxBundleFileBytes+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > MaxBundleFileBytes {
		return errTooLarge
	}
	return err
}

// readManifest reads a OneRoster manifest.csv when the folder has one. A
// bundle whose manifest marks a file delta lists only what changed since
// the last export: read as a snapshot, everyone not in it would look gone
// from the source, so it is refused with the reason.
func (ro *roster) readManifest() error {
	t, ok, err := ro.open("manifest.csv")
	if err != nil || !ok {
		return err
	}
	name, err := t.need("the manifest's property", "propertyName")
	if err != nil {
		return err
	}
	value, err := t.need("the manifest's value", "value")
	if err != nil {
		return err
	}
	for _, row := range t.rows {
		prop := cell(row, name)
		if strings.HasPrefix(strings.ToLower(prop), "file.") && strings.EqualFold(cell(row, value), "delta") {
			return t.bad(row, value,
				fmt.Sprintf("the bundle is a delta export (%s is delta): it holds only what changed since the last export, so everyone not in it would look gone from the source", prop),
				"export a bulk (full) bundle for the snapshot: syncaudit compares complete exports")
		}
	}
	return nil
}
