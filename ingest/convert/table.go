package convert

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// A table is one CSV file of an export, read whole: its header and rows, with
// a record of which columns a converter read so that the rest can be counted
// as dropped.
type table struct {
	file   string // the path as the user knows it, for messages
	header []string
	rows   []mapping.Row
	index  map[string]int // normalised header name -> column
	used   map[int]bool
}

// readTable reads a CSV export the way the contract reads its own tables:
// ',' ';' or tab detected from the header line; the text decoded as the
// snapshot reader decodes it (ingest.DecodeText: UTF-8 with or without BOM,
// UTF-16 with its BOM, Windows-1252 without a UTF-8 character, CRLF and
// CR-only line endings read as line breaks). Trailing header cells without a
// name are ignored with the cells under them; any other row with more or
// fewer fields than the header is an input error, as is a quote that does not
// close.
func readTable(path, display string, delimiter rune) (*table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", display, err)
	}
	return parseTable(data, display, delimiter)
}

func parseTable(data []byte, display string, delimiter rune) (*table, error) {
	data, err := ingest.DecodeText(display, data)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &syncaudit.InputError{File: display, Problem: "the file is empty", Fix: "export it again with a header line"}
	}
	if delimiter == 0 {
		delimiter = detectDelimiter(data)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter
	r.FieldsPerRecord = -1
	t := &table{file: display, index: map[string]int{}, used: map[int]bool{}}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &syncaudit.InputError{File: display, Line: pe.StartLine, ColumnIndex: pe.Column,
					Problem: "the row cannot be read as CSV: " + pe.Err.Error(),
					Fix:     `close every quote, and write a quote inside a quoted cell as ""`}
			}
			return nil, fmt.Errorf("read %s: %w", display, err)
		}
		line, _ := r.FieldPos(0)
		if t.header == nil {
			t.header = trimTrailingEmpty(rec)
			for i, h := range t.header {
				if n := mapping.NormaliseHeader(h); n != "" {
					if _, dup := t.index[n]; !dup {
						t.index[n] = i
					}
				}
			}
			continue
		}
		if allEmpty(rec) {
			continue
		}
		if len(rec) > len(t.header) && allEmpty(rec[len(t.header):]) {
			rec = rec[:len(t.header)]
		}
		if len(rec) != len(t.header) {
			return nil, &syncaudit.InputError{File: display, Line: line,
				Problem: fmt.Sprintf("the row has %d fields and the header %d", len(rec), len(t.header)),
				Fix:     "quote cells that hold the delimiter, and give every row as many fields as the header"}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		t.rows = append(t.rows, mapping.Row{Line: line, Cells: rec})
	}
	return t, nil
}

// detectDelimiter picks ',', ';' or tab: whichever the header line holds most
// of outside quotes.
func detectDelimiter(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(line) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

func trimTrailingEmpty(rec []string) []string {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return rec[:n]
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// col returns the index of the first of the names the header has, marking it
// read; -1 when it has none.
func (t *table) col(names ...string) int {
	for _, n := range names {
		if i, ok := t.index[mapping.NormaliseHeader(n)]; ok {
			t.used[i] = true
			return i
		}
	}
	return -1
}

// need is col for a column the converter cannot do without: its absence is an
// input error on the header line.
func (t *table) need(why string, names ...string) (int, error) {
	if i := t.col(names...); i >= 0 {
		return i, nil
	}
	return -1, &syncaudit.InputError{File: t.file, Line: 1, Column: names[0],
		Problem: fmt.Sprintf("the header has no %s column (%s)", strings.Join(names, " or "), why),
		Fix:     "export the file with that column; the header has: " + strings.Join(nonEmpty(t.header), ", ")}
}

// cell returns row's cell i, or "" when i < 0.
func cell(row mapping.Row, i int) string {
	if i < 0 || i >= len(row.Cells) {
		return ""
	}
	return row.Cells[i]
}

// bad builds an input error about one cell of a row.
func (t *table) bad(row mapping.Row, i int, problem, fix string) *syncaudit.InputError {
	e := &syncaudit.InputError{File: t.file, Line: row.Line, Problem: problem, Fix: fix}
	if i >= 0 {
		e.Column = t.header[i]
		e.ColumnIndex = i + 1
		e.Value = cell(row, i)
	}
	return e
}

// dropColumns counts, per column nobody read, the cells that held a value.
func (t *table) dropColumns(d *Dropped) {
	for i, h := range t.header {
		if t.used[i] || strings.TrimSpace(h) == "" {
			continue
		}
		n := 0
		for _, row := range t.rows {
			if cell(row, i) != "" {
				n++
			}
		}
		d.column(t.file, h, n)
	}
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// findFile returns the file in dir whose name is one of names, compared
// without case (exports spell userProfiles.csv and userprofiles.csv), or "".
func findFile(dir string, names ...string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, n := range names {
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(e.Name(), n) {
				return filepath.Join(dir, e.Name())
			}
		}
	}
	return ""
}
