package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

func TestNormaliseHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"active", "active"}, // the short cut: already normal
		{"", ""},
		{"Soft_Deleted", "softdeleted"},
		{"soft-deleted", "softdeleted"},
		{"\ufeffAccount ID", "accountid"},
		{"E-mail.Adres", "emailadres"},
		{"Förnamn", "förnamn"},
		{"ACTIEF", "actief"},
		{"aktiv ", "aktiv"},
	}
	for _, tt := range tests {
		if got := normaliseHeader(tt.in); got != tt.want {
			t.Errorf("normaliseHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestColumnsDoc keeps docs/columns.md equal to the alias table it is
// generated from; go test ./ingest -run TestColumnsDoc -update rewrites it.
func TestColumnsDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "columns.md")
	want := ColumnsMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("docs/columns.md differs from the alias table in ingest/columns.go: run go test ./ingest -run TestColumnsDoc -update")
	}
}

// TestAliasesNameOneColumn: within a table, no header spelling may mean two
// columns (the lookup would silently pick one).
func TestAliasesNameOneColumn(t *testing.T) {
	for _, tb := range contractTables {
		owner := map[string]string{}
		for _, c := range tb.spec.columns {
			for _, a := range append([]string{c.name}, c.aliases...) {
				n := normaliseHeader(a)
				if prev, ok := owner[n]; ok && prev != c.name {
					t.Errorf("%s: %q means both %s and %s", tb.files, a, prev, c.name)
				}
				owner[n] = c.name
			}
		}
	}
}

// TestExportHeadersAreRecognised: the headers HR, LAS and register exports
// really use (issue 14: a Dutch HR export's rol, datum in dienst, datum uit
// dienst and the singular programma were not recognised, so every role was
// lost, a leaver was not deleted and a future hire was created early).
func TestExportHeadersAreRecognised(t *testing.T) {
	lookup := sourceTable.lookup()
	for header, want := range map[string]string{
		"Rol": "role", "Functie": "role", "Datum in dienst": "start_date", "Datum uit dienst": "end_date",
		"Programma": "programs", "Roll": "role", "Befattning": "role", "Anställningsdatum": "start_date",
		"Slutdatum": "end_date", "Job Title": "role", "Start Date": "start_date", "Personeelsnummer": "source_id",
	} {
		if got := lookup[normaliseHeader(header)]; got != want {
			t.Errorf("header %q means %q, want %s", header, got, want)
		}
	}
}

func TestIgnoredColumnsAndHints(t *testing.T) {
	dir := sample(t)
	editNthLine(t, filepath.Join(dir, "sources", "hr.csv"), 1, func(l string) string {
		return strings.Replace(strings.Replace(l, "Job Title", "Rol", 1), "End Date", "Einddatun", 1) + ",Opmerkingen"
	})
	rewrite(t, filepath.Join(dir, "sources", "hr.csv"), func(b []byte) []byte {
		lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		for i := 1; i < len(lines); i++ {
			lines[i] += ",x"
		}
		return []byte(strings.Join(lines, "\n") + "\n")
	})
	snap, err := readDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range snap.Inputs {
		if in.File != "sources/hr.csv" {
			if len(in.IgnoredColumns) > 0 {
				t.Errorf("%s: ignored %v", in.File, in.IgnoredColumns)
			}
			continue
		}
		if strings.Join(in.IgnoredColumns, "|") != "Einddatun|Opmerkingen" {
			t.Errorf("ignored columns %q", in.IgnoredColumns)
		}
		if len(in.ColumnHints) != 1 || in.ColumnHints[0] != (syncaudit.ColumnHint{Column: "Einddatun", Resembles: "einddatum", Means: "end_date"}) {
			t.Errorf("hints %+v", in.ColumnHints)
		}
	}
	roles := 0
	for _, r := range snap.Records {
		if r.Source == syncaudit.HR && r.Role != "" {
			roles++
		}
	}
	if roles == 0 {
		t.Error("the Dutch header Rol gave no roles")
	}
}

func TestColumnHints(t *testing.T) {
	tests := []struct{ column, resembles, means string }{
		{"Voornaaam", "voornaam", "first_name"},
		{"Datum uit dienstt", "datumuitdienst", "end_date"},
		{"Voornaam ouder", "voornaam", "first_name"},
		{"Opmerkingen", "", ""},
		{"Geboortedatum", "", ""},
		{"Klasss", "klass", "groups"},
	}
	for _, tt := range tests {
		hints := columnHints(sourceTable, []string{tt.column})
		switch {
		case tt.resembles == "" && len(hints) > 0:
			t.Errorf("%q: hint %+v, want none", tt.column, hints)
		case tt.resembles != "" && (len(hints) != 1 || hints[0].Resembles != tt.resembles || hints[0].Means != tt.means):
			t.Errorf("%q: hints %+v, want %s (%s)", tt.column, hints, tt.resembles, tt.means)
		}
	}
}
