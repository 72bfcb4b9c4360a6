package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDiffCommand(t *testing.T) {
	const old, cur = "../../report/testdata/diff/old.json", "../../report/testdata/diff/new.json"
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{"table", []string{"diff", old, cur}, 0,
			[]string{"Changes since the previous run: de-linde", "The exception list got better: 2 entries need attention, 3 before.",
				"E10  warn  A44", "D3  soft delete  A17       12AB  Åsa Öberg is absent from every source"}, ""},
		{"dutch table", []string{"diff", "--lang", "nl", old, cur}, 0,
			[]string{"Wijzigingen sinds de vorige controle", "Opgeloste bevindingen (3)"}, ""},
		{"json", []string{"diff", "--format", "json", old, cur}, 0, []string{`"unchanged_findings": 3`, `"trend": "better"`}, ""},
		{"flags after the reports", []string{"diff", old, cur, "--lang", "sv", "--format", "table"}, 0,
			[]string{"Förändringar sedan förra körningen", "Lösta iakttagelser (3)"}, ""},
		{"json after the reports", []string{"diff", old, cur, "--format=json"}, 0, []string{`"trend": "better"`}, ""},
		{"one report", []string{"diff", old}, 2, nil, "diff needs two reports"},
		{"three reports", []string{"diff", old, cur, cur}, 2, nil, `diff: unexpected argument "`},
		{"unknown flag after", []string{"diff", old, cur, "--colour"}, 2, nil, "diff has no flag --colour"},
		{"unknown language", []string{"diff", "--lang", "de", old, cur}, 2, nil, `unknown language "de"`},
		{"unknown format", []string{"diff", "--format", "xml", old, cur}, 2, nil, `--format "xml": use table or json`},
		{"another tenant", []string{"diff", "../../report/testdata/diff/other-tenant.json", cur}, 2, nil, "another tenant"},
		{"missing file", []string{"diff", "nothing.json", cur}, 2, nil, "nothing.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			for _, s := range tt.wantOut {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not contain %q:\n%s", s, stdout)
				}
			}
			if tt.wantErr != "" && !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantErr)
			}
		})
	}
	t.Run("json is the changes object", func(t *testing.T) {
		_, stdout, _ := runCLI(t, "diff", "--format", "json", old, cur)
		var v struct {
			Previous struct {
				RunDate string `json:"run_date"`
			} `json:"previous"`
			NewFindings []json.RawMessage `json:"new_findings"`
		}
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("stdout is not JSON: %v", err)
		}
		if v.Previous.RunDate != "2026-08-20" || len(v.NewFindings) != 2 {
			t.Errorf("got previous run %q and %d new findings, want 2026-08-20 and 2", v.Previous.RunDate, len(v.NewFindings))
		}
	})
}
