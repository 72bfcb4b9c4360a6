package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/fleet"
)

// TestCheckSnapshots checks three tenants in one run (one of them broken),
// then builds the same index from the report folders with syncaudit index.
func TestCheckSnapshots(t *testing.T) {
	root := t.TempDir()
	snaps := filepath.Join(root, "snaps")
	for _, g := range []struct{ folder, structure string }{{"alpha", "board"}, {"beta", "multi_domain"}} {
		if code, _, stderr := runCLI(t, "gen", "--accounts", "300", "--structure", g.structure, "--out", filepath.Join(snaps, g.folder)); code != 0 {
			t.Fatalf("gen %s: exit %d: %s", g.folder, code, stderr)
		}
	}
	broken := filepath.Join(snaps, "gamma")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "tenant.yaml"), []byte("id: gamma\nstructure: campus\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")

	code, stdout, stderr := runCLI(t, "check", "--snapshots", snaps, "--out", out, "--fail-on", "never")
	if code != 2 {
		t.Errorf("exit code = %d, want 2 (one tenant cannot be checked); stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "1 of 3 tenants could not be checked") {
		t.Errorf("stderr = %q, want the count of failed tenants", stderr)
	}
	for _, want := range []string{"gamma", "alpha", "beta", "total"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"alpha/report.json", "alpha/actions.csv", "alpha/report.xlsx", "beta/report.json", "index.json", "index.xlsx"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	var idx fleet.Index
	b, _ := os.ReadFile(filepath.Join(out, "index.json"))
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	if len(idx.Tenants) != 3 || idx.Tenants[0].Folder != "gamma" || idx.Tenants[0].Error == "" {
		t.Errorf("index: got %+v, want gamma first with its error", idx.Tenants)
	}

	// The same index from the report folders, as after separate jobs.
	code, _, stderr = runCLI(t, "index", "--reports", out, "--out", filepath.Join(root, "index.json"))
	if code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	var again fleet.Index
	b, _ = os.ReadFile(filepath.Join(root, "index.json"))
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	if len(again.Tenants) != 2 || again.Totals.Accounts != idx.Totals.Accounts {
		t.Errorf("index from reports: got %d tenants, %d accounts; want 2 and %d", len(again.Tenants), again.Totals.Accounts, idx.Totals.Accounts)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"both flags", []string{"check", "--snapshot", snaps, "--snapshots", snaps, "--out", out}, "not both"},
		{"neither flag", []string{"check", "--out", out}, "--snapshot DIR is required"},
		{"no snapshots under root", []string{"check", "--snapshots", out, "--out", filepath.Join(root, "o2")}, "no snapshot folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("got exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestFleetFormats: check --snapshots and index print every tenant's
// findings in a pipeline format, as a single check does for one; table and
// json print the index.
func TestFleetFormats(t *testing.T) {
	root := t.TempDir()
	snaps := filepath.Join(root, "snaps")
	writeTree := func(folder string, files map[string]string) {
		for name, body := range files {
			p := filepath.Join(snaps, folder, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	writeTree("tiny", tinySnapshot)
	leaver := map[string]string{}
	for k, v := range tinySnapshot {
		leaver[k] = v
	}
	// An exception entry without a reason: E4, a deny.
	leaver["target/exceptions.csv"] = "account_id,reason,added_by,added_at\nA1,,r.postma,2026-10-05\n"
	writeTree("with-deny", leaver)
	writeTree("broken", map[string]string{"tenant.yaml": "id: broken\nstructure: campus\n"})
	out := filepath.Join(root, "out")
	tests := []struct {
		format string
		want   []string
	}{
		{"table", []string{"TENANT", "total"}},
		{"json", []string{`"tenants": [`}},
		{"github", []string{"::error title=syncaudit broken::tenant broken could not be checked", "::error title=syncaudit t E4 account A1", "syncaudit t 2026-11-23: 1 deny"}},
		{"junit", []string{`<testsuite name="syncaudit broken" tests="1" failures="0" errors="1">`, `<testsuite name="syncaudit t" tests=`}},
		{"sarif", []string{`"id": "syncaudit/broken/"`, `"executionSuccessful": false`, `"uri": "with-deny/target/exceptions.csv"`}},
		{"gitlab", []string{`"check_name": "syncaudit/not-checked"`, `"check_name": "E4"`, `"path": "with-deny/target/exceptions.csv"`}},
		{"azure", []string{"##[group]syncaudit broken", "##vso[task.logissue type=error;sourcepath=with-deny/target/exceptions.csv;linenumber=2;code=E4]"}},
		{"tap", []string{"TAP version 14", "not ok 1 - broken could not be checked", "t E4 "}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "check", "--snapshots", snaps, "--out", out, "--no-pdf", "--no-xlsx", "--format", tt.format, "--fail-on", "never")
			if code != 2 || !strings.Contains(stderr, "1 of 3 tenants could not be checked") {
				t.Errorf("check: exit %d, stderr %q; want 2 and the failed tenant", code, stderr)
			}
			for _, want := range tt.want {
				if !strings.Contains(stdout, want) {
					t.Errorf("check --snapshots --format %s lacks %q:\n%s", tt.format, want, stdout)
				}
			}
			// index reads the same report folders back; the tenant with no report is not among them.
			code, indexOut, stderr := runCLI(t, "index", "--reports", out, "--out", filepath.Join(root, "index.json"), "--no-xlsx", "--format", tt.format)
			if code != 0 && code != 2 {
				t.Errorf("index: exit %d: %s", code, stderr)
			}
			if tt.format != "table" && tt.format != "json" && !strings.Contains(indexOut, "E4") {
				t.Errorf("index --format %s does not show the E4 finding:\n%s", tt.format, indexOut)
			}
		})
	}
	code, _, stderr := runCLI(t, "index", "--reports", out, "--format", "xml")
	if want := "syncaudit: --format: unknown format \"xml\": use table, json, junit, github, sarif, gitlab, azure, tap\nsee 'syncaudit index --help'\n"; code != 2 || stderr != want {
		t.Errorf("index --format xml: exit %d, stderr %q", code, stderr)
	}
}
