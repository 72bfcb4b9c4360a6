package convert

import (
	"context"
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
	res, err := mapping.Apply(m, t.file, t.header, t.rows)
	if err != nil {
		return nil, err
	}
	for _, s := range res.Skipped {
		r.d.skip(t.file, s.Line, "", s.Reason)
	}
	for col, n := range res.DroppedColumns {
		r.d.column(t.file, col, n)
	}
	return &Result{Table: res}, nil
}
