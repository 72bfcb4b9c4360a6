package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/fleet"
	"github.com/syncaudit/syncaudit/internal/testtree"
)

// shardTree writes a snapshot root of eight tenants: the three bundled
// samples, four generated ones of every structure, and one that cannot be
// read (gamma, the sixth in name order).
func shardTree(tb testing.TB) string {
	tb.Helper()
	snaps := filepath.Join(tb.TempDir(), "snaps")
	for _, sample := range []string{"de-linde", "truncated-export", "vallby-kommun"} {
		testtree.Copy(tb, filepath.Join("..", "..", "samples", sample), filepath.Join(snaps, sample))
	}
	for _, g := range []struct{ folder, structure, seed string }{
		{"alpha", "board", "1"}, {"beta", "multi_domain", "2"}, {"delta", "single_school", "3"}, {"epsilon", "board", "4"},
	} {
		if code, _, stderr := runCLI(tb, "gen", "--accounts", "150", "--structure", g.structure, "--seed", g.seed, "--out", filepath.Join(snaps, g.folder)); code != 0 {
			tb.Fatalf("gen %s: exit %d: %s", g.folder, code, stderr)
		}
	}
	writeFileIn(tb, filepath.Join(snaps, "gamma"), "tenant.yaml", "id: gamma\nstructure: campus\n")
	return snaps
}

// brokenPosition is gamma's position in shardTree's name order.
const brokenPosition = 5

func writeFileIn(tb testing.TB, dir, name, content string) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestShardsMergeToTheSameIndex checks the tenants of one root in one run,
// then in shards (every shard count from 1 to more shards than tenants),
// and compares: the last shard writes the same index.json, byte for byte, as
// check --snapshots over every tenant, and so does syncaudit index over the
// shards' folder; every tenant's report.json is the same too.
func TestShardsMergeToTheSameIndex(t *testing.T) {
	snaps := shardTree(t)
	whole := filepath.Join(t.TempDir(), "whole")
	if code, _, stderr := runCLI(t, "check", "--snapshots", snaps, "--out", whole, "--fail-on", "never", "--no-pdf", "--run-date", "2026-11-23"); code != 2 {
		t.Fatalf("check --snapshots: exit %d, want 2 (gamma is broken): %s", code, stderr)
	}
	want := readFile(t, filepath.Join(whole, "index.json"))

	for _, shards := range []int{1, 2, 3, 9} {
		t.Run(strconv.Itoa(shards)+" shards", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for i := range shards {
				spec := strconv.Itoa(i) + "/" + strconv.Itoa(shards)
				if _, err := os.Stat(filepath.Join(out, "index.json")); err == nil {
					t.Fatalf("index.json written before shard %s ran", spec)
				}
				code, _, stderr := runCLI(t, "check", "--snapshots", snaps, "--shard", spec, "--out", out, "--fail-on", "never", "--no-pdf", "--run-date", "2026-11-23")
				wantCode := 0
				if i == brokenPosition%shards {
					wantCode = 2
				}
				if code != wantCode {
					t.Fatalf("shard %s: exit %d, want %d: %s", spec, code, wantCode, stderr)
				}
			}
			if got := readFile(t, filepath.Join(out, "index.json")); !bytes.Equal(got, want) {
				t.Errorf("index.json of the last shard differs from check --snapshots:\n%s\nwant:\n%s", got, want)
			}
			if got, w := readFile(t, filepath.Join(out, "index.xlsx")), readFile(t, filepath.Join(whole, "index.xlsx")); !bytes.Equal(got, w) {
				t.Errorf("index.xlsx of the last shard differs from check --snapshots")
			}
			for _, tenant := range []string{"alpha", "beta", "de-linde", "delta", "epsilon", "truncated-export", "vallby-kommun"} {
				if got, w := readFile(t, filepath.Join(out, tenant, "report.json")), readFile(t, filepath.Join(whole, tenant, "report.json")); !bytes.Equal(got, w) {
					t.Errorf("%s/report.json differs from check --snapshots", tenant)
				}
			}
			merged := filepath.Join(t.TempDir(), "index.json")
			if code, _, stderr := runCLI(t, "index", "--reports", out, "--out", merged); code != 2 || !strings.Contains(stderr, "1 report folders could not be read") {
				t.Errorf("index: exit %d, want 2 (gamma): %s", code, stderr)
			}
			if got := readFile(t, merged); !bytes.Equal(got, want) {
				t.Errorf("syncaudit index over the shards differs from check --snapshots:\n%s", got)
			}
		})
	}
}

// TestShardMissing: syncaudit index over a run with a shard missing still
// writes the index, with that shard's tenants as not checked and how to
// rerun it, and exits 2 naming the shard; rerunning one tenant by hand into
// the run's folder puts its report in the index.
func TestShardMissing(t *testing.T) {
	snaps := shardTree(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "check", "--snapshots", snaps, "--shard", "0/2", "--out", out, "--fail-on", "never", "--no-xlsx", "--no-pdf"); code != 0 {
		t.Fatalf("shard 0/2: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "index.json")); err == nil {
		t.Fatal("index.json written with shard 1 missing")
	}
	code, stdout, stderr := runCLI(t, "index", "--reports", out)
	if code != 2 || !strings.Contains(stderr, "shards 1 of 2 left no record") {
		t.Errorf("index: exit %d, stderr %q; want 2 and the missing shard", code, stderr)
	}
	idx := string(readFile(t, filepath.Join(out, "index.json")))
	for _, want := range []string{`"folder": "beta"`, "not checked: shard 1/2 has no report for it", "--shard 1/2", `"folder": "alpha"`} {
		if !strings.Contains(idx, want) {
			t.Errorf("index.json lacks %q:\n%s", want, idx)
		}
	}
	if !strings.Contains(stdout, "delta") {
		t.Errorf("stdout lacks the tenants of shard 1:\n%s", stdout)
	}
	// One tenant rerun by hand: its entry comes from its report now.
	if code, _, stderr := runCLI(t, "check", "--snapshot", filepath.Join(snaps, "beta"), "--out", filepath.Join(out, "beta"), "--fail-on", "never", "--no-xlsx", "--no-pdf"); code != 0 {
		t.Fatalf("check beta: exit %d: %s", code, stderr)
	}
	runCLI(t, "index", "--reports", out)
	var again fleet.Index
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "index.json")), &again); err != nil {
		t.Fatal(err)
	}
	for _, e := range again.Tenants {
		if e.Folder == "beta" && (e.Error != "" || e.Report != "beta/report.json") {
			t.Errorf("beta after its rerun: %+v, want its report", e)
		}
	}
}

// TestShardFlags: every bad shard value is a usage error (exit 2) that says
// what to write, and nothing is written.
func TestShardFlags(t *testing.T) {
	snaps := shardTree(t)
	tests := []struct {
		name string
		env  string // JOB_COMPLETION_INDEX, "-" for unset
		args []string
		want string
	}{
		{"no slash", "-", []string{"--shard", "1"}, `"1" is not I/N`},
		{"index too large", "-", []string{"--shard", "2/2"}, "shard 2 does not exist among 2 shards"},
		{"negative index", "-", []string{"--shard", "-1/2"}, "is not a whole number from 0"},
		{"signed index", "-", []string{"--shard", "+1/2"}, "is not a whole number from 0"},
		{"zero shards", "-", []string{"--shard", "0/0"}, "is not a whole number from 1"},
		{"letters", "-", []string{"--shard", "a/b"}, "is not a whole number"},
		{"too many parts", "-", []string{"--shard", "1/2/3"}, "is not a whole number from 1"},
		{"spaces", "-", []string{"--shard", " 1/2"}, "is not a whole number from 0"},
		{"both flags", "0", []string{"--shard", "0/2", "--shard-from-env", "JOB_COMPLETION_INDEX/2"}, "not both"},
		{"env unset", "-", []string{"--shard-from-env", "JOB_COMPLETION_INDEX/2"}, "JOB_COMPLETION_INDEX is not set"},
		{"env empty", "", []string{"--shard-from-env", "JOB_COMPLETION_INDEX/2"}, "JOB_COMPLETION_INDEX is not set"},
		{"env not a number", "x", []string{"--shard-from-env", "JOB_COMPLETION_INDEX/2"}, `JOB_COMPLETION_INDEX="x"`},
		{"env too large", "5", []string{"--shard-from-env", "JOB_COMPLETION_INDEX/2"}, "shard 5 does not exist among 2 shards"},
		{"env without count", "0", []string{"--shard-from-env", "JOB_COMPLETION_INDEX"}, "is not VAR/N"},
		{"env count bad", "0", []string{"--shard-from-env", "JOB_COMPLETION_INDEX/0"}, "is not a whole number from 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env == "-" {
				t.Setenv("JOB_COMPLETION_INDEX", "")
				os.Unsetenv("JOB_COMPLETION_INDEX")
			} else {
				t.Setenv("JOB_COMPLETION_INDEX", tt.env)
			}
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"check", "--snapshots", snaps, "--out", out}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
	t.Run("without --snapshots", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCLI(t, "check", "--snapshot", filepath.Join(snaps, "alpha"), "--shard", "0/2", "--out", out)
		if code != 2 || !strings.Contains(stderr, "give --snapshots") {
			t.Errorf("exit %d, stderr %q; want 2 and give --snapshots", code, stderr)
		}
	})
	t.Run("from the environment", func(t *testing.T) {
		t.Setenv("JOB_COMPLETION_INDEX", "0")
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := runCLI(t, "check", "--snapshots", snaps, "--shard-from-env", "JOB_COMPLETION_INDEX/2", "--out", out, "--no-xlsx", "--no-pdf", "--fail-on", "never")
		if code != 0 || !strings.Contains(stdout, "epsilon") || strings.Contains(stdout, "beta") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 0 and shard 0/2 (alpha, de-linde, epsilon, truncated-export)", code, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "index.shard-0-of-2.json")); err != nil {
			t.Errorf("no shard record: %v", err)
		}
	})
}
