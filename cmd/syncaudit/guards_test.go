package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGuardsCannotBeSwitchedOffUnseen: the ways a guard was switched off
// without a word, each refused with exit 2 and nothing written, or shown.
func TestGuardsCannotBeSwitchedOffUnseen(t *testing.T) {
	policy := func(block string) map[string]string {
		return leaverSnapshot("policy:\n" + block)
	}
	tests := []struct {
		name   string
		files  map[string]string
		policy string // a --policies file, "" for none
		code   int
		want   string // in stderr (exit 2) or stdout
	}{
		{"a mistyped threshold: 10%", policy("  mass_delete: {max_percent: 10%}\n"), "", 2,
			`tenant.yaml: column policy.mass_delete.max_percent: not a number (value "10%")`},
		{`a threshold in quotes: "10"`, policy("  mass_delete: {max_percent: \"10\"}\n"), "", 2,
			`tenant.yaml: column policy.mass_delete.max_percent: not a number (value "10")`},
		{"a threshold left empty", policy("  mass_update: {min_count: }\n"), "", 2,
			`tenant.yaml: column policy.mass_update.min_count: not a number (value "null")`},
		{"a threshold in words", policy("  mass_delete: {min_count: ten}\n"), "", 2,
			`tenant.yaml: column policy.mass_delete.min_count: not a number (value "ten")`},
		{"a user policy in syncaudit.lib", leaverSnapshot(""), "package syncaudit.lib\n\ndisabled contains \"D9\"\n", 2,
			"house.rego:1:1: package syncaudit.lib: a user policy declares a package of its own, syncaudit.rules.<name>"},
		{"a user policy in a built-in family", leaverSnapshot(""), "package syncaudit.rules.deletion\n\nfindings contains {\"rule\": \"X1\", \"severity\": \"info\", \"message\": \"x\"} if false\n", 2,
			"house.rego:1:1: package syncaudit.rules.deletion: deletion is a family of the built-in rule book"},
		{"a guard switched off in tenant.yaml is shown", policy("  disabled_rules: [D9, E7]\n"), "", 0,
			"GUARDS SWITCHED OFF (the tenant's disabled_rules):  D9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := writeFiles(t, tt.files)
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"check", "--snapshot", snap, "--out", out, "--fail-on", "never"}
			if tt.policy != "" {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "house.rego"), []byte(tt.policy), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--policies", dir)
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			got := stdout
			if code != 0 {
				got = stderr
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a refused check wrote %s", out)
				}
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output %q, want it to contain %q", got, tt.want)
			}
		})
	}
}
