package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/internal/fixture"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

// checkedSample is a bundled sample snapshot and the report a check of it gives.
type checkedSample struct {
	snap *syncaudit.Snapshot
	rep  *syncaudit.Report
}

var (
	samplesOnce sync.Once
	samples     map[string]checkedSample
	samplesErr  error
)

// sample reads samples/<name> and checks it with the built-in rule book, once
// per test binary.
func sample(tb testing.TB, name string) (*syncaudit.Report, *syncaudit.Snapshot) {
	tb.Helper()
	samplesOnce.Do(func() {
		ctx := context.Background()
		engine, err := policies.Load(ctx, policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "test"}})
		if err != nil {
			samplesErr = err
			return
		}
		samples = map[string]checkedSample{}
		for _, n := range []string{"de-linde", "vallby-kommun"} {
			snap, err := ingest.ReadSnapshot(ctx, filepath.Join("..", "samples", n))
			if err != nil {
				samplesErr = err
				return
			}
			rep, err := engine.Check(ctx, snap, policies.CheckOptions{RunDate: snap.Tenant.RunDate})
			if err != nil {
				samplesErr = err
				return
			}
			samples[n] = checkedSample{snap: snap, rep: rep}
		}
	})
	if samplesErr != nil {
		tb.Fatalf("check the samples: %v", samplesErr)
	}
	s, ok := samples[name]
	if !ok {
		tb.Fatalf("no sample %s", name)
	}
	return s.rep, s.snap
}

// workbookBytes writes the workbook of rep and returns its bytes.
func workbookBytes(tb testing.TB, x report.XLSX, rep *syncaudit.Report, snap *syncaudit.Snapshot) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := x.Write(context.Background(), &buf, rep, snap); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

var (
	xmlFormula = regexp.MustCompile(`<(?:c:)?f(?:\s[^>]*)?>([^<]*)</(?:c:)?f>`)
	definedRef = regexp.MustCompile(`<definedName[^>]*>([^<]*)</definedName>`)
	// a sheet-qualified reference: 'Sheet'!$A$1, Sheet!A1:B2, 'Sheet'!$1:$1
	sheetRef = regexp.MustCompile(`('(?:[^']|'')+'|[\p{L}\p{N}_.]+)!(\$?[A-Z]*\$?[0-9]+(?::\$?[A-Z]*\$?[0-9]+)?)`)
	cellRef  = regexp.MustCompile(`^\$?([A-Z]*)\$?([0-9]+)$`)
)

// assertReferencesResolve checks every reference of a workbook, in chart
// series, cell formulas and defined names (print titles): it must be well
// formed, name a sheet the workbook has, and point at cells that hold a
// value (for a whole-row reference: a row with a value).
func assertReferencesResolve(t *testing.T, raw []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	refs := 0
	for _, zf := range z.File {
		var re *regexp.Regexp
		switch {
		case strings.HasPrefix(zf.Name, "xl/charts/"), strings.HasPrefix(zf.Name, "xl/worksheets/sheet"):
			re = xmlFormula
		case zf.Name == "xl/workbook.xml":
			re = definedRef
		default:
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range re.FindAllStringSubmatch(string(body), -1) {
			formula := html.UnescapeString(m[1])
			if strings.Contains(formula, "$$") {
				t.Errorf("%s: malformed reference %s", zf.Name, formula)
				continue
			}
			for _, r := range sheetRef.FindAllStringSubmatch(formula, -1) {
				refs++
				sheet := r[1]
				if strings.HasPrefix(sheet, "'") {
					sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
				}
				if !sheets[sheet] {
					t.Errorf("%s: %s names sheet %q, which the workbook lacks", zf.Name, formula, sheet)
					continue
				}
				checkRange(t, f, zf.Name, sheet, r[2])
			}
		}
	}
	if refs == 0 {
		t.Error("the workbook has no reference at all: the chart is missing")
	}
}

// checkRange checks that every cell of ref (A1:B3, or a row range $1:$1) on
// sheet holds a value.
func checkRange(t *testing.T, f *excelize.File, part, sheet, ref string) {
	t.Helper()
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		to = from
	}
	a, b := cellRef.FindStringSubmatch(from), cellRef.FindStringSubmatch(to)
	if a == nil || b == nil {
		t.Errorf("%s: reference %s!%s is not A1 style", part, sheet, ref)
		return
	}
	if a[1] == "" { // whole rows
		rows, _ := f.GetRows(sheet)
		for r := atoi(a[2]); r <= atoi(b[2]); r++ {
			if r > len(rows) || strings.Join(rows[r-1], "") == "" {
				t.Errorf("%s: %s!%s: row %d is empty", part, sheet, ref, r)
			}
		}
		return
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a[1] + a[2])
	c2, r2, err2 := excelize.CellNameToCoordinates(b[1] + b[2])
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
		t.Errorf("%s: reference %s!%s is not a range", part, sheet, ref)
		return
	}
	for c := c1; c <= c2; c++ {
		for r := r1; r <= r2; r++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			if v, _ := f.GetCellValue(sheet, name); v == "" {
				t.Errorf("%s: %s!%s: cell %s is empty", part, sheet, ref, name)
			}
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestXLSXReferencesResolve(t *testing.T) {
	tests := []struct {
		name string
		rep  func(t *testing.T) (*syncaudit.Report, *syncaudit.Snapshot)
		lang report.Lang
	}{
		{"fixture/en", func(*testing.T) (*syncaudit.Report, *syncaudit.Snapshot) { return fixture.Report(), fixture.Snapshot() }, report.English},
		{"de-linde/nl", func(t *testing.T) (*syncaudit.Report, *syncaudit.Snapshot) { return sample(t, "de-linde") }, report.Dutch},
		{"vallby-kommun/sv", func(t *testing.T) (*syncaudit.Report, *syncaudit.Snapshot) { return sample(t, "vallby-kommun") }, report.Swedish},
		{"de-linde/en", func(t *testing.T) (*syncaudit.Report, *syncaudit.Snapshot) { return sample(t, "de-linde") }, report.English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, snap := tt.rep(t)
			assertReferencesResolve(t, workbookBytes(t, report.XLSX{Lang: tt.lang}, rep, snap))
		})
	}
}

// TestXLSXChartSeries reads the per-school chart back: one series per
// severity, planned and skipped actions, each over the school rows.
func TestXLSXChartSeries(t *testing.T) {
	rep, snap := sample(t, "de-linde")
	raw := workbookBytes(t, report.XLSX{Lang: report.Dutch}, rep, snap)
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var chart string
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			chart = html.UnescapeString(string(b))
		}
	}
	if chart == "" {
		t.Fatal("no chart")
	}
	var names []string
	for _, m := range xmlFormula.FindAllStringSubmatch(chart, -1) {
		names = append(names, m[1])
	}
	// Per series: name, categories, values.
	if len(names) != 15 {
		t.Fatalf("chart references = %q, want 5 series of 3", names)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(raw))
	defer f.Close()
	var series []string
	for i := 0; i < len(names); i += 3 {
		_, c, _ := strings.Cut(names[i], "!")
		v, _ := f.GetCellValue("Samenvatting", strings.ReplaceAll(c, "$", ""))
		series = append(series, v)
	}
	want := []string{"blokkerend", "waarschuwing", "info", "gepland", "overgeslagen"}
	if strings.Join(series, "|") != strings.Join(want, "|") {
		t.Errorf("series = %q, want %q", series, want)
	}
}

// TestXLSXPrintSetup reads the print set-up back: every sheet A4 landscape,
// one page wide, and every data sheet repeats its header row.
func TestXLSXPrintSetup(t *testing.T) {
	rep, snap := sample(t, "vallby-kommun")
	raw := workbookBytes(t, report.XLSX{Lang: report.Swedish}, rep, snap)
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for i, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.Size == nil || *pl.Size != 9 {
			t.Errorf("sheet %s prints %v/%v/%v, want landscape, one page wide, A4", sheet, deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.Size))
		}
		props, _ := f.GetSheetProps(sheet)
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("sheet %s does not fit to the page", sheet)
		}
		if i == 0 {
			continue // the summary has no header row
		}
		if want := "'" + sheet + "'!$1:$1"; titles[sheet] != want {
			t.Errorf("sheet %s print titles = %q, want %q", sheet, titles[sheet], want)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
