package syncaudit

import (
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	old := &Report{
		Tool: Tool{Name: "syncaudit", Version: "0.9"},
		Run: Run{Tenant: "de-linde", RunDate: "2026-10-01", PolicyDigest: "aaa",
			Inputs: []InputFile{{File: "target/exceptions.csv", Records: 5}}},
		Findings: []Finding{
			{Rule: "E5", Severity: Warn, Account: "A1", Message: "not reviewed for 120 days"},
			{Rule: "E5", Severity: Warn, Account: "A2", Message: "not reviewed for 100 days"},
			{Rule: "E4", Severity: Deny, Account: "A3"},
			{Rule: "E6", Severity: Info, Account: "A9"},
			{Rule: "S6", Severity: Warn, Account: "", Source: "las", SourceID: "1001", School: "12AB"},
			{Rule: "S6", Severity: Warn, Account: "", Source: "las", SourceID: "1001", School: "34CD"},
		},
		Actions: []Action{
			{Kind: SoftDelete, Account: "A7", Rule: "D3", State: Planned},
			{Kind: Update, Account: "A8", Field: "last_name", From: "Jansen", To: "Janssen", Rule: "L2", State: Planned},
		},
	}
	cur := &Report{
		Run: Run{Tenant: "de-linde", RunDate: "2026-11-23",
			Inputs: []InputFile{{File: "target/exceptions.csv", Records: 4}}},
		Findings: []Finding{
			{Rule: "E5", Severity: Warn, Account: "A1", Message: "not reviewed for 173 days"},
			{Rule: "E10", Severity: Warn, Account: "A4"},
			{Rule: "E6", Severity: Info, Account: "A9"},
			{Rule: "S6", Severity: Warn, Account: "", Source: "las", SourceID: "1001", School: "34CD"},
		},
		Actions: []Action{
			{Kind: Update, Account: "A8", Field: "last_name", From: "Jansen", To: "Janssens", Rule: "L2", State: Planned},
			{Kind: ReleaseLicense, Account: "A7", Rule: "D6", State: Planned},
		},
	}
	got := Diff(old, cur)

	t.Run("previous", func(t *testing.T) {
		want := PreviousRun{Tenant: "de-linde", RunDate: "2026-10-01", ToolVersion: "0.9", PolicyDigest: "aaa",
			Summary: Summary{Actions: map[ActionKind]int{SoftDelete: 1, Update: 1}, Findings: map[Severity]int{Deny: 1, Warn: 4, Info: 1}}}
		if !reflect.DeepEqual(got.Previous, want) {
			t.Errorf("Previous = %+v, want %+v", got.Previous, want)
		}
	})
	t.Run("findings", func(t *testing.T) {
		if n := len(got.NewFindings); n != 1 || got.NewFindings[0].Rule != "E10" {
			t.Errorf("NewFindings = %+v, want the one E10", got.NewFindings)
		}
		var gone []string
		for _, f := range got.ResolvedFindings {
			gone = append(gone, f.Rule+"/"+f.Account+f.School)
		}
		if want := []string{"E5/A2", "E4/A3", "S6/12AB"}; !reflect.DeepEqual(gone, want) {
			t.Errorf("ResolvedFindings = %v, want %v", gone, want)
		}
		if got.UnchangedFindings != 3 {
			t.Errorf("UnchangedFindings = %d, want 3 (E5/A1 despite its new message, E6/A9, S6/34CD)", got.UnchangedFindings)
		}
	})
	t.Run("by rule", func(t *testing.T) {
		want := []RuleChange{
			{Rule: "S6", Severity: Warn, Tally: Tally{Before: 2, After: 1, Resolved: 1, Unchanged: 1}},
			{Rule: "E4", Severity: Deny, Tally: Tally{Before: 1, Resolved: 1}},
			{Rule: "E5", Severity: Warn, Tally: Tally{Before: 2, After: 1, Resolved: 1, Unchanged: 1}},
			{Rule: "E6", Severity: Info, Tally: Tally{Before: 1, After: 1, Unchanged: 1}},
			{Rule: "E10", Severity: Warn, Tally: Tally{After: 1, New: 1}},
		}
		if !reflect.DeepEqual(got.FindingsByRule, want) {
			t.Errorf("FindingsByRule =\n%+v\nwant\n%+v", got.FindingsByRule, want)
		}
	})
	t.Run("actions", func(t *testing.T) {
		if len(got.NewActions) != 1 || got.NewActions[0].Kind != ReleaseLicense {
			t.Errorf("NewActions = %+v, want the release_license", got.NewActions)
		}
		if len(got.ResolvedActions) != 1 || got.ResolvedActions[0].Kind != SoftDelete {
			t.Errorf("ResolvedActions = %+v, want the soft_delete", got.ResolvedActions)
		}
		if got.UnchangedActions != 1 {
			t.Errorf("UnchangedActions = %d, want 1 (the update, matched though its value changed)", got.UnchangedActions)
		}
		want := []KindChange{
			{Kind: Update, Tally: Tally{Before: 1, After: 1, Unchanged: 1}},
			{Kind: SoftDelete, Tally: Tally{Before: 1, Resolved: 1}},
			{Kind: ReleaseLicense, Tally: Tally{After: 1, New: 1}},
		}
		if !reflect.DeepEqual(got.ActionsByKind, want) {
			t.Errorf("ActionsByKind =\n%+v\nwant\n%+v", got.ActionsByKind, want)
		}
	})
	t.Run("exceptions", func(t *testing.T) {
		want := ExceptionChange{EntriesBefore: 5, EntriesAfter: 4, AttentionBefore: 3, AttentionAfter: 2, Trend: TrendBetter}
		if got.Exceptions != want {
			t.Errorf("Exceptions = %+v, want %+v", got.Exceptions, want)
		}
	})
}

func TestDiffDuplicateKeys(t *testing.T) {
	f := Finding{Rule: "L3", Severity: Warn, Account: "A1"}
	tests := []struct {
		name                        string
		before, after               int
		wantNew, wantGone, wantSame int
	}{
		{"two then three", 2, 3, 1, 0, 2},
		{"three then one", 3, 1, 0, 2, 1},
		{"none then two", 0, 2, 2, 0, 0},
		{"same", 2, 2, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, cur := &Report{}, &Report{}
			for i := 0; i < tt.before; i++ {
				old.Findings = append(old.Findings, f)
			}
			for i := 0; i < tt.after; i++ {
				cur.Findings = append(cur.Findings, f)
			}
			got := Diff(old, cur)
			if len(got.NewFindings) != tt.wantNew || len(got.ResolvedFindings) != tt.wantGone || got.UnchangedFindings != tt.wantSame {
				t.Errorf("new/resolved/unchanged = %d/%d/%d, want %d/%d/%d",
					len(got.NewFindings), len(got.ResolvedFindings), got.UnchangedFindings, tt.wantNew, tt.wantGone, tt.wantSame)
			}
		})
	}
}

func TestExceptionTrend(t *testing.T) {
	warn := func(acc string) Finding { return Finding{Rule: "E5", Severity: Warn, Account: acc} }
	tests := []struct {
		name          string
		before, after []Finding
		want          string
	}{
		{"fewer", []Finding{warn("A1"), warn("A2")}, []Finding{warn("A1")}, TrendBetter},
		{"more", nil, []Finding{warn("A1")}, TrendWorse},
		{"same count", []Finding{warn("A1")}, []Finding{warn("A2")}, TrendSame},
		{"two E findings on one entry count once", []Finding{warn("A1"), {Rule: "E6", Severity: Warn, Account: "A1"}}, []Finding{warn("A2")}, TrendSame},
		{"info and other families do not count", []Finding{{Rule: "E6", Severity: Info, Account: "A1"}, {Rule: "D9", Severity: Deny}}, nil, TrendSame},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(&Report{Findings: tt.before}, &Report{Findings: tt.after}).Exceptions
			if got.Trend != tt.want {
				t.Errorf("Trend = %q, want %q (%+v)", got.Trend, tt.want, got)
			}
			if got.EntriesBefore != -1 || got.EntriesAfter != -1 {
				t.Errorf("entries = %d/%d, want -1/-1 without an exceptions input", got.EntriesBefore, got.EntriesAfter)
			}
		})
	}
}

func TestRuleLess(t *testing.T) {
	ids := []string{"custom", "U1", "D10", "E5", "D9", "S2", "X1", "M4", "V9", "P1", "L6"}
	want := []string{"S2", "M4", "L6", "D9", "D10", "E5", "V9", "P1", "U1", "X1", "custom"}
	got := append([]string(nil), ids...)
	for i := 1; i < len(got); i++ { // insertion sort: exercises RuleLess only
		for j := i; j > 0 && RuleLess(got[j], got[j-1]); j-- {
			got[j], got[j-1] = got[j-1], got[j]
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted = %v, want %v", got, want)
	}
}
