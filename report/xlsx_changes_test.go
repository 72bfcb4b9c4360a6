package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestXLSXChanges(t *testing.T) {
	rep, err := DiffFiles("testdata/diff/old.json", "testdata/diff/new.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang            Lang
		sheet, items    string
		headline        string
		wantItemRows    []string // "change|item|rule|...|account" prefixes, joined by |
		wantSummaryRows []string
	}{
		{English, "Changes", "New and resolved", "The exception list got better: 2 entries need attention, 3 before.",
			[]string{"New|finding|E10|warn||A44", "Resolved|finding|M2|deny|||12AB|las|2002", "No longer planned|action|D3||soft delete|A17|12AB"},
			[]string{"E5|warn|2|1|0|1|1", "soft delete||2|1|0|1|1"}},
		{Dutch, "Wijzigingen", "Nieuw en opgelost", "De uitzonderingenlijst is verbeterd: 2 vermeldingen vragen aandacht, vorige keer 3.",
			[]string{"Nieuw|bevinding|E10|waarschuwing||A44", "Niet meer gepland|actie|M4||aanmaken||12AB|las|1001"},
			[]string{"M2|blokkerend|1|0|0|1|0"}},
		{Swedish, "Förändringar", "Nya och lösta", "Undantagslistan har blivit bättre: 2 poster behöver åtgärdas, förra gången 3.",
			[]string{"Lösta|iakttagelse|E4|varning||A41"}, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := (XLSX{Lang: tt.lang}).Write(context.Background(), &buf, rep, nil); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows := func(sheet string) []string {
				rs, err := f.GetRows(sheet)
				if err != nil {
					t.Fatalf("sheet %q: %v (sheets %q)", sheet, err, f.GetSheetList())
				}
				var out []string
				for _, r := range rs {
					out = append(out, strings.Join(r, "|"))
				}
				return out
			}
			summary := strings.Join(rows(tt.sheet), "\n")
			if !strings.Contains(summary, "|2026-08-20|0.9.0") {
				t.Errorf("sheet %s does not name the previous run 2026-08-20 (0.9.0):\n%s", tt.sheet, summary)
			}
			if !strings.Contains(summary, tt.headline) {
				t.Errorf("sheet %s does not say %q:\n%s", tt.sheet, tt.headline, summary)
			}
			for _, want := range tt.wantSummaryRows {
				if !strings.Contains(summary, "\n"+want) {
					t.Errorf("sheet %s has no row %q:\n%s", tt.sheet, want, summary)
				}
			}
			items := rows(tt.items)
			if len(items) != 1+2+3+1+2 {
				t.Errorf("sheet %s has %d rows, want a header and 8 items:\n%s", tt.items, len(items), strings.Join(items, "\n"))
			}
			all := strings.Join(items, "\n")
			for _, want := range tt.wantItemRows {
				if !strings.Contains(all, want) {
					t.Errorf("sheet %s has no row starting %q:\n%s", tt.items, want, all)
				}
			}
		})
	}
	t.Run("no previous run, no sheets", func(t *testing.T) {
		var buf bytes.Buffer
		cur, err := ReadJSON("testdata/diff/new.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := (XLSX{}).Write(context.Background(), &buf, cur, nil); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, s := range f.GetSheetList() {
			if s == "Changes" || s == "New and resolved" {
				t.Errorf("sheet %s without a previous run", s)
			}
		}
	})
}
