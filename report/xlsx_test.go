package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/fixture"
	"github.com/syncaudit/syncaudit/report"
)

// writeBook writes the fixture's workbook and opens it again.
func writeBook(tb testing.TB, x report.XLSX, rep *syncaudit.Report, snap *syncaudit.Snapshot) *excelize.File {
	tb.Helper()
	var buf bytes.Buffer
	if err := x.Write(context.Background(), &buf, rep, snap); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		tb.Fatalf("open written workbook: %v", err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}

// findRow returns the 1-based row of a sheet whose cells in col (1-based) and
// col2 equal want and want2, or 0.
func findRow(tb testing.TB, f *excelize.File, sheet string, col int, want string, col2 int, want2 string) int {
	tb.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatalf("GetRows(%s): %v", sheet, err)
	}
	for i, r := range rows {
		if len(r) >= max(col, col2) && r[col-1] == want && r[col2-1] == want2 {
			return i + 1
		}
	}
	return 0
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func TestXLSXSheetsPerLanguage(t *testing.T) {
	tests := []struct {
		lang report.Lang
		want []string
	}{
		{report.English, []string{"Summary", "Actions", "Findings", "Exception list", "Field ownership", "Rules"}},
		{report.Dutch, []string{"Samenvatting", "Acties", "Bevindingen", "Importuitzonderingen", "Veldeigenaarschap", "Regels"}},
		{"", []string{"Samenvatting", "Acties", "Bevindingen", "Importuitzonderingen", "Veldeigenaarschap", "Regels"}}, // the run's language
		{report.Swedish, []string{"Sammanfattning", "Åtgärder", "Iakttagelser", "Undantagslista", "Fältägarskap", "Regler"}},
	}
	for _, tt := range tests {
		t.Run("lang="+string(tt.lang), func(t *testing.T) {
			f := writeBook(t, report.XLSX{Lang: tt.lang}, fixture.Report(), fixture.Snapshot())
			if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sheets = %q, want %q", got, tt.want)
			}
			// An Excel table needs unique header cells.
			for _, sheet := range tt.want[1:] {
				rows, _ := f.GetRows(sheet)
				seen := map[string]bool{}
				for _, h := range rows[0] {
					if h == "" || seen[h] {
						t.Errorf("sheet %s: header %q empty or twice", sheet, h)
					}
					seen[h] = true
				}
			}
		})
	}
}

func TestXLSXHeaders(t *testing.T) {
	f := writeBook(t, report.XLSX{Lang: report.English}, fixture.Report(), fixture.Snapshot())
	tests := []struct {
		sheet string
		want  []string
	}{
		{"Actions", []string{"Kind", "State", "Skipped by", "Rule", "Account", "Username"}},
		{"Findings", []string{"Severity", "Rule", "Account", "Username", "School", "Source", "Source id", "Message", "Fix"}},
		{"Field ownership", []string{"account_id", "Username", "School", "Status", "First name", "Name prefix", "Last name", "E-mail", "Rules", "Locked by", "Differs from the owner (platform → owner)"}},
		{"Exception list", []string{"account_id", "Username", "Name", "School", "Status", "Reason"}},
		{"Rules", []string{"Id", "Severity", "Title", "Description", "Seed"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			for i, want := range tt.want {
				got, err := f.GetCellValue(tt.sheet, cell(i+1, 1))
				if err != nil || got != want {
					t.Errorf("header %s = %q (%v), want %q", cell(i+1, 1), got, err, want)
				}
			}
			tables, err := f.GetTables(tt.sheet)
			if err != nil || len(tables) != 1 {
				t.Fatalf("tables on %s = %d (%v), want 1 with filters", tt.sheet, len(tables), err)
			}
			if !strings.HasPrefix(tables[0].Range, "A1:") {
				t.Errorf("table range = %s, want from A1", tables[0].Range)
			}
			panes, err := f.GetPanes(tt.sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
			}
		})
	}
}

func TestXLSXKnownFinding(t *testing.T) {
	for _, lang := range []report.Lang{report.English, report.Dutch} {
		t.Run(string(lang), func(t *testing.T) {
			f := writeBook(t, report.XLSX{Lang: lang}, fixture.Report(), fixture.Snapshot())
			sheet := report.T(lang, "sheet_findings")
			row := findRow(t, f, sheet, 2, "E2", 3, "A4")
			if row == 0 {
				t.Fatalf("no row with rule E2 for A4 on %s", sheet)
			}
			// The rule named no school: the account's school is shown.
			want := []string{report.T(lang, "deny"), "E2", "A4", "gast@delinde.nl", "12AB", "", "", "manual account A4 is on the exception list", "remove the entry"}
			for i, w := range want {
				if got, _ := f.GetCellValue(sheet, cell(i+1, row)); got != w {
					t.Errorf("%s = %q, want %q", cell(i+1, row), got, w)
				}
			}
			cfs, err := f.GetConditionalFormats(sheet)
			if err != nil || len(cfs) == 0 {
				t.Fatalf("conditional formats on %s = %v (%v), want severity colours", sheet, cfs, err)
			}
			var values []string
			for ref, opts := range cfs {
				if !strings.HasPrefix(ref, "A2:A") {
					t.Errorf("conditional format on %s, want the severity column A", ref)
				}
				for _, o := range opts {
					values = append(values, o.Value)
				}
			}
			if wantV := `"` + report.T(lang, "deny") + `"`; !contains(values, wantV) {
				t.Errorf("conditional format values %q lack %s", values, wantV)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestXLSXDatesAreDates(t *testing.T) {
	f := writeBook(t, report.XLSX{Lang: report.English}, fixture.Report(), fixture.Snapshot())
	row := findRow(t, f, "Exception list", 1, "A3", 1, "A3")
	if row == 0 {
		t.Fatal("no row for A3 on the exception sheet")
	}
	addedAt := cell(8, row)
	if h, _ := f.GetCellValue("Exception list", cell(8, 1)); h != "Added on" {
		t.Fatalf("column 8 header = %q, want Added on", h)
	}
	typ, err := f.GetCellType("Exception list", addedAt)
	if err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber && typ != excelize.CellTypeDate {
		t.Errorf("cell type of %s = %v (%v), want a number (a date serial)", addedAt, typ, err)
	}
	raw, _ := f.GetCellValue("Exception list", addedAt, excelize.Options{RawCellValue: true})
	if raw != "46032" {
		t.Errorf("raw %s = %q, want the serial 46032 of 2026-01-10", addedAt, raw)
	}
	if got, _ := f.GetCellValue("Exception list", addedAt); got != "2026-01-10" {
		t.Errorf("formatted %s = %q, want 2026-01-10", addedAt, got)
	}
	// The summary's run date is a date too.
	if raw, _ := f.GetCellValue("Summary", "B5", excelize.Options{RawCellValue: true}); raw != "46349" {
		t.Errorf("summary run date raw = %q, want 46349 (2026-11-23)", raw)
	}
}

// quotePrefixed reports whether a cell's format carries the quote prefix.
func quotePrefixed(tb testing.TB, f *excelize.File, sheet, ref string) bool {
	tb.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		tb.Fatal(err)
	}
	xf := f.Styles.CellXfs.Xf[id]
	return xf.QuotePrefix != nil && *xf.QuotePrefix
}

func TestXLSXFormulaInjection(t *testing.T) {
	rep := fixture.Report()
	rep.Actions[1].Reason = "+31 6 1234 5678 asked for it"
	rep.Findings[0].Message = "-1 days"
	f := writeBook(t, report.XLSX{Lang: report.English}, rep, fixture.Snapshot())
	tests := []struct {
		sheet      string
		key1       int
		want1      string
		key2       int
		want2      string
		col        int
		want       string
		wantQuoted bool
	}{
		{"Exception list", 1, "A4", 1, "A4", 7, "=cmd|' /C calc'!A0", true},
		{"Exception list", 1, "A1", 1, "A1", 7, "p.devries", false},
		{"Actions", 5, "A1", 8, "Last name", 15, "+31 6 1234 5678 asked for it", true},
		{"Findings", 2, "E2", 3, "A4", 8, "-1 days", true},
		{"Field ownership", 1, "A2", 1, "A2", 2, "tim.bakker@delinde.nl", false},
	}
	for _, tt := range tests {
		t.Run(tt.sheet+"/"+tt.want1, func(t *testing.T) {
			row := findRow(t, f, tt.sheet, tt.key1, tt.want1, tt.key2, tt.want2)
			if row == 0 {
				t.Fatalf("no row for %s/%s", tt.want1, tt.want2)
			}
			ref := cell(tt.col, row)
			formula, err := f.GetCellFormula(tt.sheet, ref)
			if err != nil || formula != "" {
				t.Errorf("formula of %s = %q (%v), want none", ref, formula, err)
			}
			typ, _ := f.GetCellType(tt.sheet, ref)
			if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("cell type of %s = %v, want a string", ref, typ)
			}
			// The value is kept as it was; the cell's quote prefix keeps it text.
			if got, _ := f.GetCellValue(tt.sheet, ref); got != tt.want {
				t.Errorf("%s = %q, want %q", ref, got, tt.want)
			}
			if got := quotePrefixed(t, f, tt.sheet, ref); got != tt.wantQuoted {
				t.Errorf("quote prefix of %s = %v, want %v", ref, got, tt.wantQuoted)
			}
		})
	}
}

func TestXLSXOwnership(t *testing.T) {
	f := writeBook(t, report.XLSX{Lang: report.English}, fixture.Report(), fixture.Snapshot())
	tests := []struct {
		account string
		want    []string // owner of first name, name prefix, last name, e-mail; rules; locked by; differs
	}{
		// hr and las both lock the names, hr leads (S4); only hr locks e-mail (L1).
		{"A1", []string{"hr", "hr", "hr", "hr", "S4, L1",
			"First name: hr, las; Name prefix: hr, las; Last name: hr, las; E-mail: hr",
			`Last name: "Jansen" → "Janssen"; E-mail: "jan.jansen@delinde.nl" → "jan.janssen@delinde.nl"`}},
		{"A2", []string{"las", "las", "las", "", "L1", "First name: las; Name prefix: las; Last name: las", ""}},
		// absent and on the list: the platform owns it (L5).
		{"A3", []string{"platform", "platform", "platform", "platform", "L5", "First name: hr; Name prefix: hr; Last name: hr; E-mail: hr", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.account, func(t *testing.T) {
			row := findRow(t, f, "Field ownership", 1, tt.account, 3, "12AB")
			if row == 0 {
				t.Fatalf("no ownership row for %s at 12AB", tt.account)
			}
			got := make([]string, len(tt.want))
			for i := range got {
				got[i], _ = f.GetCellValue("Field ownership", cell(5+i, row))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("row = %q\nwant    %q", got, tt.want)
			}
		})
	}
	if row := findRow(t, f, "Field ownership", 1, "A4", 1, "A4"); row != 0 {
		t.Errorf("manual account A4 has ownership row %d, want none (no locked fields)", row)
	}
	rows, _ := f.GetRows("Field ownership")
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if seen[r[0]] {
			t.Errorf("account %s has more than one row", r[0])
		}
		seen[r[0]] = true
	}
}

func TestXLSXSpillOver(t *testing.T) {
	rep := fixture.Report()
	for i := 0; i < 6; i++ { // 5 + 6 = 11 actions
		rep.Actions = append(rep.Actions, syncaudit.Action{Kind: syncaudit.SoftDelete, Account: fmt.Sprintf("X%d", i), Rule: "D3", State: syncaudit.Planned})
	}
	rep.Summarise(5)
	f := writeBook(t, report.XLSX{Lang: report.English, MaxRows: 5}, rep, fixture.Snapshot())
	for _, tt := range []struct {
		sheet string
		rows  int
	}{{"Actions", 5}, {"Actions 2", 5}, {"Actions 3", 4}, {"Findings", 5}, {"Findings 2", 5}, {"Findings 3", 2}} {
		rows, err := f.GetRows(tt.sheet)
		if err != nil {
			t.Errorf("sheet %s: %v", tt.sheet, err)
			continue
		}
		if len(rows) != tt.rows {
			t.Errorf("sheet %s has %d rows, want %d", tt.sheet, len(rows), tt.rows)
		}
		if len(rows) > 0 && rows[0][0] == "" {
			t.Errorf("sheet %s has no header", tt.sheet)
		}
	}
	rows, _ := f.GetRows("Summary")
	var notes []string
	for _, r := range rows {
		if len(r) >= 3 && (strings.HasPrefix(r[2], "sheet Actions") || strings.HasPrefix(r[2], "sheet Findings")) {
			notes = append(notes, r[2])
		}
	}
	want := []string{
		"sheet Actions is full; the rows continue on sheet Actions 2 (at most 5 rows per sheet)",
		"sheet Actions 2 is full; the rows continue on sheet Actions 3 (at most 5 rows per sheet)",
		"sheet Findings is full; the rows continue on sheet Findings 2 (at most 5 rows per sheet)",
		"sheet Findings 2 is full; the rows continue on sheet Findings 3 (at most 5 rows per sheet)",
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("summary notes =\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

func TestXLSXSummary(t *testing.T) {
	f := writeBook(t, report.XLSX{Lang: report.English}, fixture.Report(), fixture.Snapshot())
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	find := func(first string) []string {
		for _, r := range rows {
			if len(r) > 0 && r[0] == first {
				return r
			}
		}
		return nil
	}
	tests := []struct {
		first string
		want  []string
	}{
		{"Tenant", []string{"Tenant", "Stichting De Linde (de-linde)"}},
		{"update", []string{"update", "2", "0", "2"}},
		{"create", []string{"create", "0", "1", "1"}},
		{"deny", []string{"deny", "4"}},
		{"Actions", []string{"Actions", "5"}},
		// Outcomes whose rule named no school count at their account's school.
		{"12AB", []string{"12AB", "OBS De Regenboog", "4", "4", "0", "3", "3", "2"}},
		// A9 is not in the target: its E3 finding has no school to go to.
		{"(no school known)", []string{"(no school known)", "", "0", "0", "0", "1", "0", "0"}},
		{"34CD", []string{"34CD", "CBS Het Anker", "0", "0", "1", "0", "0", "0"}},
	}
	for _, tt := range tests {
		got := find(tt.first)
		if len(got) > len(tt.want) {
			got = got[:len(tt.want)]
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("summary row %s = %q, want %q", tt.first, got, tt.want)
		}
	}
	if tables, err := f.GetTables("Summary"); err != nil || len(tables) != 1 {
		t.Errorf("summary tables = %v (%v), want the school table", tables, err)
	}
}

func TestXLSXChart(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, fixture.Report(), fixture.Snapshot(), report.English); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			return
		}
	}
	t.Error("the workbook has no chart")
}

func TestXLSXWithoutSnapshot(t *testing.T) {
	f := writeBook(t, report.XLSX{Lang: report.English}, fixture.Report(), nil)
	if row := findRow(t, f, "Findings", 2, "E2", 3, "A4"); row == 0 {
		t.Error("no E2 finding for A4 without a snapshot")
	}
	for _, sheet := range []string{"Exception list", "Field ownership"} {
		if rows, _ := f.GetRows(sheet); len(rows) != 1 {
			t.Errorf("sheet %s has %d rows without a snapshot, want the header only", sheet, len(rows))
		}
	}
}

// TestXLSXGuardsOff: the summary sheet, the workbook's first, names a guard
// that disabled_rules switches off.
func TestXLSXGuardsOff(t *testing.T) {
	rep := fixture.Report()
	rep.Run.DisabledRules = []string{"D10", "E7"}
	f := writeBook(t, report.XLSX{Lang: report.English}, rep, fixture.Snapshot())
	if row := findRow(t, f, "Summary", 1, "GUARDS SWITCHED OFF (the tenant's disabled_rules)", 2, "D10"); row == 0 {
		rows, _ := f.GetRows("Summary")
		t.Errorf("the summary sheet does not name the guard D10 switched off: %q", rows[:12])
	}
}
