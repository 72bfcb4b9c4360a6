package review_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/fixture"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/review"
)

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// column returns the 1-based column of a review column key.
func column(tb testing.TB, key string) int {
	tb.Helper()
	for i, k := range report.ReviewColumns {
		if k == key {
			return i + 1
		}
	}
	tb.Fatalf("no review column %s", key)
	return 0
}

// export writes the fixture's review workbook in lang and opens it again.
func export(tb testing.TB, lang report.Lang) (*excelize.File, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	if err := review.Export(context.Background(), &buf, fixture.Snapshot(), fixture.Report(), lang, fixture.RunDate); err != nil {
		tb.Fatalf("Export: %v", err)
	}
	data := append([]byte(nil), buf.Bytes()...)
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		tb.Fatalf("open exported workbook: %v", err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f, data
}

// rowOf returns the review sheet row of an account.
func rowOf(tb testing.TB, f *excelize.File, sheet, account string) int {
	tb.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == account {
			return i + 1
		}
	}
	tb.Fatalf("no row for %s on %s", account, sheet)
	return 0
}

func TestRowsOrderAndRecommendation(t *testing.T) {
	// Whether a row is due (E5), expired (E10) or inactive (E6) is the
	// report's findings, not a count of days in Go.
	rows := review.Rows(fixture.Snapshot(), fixture.Report(), fixture.RunDate)
	want := []struct {
		account, rec   string
		invalid, stale bool
	}{
		{"A5", "rec_remove_soft_deleted", true, false}, // 114 days since review, but E5 is about active accounts
		{"A4", "rec_remove_manual", true, false},       // 53 days
		{"A9", "rec_remove_missing", true, false},      // 53 days
		{"A3", "rec_delete_inactive", false, true},     // absent, no login for 206 days
		{"A1", "rec_remove_idle", false, false},        // offered again
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		got := rows[i]
		if got.AccountID != w.account || got.RecommendationKey != w.rec || got.Invalid != w.invalid || got.Stale != w.stale {
			t.Errorf("row %d = %s %s invalid=%v stale=%v, want %s %s invalid=%v stale=%v",
				i, got.AccountID, got.RecommendationKey, got.Invalid, got.Stale, w.account, w.rec, w.invalid, w.stale)
		}
	}
	a3 := rows[3]
	if a3.HREndDate != "2026-06-30" || a3.DaysOnList != 317 || a3.DaysSinceReview != 317 || a3.LastLogin != "2026-05-01" {
		t.Errorf("A3 facts = end %s, on list %d, since review %d, login %s; want 2026-06-30, 317, 317, 2026-05-01",
			a3.HREndDate, a3.DaysOnList, a3.DaysSinceReview, a3.LastLogin)
	}
	if len(a3.Presence) != 1 || a3.Presence[0].Present {
		t.Errorf("A3 presence = %+v, want hr:E-3 absent", a3.Presence)
	}
	if len(rows[4].Presence) != 2 || !rows[4].Presence[0].Present {
		t.Errorf("A1 presence = %+v, want both links present", rows[4].Presence)
	}
}

func TestExportWorkbook(t *testing.T) {
	tests := []struct {
		lang                   report.Lang
		sheets                 []string
		decisionHeader, expiry string
		list                   string
	}{
		{report.English, []string{"Instructions", "Review"}, "Decision (keep / remove / delete)", "New expiry date", `"keep,remove,delete"`},
		{report.Dutch, []string{"Instructies", "Beoordeling"}, "Besluit (behouden / van lijst halen / account verwijderen)", "Nieuwe vervaldatum", `"behouden,van lijst halen,account verwijderen"`},
		{report.Swedish, []string{"Instruktioner", "Granskning"}, "Beslut (behåll / ta bort från listan / radera kontot)", "Nytt slutdatum", `"behåll,ta bort från listan,radera kontot"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			f, _ := export(t, tt.lang)
			var visible []string
			for _, s := range f.GetSheetList() {
				if v, _ := f.GetSheetVisible(s); v {
					visible = append(visible, s)
				}
			}
			if strings.Join(visible, "|") != strings.Join(tt.sheets, "|") {
				t.Errorf("visible sheets = %q, want %q", visible, tt.sheets)
			}
			sheet := tt.sheets[1]
			dec := column(t, "col_decision")
			header, _ := f.GetRows(sheet)
			seen := map[string]bool{}
			for _, h := range header[0] {
				if h == "" || seen[h] {
					t.Errorf("header %q empty or twice", h)
				}
				seen[h] = true
			}
			for ref, want := range map[string]string{
				"A1":                                 "account_id",
				cell(dec, 1):                         tt.decisionHeader,
				cell(column(t, "col_new_expiry"), 1): tt.expiry,
			} {
				if got, _ := f.GetCellValue(sheet, ref); got != want {
					t.Errorf("header %s = %q, want %q", ref, got, want)
				}
			}
			dvs, err := f.GetDataValidations(sheet)
			if err != nil {
				t.Fatal(err)
			}
			decCol, _ := excelize.ColumnNumberToName(dec)
			found := false
			for _, dv := range dvs {
				if strings.HasPrefix(dv.Sqref, decCol+"2:") && dv.Type == "list" {
					found = true
					if dv.Formula1 != tt.list {
						t.Errorf("drop-down list = %s, want %s", dv.Formula1, tt.list)
					}
				}
			}
			if !found {
				t.Errorf("no drop-down on column %s among %d validations", decCol, len(dvs))
			}
		})
	}
}

func TestExportCells(t *testing.T) {
	f, _ := export(t, report.English)
	sheet := "Review"
	rows, _ := f.GetRows(sheet)
	var order []string
	for _, r := range rows[1:] {
		order = append(order, r[0])
	}
	if got := strings.Join(order, ","); got != "A5,A4,A9,A3,A1" {
		t.Errorf("row order = %s, want the most urgent first: A5,A4,A9,A3,A1", got)
	}

	// A known finding in its row.
	a3 := rowOf(t, f, sheet, "A3")
	findings, _ := f.GetCellValue(sheet, cell(column(t, "col_findings"), a3))
	if !strings.Contains(findings, "E6 warn: A3 is protected while absent") {
		t.Errorf("A3 findings = %q, want the E6 finding", findings)
	}
	rec, _ := f.GetCellValue(sheet, cell(column(t, "col_recommendation"), a3))
	if want := "Delete the account, or remove the entry: it is absent from every source and nobody logged in for 206 days (E6)."; rec != want {
		t.Errorf("A3 recommendation = %q, want %q", rec, want)
	}

	// A date typed as a date.
	added := cell(column(t, "col_added_at"), a3)
	if raw, _ := f.GetCellValue(sheet, added, excelize.Options{RawCellValue: true}); raw != "46032" {
		t.Errorf("raw added_at of A3 = %q, want the date serial 46032", raw)
	}
	if got, _ := f.GetCellValue(sheet, added); got != "2026-01-10" {
		t.Errorf("shown added_at of A3 = %q, want 2026-01-10", got)
	}

	// The formula injection stays a string.
	a4 := rowOf(t, f, sheet, "A4")
	by := cell(column(t, "col_added_by"), a4)
	if fm, _ := f.GetCellFormula(sheet, by); fm != "" {
		t.Errorf("added_by of A4 has formula %q, want none", fm)
	}
	if typ, _ := f.GetCellType(sheet, by); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("added_by of A4 has type %v, want a string", typ)
	}
	// The value is as it was: the cell's quote prefix, not an apostrophe in
	// the text, keeps it text when a reviewer edits it.
	if got, _ := f.GetCellValue(sheet, by); got != "=cmd|' /C calc'!A0" {
		t.Errorf("added_by of A4 = %q, want the value as written", got)
	}
	if id, _ := f.GetCellStyle(sheet, by); f.Styles.CellXfs.Xf[id].QuotePrefix == nil || !*f.Styles.CellXfs.Xf[id].QuotePrefix {
		t.Errorf("added_by of A4 has no quote prefix")
	}

	// Invalid rows red, stale rows yellow, the rest plain.
	for _, tt := range []struct {
		account, fill string
	}{{"A4", "FFC7CE"}, {"A3", "FFEB9C"}, {"A1", ""}} {
		r := rowOf(t, f, sheet, tt.account)
		id, _ := f.GetCellStyle(sheet, cell(2, r))
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(st.Fill.Color) > 0 {
			got = strings.ToUpper(st.Fill.Color[0])
		}
		if got != tt.fill {
			t.Errorf("fill of %s = %q, want %q", tt.account, got, tt.fill)
		}
	}

	// The key column is hidden, the meta sheet very hidden.
	keyCol, _ := excelize.ColumnNumberToName(column(t, "col_key"))
	if v, _ := f.GetColVisible(sheet, keyCol); v {
		t.Errorf("key column %s is visible", keyCol)
	}
	if v, _ := f.GetSheetVisible(report.ReviewMetaSheet); v {
		t.Error("the meta sheet is visible")
	}
	if instr, _ := f.GetCellValue("Instructions", "A1"); instr != "Reviewing the exception list" {
		t.Errorf("instructions title = %q", instr)
	}
}

// fill sets decisions on an exported workbook: account -> decision, new
// reason, new expiry (a time.Time or a string), reviewer.
func fill(tb testing.TB, data []byte, sheet string, edits map[string][]any) []byte {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	cols := []int{column(tb, "col_decision"), column(tb, "col_new_reason"), column(tb, "col_new_expiry"), column(tb, "col_reviewer")}
	for account, vals := range edits {
		r := rowOf(tb, f, sheet, account)
		for i, v := range vals {
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, cell(cols[i], r), v); err != nil {
				tb.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		lang  report.Lang
		words [3]string
	}{
		{report.English, [3]string{"keep", "remove", "delete"}},
		{report.Dutch, [3]string{"behouden", "van lijst halen", "account verwijderen"}},
		{report.Swedish, [3]string{"Behåll", "remove", "radera kontot"}}, // English accepted, case ignored
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			_, data := export(t, tt.lang)
			sheet := report.T(tt.lang, "sheet_review")
			data = fill(t, data, sheet, map[string][]any{
				"A1": {tt.words[0], "mentor nieuwe collega", time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), "k.smit"},
				"A3": {tt.words[2], nil, nil, "k.smit"},
				"A5": {tt.words[1]},
				"A9": {tt.words[1], nil, nil, "k.smit"},
				// A4 left blank
			})
			plan, out, err := review.Import(context.Background(), bytes.NewReader(data), "review.xlsx", fixture.Snapshot(), fixture.Report(), fixture.RunDate, ruleBookFor(t, fixture.Snapshot()))
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if len(out.Problems) != 0 {
				t.Errorf("problems = %v, want none", out.Problems)
			}
			if out.Rows != 5 || out.Kept != 1 || out.Removed != 2 || out.Deleted != 1 || out.Blank != 1 {
				t.Errorf("outcome = %+v, want 5 rows: 1 kept, 2 removed, 1 deleted, 1 blank", out)
			}
			want := []syncaudit.Action{
				{Kind: syncaudit.SetExceptionReason, Account: "A1", Field: "reason", From: "stagiair", To: "mentor nieuwe collega", ExpiresAt: "2027-03-31", Rule: "E9", State: syncaudit.Planned},
				{Kind: syncaudit.DeleteAccount, Account: "A3", Rule: "E9", State: syncaudit.Planned},
				{Kind: syncaudit.RemoveException, Account: "A5", Rule: "E9", State: syncaudit.Planned},
				{Kind: syncaudit.RemoveException, Account: "A9", Rule: "E9", State: syncaudit.Planned},
			}
			if len(plan.Actions) != len(want) {
				t.Fatalf("plan has %d actions, want %d: %+v", len(plan.Actions), len(want), plan.Actions)
			}
			for i, w := range want {
				got := plan.Actions[i]
				got.Reason, got.Evidence, got.MessageID, got.Args = "", nil, "", nil
				if !reflect.DeepEqual(got, w) {
					t.Errorf("action %d = %+v, want %+v", i, got, w)
				}
			}
			if ev := plan.Actions[0].Evidence; ev["reviewed_at"] != "2026-11-23" || ev["reason"] != "mentor nieuwe collega" || ev["expires_at"] != "2027-03-31" || ev["reviewer"] != "k.smit" || ev["entry_line"] != "2" {
				t.Errorf("keep evidence = %v, want reviewed_at 2026-11-23, reviewer k.smit, entry_line 2", ev)
			}
			if plan.Schema != syncaudit.ReportSchema || plan.Run.Tenant != "de-linde" || len(plan.Run.Inputs) != 5 || plan.Run.Inputs[3].SHA256 != "dddd" {
				t.Errorf("plan header = %s %s %+v, want the snapshot's inputs", plan.Schema, plan.Run.Tenant, plan.Run.Inputs)
			}
			if plan.Summary.Actions[syncaudit.RemoveException] != 2 {
				t.Errorf("summary = %+v, want 2 remove_exception", plan.Summary)
			}
			if _, err := json.Marshal(plan); err != nil {
				t.Errorf("plan does not encode: %v", err)
			}
		})
	}
}

func TestImportRowProblems(t *testing.T) {
	_, data := export(t, report.English)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	sheet := "Review"
	dec := column(t, "col_decision")
	set := func(ref string, v any) {
		if err := f.SetCellValue(sheet, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	a1, a3, a4, a5, a9 := rowOf(t, f, sheet, "A1"), rowOf(t, f, sheet, "A3"), rowOf(t, f, sheet, "A4"), rowOf(t, f, sheet, "A5"), rowOf(t, f, sheet, "A9")
	set(cell(dec, a1), "delete") // present, source-managed: L4 refuses
	set(cell(1, a3), "A7")       // the account id changed
	set(cell(dec, a3), "remove") //
	set(cell(dec, a4), "keep")   // manual account: E2 refuses
	set(cell(dec, a5), "maybe")  // outside the list
	set(cell(dec, a9), "remove") // the entry left the snapshot (below)
	set(cell(1, 7), "A2")        // a row added by hand
	set(cell(dec, 7), "keep")    //
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	snap := fixture.Snapshot()
	snap.Exceptions = snap.Exceptions[:4] // A9's entry is gone
	_, out, err := review.Import(context.Background(), &buf, "review.xlsx", snap, fixture.Report(), fixture.RunDate, ruleBookFor(t, snap))
	var ies syncaudit.InputErrors
	if !errors.As(err, &ies) {
		t.Fatalf("Import error = %v, want input errors (nothing could be trusted)", err)
	}
	want := map[int]struct {
		kind review.ProblemKind
		rule string
		text string
	}{
		a1: {review.Refused, "L4", "it cannot be deleted by hand in the target"},
		a3: {review.Invalid, "E9", "the account_id was changed from A3 to \"A7\""},
		a4: {review.Refused, "E2", "but it is a manual account: only a source-managed account can be on the list (E2)"},
		a5: {review.Invalid, "E9", `the decision "maybe" is not one of keep, remove, delete`},
		a9: {review.Invalid, "E9", "no longer on the exception list in the snapshot"},
		7:  {review.Invalid, "E9", "this row was not in the exported workbook"},
	}
	if len(out.Problems) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(out.Problems), len(want), out.Problems)
	}
	for _, p := range out.Problems {
		w, ok := want[p.Row]
		if !ok {
			t.Errorf("unexpected problem %s", p)
			continue
		}
		if p.Kind != w.kind || p.Rule != w.rule || !strings.Contains(p.String(), w.text) {
			t.Errorf("row %d: got %s %s %q, want %s %s containing %q", p.Row, p.Kind, p.Rule, p.String(), w.kind, w.rule, w.text)
		}
	}
	if !strings.Contains(err.Error(), "review.xlsx:") {
		t.Errorf("error %q does not name the file and row", err)
	}
}

func TestImportPartlyValid(t *testing.T) {
	_, data := export(t, report.English)
	data = fill(t, data, "Review", map[string][]any{
		"A5": {"remove"},
		"A4": {"keep"},             // refused (E2)
		"A3": {"keep", "", "soon"}, // bad date
		"A1": {nil, "new reason"},  // no decision: ignored, counted blank
	})
	plan, out, err := review.Import(context.Background(), bytes.NewReader(data), "review.xlsx", fixture.Snapshot(), fixture.Report(), fixture.RunDate, ruleBookFor(t, fixture.Snapshot()))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if out.Removed != 1 || out.Blank != 2 || len(out.Problems) != 3 {
		t.Errorf("outcome = %+v, want 1 removed, 2 blank, 3 problems", out)
	}
	if len(plan.Actions) != 1 || plan.Actions[0].Kind != syncaudit.RemoveException {
		t.Errorf("plan actions = %+v, want the one remove_exception", plan.Actions)
	}
	var rules []string
	for _, f := range plan.Findings {
		rules = append(rules, f.Rule+"/"+string(f.Severity))
	}
	if got := strings.Join(rules, ","); got != "E2/warn,E10/warn,E9/warn" {
		t.Errorf("plan findings = %s, want E2/warn,E10/warn,E9/warn", got)
	}
}

func TestImportUntrusted(t *testing.T) {
	_, data := export(t, report.English)
	other := fixture.Snapshot()
	other.Tenant.ID = "het-anker"
	tests := []struct {
		name string
		data []byte
		snap *syncaudit.Snapshot
		want string
	}{
		{"other tenant", data, other, "the workbook is the review of tenant de-linde, the snapshot is tenant het-anker"},
		{"not a workbook", []byte("account_id,decision\nA1,keep\n"), fixture.Snapshot(), "cannot open the workbook"},
		{"not a review workbook", plainWorkbook(t), fixture.Snapshot(), "not a review workbook that syncaudit wrote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := review.Import(context.Background(), bytes.NewReader(tt.data), "review.xlsx", tt.snap, fixture.Report(), fixture.RunDate, ruleBookFor(t, tt.snap))
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want an input error containing %q", err, tt.want)
			}
		})
	}
}

func plainWorkbook(tb testing.TB) []byte {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	_ = f.SetCellValue("Sheet1", "A1", "account_id")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestEmptyList(t *testing.T) {
	snap := fixture.Snapshot()
	snap.Exceptions = nil
	var buf bytes.Buffer
	if err := review.Export(context.Background(), &buf, snap, fixture.Report(), report.English, fixture.RunDate); err != nil {
		t.Fatalf("Export: %v", err)
	}
	plan, out, err := review.Import(context.Background(), &buf, "review.xlsx", snap, fixture.Report(), fixture.RunDate, ruleBookFor(t, snap))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if out.Rows != 0 || len(out.Problems) != 0 || len(plan.Actions) != 0 {
		t.Errorf("outcome %+v with %d actions, want nothing at all", out, len(plan.Actions))
	}
}
