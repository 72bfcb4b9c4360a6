package convert

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

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
	var t *table
	if len(m.Inputs) > 0 {
		joined, err := r.joinInputs(m, path)
		if err != nil {
			return nil, err
		}
		t = joined
	} else {
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			return nil, &syncaudit.InputError{File: path, Problem: "--from csv reads one CSV file (or, with inputs: in the mapping, the export's folder)", Fix: "give --in the export's CSV file"}
		}
		var err error
		t, err = readTable(path, path, m.Delimiter)
		if err != nil {
			return nil, err
		}
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

// joinInputs reads the files a multi-file mapping names from the folder dir
// and joins them into one table: the main file's rows, each with the
// columns of every joined file under As.Column. A joined file's rows whose
// key (On) matches the main row's To column are all taken: their values are
// joined with '|', one per row (a person's enrollments give a list, for
// split: "|"); a joined row that matches no main row is listed in the
// dropped report.
func (r *run) joinInputs(m *mapping.Mapping, dir string) (*table, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, &syncaudit.InputError{File: dir, Problem: "the mapping names several inputs, so --in is the export's folder", Fix: "give --in the folder that holds " + m.Inputs[0].File}
	}
	open := func(in mapping.Input) (*table, error) {
		p := findFile(dir, in.File)
		if p == "" {
			return nil, &syncaudit.InputError{File: in.File, Problem: fmt.Sprintf("the mapping %s (line %d) reads this file, which the folder does not hold", m.File, in.Line), Fix: "give --in the export's folder, or correct file: in the mapping"}
		}
		return readTable(p, rel(dir, p), m.Delimiter)
	}
	main, err := open(m.Inputs[0])
	if err != nil {
		return nil, err
	}
	for _, in := range m.Inputs[1:] {
		t, err := open(in)
		if err != nil {
			return nil, err
		}
		on, err := t.need("the key to join it by (on: in the mapping)", in.On)
		if err != nil {
			return nil, err
		}
		to, err := main.need("the key "+in.File+" joins to (to: in the mapping)", in.To)
		if err != nil {
			return nil, err
		}
		byKey := map[string][]mapping.Row{}
		for _, row := range t.rows {
			byKey[cell(row, on)] = append(byKey[cell(row, on)], row)
		}
		matched := map[string]bool{}
		width := len(t.header)
		for i := range main.rows {
			row := &main.rows[i]
			key := cell(*row, to)
			matched[key] = true
			for c := 0; c < width; c++ {
				var vals []string
				for _, jr := range byKey[key] {
					if v := cell(jr, c); v != "" {
						vals = append(vals, v)
					}
				}
				row.Cells = append(row.Cells, strings.Join(vals, "|"))
			}
		}
		for _, row := range t.rows {
			if !matched[cell(row, on)] {
				r.d.skip(t.file, row.Line, cell(row, on), fmt.Sprintf("no row of %s with %s %s", main.file, in.To, cell(row, on)))
			}
		}
		for _, h := range t.header {
			main.header = append(main.header, in.As+"."+h)
		}
	}
	return main, nil
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
