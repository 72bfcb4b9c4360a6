package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	syncaudit "github.com/syncaudit/syncaudit"
)

func TestDiffFilesGolden(t *testing.T) {
	rep, err := DiffFiles("testdata/diff/old.json", "testdata/diff/new.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"diff.en.golden", func(b *bytes.Buffer) error { return WriteChangesTable(b, rep, English) }},
		{"diff.nl.golden", func(b *bytes.Buffer) error { return WriteChangesTable(b, rep, Dutch) }},
		{"diff.sv.golden", func(b *bytes.Buffer) error { return WriteChangesTable(b, rep, Swedish) }},
		{"diff.json.golden", func(b *bytes.Buffer) error { return WriteChangesJSON(b, rep) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
		})
	}
}

// TestDiffFilesCounts states what the golden files must show, so that an
// -update cannot quietly accept a wrong comparison.
func TestDiffFilesCounts(t *testing.T) {
	rep, err := DiffFiles("testdata/diff/old.json", "testdata/diff/new.json")
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Changes
	keys := func(fs []syncaudit.Finding) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Rule+" "+whoOf(f.Account, f.Source, f.SourceID))
		}
		return strings.Join(out, ", ")
	}
	akeys := func(as []syncaudit.Action) string {
		var out []string
		for _, a := range as {
			out = append(out, string(a.Kind)+" "+whoOf(a.Account, a.Source, a.SourceID))
		}
		return strings.Join(out, ", ")
	}
	tests := []struct {
		name, got, want string
	}{
		{"new findings", keys(c.NewFindings), "E10 A44, E7 A45"},
		{"resolved findings", keys(c.ResolvedFindings), "M2 las:2002, E4 A41, E5 A43"},
		{"new actions", akeys(c.NewActions), "release_license A18"},
		{"gone actions", akeys(c.ResolvedActions), "create las:1001, soft_delete A17"},
		{"unchanged", strings.Repeat("f", c.UnchangedFindings) + strings.Repeat("a", c.UnchangedActions), "fffaa"},
		{"exception trend", c.Exceptions.Trend, syncaudit.TrendBetter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if e := c.Exceptions; e.EntriesBefore != 6 || e.EntriesAfter != 5 || e.AttentionBefore != 3 || e.AttentionAfter != 2 {
		t.Errorf("exceptions = %+v, want entries 6 -> 5, attention 3 -> 2", e)
	}
}

func TestDiffFilesErrors(t *testing.T) {
	tests := []struct {
		name, old, cur, want string
	}{
		{"another tenant", "testdata/diff/other-tenant.json", "testdata/diff/new.json", "the previous report is of another tenant than this one (de-linde)"},
		{"not a report", "testdata/diff/not-a-report.json", "testdata/diff/new.json", "not a syncaudit report"},
		{"missing previous", "testdata/diff/nothing.json", "testdata/diff/new.json", "no such file"},
		{"missing current", "testdata/diff/old.json", "testdata/diff/nothing.json", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DiffFiles(tt.old, tt.cur)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("DiffFiles error = %v, want one saying %q", err, tt.want)
			}
		})
	}
	t.Run("another tenant is an input error", func(t *testing.T) {
		_, err := DiffFiles("testdata/diff/other-tenant.json", "testdata/diff/new.json")
		var ie *syncaudit.InputError
		if !errors.As(err, &ie) || ie.File != "testdata/diff/other-tenant.json" {
			t.Errorf("error %v is not an InputError naming the previous report", err)
		}
	})
	t.Run("no changes to write", func(t *testing.T) {
		if err := WriteChangesTable(&bytes.Buffer{}, &syncaudit.Report{}, English); err == nil {
			t.Errorf("WriteChangesTable without Changes = nil error, want one")
		}
		if err := WriteChangesJSON(&bytes.Buffer{}, &syncaudit.Report{}); err == nil {
			t.Errorf("WriteChangesJSON without Changes = nil error, want one")
		}
	})
}
