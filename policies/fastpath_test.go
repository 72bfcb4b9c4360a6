package policies_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// TestFastPathEquivalence checks that the fast path (quiet.go: account cases
// on which no built-in rule can fire skip the rule book) changes nothing: on every sample
// snapshot and on generated snapshots of every structure, seed and churn
// rate, report.json with the fast path is byte-identical to report.json
// without it. On the generated snapshots it also checks that the fast path
// was taken for most accounts, so that the comparison is not vacuous.
// FASTPATH_ACCOUNTS=20000 (say) in the environment generates larger
// snapshots than the default 1,500 accounts.
func TestFastPathEquivalence(t *testing.T) {
	ctx := context.Background()
	size := 1500
	if n, err := strconv.Atoi(os.Getenv("FASTPATH_ACCOUNTS")); err == nil && n > 0 {
		size = n
	}
	engine, err := policies.Load(ctx, policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "fastpath"}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !engine.FastPath() {
		t.Fatal("the built-in rule book runs alone, but the fast path is off")
	}
	type snapshot struct {
		name      string
		snap      *syncaudit.Snapshot
		minQuiet  float64 // the share of account cases that must be quiet
		reviewing bool    // add review decisions for some accounts
	}
	var snaps []snapshot
	dirs, _ := filepath.Glob("../samples/*/tenant.*")
	for _, f := range dirs {
		dir := filepath.Dir(f)
		s, err := ingest.ReadSnapshot(ctx, dir)
		if err != nil {
			t.Fatalf("ReadSnapshot %s: %v", dir, err)
		}
		snaps = append(snaps, snapshot{name: "sample-" + filepath.Base(dir), snap: s})
	}
	for _, st := range []syncaudit.Structure{syncaudit.Board, syncaudit.MultiDomain, syncaudit.SingleSchool} {
		for _, seed := range []int64{1, 2} {
			o := gen.DefaultOptions()
			o.Structure, o.Accounts, o.Seed = st, size, seed
			snaps = append(snaps, snapshot{name: fmt.Sprintf("gen-%s-seed%d", st, seed), snap: gen.Generate(o), minQuiet: 0.5})
		}
		o := gen.DefaultOptions()
		o.Structure, o.Accounts, o.Seed = st, size, 3
		o.Leavers, o.Joiners, o.NameDrift, o.Exceptions = 0.25, 0.2, 0.2, 0.2
		o.Conflicts, o.Manual, o.SoftDeleted, o.TripGuards = 0.3, 0.1, 0.1, true
		snaps = append(snaps, snapshot{name: fmt.Sprintf("gen-%s-churn", st), snap: gen.Generate(o), reviewing: true})
	}
	for _, tt := range snaps {
		t.Run(tt.name, func(t *testing.T) {
			opts := policies.CheckOptions{Workers: 2}
			if tt.reviewing {
				opts.Reviews = map[string]policies.Review{}
				for i, a := range tt.snap.Accounts {
					if i%97 == 0 {
						opts.Reviews[a.ID] = policies.Review{Decision: []string{"keep", "remove", "delete"}[i%3], Reason: "review"}
					}
				}
			}
			var got [2][]byte
			for i, noFast := range []bool{false, true} {
				opts.NoFastPath = noFast
				rep, err := engine.Check(ctx, tt.snap, opts)
				if err != nil {
					t.Fatalf("Check (NoFastPath %v): %v", noFast, err)
				}
				var buf bytes.Buffer
				if err := report.WriteJSON(&buf, rep); err != nil {
					t.Fatal(err)
				}
				got[i] = buf.Bytes()
			}
			if !bytes.Equal(got[0], got[1]) {
				t.Errorf("report.json with the fast path differs from the report without it (%d vs %d bytes)", len(got[0]), len(got[1]))
			}
			quiet, accounts, err := engine.QuietCases(ctx, tt.snap)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d of %d account cases quiet", quiet, accounts)
			if float64(quiet) < tt.minQuiet*float64(accounts) {
				t.Errorf("quiet on %d of %d account cases, want at least %.0f%%", quiet, accounts, tt.minQuiet*100)
			}
		})
	}
}

// TestFastPathOffWithUserPolicies checks that loading a user policy turns
// the fast path off: user policies must see every case.
func TestFastPathOffWithUserPolicies(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.rego"), []byte("package syncaudit.rules.mine\n\nfindings contains f if {\n\tfalse\n\tf := {}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	engine, err := policies.Load(context.Background(), policies.Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if engine.FastPath() {
		t.Error("fast path on with a user policy loaded, want off")
	}
}
