package syncaudit

import (
	"fmt"
	"strings"
	"testing"
	"time"
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
		{"13/01/2026", "2026-01-13", false}, // only day-first reads it
		{"1/13/2026", "2026-01-13", false},  // only month-first reads it
		{"01/02/2026", "", true},            // both read it, differently: refused
		{"01/01/2026", "2026-01-01", false}, // both read it alike
		{"0001-01-01", "", true},            // issue 14: outside 1900-2200
		{"9999-12-31", "", true},
		{"31-12-9999", "", true},
		{"1899-12-31", "", true},
		{"1900-01-01", "1900-01-01", false},
		{"2200-12-31", "2200-12-31", false},
		{"2201-01-01T00:00:00Z", "", true},
		{"2026-11-23T23:30:00.123+01:00", "2026-11-23", false},
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
// gives what time.Parse gives (within the years a date may lie in), over
// every month and day (and a few that do not exist) of common, leap and
// century years.
func TestCanonicalDateFastPath(t *testing.T) {
	viaTime := func(s string) (Date, bool) {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil || tm.Year() < MinYear || tm.Year() > MaxYear {
			return "", false
		}
		return DateOf(tm), true
	}
	for _, year := range []string{"0000", "1899", "1900", "1999", "2000", "2024", "2026", "2100", "2200", "2201", "9999"} {
		for month := 0; month <= 13; month++ {
			for day := 0; day <= 32; day++ {
				s := fmt.Sprintf("%s-%02d-%02d", year, month, day)
				want, wantOK := viaTime(s)
				got, err := ParseDate(s)
				if got != want || (err == nil) != wantOK {
					t.Errorf("ParseDate(%q) = %q, %v; time.Parse gives %q, %v", s, got, err, want, wantOK)
				}
			}
		}
	}
	for _, s := range []string{"2026-1-05", "2026-01-5", "2026-0a-05", "2026/01/05", "+026-01-05", "2026-01-05x", "２０２６-01-05"} {
		if got, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", s, got)
		}
	}
}

func TestDateFits(t *testing.T) {
	tests := []struct {
		in   string
		want DateFormat
	}{
		{"2026-11-23", ISODate},
		{"2026-11-23T08:00:00Z", ISODate},
		{"23-11-2026", DayMonthYear},
		{"1-8-2026", DayMonthYear},
		{"9/1/2021", DayFirstSlash | MonthFirstSlash},
		{"13/1/2021", DayFirstSlash},
		{"1/13/2021", MonthFirstSlash},
		{"2/30/2021", 0},
		{"1/2/21", 0},
		{"1-2/2021", 0},
		{"11-23-2026", 0}, // -separated dates are day-first, as the contract says
	}
	for _, tt := range tests {
		if got := DateFits(tt.in); got != tt.want {
			t.Errorf("DateFits(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if d, err := ParseDateAs("9/1/2021", MonthFirstSlash); err != nil || d != "2021-09-01" {
		t.Errorf("ParseDateAs(9/1/2021, month first) = %q, %v", d, err)
	}
	if d, err := ParseDateAs("9/1/2021", DayFirstSlash); err != nil || d != "2021-01-09" {
		t.Errorf("ParseDateAs(9/1/2021, day first) = %q, %v", d, err)
	}
	if _, err := ParseDateAs("9-1-2021", MonthFirstSlash); err == nil {
		t.Error("a -separated date read as month-first")
	}
}

// TestDayCountsHoldForEveryYear compares DaysUntil and AddDays with
// time.Time's own arithmetic over the years a date may lie in, and beyond
// them where nanoseconds overflow (a count of days has no such limit).
func TestDayCountsHoldForEveryYear(t *testing.T) {
	base := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	from := DateOf(base)
	for n := 0; n < 301*366; n += 37 {
		d := DateOf(base.AddDate(0, 0, n))
		if got := from.DaysUntil(d); got != n {
			t.Fatalf("%s.DaysUntil(%s) = %d, want %d", from, d, got, n)
		}
		if got := from.AddDays(n); got != d {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", from, n, got, d)
		}
	}
	if got := Date("0001-01-01").DaysUntil("9999-12-31"); got != 3652058 {
		t.Errorf("days from 0001-01-01 to 9999-12-31 = %d, want 3652058", got)
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
