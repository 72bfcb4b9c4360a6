package convert

import (
	"errors"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// FuzzParseTable feeds arbitrary bytes to the export CSV reader: it returns
// rows that fit their header or an input error with a place; never a panic.
func FuzzParseTable(f *testing.F) {
	f.Add([]byte("sourcedId,status,role,,\r\nu1,active,student\r\n"))
	f.Add([]byte("\ufeffEmployeeCode;ContractStartDate\nE1;1-8-2020\n"))
	f.Add([]byte("a,b\n\"x,y\n"))
	f.Add([]byte("a\tb\n1\t2\t3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := parseTable(data, "x.csv", 0)
		if err != nil {
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || ie.File != "x.csv" {
				t.Fatalf("parseTable() error %v is not an input error about x.csv", err)
			}
			return
		}
		for _, row := range tab.rows {
			if len(row.Cells) != len(tab.header) || row.Line < 2 {
				t.Fatalf("row %+v does not fit header %v", row, tab.header)
			}
		}
	})
}
