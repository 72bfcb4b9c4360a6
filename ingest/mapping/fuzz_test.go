package mapping

import (
	"errors"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// FuzzMapping feeds arbitrary mapping files and export cells to Parse and
// Apply: whatever comes in, they return a result or an input error that names
// its file; they never panic.
func FuzzMapping(f *testing.F) {
	f.Add([]byte(hrMapping), "E1,EN,EN_MEDLERA,,Jo,van,Berg,jb,7A|7B,1-8-2020,FALSE")
	f.Add([]byte("table: accounts\ncolumns:\n  account_id: {template: \"{a}{b}\"}\n  username: a\n  first_name: a\n  last_name: b\n  status: {value: active}\n  schools: {column: a, split: \",\"}\n"), "x,y")
	f.Add([]byte("table: [\n"), "")
	f.Fuzz(func(t *testing.T, data []byte, row string) {
		m, err := Parse("m.yaml", data)
		if err != nil {
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || ie.File != "m.yaml" {
				t.Fatalf("Parse() error %v is not an input error about m.yaml", err)
			}
			return
		}
		cells := strings.Split(row, ",")
		header := make([]string, len(cells))
		for i := range header {
			header[i] = string(rune('a' + i%26))
		}
		res, err := Apply(m, "x.csv", header, []Row{{Line: 2, Cells: cells}})
		if err != nil {
			var ie *syncaudit.InputError
			var ies syncaudit.InputErrors
			if !errors.As(err, &ie) && !errors.As(err, &ies) {
				t.Fatalf("Apply() error %v is not an input error", err)
			}
			return
		}
		for _, r := range res.Rows {
			if len(r.Cells) != len(res.Header) {
				t.Fatalf("row %v does not fit header %v", r.Cells, res.Header)
			}
		}
	})
}
