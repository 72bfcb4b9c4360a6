package policies_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

var update = flag.Bool("update", false, "rewrite the golden report.json files in testdata/golden/")

// TestGoldenSamples runs the built-in rule book on every sample snapshot
// (samples/*) and compares report.json with testdata/golden/<sample>.json,
// with one worker and with four: the bytes must be the same. Regenerate
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
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden file (run go test ./policies -run Golden -update): %v", err)
			}
			if !bytes.Equal(outs[0], want) {
				t.Errorf("report.json of %s differs from %s; if the change is intended, run go test ./policies -run Golden -update and review the diff", name, golden)
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
