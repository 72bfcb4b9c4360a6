package convert

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

func TestParseTable(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		header []string
		rows   []mapping.Row
	}{
		{"comma", "a,b\n1,2\n", []string{"a", "b"}, []mapping.Row{{Line: 2, Cells: []string{"1", "2"}}}},
		{"semicolon with BOM and CRLF", "\ufeffa;b\r\n1;2\r\n", []string{"a", "b"}, []mapping.Row{{Line: 2, Cells: []string{"1", "2"}}}},
		{"tab", "a\tb\n1\t2\n", []string{"a", "b"}, []mapping.Row{{Line: 2, Cells: []string{"1", "2"}}}},
		{"Windows-1252", "naam;plaats\nZo\xeb;K\xf6ln\n", []string{"naam", "plaats"}, []mapping.Row{{Line: 2, Cells: []string{"Zoë", "Köln"}}}},
		{"unnamed trailing header cells", "a,b,,\n1,2\n3,4,,\n", []string{"a", "b"}, []mapping.Row{{Line: 2, Cells: []string{"1", "2"}}, {Line: 3, Cells: []string{"3", "4"}}}},
		{"blank and empty rows", "a,b\n\n,\n1,2\n", []string{"a", "b"}, []mapping.Row{{Line: 4, Cells: []string{"1", "2"}}}},
		{"quoted delimiter and newline", "a,b\n\"x,y\",\"p\nq\"\n5,6\n", []string{"a", "b"}, []mapping.Row{{Line: 2, Cells: []string{"x,y", "p\nq"}}, {Line: 4, Cells: []string{"5", "6"}}}},
		{"cells trimmed", "a,b\n 1 , 2\n", []string{"a", "b"}, []mapping.Row{{Line: 2, Cells: []string{"1", "2"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTable([]byte(tt.data), "x.csv", 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.header, tt.header) || !reflect.DeepEqual(got.rows, tt.rows) {
				t.Errorf("parseTable() = %q %v, want %q %v", got.header, got.rows, tt.header, tt.rows)
			}
		})
	}
	bad := []struct {
		name, data string
		line       int
		problem    string
	}{
		{"empty", " \n", 0, "the file is empty"},
		{"short row", "a,b,c\n1,2\n", 2, "the row has 2 fields and the header 3"},
		{"long row", "a,b\n1,2,3\n", 2, "the row has 3 fields and the header 2"},
		{"open quote", "a,b\n1,\"2\n", 2, "cannot be read as CSV"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTable([]byte(tt.data), "x.csv", 0)
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || ie.File != "x.csv" || ie.Line != tt.line || !strings.Contains(ie.Problem, tt.problem) {
				t.Errorf("parseTable() error = %v, want x.csv line %d: %s", err, tt.line, tt.problem)
			}
		})
	}
}
