package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// leaverSnapshot is tinySnapshot where the LAS links Zoë Berg (A1) to no
// group, so the rule book soft-deletes A1 (S2, D2), and offers a new pupil.
func leaverSnapshot(tenantExtra string) map[string]string {
	files := map[string]string{}
	for k, v := range tinySnapshot {
		files[k] = v
	}
	files["tenant.yaml"] += tenantExtra
	files["sources/las.csv"] = "source_id,school,kind,first_name,last_name,groups\n1001,12AB,student,Zoë,Berg,\n1002,12AB,student,Ada,Bos,7A\n"
	return files
}

// planOfTiny runs check on files and returns the snapshot and its plan, the
// report.json of check edited by edit (nil: as it is).
func planOfTiny(t *testing.T, files map[string]string, edit func(*syncaudit.Report)) (snap, plan string) {
	t.Helper()
	snap = writeFiles(t, files)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "check", "--snapshot", snap, "--out", out, "--fail-on", "never"); code != 0 {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep syncaudit.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&rep)
	}
	data, _ = json.Marshal(&rep)
	plan = filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(plan, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return snap, plan
}

// TestApplyCommand: apply carries out what the rule book decides now; each
// edit of the plan that would make it do more is refused with exit 2.
func TestApplyCommand(t *testing.T) {
	mass := leaverSnapshot("policy: {mass_delete: {max_count: 0}}\n")
	noDeny := func(r *syncaudit.Report) { r.Findings = nil }
	add := func(a syncaudit.Action) func(*syncaudit.Report) {
		return func(r *syncaudit.Report) { r.Actions = append(r.Actions, a) }
	}
	unskip := func(r *syncaudit.Report) {
		for i := range r.Actions {
			r.Actions[i].State, r.Actions[i].SkippedBy = syncaudit.Planned, ""
		}
	}
	tests := []struct {
		name  string
		files map[string]string
		edit  func(*syncaudit.Report)
		flags []string
		code  int
		want  string // in stdout (exit 0) or stderr
	}{
		{"a clean plan is applied", leaverSnapshot(""), nil, nil, 0, "soft delete: applied 1"},
		{"a D9 deny refuses the plan", mass, nil, nil, 2, "the rule book refuses this run on the snapshot as it is now, whatever the plan's findings say: D9 (this run would soft-delete or unlink 1 of 1 active accounts (soft deletes: 1;"},
		{"a D9 deny taken out of the plan still refuses it", mass, noDeny, nil, 2, "whatever the plan's findings say: D9"},
		{"--accept-deny D9 lets it through", mass, noDeny, []string{"--accept-deny", "D9"}, 0, "soft delete: applied 1"},
		{"--accept-deny of another rule does not", mass, nil, []string{"--accept-deny", "D10,L6"}, 2, "pass --accept-deny D9"},
		{"--accept-deny of a rule the rule book does not have", mass, nil, []string{"--accept-deny", "D9,X1"}, 2, "--accept-deny X1: the rule book has no rule X1; its deny rules are "},
		{"an added create", leaverSnapshot(""), add(syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "1001", School: "12AB", Rule: "M4", State: syncaudit.Planned}), nil, 2,
			"column actions[2]: create las:1001 (M4): the rule book does not decide this action now, so apply does not carry it out; for source person las:1001 it decides nothing"},
		{"an added soft delete", tinySnapshot, add(syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A1", Rule: "D2", State: syncaudit.Planned}), nil, 2,
			"column actions[0]: soft_delete A1 (D2): the rule book does not decide this action now, so apply does not carry it out; for account A1 it decides nothing"},
		{"a V1-skipped soft delete turned planned", map[string]string{
			"tenant.yaml":         "id: t\nstructure: eenpitter\nrun_date: 2026-11-23\nschools: [{id: 12AB, name: De Regenboog, domain: regenboog.nl, sync: {automatic: false}}]\n",
			"sources/las.csv":     leaverSnapshot("")["sources/las.csv"],
			"target/accounts.csv": tinySnapshot["target/accounts.csv"],
		}, unskip, nil, 2, "soft_delete A1 (D2): the plan marks this action planned, but the rule book holds it back now (skipped by V1)"},
		{"a bad --run-date", leaverSnapshot(""), nil, []string{"--run-date", "23/13/2026"}, 2, "--run-date:"},
		{"--run-date sets deleted_at", leaverSnapshot(""), nil, []string{"--run-date", "2026-11-24"}, 0, "run date 2026-11-24"},
		{"a stray argument", leaverSnapshot(""), nil, []string{"extra"}, 2, "apply takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, plan := planOfTiny(t, tt.files, tt.edit)
			out := filepath.Join(t.TempDir(), "next")
			args := append([]string{"apply", "--snapshot", snap, "--plan", plan, "--out", out}, tt.flags...)
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr %q", code, tt.code, stderr)
			}
			got := stdout
			if code != 0 {
				got = stderr
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a refused apply wrote %s", out)
				}
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestApplyCommandIsNotRepeated(t *testing.T) {
	snap, plan := planOfTiny(t, leaverSnapshot(""), nil)
	next := filepath.Join(t.TempDir(), "next")
	if code, _, stderr := runCLI(t, "apply", "--snapshot", snap, "--plan", plan, "--out", next); code != 0 {
		t.Fatalf("first apply: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(next, "target", "accounts.csv"))
	if err != nil || !strings.Contains(string(data), "soft_deleted,2026-11-23") {
		t.Errorf("accounts.csv = %q (%v), want A1 soft-deleted on 2026-11-23", data, err)
	}
	again := filepath.Join(t.TempDir(), "again")
	code, _, stderr := runCLI(t, "apply", "--snapshot", next, "--plan", plan, "--out", again)
	if code != 2 || !strings.Contains(stderr, "the plan was made from other inputs: target/accounts.csv differs") {
		t.Errorf("second apply: exit %d, stderr %q; want 2 and made from other inputs", code, stderr)
	}
	code, _, stderr = runCLI(t, "apply", "--snapshot", snap, "--plan", plan, "--out", next)
	if code != 2 || !strings.Contains(stderr, "exists and is not empty") {
		t.Errorf("apply into the full folder: exit %d, stderr %q; want 2 and exists and is not empty", code, stderr)
	}
	code, _, stderr = runCLI(t, "apply", "--snapshot", snap, "--plan", plan, "--out", snap)
	if code != 2 || !strings.Contains(stderr, "is the snapshot itself") {
		t.Errorf("apply onto the snapshot: exit %d, stderr %q; want 2", code, stderr)
	}
}
