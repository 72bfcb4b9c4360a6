package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// A csvRows reads the rows of a CSV text strictly, so that no row is lost or
// merged into another without a word:
//
//   - a row with fewer or more cells than the header is an input error;
//   - a quoted value that runs over a line break is an input error naming
//     the line where its quote opened, unless its column may hold one
//     (multiline): a stray " before a name would otherwise swallow every row
//     up to the next stray ";
//   - a stray " inside an unquoted value is an input error;
//   - blank lines are skipped.
type csvRows struct {
	file  string
	delim rune
	r     *csv.Reader
	head  []string // the header's cells
	// column names the header's cells for messages (contract names where
	// known); multiline says which may hold a line break. Both are set by
	// the caller once it has mapped the header.
	column    func(i int) string
	multiline func(i int) bool
}

// newCSVRows reads the header of text, with delim as the delimiter (0 =
// detect it from the header line).
func newCSVRows(file string, text []byte, delim rune) (*csvRows, error) {
	if delim == 0 {
		delim = detectDelimiter(text)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	c := &csvRows{file: file, delim: delim, r: r}
	head, err := r.Read()
	if err != nil {
		return c, csvError(file, err)
	}
	c.head = slices.Clone(head)
	c.column = func(i int) string { return strings.TrimSpace(c.head[i]) }
	c.multiline = func(int) bool { return false }
	for i, cell := range c.head {
		if strings.ContainsRune(cell, '\n') {
			line, _ := r.FieldPos(i)
			return c, &syncaudit.InputError{File: file, Line: line, ColumnIndex: i + 1, Value: firstLine(cell),
				Problem: "a quoted header cell runs over a line break", Fix: "remove the stray \" from the header line"}
		}
	}
	return c, nil
}

// next returns the next row's cells (the caller may keep them) and the line
// it starts on; io.EOF after the last.
func (c *csvRows) next() ([]string, int, error) {
	for {
		rec, err := c.r.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, csvError(c.file, err)
		}
		line, _ := c.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(c.head) > 1 {
			continue // a blank line
		}
		for i, cell := range rec {
			if !strings.ContainsRune(cell, '\n') || i < len(c.head) && c.multiline(i) {
				continue
			}
			start, _ := c.r.FieldPos(i)
			end := start + strings.Count(cell, "\n")
			e := &syncaudit.InputError{File: c.file, Line: start, ColumnIndex: i + 1, Value: firstLine(cell),
				Problem: fmt.Sprintf("a quote opened here runs on to line %d, so lines %d to %d would be read as one value", end, start, end),
				Fix:     `remove the stray " (a quote inside a value is written "" in a value that is quoted as a whole), or export the table again`}
			if i < len(c.head) {
				e.Column = c.column(i)
			}
			return nil, 0, e
		}
		if len(rec) != len(c.head) {
			return nil, 0, c.countError(rec, line)
		}
		return rec, line, nil
	}
}

// countError is the error for a row whose cells do not match the header's.
func (c *csvRows) countError(rec []string, line int) error {
	delim := string(c.delim)
	if len(rec) > len(c.head) {
		return &syncaudit.InputError{File: c.file, Line: line, ColumnIndex: len(c.head) + 1, Value: rec[len(c.head)],
			Problem: fmt.Sprintf("the row has %d cells but the header has %d", len(rec), len(c.head)),
			Fix:     fmt.Sprintf("put quotes around a value that contains %q, or add the missing column to the header", delim)}
	}
	last := len(rec) - 1
	return &syncaudit.InputError{File: c.file, Line: line, ColumnIndex: last + 1, Column: c.column(last), Value: rec[last],
		Problem: fmt.Sprintf("the row has %d cells but the header has %d: the cells after %s are missing", len(rec), len(c.head), c.column(last)),
		Fix:     fmt.Sprintf("export the table again: a row cut short would leave its values empty (an empty cell still needs its %q)", delim)}
}

// firstLine returns s up to its first line break, marked with … when cut.
func firstLine(s string) string {
	if first, _, cut := strings.Cut(s, "\n"); cut {
		return first + "…"
	}
	return s
}

// csvError turns the CSV reader's error into an input error.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", file, err)
	}
	e := &syncaudit.InputError{File: file, Line: pe.Line}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		e.Problem = fmt.Sprintf(`a stray " in a value that is not quoted (character %d of the line)`, pe.Column)
		e.Fix = `remove the ", or quote the whole value and write the quote inside it as ""`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		e.Line = pe.StartLine
		e.Problem = fmt.Sprintf(`a quote opened on this line is not closed properly (the reader gave up on line %d, character %d)`, pe.Line, pe.Column)
		e.Fix = `remove the stray ", or write a quote inside a quoted value as ""`
	case errors.Is(pe.Err, csv.ErrQuote):
		e.Problem = fmt.Sprintf(`a quoted value is not closed properly (character %d of the line)`, pe.Column)
		e.Fix = `remove the stray ", or write a quote inside a quoted value as ""`
	default:
		e.Problem = pe.Err.Error()
		e.Fix = "put quotes around values that contain the delimiter, and double the quotes inside them"
	}
	return e
}

func readCSV[T any](file string, text []byte, spec tableSpec, count func(int) error, sink rowSink[T]) (header, int, rune, error) {
	rows, err := newCSVRows(file, text, 0)
	if err != nil {
		return header{}, 0, rows.delim, err
	}
	h, err := mapHeader(file, spec, rows.head)
	if err != nil {
		return h, 0, rows.delim, err
	}
	rows.column = func(i int) string {
		if h.names[i] != "" {
			return h.names[i]
		}
		return strings.TrimSpace(rows.head[i])
	}
	rows.multiline = func(i int) bool { return h.names[i] == "" || spec.column(h.names[i]).multiline }
	d := newChunkDecoder[T](file, h, count)
	n := 0
	for {
		rec, line, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return h, n, rows.delim, err
		}
		n++
		if err := d.add(rec, line, sink); err != nil {
			return h, n, rows.delim, err
		}
	}
	return h, n, rows.delim, d.flush(sink)
}
