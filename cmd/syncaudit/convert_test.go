package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/internal/testtree"
)

// realdata returns the path of a real public export in ../shared/realdata
// (seen from the repository root), or skips the test when it is absent.
func realdata(tb testing.TB, rel string) string {
	tb.Helper()
	return testtree.RealData(tb, rel)
}

func countLines(tb testing.TB, path string) int {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Count(string(data), "\n")
}

// TestConvertWritesTableDroppedAndTenant converts the real HR export with a
// school map: the table, OUT.dropped.json and a starter tenant.yaml are
// written, and the summary is printed.
func TestConvertWritesTableDroppedAndTenant(t *testing.T) {
	in := realdata(t, "hr-export/helloid-csv-demo")
	dir := writeFiles(t, map[string]string{"school-map.csv": "old,new\nEN,12AB\nEN_HR,34CD\n"})
	out := filepath.Join(dir, "snap", "sources", "hr.csv")
	tenant := filepath.Join(dir, "snap", "tenant.yaml")
	code, stdout, stderr := runCLI(t, "convert", "--from", "helloid", "--in", in, "--source", "hr", "--out", out,
		"--school-map", filepath.Join(dir, "school-map.csv"), "--tenant-out", tenant)
	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	if got := countLines(t, out); got != 34 {
		t.Errorf("%s has %d lines, want a header and 33 records", out, got)
	}
	var dropped struct {
		Records int            `json:"records"`
		Reasons map[string]int `json:"reasons"`
	}
	data, err := os.ReadFile(out + ".dropped.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &dropped); err != nil {
		t.Fatal(err)
	}
	if dropped.Records != 33 || dropped.Reasons["person blocked in HR"] != 2 {
		t.Errorf("dropped report = %+v, want 33 records and 2 blocked persons", dropped)
	}
	for _, want := range []string{"33 records written, 5 rows skipped", "skipped    2  person blocked in HR", "not carried over from T4E_HelloID_Contracts.csv: CostCentre (36)", "schools the school map does not list"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	tenantYAML, err := os.ReadFile(tenant)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"id: change-me", "structure: board", "- id: 12AB", "- id: 34CD", "name: Human resources"} {
		if !strings.Contains(string(tenantYAML), want) {
			t.Errorf("tenant.yaml lacks %q:\n%s", want, tenantYAML)
		}
	}
	// A second run never overwrites the tenant file a person may have edited.
	code, _, stderr = runCLI(t, "convert", "--from", "helloid", "--in", in, "--source", "hr", "--out", out, "--tenant-out", tenant)
	if code != 2 || !strings.Contains(stderr, "never overwrites") {
		t.Errorf("second run: exit %d, stderr %q; want 2 and a refusal", code, stderr)
	}
}

// TestConvertDocExamples runs the two worked examples of docs/convert.md on
// the real exports they were written for.
func TestConvertDocExamples(t *testing.T) {
	tests := []struct {
		name, in, mapping string
		rows              int
		first             string // the first data line written
	}{
		{"HR persons", "hr-export/helloid-csv-demo/T4E_HELLOID_Persons.csv", "hr-persons.mapping.yaml", 32,
			"AmirA,12AB,staff,Amir,,Atkinson,Amir.Atkinson@domain.local"},
		{"AD users", "directory-exports/kurobeats-ad-user-script/ADUsers.csv", "ad-accounts.mapping.yaml", 300,
			"danj,danj@cuvox.de,Dan,Jump,danj@cuvox.de,staff,active,12AB"},
		{"AD users, 1108", "directory-exports/drewmiranda-generate-test-ad-users/ADUsers.csv", "ad-accounts.mapping.yaml", 1100,
			"danj,danj@cuvox.de,Dan,Jump,danj@cuvox.de,staff,active,12AB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := realdata(t, tt.in)
			out := filepath.Join(t.TempDir(), "table.csv")
			code, stdout, stderr := runCLI(t, "convert", "--from", "csv", "--in", in, "--map", filepath.Join("..", "..", "docs", "examples", tt.mapping), "--out", out)
			if code != 0 {
				t.Fatalf("exit code = %d, stderr %q", code, stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines)-1 != tt.rows || lines[1] != tt.first {
				t.Errorf("wrote %d rows, first %q; want %d, %q\n%s", len(lines)-1, lines[1], tt.rows, tt.first, stdout)
			}
		})
	}
}

// TestConvertRefuses: a command line or export that cannot be used exits 2,
// says what and where, and writes nothing.
func TestConvertRefuses(t *testing.T) {
	minimal := realdata(t, "sds-v1/min-required")
	dir := t.TempDir()
	mapping := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(mapping, []byte("table: hr\ncolumns:\n  source_id: id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(dir, "gone")
	if err := os.MkdirAll(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gone, "users.csv"), []byte("sourcedId,status,givenName,familyName,role,orgSourcedIds\nu1,tobedeleted,Ann,Smit,student,o1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown format", []string{"--from", "xlsx", "--in", minimal, "--source", "sis"}, `unknown format "xlsx"`},
		{"csv without a mapping", []string{"--from", "csv", "--in", minimal, "--source", "sis"}, "needs --map"},
		{"a mapping for another format", []string{"--from", "sds", "--in", minimal, "--source", "sis", "--map", mapping}, "--map is for --from csv"},
		{"no source", []string{"--from", "sds", "--in", minimal}, "--source is required"},
		{"an unusable mapping", []string{"--from", "csv", "--in", minimal, "--map", mapping}, "m.yaml:3: column school: the hr table needs school"},
		{"an export without names", []string{"--from", "sds", "--in", minimal, "--source", "sis"}, "Student.csv:1: column First Name: the header has no First Name column"},
		{"an export whose rows give no records", []string{"--from", "oneroster", "--in", gone, "--source", "sis"}, "the export gave no records (1 rows skipped)"},
		{"an unknown date format", []string{"--from", "sds", "--in", minimal, "--source", "sis", "--date-format", "YYYY/DD/MM"}, `--date-format "YYYY/DD/MM": write MM/DD/YYYY`},
		{"a date format with a mapping", []string{"--from", "csv", "--in", minimal, "--map", mapping, "--date-format", "MM/DD/YYYY"}, "give the mapping's date column its date: format"},
		{"an output of unknown type", []string{"--from", "sds", "--in", minimal, "--source", "sis", "--out", filepath.Join(dir, "x.xlsx")}, "--out must end in .csv, .json or .jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.csv")
			args := append([]string{"convert"}, tt.args...)
			if !contains(tt.args, "--out") {
				args = append(args, "--out", out)
			}
			code, _, stderr := runCLI(t, args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
			if _, err := os.Stat(out + ".dropped.json"); err == nil {
				t.Errorf("%s.dropped.json was written", out)
			}
		})
	}
}

// TestConvertEmptyExport converts a well-formed export without a data row
// (a new school's OneRoster bundle, CRLF as written): empty tables and a
// note, exit 0.
func TestConvertEmptyExport(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"export/users.csv":       "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName\r\n",
		"export/orgs.csv":        "sourcedId,status,dateLastModified,name,type\r\n",
		"export/enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role\r\n",
	})
	out := filepath.Join(dir, "sis.csv")
	code, stdout, stderr := runCLI(t, "convert", "--from", "oneroster", "--in", filepath.Join(dir, "export"), "--source", "sis", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if n := countLines(t, out); n != 1 {
		t.Errorf("%s has %d lines, want the header only", out, n)
	}
	if !strings.Contains(stdout, "0 records written") || !strings.Contains(stdout, "the export holds no records") {
		t.Errorf("stdout = %q, want the note", stdout)
	}
	data, err := os.ReadFile(out + ".dropped.json")
	if err != nil || !strings.Contains(string(data), `"notes"`) {
		t.Errorf("dropped report = %s, %v; want the note", data, err)
	}
}

// TestConvertMappingWithFixedSchool: an AD export with only Name and a
// fixed school, from SQL Server (NULL for no value), through a mapping that
// splits the name; --tenant-out writes the fixed school.
func TestConvertMappingWithFixedSchool(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"ad.csv":  "\ufeff\"SamAccountName\",\"Name\",\"EmailAddress\"\r\n\"jberg\",\"Jan van der Berg\",\"NULL\"\r\n",
		"ad.yaml": "table: hr\nnull: [NULL]\ncolumns:\n  source_id: SamAccountName\n  school: {value: 12AB}\n  kind: {value: staff}\n  first_name: {column: Name, name: first}\n  name_prefix: {column: Name, name: prefix}\n  last_name: {column: Name, name: last}\n  email: EmailAddress\n",
	})
	out, tenant := filepath.Join(dir, "hr.csv"), filepath.Join(dir, "tenant.yaml")
	code, _, stderr := runCLI(t, "convert", "--from", "csv", "--in", filepath.Join(dir, "ad.csv"), "--map", filepath.Join(dir, "ad.yaml"), "--out", out, "--tenant-out", tenant)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	table, _ := os.ReadFile(out)
	if !strings.Contains(string(table), "jberg,12AB,staff,Jan,van der,Berg,") || strings.Contains(string(table), "NULL") {
		t.Errorf("table = %q, want Jan / van der / Berg and no NULL", table)
	}
	if data, err := os.ReadFile(tenant); err != nil || !strings.Contains(string(data), "12AB") {
		t.Errorf("tenant.yaml = %q, %v; want school 12AB", data, err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestConvertedExportsPassCheck puts real exports into a snapshot in the two
// ways docs/convert.md describes, and runs check on each: converted tables
// (convert --from csv), and the exports as they come with their mapping files
// beside them.
func TestConvertedExportsPassCheck(t *testing.T) {
	persons := realdata(t, "hr-export/helloid-csv-demo/T4E_HELLOID_Persons.csv")
	ad := realdata(t, "directory-exports/kurobeats-ad-user-script/ADUsers.csv")
	examples := filepath.Join("..", "..", "docs", "examples")
	tenant := "id: t\nname: De Regenboog\nstructure: eenpitter\nrun_date: 2026-11-23\nschools: [{id: 12AB, name: OBS De Regenboog, domain: regenboog.nl}]\n"

	converted := writeFiles(t, map[string]string{"tenant.yaml": tenant})
	for _, c := range [][]string{
		{persons, "hr-persons.mapping.yaml", "sources/hr.csv"},
		{ad, "ad-accounts.mapping.yaml", "target/accounts.csv"},
	} {
		if code, _, stderr := runCLI(t, "convert", "--from", "csv", "--in", c[0], "--map", filepath.Join(examples, c[1]), "--out", filepath.Join(converted, c[2])); code != 0 {
			t.Fatalf("convert %s: exit %d, %s", c[0], code, stderr)
		}
	}

	readText := func(src string) string {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	asTheyCome := writeFiles(t, map[string]string{
		"tenant.yaml":                  tenant,
		"sources/hr.csv":               readText(persons),
		"sources/hr.mapping.yaml":      readText(filepath.Join(examples, "hr-persons.mapping.yaml")),
		"target/accounts.csv":          readText(ad),
		"target/accounts.mapping.yaml": readText(filepath.Join(examples, "ad-accounts.mapping.yaml")),
	})

	for name, snap := range map[string]string{"converted": converted, "as they come": asTheyCome} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := runCLI(t, "check", "--snapshot", snap, "--out", out, "--fail-on", "never")
			if code != 0 {
				t.Fatalf("check: exit %d, %s", code, stderr)
			}
			var rep struct {
				Run struct {
					Inputs []struct {
						File    string `json:"file"`
						Records int    `json:"records"`
					} `json:"inputs"`
				} `json:"run"`
			}
			data, err := os.ReadFile(filepath.Join(out, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			records := map[string]int{}
			for _, in := range rep.Run.Inputs {
				records[in.File] = in.Records
			}
			if records["sources/hr.csv"] != 32 || records["target/accounts.csv"] != 300 {
				t.Errorf("inputs = %v, want 32 HR records and 300 accounts", records)
			}
		})
	}
}

// TestStarterTenantIsReadable: the tenant.yaml convert starts a snapshot with
// is one check reads, once the target's accounts are beside it.
func TestStarterTenantIsReadable(t *testing.T) {
	in := realdata(t, "oneroster-1.1/oat-sa_OneRosterv1p1BaseCSV")
	snap := writeFiles(t, map[string]string{
		"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,links\nA1,ionut@school.example,ionut,padurariu,active,ORG1,sis:user1\n",
		// The sample's two schools are one here: a starter tenant of two is a board, which needs its domain.
		"school-map.csv": "12345,ORG1\n54321,ORG1\n",
	})
	code, _, stderr := runCLI(t, "convert", "--from", "oneroster", "--in", in, "--source", "sis", "--school-map", filepath.Join(snap, "school-map.csv"),
		"--out", filepath.Join(snap, "sources", "sis.csv"), "--tenant-out", filepath.Join(snap, "tenant.yaml"))
	if code != 0 {
		t.Fatalf("convert: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "check", "--snapshot", snap, "--out", t.TempDir(), "--fail-on", "never"); code != 0 {
		t.Errorf("check on the starter tenant: exit %d, %s", code, stderr)
	}
}
