package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

func TestCheckExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		policies []string
		failOn   string
		want     int
	}{
		{"clean, fail on deny", nil, "deny", 0},
		{"clean, fail on warn", nil, "warn", 0},
		{"warn, fail on deny", []string{"warn"}, "deny", 0},
		{"warn, fail on warn", []string{"warn"}, "warn", 1},
		{"warn, fail never", []string{"warn"}, "never", 0},
		{"deny, fail on deny", []string{"deny"}, "deny", 1},
		{"deny, fail on warn", []string{"deny"}, "warn", 1},
		{"deny, fail never", []string{"deny"}, "never", 0},
		{"deny and warn, default fail-on", []string{"warn", "deny"}, "", 1},
		{"broken policy", []string{"broken"}, "deny", 2},
		{"unknown fail-on", nil, "sometimes", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"check", "--snapshot", "testdata/clean", "--out", out, "--format", "json"}
			if tt.failOn != "" {
				args = append(args, "--fail-on", tt.failOn)
			}
			for _, p := range tt.policies {
				args = append(args, "--policies", filepath.Join("testdata/policies", p))
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.want {
				t.Fatalf("exit code = %d, want %d\nstderr: %s\nstdout: %.2000s", code, tt.want, stderr, stdout)
			}
			_, statErr := os.Stat(filepath.Join(out, "report.json"))
			if wrote := statErr == nil; wrote != (tt.want != 2) {
				t.Errorf("report.json written = %v with exit code %d", wrote, code)
			}
			if tt.want == 2 && stderr == "" {
				t.Error("exit code 2 without a message on stderr")
			}
		})
	}
}

func TestCheckOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "check", "--snapshot", "testdata/clean", "--out", out,
		"--policies", "testdata/policies/warn", "--workers", "2", "--lang", "nl")
	if code != 0 {
		t.Fatalf("exit code %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, "Peildatum:") || !strings.Contains(stdout, "a test warning") {
		t.Errorf("table output lacks the Dutch summary or the X1 warning:\n%s", stdout)
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep syncaudit.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	if rep.Run.Tenant != "clean" || rep.Run.Language != "nl" || rep.Run.PolicyDigest == "" || len(rep.Run.Inputs) == 0 {
		t.Errorf("run = %+v", rep.Run)
	}
	// A Dutch run: UTF-8 with a byte order mark and ";", as Dutch Excel expects.
	rows := readActionsCSV(t, filepath.Join(out, "actions.csv"), ';')
	if len(rows) != len(rep.Actions)+1 || rows[0][0] != "kind" {
		t.Errorf("actions.csv has %d rows, want header + %d actions", len(rows), len(rep.Actions))
	}
}

// readActionsCSV reads an actions.csv that starts with the UTF-8 byte order
// mark, with the given delimiter.
func readActionsCSV(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("%s does not start with the UTF-8 byte order mark", path)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s with %q: %v", path, comma, err)
	}
	return rows
}

func TestCheckCSVDelimiter(t *testing.T) {
	tests := []struct {
		args  []string
		comma rune
		code  int
	}{
		{[]string{"--lang", "en"}, ',', 0},
		{[]string{"--lang", "sv"}, ';', 0},
		{[]string{"--lang", "nl", "--csv-delimiter", ","}, ',', 0},
		{[]string{"--lang", "en", "--csv-delimiter", "tab"}, '\t', 0},
		{[]string{"--csv-delimiter", "|"}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"check", "--snapshot", "testdata/clean", "--out", out, "--no-pdf", "--no-xlsx"}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr %s", code, tt.code, stderr)
			}
			if tt.code != 0 {
				if !strings.Contains(stderr, "--csv-delimiter") {
					t.Errorf("stderr does not name the flag: %s", stderr)
				}
				return
			}
			rows := readActionsCSV(t, filepath.Join(out, "actions.csv"), tt.comma)
			if len(rows[0]) != 15 {
				t.Errorf("header has %d cells with %q, want 15: %q", len(rows[0]), tt.comma, rows[0])
			}
		})
	}
}

func TestCheckFormats(t *testing.T) {
	tests := []struct {
		format, want string
		code         int
	}{
		{"json", `"schema": "syncaudit.report/v1"`, 0},
		{"junit", `<testcase name="X1 Always warn" classname="syncaudit.X">`, 0},
		{"github", "::warning title=syncaudit X1::a test warning", 0},
		{"table", "a test warning", 0},
		{"yaml", "unknown format", 2},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "check", "--snapshot", "testdata/clean", "--out", filepath.Join(t.TempDir(), "out"),
				"--policies", "testdata/policies/warn", "--format", tt.format)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("exit %d (want %d); output lacks %q:\n%s%s", code, tt.code, tt.want, stdout, stderr)
			}
		})
	}
}

func TestCheckCompileErrorNamesFileAndLine(t *testing.T) {
	code, _, stderr := runCLI(t, "check", "--snapshot", "testdata/clean", "--out", filepath.Join(t.TempDir(), "out"),
		"--policies", "testdata/policies/broken")
	if code != 2 || !strings.Contains(stderr, "testdata/policies/broken/broken.rego:4") || !strings.Contains(stderr, "http.send") {
		t.Errorf("exit %d, stderr %q: want 2 naming broken.rego:4 and http.send", code, stderr)
	}
}

func TestPolicyList(t *testing.T) {
	code, stdout, stderr := runCLI(t, "policy", "list", "--policies", "testdata/policies/warn")
	if code != 0 || !strings.Contains(stdout, "X1") || !strings.Contains(stdout, "Always warn") || !strings.HasPrefix(stdout, "ID") {
		t.Errorf("policy list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "policy", "list", "--format", "json", "--policies", "testdata/policies/deny")
	var rules []syncaudit.Rule
	if err := json.Unmarshal([]byte(stdout), &rules); code != 0 || err != nil {
		t.Fatalf("policy list --format json: exit %d, %v", code, err)
	}
	if last := rules[len(rules)-1]; last.ID != "X2" || last.Severity != syncaudit.Deny || last.Title != "Always deny" {
		t.Errorf("last rule = %+v, want X2 deny Always deny", last)
	}
	if code, _, _ := runCLI(t, "policy", "list", "--format", "xml"); code != 2 {
		t.Errorf("policy list --format xml: exit %d, want 2", code)
	}
}

func TestPolicyTestVerb(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x_test.rego"), []byte("package syncaudit.rules.x_test\n\ntest_fails if {\n\t1 == 2\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "policy", "test", dir)
	if code == 0 || !strings.Contains(stdout, "test_fails") {
		t.Errorf("policy test with a failing test: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "policy", "test")
	if code != 0 {
		t.Errorf("policy test of the built-in rule book: exit %d\n%s%s", code, stdout, stderr)
	}
}
