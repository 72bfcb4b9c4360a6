package review_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/fixture"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/review"
)

// TestExportRowHeights reads the row heights back: each row is as high as
// its fullest cell, so the second source and every finding show, and the
// height is set (custom), so it stays when a reviewer edits a cell.
func TestExportRowHeights(t *testing.T) {
	f, _ := export(t, report.English)
	sheet := "Review"
	a1 := rowOf(t, f, sheet, "A1") // two links: two lines of presence
	a3 := rowOf(t, f, sheet, "A3") // two findings, one long
	for _, tt := range []struct {
		row      int
		minLines int
	}{{1, 2}, {a1, 2}, {a3, 3}} {
		h, err := f.GetRowHeight(sheet, tt.row)
		if err != nil {
			t.Fatal(err)
		}
		if h < float64(tt.minLines)*15 {
			t.Errorf("row %d is %.0f points high, want at least %d lines (%d points)", tt.row, h, tt.minLines, tt.minLines*15)
		}
		if h > 409 {
			t.Errorf("row %d is %.0f points high, over Excel's 409", tt.row, h)
		}
	}
	// The presence cell wraps, so the second link shows under the first.
	presence := cell(column(t, "col_presence"), a1)
	id, _ := f.GetCellStyle(sheet, presence)
	st, _ := f.GetStyle(id)
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("presence cell %s does not wrap", presence)
	}
	if v, _ := f.GetCellValue(sheet, presence); !strings.Contains(v, "\n") {
		t.Errorf("presence of A1 = %q, want one link per line", v)
	}
}

// TestExportInstructionsWrap checks that the steps span the two columns,
// wrap, and have rows high enough for their text.
func TestExportInstructionsWrap(t *testing.T) {
	for _, lang := range []report.Lang{report.English, report.Dutch, report.Swedish} {
		t.Run(string(lang), func(t *testing.T) {
			f, _ := export(t, lang)
			sheet := report.T(lang, "sheet_instructions")
			merged, err := f.GetMergeCells(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(merged) < 6 {
				t.Fatalf("%d merged step cells, want the 6 steps spanning A:B", len(merged))
			}
			wa, _ := f.GetColWidth(sheet, "A")
			wb, _ := f.GetColWidth(sheet, "B")
			for _, m := range merged {
				if !strings.HasPrefix(m.GetStartAxis(), "A") || !strings.HasPrefix(m.GetEndAxis(), "B") {
					t.Errorf("merged %s:%s, want A:B", m.GetStartAxis(), m.GetEndAxis())
				}
				id, _ := f.GetCellStyle(sheet, m.GetStartAxis())
				st, _ := f.GetStyle(id)
				if st.Alignment == nil || !st.Alignment.WrapText {
					t.Errorf("step %s does not wrap", m.GetStartAxis())
				}
				_, row, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
				h, _ := f.GetRowHeight(sheet, row)
				// Lines of about 1.1 characters per unit of width: the row holds them all.
				per := int((wa + wb) * 1.1)
				need := (len([]rune(m.GetCellValue())) + per - 1) / per
				if h < float64(need)*15 {
					t.Errorf("step row %d is %.0f points for %d lines", row, h, need)
				}
			}
		})
	}
}

// TestExportExpiryValidation reads the new expiry date's validation back: a
// date from the day after the run date (the import refuses the run date
// itself), with a message in the book's language that says what to type.
func TestExportExpiryValidation(t *testing.T) {
	tests := []struct {
		lang report.Lang
		want []string
	}{
		{report.English, []string{"after the run date 2026-11-23", "2026-11-24 or later", "YYYY-MM-DD"}},
		{report.Dutch, []string{"na de peildatum 2026-11-23", "2026-11-24 of later", "JJJJ-MM-DD"}},
		{report.Swedish, []string{"efter körningsdatumet 2026-11-23", "2026-11-24 eller senare", "ÅÅÅÅ-MM-DD"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			f, _ := export(t, tt.lang)
			dvs, err := f.GetDataValidations(report.T(tt.lang, "sheet_review"))
			if err != nil {
				t.Fatal(err)
			}
			col, _ := excelize.ColumnNumberToName(column(t, "col_new_expiry"))
			var found *excelize.DataValidation
			for _, dv := range dvs {
				if strings.HasPrefix(dv.Sqref, col+"2:") {
					found = dv
				}
			}
			if found == nil {
				t.Fatalf("no validation on column %s", col)
			}
			// 46350 is 2026-11-24, the day after the run date.
			if found.Type != "date" || found.Formula1 != "46350" {
				t.Errorf("validation %s from %s, want a date from 46350 (2026-11-24)", found.Type, found.Formula1)
			}
			for _, msg := range []*string{found.Error, found.Prompt} {
				if msg == nil {
					t.Fatal("the validation has no message")
				}
				for _, w := range tt.want {
					if !strings.Contains(*msg, w) {
						t.Errorf("message %q lacks %q", *msg, w)
					}
				}
			}
		})
	}
}

// TestImportErrorColumns checks that an import error names the column at
// fault, by its header in the workbook's language, with the value written.
func TestImportErrorColumns(t *testing.T) {
	for _, lang := range []report.Lang{report.English, report.Dutch} {
		t.Run(string(lang), func(t *testing.T) {
			_, data := export(t, lang)
			data = fill(t, data, report.T(lang, "sheet_review"), map[string][]any{
				"A3": {report.T(lang, "decision_keep"), nil, "2026-11-23"}, // the run date itself: not after it
				"A5": {"maybe"},
			})
			_, _, err := review.Import(context.Background(), bytes.NewReader(data), "review.xlsx", fixture.Snapshot(), fixture.Report(), fixture.RunDate, ruleBookFor(t, fixture.Snapshot()))
			var ies syncaudit.InputErrors
			if !errors.As(err, &ies) {
				t.Fatalf("error = %v, want input errors", err)
			}
			got := map[string]string{}
			for _, e := range ies {
				var ie *syncaudit.InputError
				if errors.As(e, &ie) {
					got[ie.Column] = ie.Value
				}
			}
			want := map[string]string{report.T(lang, "col_new_expiry"): "2026-11-23", report.T(lang, "col_decision"): "maybe"}
			for col, v := range want {
				if got[col] != v {
					t.Errorf("errors by column = %q, want %q = %q", got, col, v)
				}
			}
			if _, blamed := got["account_id"]; blamed {
				t.Errorf("an error blames account_id: %v", err)
			}
		})
	}
}

// TestImportOtherFormats refuses a workbook saved as .ods, .xls or CSV with
// a message that says what it is and how to save it as .xlsx, whatever its
// name; and CheckWorkbookName refuses such names before anything is read.
func TestImportOtherFormats(t *testing.T) {
	var ods bytes.Buffer
	zw := zip.NewWriter(&ods)
	w, _ := zw.Create("mimetype")
	_, _ = w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	_, _ = w.Write([]byte("<office:document-content/>"))
	_ = zw.Close()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ods", ods.Bytes(), "OpenDocument spreadsheet (.ods)"},
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 500)...), "Excel 97-2003"},
		{"csv", []byte("account_id;Besluit\nA1;behouden\n"), "text file (CSV)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := review.Import(context.Background(), bytes.NewReader(tt.data), "review.xlsx", fixture.Snapshot(), fixture.Report(), fixture.RunDate, ruleBookFor(t, fixture.Snapshot()))
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "Excel 2007-365 (.xlsx)") {
				t.Errorf("error = %v, want an input error naming %q and how to save as .xlsx", err, tt.want)
			}
		})
	}
	for name, ok := range map[string]bool{"review.xlsx": true, "Review.XLSX": true, "r.csv": false, "r.ods": false, "r.xls": false, "review": false} {
		if err := review.CheckWorkbookName(name); (err == nil) != ok {
			t.Errorf("CheckWorkbookName(%q) = %v, want ok %v", name, err, ok)
		}
	}
}

// TestRowsPresenceOfSoftDeleted: the links of a soft-deleted account whose
// records left the export are absent, not present.
func TestRowsPresenceOfSoftDeleted(t *testing.T) {
	for _, r := range review.Rows(fixture.Snapshot(), fixture.Report(), fixture.RunDate) {
		switch r.AccountID {
		case "A5": // soft-deleted, las:1005 is in no export
			if len(r.Presence) != 1 || r.Presence[0].Present {
				t.Errorf("A5 presence = %+v, want las:1005 absent", r.Presence)
			}
		case "A1": // both records in the exports
			if len(r.Presence) != 2 || !r.Presence[0].Present || !r.Presence[1].Present {
				t.Errorf("A1 presence = %+v, want both present", r.Presence)
			}
		}
	}
}
