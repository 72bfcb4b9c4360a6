package policies_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

var update = flag.Bool("update", false, "rewrite the golden report.json files in testdata/golden/")

// TestGoldenSamples runs the built-in rule book on every sample snapshot
// (samples/*) and compares report.json with testdata/golden/<sample>.json,
// with one worker and with four: the bytes must be the same; and in the two
// other report languages with testdata/golden/<sample>.<lang>.json. Regenerate
// after a deliberate rule change with: go test ./policies -run Golden -update
func TestGoldenSamples(t *testing.T) {
	dirs, err := filepath.Glob("../samples/*/tenant.*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Skip("no sample snapshots in ../samples")
	}
	engine, err := policies.Load(context.Background(), policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "golden"}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, tenantFile := range dirs {
		dir := filepath.Dir(tenantFile)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			snap, err := ingest.ReadSnapshot(context.Background(), dir)
			if err != nil {
				t.Fatalf("ReadSnapshot: %v", err)
			}
			var outs [][]byte
			for _, workers := range []int{1, 4} {
				rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{Workers: workers})
				if err != nil {
					t.Fatalf("Check (%d workers): %v", workers, err)
				}
				var buf bytes.Buffer
				if err := report.WriteJSON(&buf, rep); err != nil {
					t.Fatal(err)
				}
				outs = append(outs, buf.Bytes())
			}
			if !bytes.Equal(outs[0], outs[1]) {
				t.Errorf("report with 4 workers differs from the report with 1 worker")
			}
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, outs[0], 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("read golden file (run go test ./policies -run Golden -update): %v", err)
				}
				if !bytes.Equal(outs[0], want) {
					t.Errorf("report.json of %s differs from %s; if the change is intended, run go test ./policies -run Golden -update and review the diff", name, golden)
				}
			}
			// The same report in the other report languages, beside it:
			// testdata/golden/<sample>.<lang>.json.
			for _, lang := range []string{"en", "nl", "sv"} {
				if lang == snap.Tenant.Language || (lang == "en" && snap.Tenant.Language == "") {
					continue
				}
				rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{Language: lang})
				if err != nil {
					t.Fatalf("Check --lang %s: %v", lang, err)
				}
				var buf bytes.Buffer
				if err := report.WriteJSON(&buf, rep); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "golden", name+"."+lang+".json")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("read golden file (run go test ./policies -run Golden -update): %v", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("report.json of %s in %s differs from %s; if the change is intended, run go test ./policies -run Golden -update and review the diff", name, lang, golden)
				}
			}
		})
	}
}

// TestBuiltinRuleBook checks the embedded rule book: it compiles, every
// rule in the catalogue has a title, a description and a severity, and its
// own unit tests pass.
func TestBuiltinRuleBook(t *testing.T) {
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	rules := engine.Rules()
	if len(rules) < 40 {
		t.Errorf("catalogue has %d rules, want every rule of domain.md (over 40)", len(rules))
	}
	for _, r := range rules {
		if r.Title == "" || r.Description == "" || r.Severity.Rank() == 0 {
			t.Errorf("rule %s lacks a title, description or severity: %+v", r.ID, r)
		}
	}
	results, err := policies.Test(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Test: %v", err)
	}
	if n := results.Failed(); n > 0 {
		var buf bytes.Buffer
		_ = results.Write(&buf, false)
		t.Errorf("%d Rego unit tests fail:\n%s", n, buf.String())
	}
}

// TestSampleTotals pins each sample's totals to the ones samples/README.md
// states, so that regenerating the golden files cannot quietly accept a
// report that no longer says what the planted cases should produce.
func TestSampleTotals(t *testing.T) {
	type totals struct {
		actions  map[syncaudit.ActionKind]int
		skipped  map[syncaudit.ActionKind]int
		findings map[syncaudit.Severity]int
		guards   []string // tenant-wide rules that must fire
	}
	want := map[string]totals{
		"de-linde": {
			actions: map[syncaudit.ActionKind]int{"create": 3, "update": 3, "unlink_source": 1, "unlink_school": 6, "soft_delete": 3,
				"suspend_m365": 1, "release_license": 1, "suspend_google": 1, "keep_by_exception": 5, "purge_candidate": 1},
			findings: map[syncaudit.Severity]int{"deny": 9, "warn": 14, "info": 26},
		},
		"vallby-kommun": {
			actions: map[syncaudit.ActionKind]int{"create": 7, "update": 2, "soft_delete": 2, "suspend_google": 1, "unlink_school": 1,
				"keep_by_exception": 1, "purge_candidate": 1, "add_membership": 3, "remove_membership": 2},
			skipped:  map[syncaudit.ActionKind]int{"create": 6, "update": 1, "soft_delete": 1, "add_membership": 2, "remove_membership": 1},
			findings: map[syncaudit.Severity]int{"deny": 0, "warn": 3, "info": 8},
		},
		"truncated-export": {
			actions:  map[syncaudit.ActionKind]int{"soft_delete": 34, "suspend_m365": 7, "release_license": 7},
			findings: map[syncaudit.Severity]int{"deny": 2, "warn": 0, "info": 0},
			guards:   []string{"D9", "D10"},
		},
	}
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "samples", name)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("sample %s absent: %v", name, err)
			}
			snap, err := ingest.ReadSnapshot(context.Background(), dir)
			if err != nil {
				t.Fatalf("ReadSnapshot: %v", err)
			}
			rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{})
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if !reflect.DeepEqual(rep.Summary.Actions, w.actions) {
				t.Errorf("actions = %v, want %v", rep.Summary.Actions, w.actions)
			}
			if len(rep.Summary.Skipped) > 0 || len(w.skipped) > 0 {
				if !reflect.DeepEqual(rep.Summary.Skipped, w.skipped) {
					t.Errorf("skipped = %v, want %v", rep.Summary.Skipped, w.skipped)
				}
			}
			if !reflect.DeepEqual(rep.Summary.Findings, w.findings) {
				t.Errorf("findings = %v, want %v", rep.Summary.Findings, w.findings)
			}
			var guards []string
			for _, f := range rep.Findings {
				if f.Account == "" && (f.Rule == "D9" || f.Rule == "D10" || f.Rule == "L6") {
					guards = append(guards, f.Rule)
				}
			}
			if !reflect.DeepEqual(guards, w.guards) {
				t.Errorf("guards = %v, want %v", guards, w.guards)
			}
		})
	}
}

// TestEveryOutcomeIsExplained: on every sample snapshot, every action of the
// built-in rule book carries its rule, state and reason, and every finding
// its rule, severity, message and fix, so a coordinator can act on each.
func TestEveryOutcomeIsExplained(t *testing.T) {
	dirs, err := filepath.Glob("../samples/*/tenant.*")
	if err != nil || len(dirs) == 0 {
		t.Skip("no sample snapshots in ../samples")
	}
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, tenantFile := range dirs {
		dir := filepath.Dir(tenantFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			snap, err := ingest.ReadSnapshot(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Actions)+len(rep.Findings) == 0 {
				t.Fatal("the sample gives no outcome at all")
			}
			for _, a := range rep.Actions {
				if a.Rule == "" || a.State == "" || a.Reason == "" {
					t.Errorf("action without rule, state or reason: %+v", a)
				}
			}
			for _, f := range rep.Findings {
				if f.Rule == "" || f.Severity == "" || f.Message == "" || f.Fix == "" {
					t.Errorf("finding without rule, severity, message or fix: %+v", f)
				}
			}
		})
	}
}
