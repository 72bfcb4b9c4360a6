package mapping

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

const hrMapping = `
table: hr
columns:
  source_id: EmployeeCode
  school: {column: Unit, map: {EN: 12AB, EN_ICT: 34CD}, keep_unmapped: true}
  kind: {value: staff}
  role: {column: Function, map: {EN_MEDLERA: leerkracht}, else: overig}
  First Name: {first: [NickName, FirstName]}
  last_name: {join: [NamePrefix, LastName], sep: " "}
  email: {template: "{Login}@school.nl"}
  groups: {column: Groups, split: ","}
  start_date: {column: Start, date: D-M-YYYY}
skip:
  - {column: Blocked, in: ["TRUE", "ja"], reason: blocked in HR}
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
		line             int
	}{
		{"not yaml", "table: [", "not valid YAML", 1},
		{"empty", "", "empty", 0},
		{"unknown table", "table: staff\ncolumns: {}\n", "no usable table", 0},
		{"unknown column", "table: hr\ncolumns:\n  source_id: A\n  shoe_size: B\n", "shoe_size is not a column of the hr table", 4},
		{"required missing", "table: accounts\ncolumns:\n  account_id: A\n  username: B\n  first_name: C\n  last_name: D\n", "needs status", 3},
		{"two sources", "table: exceptions\ncolumns:\n  account_id: {column: A, value: x}\n", "exactly one of", 3},
		{"bad date format", "table: exceptions\ncolumns:\n  account_id: A\n  added_at: {column: B, date: Q-M-YYYY}\n", "date format", 4},
		{"date on non-date", "table: exceptions\ncolumns:\n  account_id: A\n  reason: {column: B, date: D-M-YYYY}\n", "holds no date", 4},
		{"unknown key", "table: exceptions\ncolumns:\n  account_id: {colum: A}\n", `unknown key "colum"`, 3},
		{"else without map", "table: exceptions\ncolumns:\n  account_id: {column: A, else: x}\n", "need a map", 3},
		{"bad template", "table: exceptions\ncolumns:\n  account_id: {template: \"{A\"}\n", "without }", 3},
		{"bad skip", "table: exceptions\ncolumns:\n  account_id: A\nskip:\n  - {column: B}\n", "needs a column and in:", 5},
		{"unknown top key", "table: exceptions\ncolums: {}\n", "unknown key", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(tt.yaml))
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Parse() error = %v, want an *InputError", err)
			}
			if !strings.Contains(ie.Error(), tt.want) || ie.File != "m.yaml" || ie.Line != tt.line {
				t.Errorf("Parse() error = %q (line %d), want %q at m.yaml line %d", ie.Error(), ie.Line, tt.want, tt.line)
			}
		})
	}
}

func TestApply(t *testing.T) {
	m, err := Parse("hr.mapping.yaml", []byte(hrMapping))
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"Employee Code", "unit", "Function", "NickName", "FirstName", "NamePrefix", "LastName", "Login", "Groups", "Start", "Blocked", "Password"}
	rows := []Row{
		{Line: 2, Cells: []string{"E1", "EN", "EN_MEDLERA", "", "Johannes", "van der", "Berg", "jberg", "7A, 7B", "1-8-2020", "FALSE", "secret"}},
		{Line: 3, Cells: []string{"E2", "EN_X", "EN_DIREC", "Ann", "Anna", "", "Smit", "", "", "", "", ""}},
		{Line: 5, Cells: []string{"E3", "EN", "EN_DIREC", "Piet", "Piet", "", "Klaas", "", "", "", "true", "pw"}},
	}
	got, err := Apply(m, "hr.csv", header, rows)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"source_id", "school", "kind", "role", "first_name", "last_name", "email", "groups", "start_date"}
	if !reflect.DeepEqual(got.Header, wantHeader) {
		t.Errorf("Header = %v, want %v", got.Header, wantHeader)
	}
	wantRows := []Row{
		{Line: 2, Cells: []string{"E1", "12AB", "staff", "leerkracht", "Johannes", "van der Berg", "jberg@school.nl", "7A|7B", "2020-08-01"}},
		{Line: 3, Cells: []string{"E2", "EN_X", "staff", "overig", "Ann", "Smit", "", "", ""}},
	}
	if !reflect.DeepEqual(got.Rows, wantRows) {
		t.Errorf("Rows = %v, want %v", got.Rows, wantRows)
	}
	wantSkipped := []Skipped{{Line: 5, Reason: "blocked in HR"}}
	if !reflect.DeepEqual(got.Skipped, wantSkipped) {
		t.Errorf("Skipped = %v, want %v", got.Skipped, wantSkipped)
	}
	if want := map[string]int{"Password": 2}; !reflect.DeepEqual(got.DroppedColumns, want) {
		t.Errorf("DroppedColumns = %v, want %v", got.DroppedColumns, want)
	}
}

func TestApplyErrors(t *testing.T) {
	m, err := Parse("hr.mapping.yaml", []byte(hrMapping))
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"EmployeeCode", "Unit", "Function", "NickName", "FirstName", "NamePrefix", "LastName", "Login", "Groups", "Start", "Blocked"}
	good := []string{"E1", "EN", "EN_MEDLERA", "", "Jo", "", "Berg", "", "", "1-8-2020", ""}
	with := func(i int, v string) []string {
		c := append([]string(nil), good...)
		c[i] = v
		return c
	}
	tests := []struct {
		name    string
		header  []string
		row     []string
		want    syncaudit.InputError
		problem string
	}{
		{"missing column", header[:10], good[:10], syncaudit.InputError{File: "hr.csv", Line: 1, Column: "Blocked"}, "does not have"},
		{"odd date", header, with(9, "8-17-2005"), syncaudit.InputError{File: "hr.csv", Line: 7, Column: "Start", ColumnIndex: 10, Value: "8-17-2005"}, "not a date in the format D-M-YYYY"},
		{"else fallback", header, with(2, "EN_NEW"), syncaudit.InputError{File: "hr.csv", Line: 7, Column: "Function", ColumnIndex: 3, Value: "EN_NEW"}, "overig"},
		{"ragged", header, good[:4], syncaudit.InputError{File: "hr.csv", Line: 7}, "the row has 4 fields and the header 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Apply(m, "hr.csv", tt.header, []Row{{Line: 7, Cells: tt.row}})
			if tt.name == "else fallback" {
				// role has else: overig, so an unknown function is no error.
				if err != nil || res.Rows[0].Cells[3] != "overig" {
					t.Fatalf("Apply() = %v, %v; want role overig", res, err)
				}
				return
			}
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Apply() error = %v, want an *InputError", err)
			}
			got := syncaudit.InputError{File: ie.File, Line: ie.Line, Column: ie.Column, ColumnIndex: ie.ColumnIndex, Value: ie.Value}
			if got != tt.want || !strings.Contains(ie.Problem, tt.problem) {
				t.Errorf("Apply() error = %+v %q, want %+v containing %q", got, ie.Problem, tt.want, tt.problem)
			}
		})
	}
}

func TestApplyValueTableWithoutFallback(t *testing.T) {
	m, err := Parse("ad.yaml", []byte(`
table: accounts
columns:
  account_id: Sam
  username: {template: "{Sam}@x.nl"}
  first_name: Given
  last_name: Sur
  status: {column: Enabled, map: {"True": active, "False": soft_deleted}}
  schools: {value: 12AB}
`))
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"Sam", "Given", "Sur", "Enabled"}
	rows := []Row{{Line: 2, Cells: []string{"a", "A", "B", "TRUE"}}, {Line: 3, Cells: []string{"b", "A", "B", "maybe"}}, {Line: 4, Cells: []string{"c", "A", "B", "yes"}}}
	_, err = Apply(m, "ad.csv", header, rows)
	var ies syncaudit.InputErrors
	if !errors.As(err, &ies) || len(ies) != 2 {
		t.Fatalf("Apply() error = %v, want two input errors", err)
	}
	if ies[0].Line != 3 || ies[0].Value != "maybe" || ies[1].Line != 4 || ies[1].Value != "yes" {
		t.Errorf("errors = %v, want lines 3 (maybe) and 4 (yes)", ies)
	}
}

func TestGoLayout(t *testing.T) {
	tests := []struct{ in, want string }{
		{"D-M-YYYY", "2-1-2006"},
		{"DD-MM-YYYY", "02-01-2006"},
		{"M/D/YYYY", "1/2/2006"},
		{"YYYY-MM-DD", "2006-01-02"},
		{"DD.MM.YY", "02.01.06"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := goLayout(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("goLayout(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"D-M", "YYYY-MM", "hh:mm", "DD-MM-YYYY HH"} {
		if _, err := goLayout(bad); err == nil {
			t.Errorf("goLayout(%q) gave no error", bad)
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct{ full, first, prefix, last string }{
		{"Jan van der Berg", "Jan", "van der", "Berg"},
		{"Anne de Vries", "Anne", "de", "Vries"},
		{"Kees van 't Hof", "Kees", "van 't", "Hof"},
		{"Berg, Jan van der", "Jan", "van der", "Berg"},
		{"Anna-Karin Svensson Lind", "Anna-Karin", "", "Svensson Lind"},
		{"  Lars   Ek ", "Lars", "", "Ek"},
		{"Ruud Van Den Broek", "Ruud", "Van Den", "Broek"},
		{"Eva de", "Eva", "", "de"}, // a prefix is never the whole last name
		{"Cher", "", "", "Cher"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		first, prefix, last := SplitName(tt.full)
		if first != tt.first || prefix != tt.prefix || last != tt.last {
			t.Errorf("SplitName(%q) = %q, %q, %q; want %q, %q, %q", tt.full, first, prefix, last, tt.first, tt.prefix, tt.last)
		}
	}
}

// TestNameNullAndSplit: an AD export with only Name, from SQL Server with
// NULL for no value: name: splits the display name, null: empties NULL, and
// split: on a single-valued column is refused.
func TestNameNullAndSplit(t *testing.T) {
	m, err := Parse("ad.mapping.yaml", []byte("table: sis\nnull: [NULL]\ncolumns:\n  source_id: SamAccountName\n  school: {value: 12AB}\n  kind: {value: staff}\n  first_name: {column: Name, name: first}\n  name_prefix: {column: Name, name: prefix}\n  last_name: {column: Name, name: last}\n  email: EmailAddress\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Apply(m, "ad.csv", []string{"SamAccountName", "Name", "EmailAddress"}, []Row{{Line: 2, Cells: []string{"jberg", "Jan van der Berg", "NULL"}}, {Line: 3, Cells: []string{"aklind", "Anna-Karin Svensson Lind", "ak@school.se"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"jberg", "12AB", "staff", "Jan", "van der", "Berg", ""}, {"aklind", "12AB", "staff", "Anna-Karin", "", "Svensson Lind", "ak@school.se"}}
	for i, row := range res.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %q, want %q", i, row.Cells, want[i])
		}
	}
	_, err = Parse("bad.mapping.yaml", []byte("table: sis\ncolumns:\n  source_id: id\n  school: school\n  kind: kind\n  first_name: {column: Name, split: ' '}\n  last_name: last\n"))
	var ie *syncaudit.InputError
	if !errors.As(err, &ie) || ie.Line != 6 || !strings.Contains(ie.Problem, "split: on first_name, which holds one value") {
		t.Errorf("split on a single-valued column: error = %v", err)
	}
	if _, err := Parse("bad.mapping.yaml", []byte("table: sis\ncolumns:\n  source_id: id\n  school: school\n  kind: kind\n  first_name: {column: Name, name: middle}\n  last_name: last\n")); err == nil || !strings.Contains(err.Error(), "use first, prefix or last") {
		t.Errorf("name: middle: error = %v", err)
	}
}
