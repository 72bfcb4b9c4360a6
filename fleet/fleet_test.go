package fleet_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/fleet"
)

func report(tenant string, findings ...syncaudit.Severity) *syncaudit.Report {
	rep := &syncaudit.Report{Schema: syncaudit.ReportSchema, Run: syncaudit.Run{Tenant: tenant, Structure: syncaudit.Board, RunDate: "2026-11-23"}}
	for i, s := range findings {
		rep.Findings = append(rep.Findings, syncaudit.Finding{Rule: "E" + string(rune('1'+i)), Severity: s})
	}
	rep.Actions = []syncaudit.Action{{Kind: syncaudit.SoftDelete, Rule: "D3", State: syncaudit.Planned}, {Kind: syncaudit.Update, Rule: "L2", State: syncaudit.Skipped}}
	rep.Summarise(10)
	return rep
}

func TestNewIndexWorstFirst(t *testing.T) {
	idx := fleet.NewIndex([]fleet.Entry{
		fleet.Summarise("clean", report("clean", syncaudit.Info)),
		fleet.Summarise("warned", report("warned", syncaudit.Warn, syncaudit.Info)),
		fleet.Summarise("denied-once", report("denied-once", syncaudit.Deny)),
		fleet.Failed("broken", os.ErrNotExist),
		fleet.Summarise("denied-twice", report("denied-twice", syncaudit.Deny, syncaudit.Deny, syncaudit.Warn)),
	})
	var got []string
	for _, e := range idx.Tenants {
		got = append(got, e.Folder)
	}
	want := []string{"broken", "denied-twice", "denied-once", "warned", "clean"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order: got %v, want %v", got, want)
	}
	tests := []struct {
		name      string
		got, want int
	}{
		{"total accounts", idx.Totals.Accounts, 40},
		{"total actions", idx.Totals.Actions, 8},
		{"total skipped", idx.Totals.Skipped, 4},
		{"total deny", idx.Totals.Findings[syncaudit.Deny], 3},
		{"total warn", idx.Totals.Findings[syncaudit.Warn], 2},
		{"failed", idx.FailedTenants(), 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	if idx.Worst() != syncaudit.Deny {
		t.Errorf("worst: got %q, want deny", idx.Worst())
	}
	if e := idx.Tenants[1]; strings.Join(e.DenyRules, ",") != "E1,E2" || e.Report != "denied-twice/report.json" {
		t.Errorf("entry: got deny rules %v, report %q", e.DenyRules, e.Report)
	}
}

func TestReadReportsAndSnapshots(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, v any) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		var b []byte
		if s, ok := v.(string); ok {
			b = []byte(s)
		} else {
			b, _ = json.Marshal(v)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/report.json", report("a", syncaudit.Warn))
	write("b/report.json", report("b", syncaudit.Deny))
	write("c/report.json", `{"schema": "something/v9"}`)
	write("d/notes.txt", "not a report folder")
	idx, err := fleet.ReadReports(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range idx.Tenants {
		got = append(got, e.Folder+":"+string(e.Worst)+":"+map[bool]string{true: "error", false: "ok"}[e.Error != ""])
	}
	if want := "c::error b:deny:ok a:warn:ok"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
	var buf bytes.Buffer
	if err := fleet.WriteJSON(&buf, idx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"schema": "syncaudit.index/v1"`) {
		t.Errorf("index JSON lacks its schema: %s", buf.String())
	}
	if _, err := fleet.ReadReports(filepath.Join(dir, "d")); err == nil {
		t.Errorf("a folder without reports: got no error")
	}

	write("snaps/x/tenant.yaml", "id: x")
	write("snaps/y/tenant.json", "{}")
	write("snaps/z/readme.txt", "no tenant")
	snaps, err := fleet.Snapshots(filepath.Join(dir, "snaps"))
	if err != nil || strings.Join(snaps, ",") != "x,y" {
		t.Errorf("Snapshots: got %v, %v; want [x y]", snaps, err)
	}
	if _, err := fleet.Snapshots(filepath.Join(dir, "a")); err == nil {
		t.Errorf("Snapshots of a folder without snapshots: got no error")
	}
}
