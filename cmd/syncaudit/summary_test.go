package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/apply"
	"github.com/syncaudit/syncaudit/fleet"
	"github.com/syncaudit/syncaudit/report"
)

// TestSummariesInTheReadersLanguage: apply's summary and the table of many
// tenants are written in the language asked for, and no line of the English
// text reaches a Dutch or Swedish one.
func TestSummariesInTheReadersLanguage(t *testing.T) {
	res := &apply.Result{
		RunDate:    syncaudit.MustDate("2026-11-23"),
		PlanDigest: "abc",
		Applied:    map[syncaudit.ActionKind]int{syncaudit.SoftDelete: 2, syncaudit.PurgeCandidate: 0},
		NotApplied: map[syncaudit.ActionKind]int{syncaudit.PurgeCandidate: 1},
		Unselected: 3,
		Schoolless: []string{"A1"},
	}
	idx := &fleet.Index{Tenants: []fleet.Entry{{Tenant: "t1", Folder: "t1", Worst: syncaudit.Deny, DenyRules: []string{"D9"}}}}
	render := func(lang string) string {
		var b bytes.Buffer
		res.Language = lang
		printApplySummary(&b, "next", res)
		if err := printIndex(&b, idx, report.ParseLang(lang)); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	english := render("en")
	for _, want := range []string{"applied 2", "not applied 1", "never purged", "3 more changes", "(A1)", "journal: journal.jsonl", "TENANT", "deny: D9", "total"} {
		if !strings.Contains(english, want) {
			t.Errorf("English summary lacks %q:\n%s", want, english)
		}
	}
	tests := []struct {
		lang string
		want []string
	}{
		{"nl", []string{"naar verwijderde gebruikers: 2 uitgevoerd", "1 niet uitgevoerd", "nog 3 wijzigingen", "(A1)", "logboek: journal.jsonl", "ORGANISATIE", "blokkerend: D9", "totaal"}},
		{"sv", []string{"till borttagna användare: 2 genomförda", "1 inte genomförda", "ytterligare 3 ändringar", "(A1)", "logg: journal.jsonl", "ORGANISATION", "stopp: D9", "totalt"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			got := render(tt.lang)
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("summary lacks %q:\n%s", want, got)
				}
			}
			for _, line := range strings.Split(strings.TrimSpace(english), "\n") {
				if strings.Contains(got, strings.TrimSpace(line)) {
					t.Errorf("English line %q in the %s summary", line, tt.lang)
				}
			}
		})
	}
}
