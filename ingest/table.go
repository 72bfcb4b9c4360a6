package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// listSeparator separates the items of a list inside one CSV cell.
const listSeparator = "|"

// chunkSize is how many rows are split into cells before the sink sees them
// (chunkDecoder): small enough that a big file is never held twice.
const chunkSize = 4096

// A tableFile is one table file's bytes with what is known about it before decoding.
type tableFile struct {
	name   string // path inside the snapshot, e.g. target/accounts.csv
	format string // csv, json or jsonl
	data   []byte // the raw bytes, as hashed
	maxRow int    // the longest line allowed; 0 = no limit
	lines  int    // the line breaks in data
	// count, when set, is told the rows of each chunk read, and stops the
	// read with the error it returns.
	count func(rows int) error
	// mapped holds the rows read through a mapping file beside the table
	// (mapped.go), with the export's delimiter; nil for a contract table.
	mapped      *mapping.Result
	mappedDelim rune
	// mappingFile is the mapping's own input record (provenance: a changed
	// mapping is a changed input).
	mappingFile *syncaudit.InputFile
}

// expectedRows is about how many rows the table holds, from its line count
// before any is read: at most that (a blank line or a line break inside
// quotes counts too), exactly for a mapped table, and -1 for a JSON array,
// whose lines say nothing.
func (f tableFile) expectedRows() int {
	switch {
	case f.mapped != nil:
		return len(f.mapped.Rows)
	case f.format == "json":
		return -1
	}
	lines := f.lines
	if n := len(f.data); n > 0 && f.data[n-1] != '\n' && f.data[n-1] != '\r' {
		lines++ // the last line has no line break
	}
	if f.format == "csv" {
		lines-- // the header
	}
	return max(lines, 0)
}

// A header maps the file's columns onto a table's contract columns.
type header struct {
	names   []string       // contract name per position ("" for a column the contract does not know)
	index   map[string]int // contract name -> 1-based column number in the file
	present map[string]bool
	// ignored lists the file's columns (header cells, JSON keys) that no
	// contract column has, as written, in file order (JSON: sorted).
	ignored []string
}

// checkLineLengths refuses a file with a line longer than max bytes, before
// anything tries to hold such a row.
func checkLineLengths(file string, text []byte, max int) error {
	if max <= 0 {
		return nil
	}
	for line, rest := 1, text; len(rest) > 0; line++ {
		n := bytes.IndexByte(rest, '\n')
		if n < 0 {
			n = len(rest)
		}
		if n > max {
			return &syncaudit.InputError{File: file, Line: line, Problem: fmt.Sprintf("the line is %d bytes long, more than the limit of %d", n, max),
				Fix: "check the export: a line this long is usually a missing line break or a runaway quote"}
		}
		rest = rest[min(n+1, len(rest)):]
	}
	return nil
}

// detectDelimiter picks ';' or ',' from the header line: whichever occurs
// more often outside quotes (',' on a tie).
func detectDelimiter(text []byte) rune {
	line := text
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	var commas, semicolons int
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semicolons++
			}
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

// mapHeader matches a file's header cells to the table's contract columns and
// checks that every required column is there.
func mapHeader(file string, spec tableSpec, cells []string) (header, error) {
	lookup := spec.lookup()
	h := header{names: make([]string, len(cells)), index: map[string]int{}, present: map[string]bool{}}
	for i, cell := range cells {
		name, ok := lookup[normaliseHeader(cell)]
		if !ok {
			if c := strings.TrimSpace(cell); c != "" {
				h.ignored = append(h.ignored, c) // kept in the file, listed in the report, not read
			}
			continue
		}
		if prev, dup := h.index[name]; dup {
			return h, &syncaudit.InputError{File: file, Line: 1, ColumnIndex: i + 1, Column: name, Value: cell,
				Problem: fmt.Sprintf("two columns mean %s (columns %d and %d)", name, prev, i+1),
				Fix:     "remove or rename one of them"}
		}
		h.names[i] = name
		h.index[name] = i + 1
		h.present[name] = true
	}
	return h, checkRequired(file, spec, h.present)
}

func checkRequired(file string, spec tableSpec, present map[string]bool) error {
	for _, c := range spec.columns {
		if c.required && !present[c.name] {
			return &syncaudit.InputError{File: file, Line: 1, Column: c.name,
				Problem: fmt.Sprintf("required column %s is missing", c.name),
				Fix:     fmt.Sprintf("add a column %s (accepted headers: %s)", c.name, strings.Join(append([]string{c.name}, c.aliases...), ", "))}
		}
	}
	return nil
}

// A rowSink receives decoded rows of type T with their line numbers.
type rowSink[T any] func(row *T, line int, h header) error

// readTable decodes every row of a table file into T (a struct of string
// fields tagged with contract column names), and hands each to
// sink. It returns the header mapping and the number of rows.
func readTable[T any](f tableFile, spec tableSpec, sink rowSink[T]) (header, int, rune, error) {
	text, err := decodeText(f)
	if err != nil {
		return header{}, 0, 0, err
	}
	if f.format != "json" { // a JSON array may well be one long line
		if err := checkLineLengths(f.name, text, f.maxRow); err != nil {
			return header{}, 0, 0, err
		}
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return header{}, 0, 0, &syncaudit.InputError{File: f.name, Problem: "the file is empty", Fix: "export the table again; a table needs at least a header line"}
	}
	if f.mapped != nil {
		return readMapped(f, spec, sink)
	}
	switch f.format {
	case "csv":
		return readCSV(f.name, text, spec, f.count, sink)
	case "json", "jsonl":
		h, n, err := readJSON(f.name, f.format, text, spec, f.count, sink)
		return h, n, 0, err
	}
	return header{}, 0, 0, fmt.Errorf("read %s: unknown format %q", f.name, f.format)
}

func indexOf(spec tableSpec, name string) int {
	for i, c := range spec.columns {
		if c.name == name {
			return i
		}
	}
	return -1
}

func jsonCell(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return strconv.FormatBool(v), nil
	case []any:
		items := make([]string, 0, len(v))
		for _, item := range v {
			s, err := jsonCell(item)
			if err != nil {
				return "", err
			}
			if _, isList := item.([]any); isList {
				return "", fmt.Errorf("a list inside a list")
			}
			items = append(items, s)
		}
		return strings.Join(items, listSeparator), nil
	}
	return "", fmt.Errorf("a JSON object where a value was expected")
}

// skipSeparators returns the offset of the next byte at or after off that is
// neither white space nor a comma: where the next array element starts.
func skipSeparators(text []byte, off int) int {
	for off < len(text) && (text[off] == ',' || text[off] == ' ' || text[off] == '\t' || text[off] == '\r' || text[off] == '\n') {
		off++
	}
	return off
}

// A lineIndex turns byte offsets into 1-based line numbers.
type lineIndex []int

func newLineIndex(text []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range text {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) lineAt(offset int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > offset })
}

// A chunkDecoder collects rows and hands them to gocsv in chunks of
// chunkSize, so that rows are decoded into T by their contract column names
// (the csv tags of T's fields), and then to the sink. Decoding a chunk at a
// time amortises gocsv's set-up per call; holding a chunk before the sink sees
// it keeps the order of errors a reader reports: a broken line (a CSV or JSON
// error) within a chunk is reported before the row errors of that chunk.
type chunkDecoder[T any] struct {
	file   string
	header header
	width  int
	rows   [][]string
	lines  []int
	out    []T // the decoded chunk, reused: a sink copies what it keeps
	// count, when set, is told how many rows each chunk held, after the
	// sink saw them; an error from it stops the read.
	count func(rows int) error
}

func newChunkDecoder[T any](file string, h header, count func(int) error) *chunkDecoder[T] {
	return &chunkDecoder[T]{file: file, header: h, width: len(h.names), count: count}
}

// add keeps rec (the caller must not reuse it) for the next chunk.
func (d *chunkDecoder[T]) add(rec []string, line int, sink rowSink[T]) error {
	if len(rec) < d.width { // a short row leaves the rest empty
		rec = append(rec, make([]string, d.width-len(rec))...)
	}
	d.rows = append(d.rows, rec)
	d.lines = append(d.lines, line)
	if len(d.rows) >= chunkSize {
		return d.flush(sink)
	}
	return nil
}

func (d *chunkDecoder[T]) flush(sink rowSink[T]) error {
	if len(d.rows) == 0 {
		return nil
	}
	in := &chunkReader{header: d.header.names, rows: d.rows}
	d.out = d.out[:0]
	if err := gocsv.UnmarshalCSV(in, &d.out); err != nil {
		return fmt.Errorf("decode %s: %w", d.file, err)
	}
	for i := range d.out {
		if err := sink(&d.out[i], d.lines[i], d.header); err != nil {
			return err
		}
	}
	n := len(d.rows)
	clear(d.rows) // let the chunk's strings go
	clear(d.out)
	d.rows, d.lines = d.rows[:0], d.lines[:0]
	if d.count != nil {
		return d.count(n)
	}
	return nil
}

// A chunkReader gives gocsv one chunk of rows behind the header, as if it
// were a CSV file of its own.
type chunkReader struct {
	header []string
	rows   [][]string
	pos    int // 0 is the header
}

func (c *chunkReader) Read() ([]string, error) {
	if c.pos == 0 {
		c.pos++
		return c.header, nil
	}
	if c.pos > len(c.rows) {
		return nil, io.EOF
	}
	c.pos++
	return c.rows[c.pos-2], nil
}

func (c *chunkReader) ReadAll() ([][]string, error) {
	var out [][]string
	for {
		r, err := c.Read()
		if err == io.EOF {
			return out, nil
		}
		out = append(out, r)
	}
}
