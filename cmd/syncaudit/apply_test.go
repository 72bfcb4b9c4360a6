package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// planOfTiny runs check on the tiny snapshot and returns the snapshot and a
// plan made from its report with the given actions and findings.
func planOfTiny(t *testing.T, actions []syncaudit.Action, findings []syncaudit.Finding) (snap, plan string) {
	t.Helper()
	snap = writeFiles(t, tinySnapshot)
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
	rep.Actions, rep.Findings = actions, findings
	data, _ = json.Marshal(&rep)
	plan = filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(plan, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return snap, plan
}

func TestApplyCommand(t *testing.T) {
	softDelete := []syncaudit.Action{{Kind: syncaudit.SoftDelete, Account: "A1", School: "12AB", Rule: "D2", State: syncaudit.Planned}}
	d9 := []syncaudit.Finding{{Rule: "D9", Severity: syncaudit.Deny, Message: "this run would soft-delete 1 of 1 active accounts"}}
	tests := []struct {
		name     string
		findings []syncaudit.Finding
		flags    []string
		code     int
		want     string // in stdout (exit 0) or stderr
	}{
		{"a clean plan is applied", nil, nil, 0, "soft_delete            applied 1"},
		{"a D9 deny refuses the plan", d9, nil, 2, "the plan carries deny findings, so it is not applied: D9"},
		{"--accept-deny D9 lets it through", d9, []string{"--accept-deny", "D9"}, 0, "soft_delete            applied 1"},
		{"--accept-deny of another rule does not", d9, []string{"--accept-deny", "D10,L6"}, 2, "pass --accept-deny D9"},
		{"a bad --run-date", nil, []string{"--run-date", "23/13/2026"}, 2, "--run-date:"},
		{"--run-date sets deleted_at", nil, []string{"--run-date", "2026-11-24"}, 0, "run date 2026-11-24"},
		{"a stray argument", nil, []string{"extra"}, 2, "apply takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, plan := planOfTiny(t, softDelete, tt.findings)
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
	snap, plan := planOfTiny(t, []syncaudit.Action{{Kind: syncaudit.SoftDelete, Account: "A1", Rule: "D2", State: syncaudit.Planned}}, nil)
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
