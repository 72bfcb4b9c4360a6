package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// generated writes a synthetic snapshot of n accounts once per test binary
// run and returns its folder.
var generated = struct {
	sync.Mutex
	dirs map[int]string
}{dirs: map[int]string{}}

func generatedSnapshot(tb testing.TB, accounts int) string {
	tb.Helper()
	generated.Lock()
	defer generated.Unlock()
	if dir, ok := generated.dirs[accounts]; ok {
		return dir
	}
	root, err := os.MkdirTemp("", "syncaudit-gen-")
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(root, "snapshot")
	if code, _, stderr := runCLI(tb, "gen", "--accounts", itoa(accounts), "--structure", "board", "--seed", "7", "--out", dir); code != 0 {
		tb.Fatalf("gen: exit %d: %s", code, stderr)
	}
	generated.dirs[accounts] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range generated.dirs {
		os.RemoveAll(filepath.Dir(dir))
	}
	os.Exit(code)
}

func itoa(n int) string {
	var b []byte
	for ; n > 0 || len(b) == 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// fileModes returns the permission of every file under root, by path
// relative to root.
func fileModes(tb testing.TB, root string) map[string]fs.FileMode {
	tb.Helper()
	modes := map[string]fs.FileMode{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		modes[rel] = info.Mode().Perm()
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return modes
}

// TestOutputModes: every file a verb writes is readable by the owner only,
// unless --shared-output asks for 0644.
func TestOutputModes(t *testing.T) {
	snapshot := writeFiles(t, tinySnapshot)
	// A plan for apply and a workbook for review import, made once.
	prep := t.TempDir()
	if code, _, stderr := runCLI(t, "check", "--snapshot", snapshot, "--out", filepath.Join(prep, "check"), "--no-xlsx"); code != 0 {
		t.Fatalf("check: %s", stderr)
	}
	workbook := filepath.Join(prep, "review.xlsx")
	if code, _, stderr := runCLI(t, "review", "export", "--snapshot", snapshot, "--out", workbook); code != 0 {
		t.Fatalf("review export: %s", stderr)
	}
	verbs := []struct {
		name string
		args func(out string) []string
		// files is where the files are written, relative to the test's folder.
		files string
		// minFiles is the fewest files the verb writes.
		minFiles int
	}{
		{"check", func(out string) []string {
			return []string{"check", "--snapshot", snapshot, "--out", filepath.Join(out, "w")}
		}, "w", 3},
		{"review export", func(out string) []string {
			return []string{"review", "export", "--snapshot", snapshot, "--out", filepath.Join(out, "w", "review.xlsx")}
		}, "w", 1},
		{"review import", func(out string) []string {
			return []string{"review", "import", workbook, "--snapshot", snapshot, "--out", filepath.Join(out, "w", "plan.json")}
		}, "w", 1},
		{"apply", func(out string) []string {
			return []string{"apply", "--snapshot", snapshot, "--plan", filepath.Join(prep, "check", "report.json"), "--out", filepath.Join(out, "w")}
		}, "w", 4},
		{"convert", func(out string) []string {
			return []string{"convert", "--from", "ss12000", "--in", filepath.Join("..", "..", "ingest", "convert", "testdata", "ss12000"), "--source", "sis", "--out", filepath.Join(out, "w", "sis.csv")}
		}, "w", 2},
	}
	for _, v := range verbs {
		for _, shared := range []bool{false, true} {
			want := fs.FileMode(0o600)
			name := v.name
			if shared {
				want, name = 0o644, v.name+" --shared-output"
			}
			t.Run(name, func(t *testing.T) {
				out := t.TempDir()
				args := v.args(out)
				if shared {
					args = append(args, "--shared-output")
				}
				if code, _, stderr := runCLI(t, args...); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				modes := fileModes(t, filepath.Join(out, v.files))
				if len(modes) < v.minFiles {
					t.Errorf("%d files written, want %d or more: %v", len(modes), v.minFiles, modes)
				}
				for file, got := range modes {
					if got != want {
						t.Errorf("%s: mode %#o, want %#o", file, got, want)
					}
				}
			})
		}
	}
}

// assertUntouched checks that out still holds only the previous report, and
// that no staging folder is left beside it.
func assertUntouched(tb testing.TB, out string) {
	tb.Helper()
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		tb.Errorf("output folder holds %q, want only the previous report.json", names)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "report.json")); string(b) != "previous report" {
		tb.Errorf("previous report was overwritten: %.80q", b)
	}
	assertNoStaging(tb, filepath.Dir(out))
}

// assertNoStaging checks that no hidden temporary file or folder is left in dir.
func assertNoStaging(tb testing.TB, dir string) {
	tb.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			tb.Errorf("temporary %s left behind in %s", e.Name(), dir)
		}
	}
}

// TestTimeout: a policy evaluation that runs out of --timeout stops with
// exit 2 and a message naming the limit, and writes nothing.
func TestTimeout(t *testing.T) {
	snapshot := generatedSnapshot(t, 2000)
	tests := []struct {
		name string
		args func(out string) []string
	}{
		{"check", func(out string) []string { return []string{"check", "--snapshot", snapshot, "--out", out} }},
		{"review export", func(out string) []string {
			return []string{"review", "export", "--snapshot", snapshot, "--out", filepath.Join(out, "review.xlsx")}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := writeFiles(t, map[string]string{"report.json": "previous report"})
			start := time.Now()
			code, stdout, stderr := runCLI(t, append(tt.args(out), "--timeout", "1ms")...)
			want := "syncaudit: policy evaluation took longer than 1ms (--timeout); nothing was written: raise --timeout, or look for a slow rule in the policies given with --policies\n"
			if code != 2 || stderr != want {
				t.Errorf("exit %d, stderr %q; want 2, %q", code, stderr, want)
			}
			if stdout != "" {
				t.Errorf("printed %q", stdout)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("stopping took %s", took)
			}
			assertUntouched(t, out)
		})
	}
	t.Run("a negative limit", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCLI(t, "check", "--snapshot", writeFiles(t, tinySnapshot), "--out", out, "--timeout", "-5s")
		if want := "syncaudit: --timeout -5s: give a positive duration such as 30s or 5m, or 0 for no limit\nsee 'syncaudit check --help'\n"; code != 2 || stderr != want {
			t.Errorf("exit %d, stderr %q; want 2, %q", code, stderr, want)
		}
	})
	for _, limit := range []string{"1m", "0"} {
		t.Run("a limit the run keeps to: "+limit, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if code, _, stderr := runCLI(t, "check", "--snapshot", writeFiles(t, tinySnapshot), "--out", out, "--timeout", limit); code != 0 {
				t.Errorf("exit %d: %s", code, stderr)
			}
		})
	}
}

// TestInterruptLeavesNoPartialFiles cancels check (as Ctrl-C does) at
// several moments: while the snapshot is read, during evaluation and while
// the reports are written. Every run either finishes, with every report in
// place, or stops with exit 2, the output folder untouched and no staging
// folder beside it.
func TestInterruptLeavesNoPartialFiles(t *testing.T) {
	snapshot := generatedSnapshot(t, 2000)
	interrupted := 0
	for _, after := range []time.Duration{0, 20 * time.Millisecond, 100 * time.Millisecond, 300 * time.Millisecond, 700 * time.Millisecond, 1200 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			out := writeFiles(t, map[string]string{"report.json": "previous report"})
			ctx, cancel := context.WithCancel(context.Background())
			timer := time.AfterFunc(after, cancel)
			defer timer.Stop()
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"syncaudit", "check", "--snapshot", snapshot, "--out", out, "--fail-on", "never"}, &stdout, &stderr)
			cancel()
			if code == 0 {
				names := fileNames(t, out)
				if want := []string{"actions.csv", "report.json", "report.pdf", "report.xlsx"}; !equal(names, want) {
					t.Errorf("finished run wrote %q, want %q", names, want)
				}
				assertNoStaging(t, filepath.Dir(out))
				return
			}
			interrupted++
			if code != 2 || !strings.HasPrefix(stderr.String(), "syncaudit: interrupted; nothing was written") {
				t.Errorf("exit %d, stderr %q; want 2 and the interruption", code, stderr.String())
			}
			assertUntouched(t, out)
		})
	}
	if interrupted == 0 {
		t.Error("no run was interrupted: the test proves nothing")
	}
}

// TestInterruptApplyLeavesNoPartialSnapshot does the same for apply.
func TestInterruptApplyLeavesNoPartialSnapshot(t *testing.T) {
	snapshot := generatedSnapshot(t, 2000)
	plan := filepath.Join(t.TempDir(), "check")
	if code, _, stderr := runCLI(t, "check", "--snapshot", snapshot, "--out", plan, "--no-xlsx", "--fail-on", "never"); code != 0 {
		t.Fatalf("check: %s", stderr)
	}
	interrupted := 0
	for _, after := range []time.Duration{0, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 150 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "next")
			ctx, cancel := context.WithCancel(context.Background())
			timer := time.AfterFunc(after, cancel)
			defer timer.Stop()
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"syncaudit", "apply", "--snapshot", snapshot, "--plan", filepath.Join(plan, "report.json"),
				"--out", out, "--accept-deny", "D9,D10,L6,M2,E2,E3,E4"}, &stdout, &stderr)
			cancel()
			assertNoStaging(t, parent)
			if code == 0 {
				if _, err := os.Stat(filepath.Join(out, "journal.jsonl")); err != nil {
					t.Errorf("finished apply without a journal: %v", err)
				}
				return
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Fatalf("apply failed for another reason: exit %d: %s", code, stderr.String())
			}
			interrupted++
			if _, err := os.Stat(out); err == nil {
				t.Errorf("interrupted apply left %s", out)
			}
		})
	}
	if interrupted == 0 {
		t.Error("no run was interrupted: the test proves nothing")
	}
}

func fileNames(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReviewImportPrintsIdsNotEscapes: an account id from a hostile export
// (here one that reads right to left) reaches the terminal written out when
// review import reports a row, never as a character the terminal obeys.
func TestReviewImportPrintsIdsNotEscapes(t *testing.T) {
	const id = "A\u202e1"
	snapshot := writeFiles(t, map[string]string{
		"tenant.yaml":           tinySnapshot["tenant.yaml"],
		"sources/las.csv":       tinySnapshot["sources/las.csv"],
		"target/accounts.csv":   "account_id,username,first_name,last_name,status,schools,links\n" + id + ",zoe@regenboog.nl,Zoë,Berg,active,12AB,las:1001\n",
		"target/exceptions.csv": "account_id,reason,added_by,added_at\n" + id + ",needed,admin,2026-10-01\n",
	})
	dir := t.TempDir()
	book := filepath.Join(dir, "review.xlsx")
	if code, _, stderr := runCLI(t, "review", "export", "--snapshot", snapshot, "--out", book, "--lang", "en"); code != 0 {
		t.Fatalf("review export: %s", stderr)
	}
	// A reason without a decision: the row is reported and changes nothing.
	fillReview(t, book, "Review", map[string][4]string{id: {"", "still needed", "", ""}})
	code, _, stderr := runCLI(t, "review", "import", book, "--snapshot", snapshot, "--out", filepath.Join(dir, "plan.json"))
	if code != 0 {
		t.Fatalf("review import: exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(stderr, "\x1b\x07\u202e") {
		t.Errorf("stderr holds a raw control character: %q", stderr)
	}
	if !strings.Contains(stderr, `A\u202e1`) {
		t.Errorf("stderr does not show the account id written out: %q", stderr)
	}
}
