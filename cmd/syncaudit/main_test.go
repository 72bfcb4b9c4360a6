package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/internal/testtree"
)

// writeFiles lays out files (path -> content) under a fresh folder.
func writeFiles(tb testing.TB, files map[string]string) string {
	tb.Helper()
	return testtree.Write(tb, tb.TempDir(), files)
}

// runCLI runs syncaudit with args and returns the exit code, stdout and stderr.
func runCLI(tb testing.TB, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"syncaudit"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

var tinySnapshot = map[string]string{
	"tenant.yaml":         "id: t\nstructure: eenpitter\nrun_date: 2026-11-23\nschools: [{id: 12AB, name: De Regenboog, domain: regenboog.nl}]\n",
	"sources/las.csv":     "source_id,school,kind,first_name,last_name,groups\n1001,12AB,student,Zoë,Berg,7A\n",
	"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,links\nA1,zoe@regenboog.nl,Zoë,Berg,active,12AB,las:1001\n",
}

// TestCheckOnBrokenSnapshotLeavesOutputUntouched: exit 2, the message names
// file, line and column, and a previous report in the output folder survives.
func TestCheckOnBrokenSnapshotLeavesOutputUntouched(t *testing.T) {
	broken := map[string]string{}
	for k, v := range tinySnapshot {
		broken[k] = v
	}
	broken["target/accounts.csv"] = "account_id,username,first_name,last_name,status,schools,links\nA1,zoe@regenboog.nl,Zoë,Berg,active,99ZZ,las:1001\n"
	snap := writeFiles(t, broken)
	out := writeFiles(t, map[string]string{"report.json": "previous report"})

	code, _, stderr := runCLI(t, "check", "--snapshot", snap, "--out", out)
	if code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	if want := `target/accounts.csv:2:6: column schools: the tenant does not list this school (value "99ZZ")`; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr, want)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("output folder holds %d entries, want only the previous report", len(entries))
	}
	if b, _ := os.ReadFile(filepath.Join(out, "report.json")); string(b) != "previous report" {
		t.Errorf("previous report was overwritten: %q", b)
	}
	if siblings, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*staging*")); len(siblings) != 0 {
		t.Errorf("staging folders left behind: %v", siblings)
	}
}

func TestCheckWritesReport(t *testing.T) {
	snap := writeFiles(t, tinySnapshot)
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "check", "--snapshot", snap, "--out", out, "--run-date", "2026-12-01")
	if code != 0 {
		t.Fatalf("exit code = %d, stderr %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"schema": "syncaudit.report/v1"`, `"run_date": "2026-12-01"`, `"file": "target/accounts.csv"`, `"structure": "single_school"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("report.json lacks %s", want)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing required flag", []string{"check", "--out", "x"}, "snapshot"},
		{"unknown flag", []string{"check", "--snapshot", "x", "--out", "y", "--colour"}, "colour"},
		{"bad run date", []string{"check", "--snapshot", "x", "--out", "y", "--run-date", "gisteren"}, "--run-date"},
		{"snapshot folder missing", []string{"check", "--snapshot", "/nonexistent/snap", "--out", "y"}, "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to mention %q", stderr, tt.want)
			}
		})
	}
}

func TestHelpListsEveryVerb(t *testing.T) {
	code, stdout, _ := runCLI(t, "--help")
	if code != 0 {
		t.Fatalf("exit code = %d", code)
	}
	for _, verb := range []string{"check", "apply", "review", "policy", "gen", "convert", "diff"} {
		if !strings.Contains(stdout, "   "+verb+" ") {
			t.Errorf("--help does not list %s:\n%s", verb, stdout)
		}
	}
}
