package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// A table file may come with a mapping file beside it (sources/hr.csv with
// sources/hr.mapping.yaml), so that a snapshot holds an export as it comes:
// the mapping says which of the export's columns is which contract column
// (package mapping, docs/convert.md). Without a mapping file a table must fit
// the contract, and one that does not is an input error, never a guess.

// mappingExts are the file endings of a mapping beside a table.
var mappingExts = []string{".mapping.yaml", ".mapping.yml"}

// loadMapping reads the mapping beside a CSV table in a snapshot, when there
// is one, and reads the table through it; f.mapped then holds the rows under
// contract column names, each with its line in the export.
func loadMapping(dir string, f *tableFile) error {
	base := strings.TrimSuffix(f.name, filepath.Ext(f.name))
	var name string
	var data []byte
	for _, ext := range mappingExts {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(base+ext))); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := checkRegular(dir, base+ext); err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(base+ext)))
		if err != nil {
			return fmt.Errorf("read %s: %w", base+ext, err)
		}
		name, data = base+ext, b
		break
	}
	if name == "" {
		return nil
	}
	if f.format != "csv" {
		return &syncaudit.InputError{File: name, Problem: "a mapping reads a CSV table, and " + f.name + " is " + f.format,
			Fix: "remove the mapping, or keep the export as CSV"}
	}
	m, err := mapping.Parse(name, data)
	if err != nil {
		return err
	}
	if len(m.Inputs) > 0 {
		return &syncaudit.InputError{File: name, Line: m.Inputs[0].Line, Column: "inputs",
			Problem: "a mapping beside a table in a snapshot reads that table only; inputs: (several files joined) is for convert --from csv",
			Fix:     "convert the export's folder once with syncaudit convert --from csv --map, and put the table it writes into the snapshot"}
	}
	want := mapping.Table(strings.TrimPrefix(strings.TrimPrefix(base, "sources/"), "target/"))
	if m.Table != want {
		return &syncaudit.InputError{File: name, Column: "table", Value: string(m.Table),
			Problem: fmt.Sprintf("the mapping beside %s produces the %s table", f.name, m.Table), Fix: "write table: " + string(want)}
	}
	text, err := decodeText(*f)
	if err != nil {
		return err
	}
	if err := checkLineLengths(f.name, text, f.maxRow); err != nil {
		return err
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return &syncaudit.InputError{File: f.name, Problem: "the file is empty", Fix: "export the table again; a table needs at least a header line"}
	}
	rd, err := newCSVRows(f.name, text, m.Delimiter)
	if err != nil {
		return err
	}
	read := m.ColumnsRead()
	rd.multiline = func(i int) bool { return !read[mapping.NormaliseHeader(rd.head[i])] }
	head, delim := rd.head, rd.delim
	var rows []mapping.Row
	for {
		rec, line, err := rd.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		rows = append(rows, mapping.Row{Line: line, Cells: rec})
	}
	res, err := mapping.Apply(m, f.name, head, rows)
	if err != nil {
		return err
	}
	f.mapped, f.mappedDelim = res, delim
	mf := inputOf(name, data, len(m.Columns), "yaml")
	f.mappingFile = &mf
	return nil
}

// readMapped hands a mapped table's rows to sink as readCSV hands a
// contract table's, keeping each row's line in the export.
func readMapped[T any](f tableFile, spec tableSpec, sink rowSink[T]) (header, int, rune, error) {
	h, err := mapHeader(f.name, spec, f.mapped.Header)
	if err != nil {
		return h, 0, f.mappedDelim, err
	}
	d := newChunkDecoder[T](f.name, h, f.count)
	for _, row := range f.mapped.Rows {
		if err := d.add(row.Cells, row.Line, sink); err != nil {
			return h, 0, f.mappedDelim, err
		}
	}
	return h, len(f.mapped.Rows), f.mappedDelim, d.flush(sink)
}
