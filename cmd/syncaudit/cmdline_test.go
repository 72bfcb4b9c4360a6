package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandLineMistakes: every mistake on the command line exits 2 with
// one line saying what is wrong (with a "did you mean" for a slip), then the
// line naming the verb's help; nothing on stdout, no help dump.
func TestCommandLineMistakes(t *testing.T) {
	snap := writeFiles(t, tinySnapshot)
	tests := []struct {
		name  string
		args  []string
		first string // the first line of stderr, word for word
		hint  string // the second line
	}{
		{"mistyped command", []string{"chek"},
			`syncaudit: "chek" is not a command of syncaudit; did you mean "check"?`, "see 'syncaudit --help'"},
		{"mistyped subcommand", []string{"policy", "lst"},
			`syncaudit: "lst" is not a command of syncaudit policy; did you mean "list"?`, "see 'syncaudit policy --help'"},
		{"far from any command", []string{"frobnicate"},
			`syncaudit: "frobnicate" is not a command of syncaudit: use check, apply, review, policy, gen, index, convert, diff, explain or version`, "see 'syncaudit --help'"},
		{"help on a mistyped topic", []string{"help", "chek"},
			`syncaudit: "chek" is not a command of syncaudit; did you mean "check"?`, "see 'syncaudit --help'"},
		{"verb without its subcommand", []string{"review"},
			"syncaudit: review needs a command: export or import", "see 'syncaudit review --help'"},
		{"mistyped flag", []string{"check", snap, "--outt", "x"},
			"syncaudit: check has no flag --outt; did you mean --out?", "see 'syncaudit check --help'"},
		{"mistyped flag with a value", []string{"apply", "--snapshot=x", "--pln=p.json", "--out", "y"},
			"syncaudit: apply has no flag --pln; did you mean --plan?", "see 'syncaudit apply --help'"},
		{"unknown flag, nothing near", []string{"check", "--colour"},
			"syncaudit: check has no flag --colour", "see 'syncaudit check --help'"},
		{"flag without its value", []string{"check", "--out", "x", "--snapshot"},
			"syncaudit: check --snapshot needs a value: the snapshot folder (tenant.yaml, sources/, target/)", "see 'syncaudit check --help'"},
		{"missing required flag", []string{"check", snap},
			"syncaudit: check needs --out: the folder to write report.json and the other reports to", "see 'syncaudit check --help'"},
		{"missing two required flags", []string{"apply", "--snapshot", snap},
			"syncaudit: apply needs --plan and --out", "see 'syncaudit apply --help'"},
		{"extra argument after the flags", []string{"check", snap, "--out", "x", "extra"},
			`syncaudit: check: unexpected argument "extra": check takes [SNAPSHOT]`, "see 'syncaudit check --help'"},
		{"argument to a verb of flags only", []string{"index", "reports", "--reports", "r"},
			`syncaudit: index takes no arguments, only flags (got "reports")`, "see 'syncaudit index --help'"},
		{"duration without a unit", []string{"check", snap, "--out", "x", "--timeout", "5"},
			`syncaudit: check --timeout "5": a duration needs a unit: did you mean 5s? (also m, h: 30s, 5m, 1h30m; 0 for no limit)`, "see 'syncaudit check --help'"},
		{"not a number", []string{"check", snap, "--out", "x", "--workers=many"},
			`syncaudit: check --workers "many": not a whole number`, "see 'syncaudit check --help'"},
		{"bool flag with a value", []string{"check", snap, "--out", "x", "--quiet=maybe"},
			`syncaudit: check --quiet: "maybe" is not true or false; --quiet takes no value`, "see 'syncaudit check --help'"},
		{"snapshot given twice", []string{"check", snap, "--snapshot", snap, "--out", "x"},
			"syncaudit: check: the snapshot is given twice (" + snap + " and --snapshot " + snap + "): give it once", "see 'syncaudit check --help'"},
		{"flag before the verb", []string{"--out", "x", "check"},
			"syncaudit: unknown flag --out before the command: put flags after the command, e.g. syncaudit check --snapshot DIR --out OUT", "see 'syncaudit --help'"},
		{"unknown format", []string{"check", snap, "--out", "x", "--format", "xml"},
			`syncaudit: --format: unknown format "xml": use ` + strings.Join(formatNames(), ", "), "see 'syncaudit check --help'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if want := tt.first + "\n" + tt.hint + "\n"; stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing (no help dump)", stdout)
			}
		})
	}
}

// formatNames is the --format list as the error names it.
func formatNames() []string {
	return []string{"table, json, junit, github, sarif, gitlab, azure or tap"}
}

// TestFlagsAfterTheSnapshot: check DIR takes flags before and after the
// folder alike, and --flag=value as --flag value.
func TestFlagsAfterTheSnapshot(t *testing.T) {
	snap := writeFiles(t, tinySnapshot)
	for _, args := range [][]string{
		{"check", snap, "--out", "OUT", "--no-pdf", "--no-xlsx"},
		{"check", "--out=OUT", snap, "--no-pdf", "--no-xlsx"},
		{"check", "--no-pdf", "--snapshot", snap, "--no-xlsx", "--out", "OUT"},
		{"check", "--no-pdf", "--no-xlsx", "--out", "OUT", "--", snap},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "OUT", out)
			}
			code, _, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit code = %d, stderr %s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(out, "report.json")); err != nil {
				t.Errorf("no report: %v", err)
			}
			if _, err := os.Stat(filepath.Join(out, "report.pdf")); err == nil {
				t.Errorf("--no-pdf after the snapshot was not read: report.pdf written")
			}
		})
	}
}

// TestPathMistakes: a path that is not what the verb reads gets the
// project's input-error form (the path, what was expected, what was found,
// what to do), exit 2, and nothing written.
func TestPathMistakes(t *testing.T) {
	snap := writeFiles(t, tinySnapshot)
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	snapTypo := snap[:len(snap)-1] + "X" + snap[len(snap)-1:] // one letter off
	root := filepath.Dir(snap)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a file as --snapshot", []string{"check", "--snapshot", filepath.Join(snap, "tenant.yaml"), "--out", out},
			filepath.Join(snap, "tenant.yaml") + ": --snapshot expects a snapshot folder (tenant.yaml, sources/, target/), but this is a file; give the snapshot folder it is in: --snapshot " + snap},
		{"a source table as the snapshot", []string{"check", filepath.Join(snap, "sources", "las.csv"), "--out", out},
			"but this is a file; give the snapshot folder it is in: --snapshot " + snap},
		{"a mistyped snapshot", []string{"check", snapTypo, "--out", out},
			snapTypo + ": --snapshot expects a snapshot folder (tenant.yaml, sources/, target/), but it does not exist; did you mean " + snap + "?"},
		{"a folder of snapshots as --snapshot", []string{"check", root, "--out", out},
			root + ": --snapshot expects a snapshot folder, but this folder has no tenant.yaml; did you mean --snapshot " + snap + "?"},
		{"a snapshot as --snapshots", []string{"check", "--snapshots", snap, "--out", out},
			snap + ": --snapshots expects a folder of snapshot folders, but this is one snapshot (it holds tenant.yaml); check it with --snapshot " + snap},
		{"a mistyped --snapshots", []string{"check", "--snapshots", filepath.Join(dir, "tenants"), "--out", out},
			filepath.Join(dir, "tenants") + ": --snapshots expects a folder of snapshot folders, but it does not exist; check the path"},
		{"--out is a file", []string{"check", snap, "--out", file},
			file + ": --out expects a folder to write the reports into, but this is a file; give --out a new folder, or one that holds earlier reports"},
		{"--out inside the snapshot", []string{"check", snap, "--out", filepath.Join(snap, "out")},
			"--out " + filepath.Join(snap, "out") + " is inside the snapshot (--snapshot " + snap + "): write the reports outside it, e.g. --out out\nsee 'syncaudit check --help'"},
		{"--out is the snapshot", []string{"check", snap, "--out", snap},
			"is inside the snapshot"},
		{"a mistyped --previous", []string{"check", snap, "--out", out, "--previous", filepath.Join(dir, "report.jsn")},
			filepath.Join(dir, "report.jsn") + ": --previous expects a previous run's report.json, but it does not exist; check the path"},
		{"a folder as --previous", []string{"check", snap, "--out", out, "--previous", dir},
			dir + ": --previous expects a previous run's report.json, but this is a folder; give --previous a file"},
		{"a mistyped --policies", []string{"check", snap, "--out", out, "--policies", filepath.Join(dir, "polices")},
			": --policies expects a folder of Rego policies (.rego files), but it does not exist"},
		{"a mistyped diff report", []string{"diff", filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")},
			filepath.Join(dir, "old.json") + ": diff OLD expects a report.json, but it does not exist; check the path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2 (stderr %q)", code, stderr)
			}
			if !strings.HasPrefix(stderr, "syncaudit: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
}

// TestVersion: syncaudit version and --version name the version, the
// revision, and the OPA and Go versions.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		prefixes := []string{"syncaudit ", "module:   github.com/syncaudit/syncaudit", "revision: ", "opa:      1.", "go:       go1."}
		if len(lines) != len(prefixes) {
			t.Fatalf("%v printed %d lines, want %d:\n%s", args, len(lines), len(prefixes), stdout)
		}
		for i, p := range prefixes {
			if !strings.HasPrefix(lines[i], p) {
				t.Errorf("%v line %d = %q, want it to start with %q", args, i+1, lines[i], p)
			}
		}
	}
	if code, _, stderr := runCLI(t, "version", "extra"); code != 2 || !strings.Contains(stderr, "version takes no arguments") {
		t.Errorf("version extra: exit %d, stderr %q", code, stderr)
	}
}

// TestSuggest: a slip is corrected, a far word is not.
func TestSuggest(t *testing.T) {
	names := []string{"check", "apply", "review", "policy", "snapshot", "snapshots", "out"}
	tests := []struct{ typed, want string }{
		{"chek", "check"}, {"aplly", "apply"}, {"reveiw", "review"}, {"polciy", "policy"},
		{"snapshto", "snapshot"}, {"outt", "out"}, {"Check", "check"},
		{"xyz", ""}, {"delete", ""}, {"snap", ""}, // snap: two names start with it
		{"pol", "policy"},
	}
	for _, tt := range tests {
		if got := suggest(tt.typed, names); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}

// TestPathMistakesOfEveryVerb: apply, review, index, policy and gen check
// their paths before reading or evaluating anything.
func TestPathMistakesOfEveryVerb(t *testing.T) {
	snap, plan := planOfTiny(t, tinySnapshot, nil)
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	if err := os.Mkdir(filepath.Join(dir, "las.csv"), 0o755); err != nil { // a folder named like a table
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"apply: a file as --snapshot", []string{"apply", "--snapshot", filepath.Join(snap, "tenant.yaml"), "--plan", plan, "--out", missing},
			"--snapshot expects a snapshot folder (tenant.yaml, sources/, target/), but this is a file; give the snapshot folder it is in: --snapshot " + snap},
		{"apply: a folder as --plan", []string{"apply", "--snapshot", snap, "--plan", filepath.Dir(plan), "--out", missing},
			filepath.Dir(plan) + ": --plan expects a plan (the report.json of check, or the plan.json of review import), but this is a folder; give the one inside it: --plan " + plan},
		{"apply: a mistyped --plan", []string{"apply", "--snapshot", snap, "--plan", plan + "x", "--out", missing},
			"but it does not exist; did you mean " + plan + "?"},
		{"review export: --out is a folder", []string{"review", "export", "--snapshot", snap, "--out", dir},
			dir + ": --out expects a review workbook (.xlsx) to write, but this is a folder; give a file name, such as " + filepath.Join(dir, "review.xlsx")},
		{"review export: --out under a file", []string{"review", "export", "--snapshot", snap, "--out", filepath.Join(file, "review.xlsx")},
			"--out goes through " + file + ", which is a file, not a folder"},
		{"review import: a missing workbook", []string{"review", "import", missing + ".xlsx", "--snapshot", snap, "--out", filepath.Join(dir, "plan.json")},
			"review import expects the review workbook (.xlsx) that review export wrote, but it does not exist"},
		{"review import: --out is a folder", []string{"review", "import", file, "--snapshot", snap, "--out", dir},
			"--out expects a plan (.json) to write, but this is a folder; give a file name, such as " + filepath.Join(dir, "plan.json")},
		{"index: a missing --reports", []string{"index", "--reports", missing},
			missing + ": --reports expects a folder of report folders (each with report.json), but it does not exist"},
		{"index: --out is a folder", []string{"index", "--reports", dir, "--out", dir},
			"--out expects an index (.json) to write, but this is a folder"},
		{"policy list: a mistyped --policies", []string{"policy", "list", "--policies", missing},
			missing + ": --policies expects a folder of Rego policies (.rego files), but it does not exist"},
		{"policy test: a file", []string{"policy", "test", file},
			file + ": policy test expects a folder of Rego policies and their _test.rego files, but this is a file"},
		{"convert: --out is a folder", []string{"convert", "--from", "sds", "--in", dir, "--source", "las", "--out", filepath.Join(dir, "las.csv")},
			filepath.Join(dir, "las.csv") + ": --out expects a table (.csv, .json or .jsonl) to write, but this is a folder; give a file name, such as " + filepath.Join(dir, "las.csv", "hr.csv")},
		{"convert: --out under a file", []string{"convert", "--from", "sds", "--in", dir, "--source", "las", "--out", filepath.Join(file, "las.csv")},
			"--out goes through " + file + ", which is a file, not a folder"},
		{"gen: --out is a file", []string{"gen", "--out", file, "--accounts", "10"},
			file + ": --out expects a folder to write the snapshot into, but this is a file; give --out a new folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 2 || !strings.HasPrefix(stderr, "syncaudit: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
			if _, err := os.Stat(missing); err == nil {
				t.Errorf("%s was written", missing)
			}
		})
	}
}

// TestPathMistakesOfFlagFiles: the files a flag names (a key, a school map)
// get the same form.
func TestPathMistakesOfFlagFiles(t *testing.T) {
	snap := writeFiles(t, tinySnapshot)
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"check", snap, "--out", filepath.Join(dir, "out"), "--pseudonymize", "--pseudonym-key-file", filepath.Join(dir, "key")},
			filepath.Join(dir, "key") + ": --pseudonym-key-file expects the file that holds the pseudonym key, but it does not exist; check the path"},
		{[]string{"convert", "--from", "sds", "--in", dir, "--source", "las", "--out", filepath.Join(dir, "las.csv"), "--school-map", filepath.Join(dir, "map.csv")},
			filepath.Join(dir, "map.csv") + ": --school-map expects a two-column CSV old,new of school codes, but it does not exist; check the path"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != 2 || stderr != "syncaudit: "+tt.want+"\n" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args[:1], code, stderr, tt.want)
		}
	}
}
