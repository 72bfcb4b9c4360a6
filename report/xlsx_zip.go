package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"
)

// sortedZip is the workbooks' zip writer. It makes the same workbook the
// same bytes: excelize writes the streamed sheets in the order of a Go map
// and lists the default content types in map order too, so two runs on the
// same report gave two different files. sortedZip deflates each part as it
// comes (at the fastest level: a big tenant's sheets are hundreds of
// megabytes of XML, and the default level takes twice the time for a file
// a tenth smaller) into a temporary file, and on Close writes the parts in
// name order, with [Content_Types].xml's entries sorted and every part
// dated 1980-01-01. Memory stays bounded: only [Content_Types].xml, a few
// kilobytes, is held.
type sortedZip struct {
	out     io.Writer
	tmp     *os.File
	off     int64 // bytes written to tmp
	parts   []*zipPart
	cur     *zipPart
	deflate *flate.Writer
	crc     hash.Hash32
	types   *bytes.Buffer // [Content_Types].xml, kept to be sorted
}

// A zipPart is one part of the workbook, deflated into the temporary file.
type zipPart struct {
	name              string
	off, compressed   int64
	uncompressed, crc uint64
	raw               []byte // [Content_Types].xml only
}

const contentTypes = "[Content_Types].xml"

// newSortedZip returns excelize's ZipWriter for w.
func newSortedZip(w io.Writer) excelize.ZipWriter { return &sortedZip{out: w} }

// Create starts the next part.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name, off: z.off}
	z.parts = append(z.parts, p)
	z.cur = p
	if name == contentTypes {
		z.types = &bytes.Buffer{}
		return z.types, nil
	}
	if z.tmp == nil {
		f, err := os.CreateTemp("", "syncaudit-xlsx-*")
		if err != nil {
			return nil, fmt.Errorf("workbook: temporary file: %w", err)
		}
		z.tmp = f
	}
	if z.deflate == nil {
		fw, err := flate.NewWriter(tmpWriter{z}, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		z.deflate = fw
	} else {
		z.deflate.Reset(tmpWriter{z})
	}
	z.crc = crc32.NewIEEE()
	return partWriter{z}, nil
}

// tmpWriter appends deflated bytes to the temporary file.
type tmpWriter struct{ z *sortedZip }

func (t tmpWriter) Write(b []byte) (int, error) {
	n, err := t.z.tmp.Write(b)
	t.z.off += int64(n)
	return n, err
}

// partWriter takes a part's bytes: counted, checksummed, deflated.
type partWriter struct{ z *sortedZip }

func (w partWriter) Write(b []byte) (int, error) {
	w.z.cur.uncompressed += uint64(len(b))
	w.z.crc.Write(b)
	return w.z.deflate.Write(b)
}

// finish closes the current part.
func (z *sortedZip) finish() error {
	p := z.cur
	z.cur = nil
	if p == nil {
		return nil
	}
	if p.name == contentTypes {
		p.raw = sortContentTypes(z.types.Bytes())
		return nil
	}
	if err := z.deflate.Close(); err != nil {
		return err
	}
	p.compressed = z.off - p.off
	p.crc = uint64(z.crc.Sum32())
	return nil
}

// AddFS is not used by excelize's writer; it is refused rather than done
// out of order.
func (z *sortedZip) AddFS(fs.FS) error { return errors.New("workbook zip: AddFS is not supported") }

// Close writes every part, in name order, to the output.
func (z *sortedZip) Close() (err error) {
	defer func() {
		if z.tmp != nil {
			name := z.tmp.Name()
			_ = z.tmp.Close()
			_ = os.Remove(name)
			z.tmp = nil
		}
	}()
	if err := z.finish(); err != nil {
		return err
	}
	sort.Slice(z.parts, func(i, j int) bool { return partOrder(z.parts[i].name) < partOrder(z.parts[j].name) })
	zw := zip.NewWriter(z.out)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	epoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range z.parts {
		if p.raw != nil {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: epoch})
			if err != nil {
				return err
			}
			if _, err := w.Write(p.raw); err != nil {
				return err
			}
			continue
		}
		h := &zip.FileHeader{
			Name: p.name, Method: zip.Deflate, Modified: epoch,
			CRC32: uint32(p.crc), CompressedSize64: uint64(p.compressed), UncompressedSize64: p.uncompressed,
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.tmp, p.off, p.compressed)); err != nil {
			return fmt.Errorf("workbook zip: %s: %w", p.name, err)
		}
	}
	return zw.Close()
}

// partOrder sorts [Content_Types].xml first (as Office writes it), then
// every part by name.
func partOrder(name string) string {
	if name == contentTypes {
		return ""
	}
	return name
}

var contentTypeEntry = regexp.MustCompile(`<(Default|Override)\s[^>]*?(?:/>|>\s*</(?:Default|Override)>)`)

// sortContentTypes sorts the Default and Override entries of
// [Content_Types].xml (Defaults first, each by its text), leaving the rest.
func sortContentTypes(b []byte) []byte {
	locs := contentTypeEntry.FindAllIndex(b, -1)
	if len(locs) == 0 {
		return append([]byte(nil), b...)
	}
	var defaults, overrides []string
	for _, l := range locs {
		e := string(b[l[0]:l[1]])
		if bytes.HasPrefix(b[l[0]:], []byte("<Default")) {
			defaults = append(defaults, e)
		} else {
			overrides = append(overrides, e)
		}
	}
	sort.Strings(defaults)
	sort.Strings(overrides)
	var out bytes.Buffer
	out.Write(b[:locs[0][0]])
	for _, e := range append(defaults, overrides...) {
		out.WriteString(e)
	}
	out.Write(b[locs[len(locs)-1][1]:])
	return out.Bytes()
}
