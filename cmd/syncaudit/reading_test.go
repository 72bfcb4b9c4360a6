package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command-line side of issue 14: input errors through the CLI, with
// nothing the terminal would obey and, under --pseudonymize, no raw value.

func TestInputErrorsThroughTheCLI(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123"), 0o600); err != nil {
		t.Fatal(err)
	}
	cut := map[string]string{}
	for k, v := range tinySnapshot {
		cut[k] = v
	}
	cut["sources/las.csv"] = "source_id,school,kind,first_name,last_name,groups\n1001,12AB,student,Zoë\n"
	tests := []struct {
		name      string
		files     map[string]string
		args      []string
		want      string
		forbidden []string
	}{
		{"a row cut short", cut, nil,
			`syncaudit: sources/las.csv:2:4: column first_name: the row has 4 cells but the header has 6: the cells after first_name are missing (value "Zoë")`, nil},
		{"a row cut short, pseudonymised", cut, []string{"--pseudonymize", "--pseudonym-key-file", keyFile},
			`syncaudit: sources/las.csv:2:4: column first_name: the row has 4 cells but the header has 6: the cells after first_name are missing (value "withheld under --pseudonymize")`,
			[]string{"Zoë"}},
		{"a header with a terminal escape", map[string]string{
			"tenant.yaml":         tinySnapshot["tenant.yaml"],
			"sources/las.csv":     "source_id,school,kind,first_name,last_name,groups,\x1b]0;owned\x07,extra\n1001,12AB,student,Zoë,Berg,7A,v\n",
			"target/accounts.csv": tinySnapshot["target/accounts.csv"],
		}, nil, `sources/las.csv:2:7: column \x1b]0;owned\x07: the row has 7 cells but the header has 8`, []string{"\x1b", "\x07"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := writeFiles(t, tt.files)
			args := append([]string{"check", "--snapshot", snap, "--out", filepath.Join(t.TempDir(), "out")}, tt.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			for _, f := range tt.forbidden {
				if strings.Contains(stderr+stdout, f) {
					t.Errorf("the output holds %q: %s", f, stderr)
				}
			}
		})
	}
	t.Run("a snapshot path with a terminal escape", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "snap\x1b[2Jshot")
		code, _, stderr := runCLI(t, "check", "--snapshot", dir, "--out", filepath.Join(t.TempDir(), "out"))
		if code != 2 || strings.Contains(stderr, "\x1b") || !strings.Contains(stderr, `snap\x1b[2Jshot`) {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

// TestSnapshotsTableCleansAndWithholds: check --snapshots prints a tenant
// folder's name and its input error with nothing a terminal would obey,
// and under --pseudonymize without the value.
func TestSnapshotsTableCleansAndWithholds(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	files := map[string]string{}
	for k, v := range tinySnapshot {
		files["good\x1b[2J/"+k] = v
		files["cut/"+k] = v
	}
	files["cut/sources/las.csv"] = "source_id,school,kind,first_name,last_name,groups\n1001,12AB,student,Zoë\n"
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, stdout, stderr := runCLI(t, "check", "--snapshots", root, "--out", filepath.Join(t.TempDir(), "out"), "--fail-on", "never",
		"--pseudonymize", "--pseudonym-key-file", keyFile)
	all := stdout + stderr
	if strings.Contains(all, "\x1b") || !strings.Contains(all, `good\x1b[2J`) {
		t.Errorf("the folder name is not written out:\n%s", all)
	}
	if strings.Contains(all, "Zoë") || !strings.Contains(all, "withheld under --pseudonymize") {
		t.Errorf("the cut row's value is printed, or nothing says it is withheld:\n%s", all)
	}
}
