package ingest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// An HR export as it comes: Dutch headers, semicolons, D-M-YYYY dates, a
// function code per row, a blocked employee.
const hrExport = "Personeelsnr;Roepnaam;Voornaam;Tussenvoegsel;Achternaam;Locatie;Functie;Indienst;Geblokkeerd;Wachtwoord\n" +
	"E-42;Jan;Johannes;van der;Berg;12AB;LKR;1-8-2020;nee;x\n" +
	"E-43;;Anna;;Smit;34CD;DIR;15-3-2019;nee;y\n" +
	"E-44;Piet;Piet;;Blok;12AB;LKR;1-1-2010;ja;z\n"

const hrMapping = `table: hr
columns:
  source_id: Personeelsnr
  school: Locatie
  kind: {value: staff}
  role: {column: Functie, map: {LKR: leerkracht, DIR: directeur}}
  first_name: {first: [Roepnaam, Voornaam]}
  name_prefix: Tussenvoegsel
  last_name: Achternaam
  start_date: {column: Indienst, date: D-M-YYYY}
skip:
  - {column: Geblokkeerd, in: [ja], reason: blocked in HR}
`

func TestSnapshotReadsAnExportThroughItsMapping(t *testing.T) {
	snap, err := read(t, map[string]string{"sources/hr.csv": hrExport, "sources/hr.mapping.yaml": hrMapping})
	if err != nil {
		t.Fatalf("ReadSnapshot() error = %v", err)
	}
	var got []syncaudit.SourceRecord
	for _, r := range snap.Records {
		if r.Source == syncaudit.HR {
			got = append(got, r)
		}
	}
	want := []syncaudit.SourceRecord{
		{Source: syncaudit.HR, SourceID: "E-42", School: "12AB", Kind: syncaudit.Staff, Role: "leerkracht", FirstName: "Jan", NamePrefix: "van der", LastName: "Berg", StartDate: "2020-08-01", Line: 2},
		{Source: syncaudit.HR, SourceID: "E-43", School: "34CD", Kind: syncaudit.Staff, Role: "directeur", FirstName: "Anna", LastName: "Smit", StartDate: "2019-03-15", Line: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hr records = %+v\nwant %+v", got, want)
	}
	var files []string
	for _, in := range snap.Inputs {
		files = append(files, in.File)
		if in.File == "sources/hr.csv" && (in.Records != 2 || in.Delimiter != ';') {
			t.Errorf("input %+v, want 2 records read with ';'", in)
		}
	}
	if !slices.Contains(files, "sources/hr.mapping.yaml") {
		t.Errorf("inputs %v lack the mapping: a changed mapping would go unnoticed", files)
	}
}

func TestSnapshotMappingErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  syncaudit.InputError
		text  string
	}{
		{
			name:  "odd date names the export's line and column",
			files: map[string]string{"sources/hr.csv": strings.Replace(hrExport, "15-3-2019", "3-15-2019", 1), "sources/hr.mapping.yaml": hrMapping},
			want:  syncaudit.InputError{File: "sources/hr.csv", Line: 3, Column: "Indienst", ColumnIndex: 8, Value: "3-15-2019"},
			text:  "not a date in the format D-M-YYYY",
		},
		{
			name:  "function code the value table lacks",
			files: map[string]string{"sources/hr.csv": strings.Replace(hrExport, "DIR", "CONC", 1), "sources/hr.mapping.yaml": hrMapping},
			want:  syncaudit.InputError{File: "sources/hr.csv", Line: 3, Column: "Functie", ColumnIndex: 7, Value: "CONC"},
			text:  "not in the mapping's value table",
		},
		{
			name:  "mapping for another table",
			files: map[string]string{"sources/hr.csv": hrExport, "sources/hr.mapping.yaml": strings.Replace(hrMapping, "table: hr", "table: las", 1)},
			want:  syncaudit.InputError{File: "sources/hr.mapping.yaml", Column: "table", Value: "las"},
			text:  "produces the las table",
		},
		{
			name:  "mapping names a column the export lacks",
			files: map[string]string{"sources/hr.csv": hrExport, "sources/hr.mapping.yaml": strings.Replace(hrMapping, "school: Locatie", "school: Vestiging", 1)},
			want:  syncaudit.InputError{File: "sources/hr.csv", Line: 1, Column: "Vestiging"},
			text:  "does not have",
		},
		{
			name:  "without a mapping the export is not guessed",
			files: map[string]string{"sources/hr.csv": hrExport},
			// Roepnaam and Voornaam both mean first_name: ingest says so rather than pick one.
			want: syncaudit.InputError{File: "sources/hr.csv", Line: 1, Column: "first_name", ColumnIndex: 3, Value: "Voornaam"},
			text: "two columns mean first_name",
		},
		{
			name:  "a mapping beside a JSON table",
			files: map[string]string{"sources/hr.json": `[{"source_id":"1","school":"12AB","kind":"staff","first_name":"A","last_name":"B"}]`, "sources/hr.mapping.yaml": hrMapping},
			want:  syncaudit.InputError{File: "sources/hr.mapping.yaml"},
			text:  "reads a CSV table",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, tt.files)
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ReadSnapshot() error = %v, want an *InputError", err)
			}
			got := syncaudit.InputError{File: ie.File, Line: ie.Line, Column: ie.Column, ColumnIndex: ie.ColumnIndex, Value: ie.Value}
			if got != tt.want || !strings.Contains(ie.Error(), tt.text) {
				t.Errorf("error = %+v %q\nwant %+v containing %q", got, ie.Error(), tt.want, tt.text)
			}
		})
	}
}
