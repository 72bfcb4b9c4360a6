package syncaudit

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  bool
	}{
		{"2026-11-23", "2026-11-23", false},
		{"23-11-2026", "2026-11-23", false},
		{"2026-11-23T08:15:00Z", "2026-11-23", false},
		{"1-8-2026", "2026-08-01", false},
		{" ", "", false},
		{"2026-02-30", "", true},
		{"23/11/26", "", true},
		{"gisteren", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseDate(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

// TestCanonicalDateFastPath checks that ParseDate's short cut for YYYY-MM-DD
// gives what parsing through the layouts gives, over every month and day
// (and a few that do not exist) of common, leap and century years.
func TestCanonicalDateFastPath(t *testing.T) {
	for _, year := range []string{"0000", "1900", "1999", "2000", "2024", "2026", "2100", "9999"} {
		for month := 0; month <= 13; month++ {
			for day := 0; day <= 32; day++ {
				s := fmt.Sprintf("%s-%02d-%02d", year, month, day)
				want, wantErr := parseDateLayouts(s)
				got, err := ParseDate(s)
				if got != want || (err != nil) != (wantErr != nil) {
					t.Errorf("ParseDate(%q) = %q, %v; through the layouts %q, %v", s, got, err, want, wantErr)
				}
			}
		}
	}
	for _, s := range []string{"2026-1-05", "2026-01-5", "2026-0a-05", "2026/01/05", "+026-01-05", "2026-01-05x", "２０２６-01-05"} {
		want, wantErr := parseDateLayouts(s)
		got, err := ParseDate(s)
		if got != want || (err != nil) != (wantErr != nil) {
			t.Errorf("ParseDate(%q) = %q, %v; through the layouts %q, %v", s, got, err, want, wantErr)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := MustDate("2026-11-23")
	if got := MustDate("2026-08-25").DaysUntil(d); got != 90 {
		t.Errorf("DaysUntil = %d, want 90", got)
	}
	if got := d.AddDays(-30); got != "2026-10-24" {
		t.Errorf("AddDays(-30) = %q", got)
	}
	if Date("").Before(d) || d.After("") {
		t.Error("a zero date compared as before or after")
	}
}

func TestParseWords(t *testing.T) {
	kinds := map[string]Kind{"leerling": Student, "Elev": Student, "leerkracht": Staff, "lärare": Staff, "personal": Staff, "ouder": Guardian, "vårdnadshavare": Guardian}
	for in, want := range kinds {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	structures := map[string]Structure{"eenpitter": SingleSchool, "Bestuur": Board, "multidomein": MultiDomain, "multi-domain": MultiDomain, "single_school": SingleSchool}
	for in, want := range structures {
		if got, err := ParseStructure(in); err != nil || got != want {
			t.Errorf("ParseStructure(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseKind("conciërge"); err == nil {
		t.Error("ParseKind accepted an unknown kind")
	}
}

func TestParseLink(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"las:1001", "las:1001", false},
		{" HR:E-42 ", "hr:E-42", false},
		{"sis:a:b", "sis:a:b", false},
		{"1001", "", true},
		{"las:", "", true},
		{"ad:1001", "", true},
	}
	for _, tt := range tests {
		l, err := ParseLink(tt.in)
		if (err != nil) != tt.err || (err == nil && l.String() != tt.want) {
			t.Errorf("ParseLink(%q) = %v, %v; want %q, error %v", tt.in, l, err, tt.want, tt.err)
		}
	}
}

func TestInputErrorMessage(t *testing.T) {
	e := &InputError{File: "target/accounts.csv", Line: 14, Column: "schools", ColumnIndex: 6, Value: "99ZZ", Problem: "the tenant does not list this school", Fix: "add it to tenant.yaml"}
	want := `target/accounts.csv:14:6: column schools: the tenant does not list this school (value "99ZZ"); add it to tenant.yaml`
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant     %q", e.Error(), want)
	}
	many := make(InputErrors, 25)
	for i := range many {
		many[i] = e
	}
	if !strings.Contains(many.Error(), "... and 5 more") {
		t.Errorf("InputErrors does not cut at 20: %q", many.Error())
	}
}

func TestSummarise(t *testing.T) {
	r := Report{
		Actions:  []Action{{Kind: SoftDelete, State: Planned}, {Kind: SoftDelete, State: Skipped, SkippedBy: "V1"}, {Kind: Create, State: Planned}},
		Findings: []Finding{{Severity: Deny}, {Severity: Warn}, {Severity: Warn}},
	}
	r.Summarise(10)
	if r.Summary.Actions[SoftDelete] != 2 || r.Summary.Skipped[SoftDelete] != 1 || r.Summary.Findings[Warn] != 2 || r.Summary.Findings[Info] != 0 {
		t.Errorf("summary = %+v", r.Summary)
	}
	if r.WorstSeverity() != Deny {
		t.Errorf("worst = %q", r.WorstSeverity())
	}
}
