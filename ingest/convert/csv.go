package convert

import (
	"context"
	"errors"
	"os"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// convertCSV reads one CSV file through a mapping file (Options.Mapping) into
// the contract table the mapping names. Without a mapping there is nothing
// to go on, which is an input error rather than a guess.
func convertCSV(ctx context.Context, r *run, path string) (*Result, error) {
	m := r.opt.Mapping
	if m == nil {
		return nil, &syncaudit.UsageError{Msg: "convert --from csv needs --map mapping.yaml: the mapping says which column is which (see docs/convert.md)"}
	}
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return nil, &syncaudit.InputError{File: path, Problem: "--from csv reads one CSV file", Fix: "give --in the export's CSV file"}
	}
	t, err := readTable(path, path, m.Delimiter)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows := t.rows
	res, err := mapping.Apply(m, t.file, t.header, rows)
	for err != nil && r.opt.SkipInvalid {
		// Leave out the rows with errors, each listed with its error, and map
		// the rest (Apply reports at most 50 at a time); an error about the
		// file itself (the header) still stops.
		bad := map[int]bool{}
		for _, e := range inputErrors(err) {
			if e.Line <= 1 {
				return nil, err
			}
			if !bad[e.Line] { // one entry per row left out, with its first error
				r.bad(e)
			}
			bad[e.Line] = true
		}
		if len(bad) == 0 {
			return nil, err
		}
		var rest []mapping.Row
		for _, row := range rows {
			if !bad[row.Line] {
				rest = append(rest, row)
			}
		}
		rows = rest
		res, err = mapping.Apply(m, t.file, t.header, rows)
	}
	if err != nil {
		return nil, err
	}
	for _, s := range res.Skipped {
		r.d.skip(t.file, s.Line, "", s.Reason)
	}
	for col, n := range res.DroppedColumns {
		r.d.column(t.file, col, n)
	}
	out := &Result{Table: res}
	// The schools of a source table (a fixed school: {value: 12AB}, or a
	// column), for --tenant-out.
	for i, h := range res.Header {
		if h != "school" || !m.Table.IsSource() {
			continue
		}
		seen := map[string]bool{}
		for _, row := range res.Rows {
			if code := row.Cells[i]; code != "" && !seen[code] {
				seen[code] = true
				out.Schools = append(out.Schools, newSchool(code, ""))
			}
		}
	}
	return out, nil
}

// inputErrors returns the input errors err holds: one, several, or none.
func inputErrors(err error) []*syncaudit.InputError {
	var ies syncaudit.InputErrors
	if errors.As(err, &ies) {
		return ies
	}
	var ie *syncaudit.InputError
	if errors.As(err, &ie) {
		return []*syncaudit.InputError{ie}
	}
	return nil
}
