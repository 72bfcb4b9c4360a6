package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

const deLinde = "../../samples/de-linde"

// fillReview opens an exported review workbook and sets decisions:
// account -> decision, new reason, new expiry, reviewer ("" leaves a cell).
func fillReview(tb testing.TB, path, sheet string, edits map[string][4]string) {
	tb.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	col := map[string]int{}
	for i, k := range report.ReviewColumns {
		col[k] = i + 1
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatal(err)
	}
	for account, vals := range edits {
		row := 0
		for i, r := range rows {
			if len(r) > 0 && r[0] == account {
				row = i + 1
				break
			}
		}
		if row == 0 {
			tb.Fatalf("no review row for %s", account)
		}
		for i, key := range report.ReviewInputColumns {
			if vals[i] == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(col[key], row)
			if err := f.SetCellValue(sheet, ref, vals[i]); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		tb.Fatal(err)
	}
}

func TestReviewRoundTripCLI(t *testing.T) {
	if _, err := os.Stat(deLinde); err != nil {
		t.Skipf("sample snapshot %s not here: %v", deLinde, err)
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "review.xlsx")
	code, stdout, stderr := runCLI(t, "review", "export", "--snapshot", deLinde, "--out", book, "--lang", "en")
	if code != 0 {
		t.Fatalf("export exit code = %d\nstderr: %s", code, stderr)
	}
	if !strings.Contains(stdout, "13 exception entries") {
		t.Errorf("export stdout = %q, want the count of entries", stdout)
	}
	fillReview(t, book, "Review", map[string][4]string{
		"A1915": {"delete", "", "", "m.kuipers"},                                     // absent, on the list: L5 allows it
		"A1916": {"delete", "", "", "m.kuipers"},                                     // offered by hr and las: L4 refuses
		"A1918": {"keep", "Zwangerschapsverlof verlengd", "2027-02-28", "m.kuipers"}, // new expiry (E10)
		"A1877": {"remove", "", "", "m.kuipers"},                                     // not in the target (E3)
		"A1913": {"keep", "", "", "m.kuipers"},                                       // no reason at all (E4)
	})
	plan := filepath.Join(dir, "plan.json")
	// The workbook first, flags after it, as the contract writes it.
	code, stdout, stderr = runCLI(t, "review", "import", book, "--snapshot", deLinde, "--out", plan)
	if code != 0 {
		t.Fatalf("import exit code = %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "13 rows read: 1 kept, 1 removed, 1 deleted, 8 left blank; 2 not taken") {
		t.Errorf("import stdout = %q", stdout)
	}
	for _, want := range []string{
		"row 11 (A1916): the review decides to delete Maarten Kok (m.kok@delinde.nl), but the account is managed by hr:E-1066, las:T0252 and offered there: it cannot be deleted by hand in the target",
		"row 4 (A1913): the review keeps Femke Willems (f.willems@delinde.nl) on the exception list without a reason",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	var rep syncaudit.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range rep.Actions {
		got = append(got, string(a.Kind)+" "+a.Account+" "+a.To+" "+string(a.ExpiresAt))
	}
	want := []string{
		"remove_exception A1877  ",
		"delete_account A1915  ",
		"set_exception_reason A1918 Zwangerschapsverlof verlengd 2027-02-28",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan actions =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Schema != syncaudit.ReportSchema || rep.Run.Tenant != "de-linde" || rep.Run.RunDate != "2026-11-23" || len(rep.Run.Inputs) == 0 || rep.Run.PolicyDigest == "" {
		t.Errorf("plan run = %+v, want the snapshot's inputs and policy digest", rep.Run)
	}
	var rules []string
	for _, f := range rep.Findings {
		rules = append(rules, f.Rule+" "+f.Account)
	}
	if got := strings.Join(rules, ","); got != "E4 A1913,L4 A1916" {
		t.Errorf("plan findings = %s, want the refused rows E4 A1913,L4 A1916", got)
	}

	// apply carries the decisions out, the remove of A1877's entry (its
	// account is gone) included, and the next check shows they took effect.
	next := filepath.Join(dir, "next")
	code, stdout, stderr = runCLI(t, "apply", "--snapshot", deLinde, "--plan", plan, "--out", next)
	if code != 0 {
		t.Fatalf("apply exit code = %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	journal, err := os.ReadFile(filepath.Join(next, "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `"why":"account A1877 is not in the target export, so its entry should not exist (E3): the entry is removed"`; !strings.Contains(string(journal), want) {
		t.Errorf("journal lacks %s:\n%s", want, journal)
	}
	out := filepath.Join(dir, "out-next")
	if code, _, stderr = runCLI(t, "check", "--snapshot", next, "--out", out, "--fail-on", "never", "--format", "json"); code != 0 {
		t.Fatalf("check of the next snapshot: exit %d: %s", code, stderr)
	}
	data, err = os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var again syncaudit.Report
	if err := json.Unmarshal(data, &again); err != nil {
		t.Fatal(err)
	}
	for _, f := range again.Findings {
		switch {
		case f.Account == "A1877":
			t.Errorf("after apply, A1877 still has a finding: %s %s", f.Rule, f.Message)
		case f.Account == "A1915":
			t.Errorf("after apply, the deleted A1915 still has a finding: %s %s", f.Rule, f.Message)
		case f.Account == "A1918" && (f.Rule == "E5" || f.Rule == "E10"):
			t.Errorf("after apply, the kept A1918 is still %s: %s", f.Rule, f.Message)
		}
	}
}

func TestReviewImportUntrusted(t *testing.T) {
	if _, err := os.Stat(deLinde); err != nil {
		t.Skipf("sample snapshot %s not here: %v", deLinde, err)
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "review.xlsx")
	if code, _, stderr := runCLI(t, "review", "export", "--snapshot", deLinde, "--out", book); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	fillReview(t, book, "Beoordeling", map[string][4]string{
		"A1915": {"misschien"},
	})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"only a bad decision", []string{"review", "import", book, "--snapshot", deLinde, "--out", filepath.Join(dir, "plan.json")},
			`review.xlsx:`},
		{"no workbook", []string{"review", "import", "--snapshot", deLinde, "--out", filepath.Join(dir, "plan.json")},
			"give the review workbook"},
		{"no --out", []string{"review", "import", book, "--snapshot", deLinde}, "--out is required"},
		{"missing file", []string{"review", "import", filepath.Join(dir, "nope.xlsx"), "--snapshot", deLinde, "--out", filepath.Join(dir, "plan.json")},
			"review import expects the review workbook (.xlsx) that review export wrote, but it does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit code %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "plan.json")); err == nil {
				t.Error("plan.json was written")
			}
		})
	}
	code, _, stderr := runCLI(t, tests[0].args...)
	if code != 2 || !strings.Contains(stderr, `the decision "misschien" is not one of behouden, van lijst halen, account verwijderen, keep, remove, delete`) {
		t.Errorf("exit %d, stderr %q: want the row's message", code, stderr)
	}
}

// TestReviewOtherFormats: review export refuses to write a workbook under a
// .csv or .ods name, and review import refuses a .ods file, each with what
// to do instead; nothing is written.
func TestReviewOtherFormats(t *testing.T) {
	if _, err := os.Stat(deLinde); err != nil {
		t.Skipf("sample snapshot %s not here: %v", deLinde, err)
	}
	dir := t.TempDir()
	ods := filepath.Join(dir, "review.ods")
	if err := os.WriteFile(ods, []byte("PK\x03\x04 not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		want  string
		wrote string
	}{
		{"export to .csv", []string{"review", "export", "--snapshot", deLinde, "--out", filepath.Join(dir, "r.csv")},
			"give a name ending in .xlsx", filepath.Join(dir, "r.csv")},
		{"export to .ods", []string{"review", "export", "--snapshot", deLinde, "--out", filepath.Join(dir, "r.ods")},
			"OpenDocument spreadsheet (.ods)", filepath.Join(dir, "r.ods")},
		{"import an .ods", []string{"review", "import", ods, "--snapshot", deLinde, "--out", filepath.Join(dir, "plan.json")},
			`Excel 2007-365 (.xlsx)`, filepath.Join(dir, "plan.json")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit code %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(tt.wrote); err == nil {
				t.Errorf("%s was written", tt.wrote)
			}
		})
	}
}
