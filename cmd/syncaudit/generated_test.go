package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// The tests compare the reports of separate runs byte for byte (shards
// against a whole run, a pseudonymised run against another): the reports'
// generation time is pinned for them, as a reproducible build pins it.
func init() {
	if os.Getenv("SOURCE_DATE_EPOCH") == "" {
		_ = os.Setenv("SOURCE_DATE_EPOCH", "1795420800") // 2026-11-23T08:00:00Z
	}
}

func TestCheckGeneratedAt(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		epoch string
		want  string
		code  int
	}{
		{"flag", []string{"--generated-at", "2026-11-24T07:30:00+01:00"}, "", "2026-11-24T06:30:00Z", 0},
		{"flag as a date", []string{"--generated-at", "2026-11-24"}, "", "2026-11-24T00:00:00Z", 0},
		{"SOURCE_DATE_EPOCH", nil, "1795420800", "2026-11-23T08:00:00Z", 0},
		{"the flag wins", []string{"--generated-at", "2026-12-01T00:00:00Z"}, "1795420800", "2026-12-01T00:00:00Z", 0},
		{"a bad flag", []string{"--generated-at", "yesterday"}, "", "", 2},
		{"a bad SOURCE_DATE_EPOCH", nil, "soon", "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SOURCE_DATE_EPOCH", tt.epoch)
			out := t.TempDir()
			args := append([]string{"check", "--snapshot", "testdata/clean", "--out", out, "--no-pdf"}, tt.args...)
			code, _, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if tt.code != 0 {
				if !strings.Contains(stderr, "--generated-at") && !strings.Contains(stderr, "SOURCE_DATE_EPOCH") {
					t.Errorf("stderr names neither the flag nor the variable: %s", stderr)
				}
				return
			}
			data, err := os.ReadFile(filepath.Join(out, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep syncaudit.Report
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Run.GeneratedAt != tt.want {
				t.Errorf("generated_at = %q, want %q", rep.Run.GeneratedAt, tt.want)
			}
			if rep.Run.RunDate == "" || string(rep.Run.RunDate) == tt.want {
				t.Errorf("run date %q, want it apart from the generation time", rep.Run.RunDate)
			}
			if rep.Tool.OPA == "" {
				t.Errorf("tool = %+v, want the OPA version", rep.Tool)
			}
		})
	}
}

// TestCheckSameBytes: two runs with the same inputs and generation time
// write the same report.json, actions.csv, report.xlsx and report.pdf.
func TestCheckSameBytes(t *testing.T) {
	var outs [2]string
	for i := range outs {
		outs[i] = t.TempDir()
		if code, _, stderr := runCLI(t, "check", "--snapshot", "../../samples/de-linde", "--out", outs[i], "--fail-on", "never", "--generated-at", "2026-11-23T06:00:00Z"); code != 0 {
			t.Fatalf("check: exit %d: %s", code, stderr)
		}
	}
	for _, f := range []string{"report.json", "actions.csv", "report.xlsx", "report.pdf"} {
		a, _ := os.ReadFile(filepath.Join(outs[0], f))
		b, _ := os.ReadFile(filepath.Join(outs[1], f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between two identical runs (%d and %d bytes)", f, len(a), len(b))
		}
	}
}
