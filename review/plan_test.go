package review

import (
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// Each decision on its own: the action it gives, or the rule that refuses it.
func TestDecisions(t *testing.T) {
	const runDate = syncaudit.Date("2026-11-23")
	managed := &syncaudit.Account{ID: "A1", Status: syncaudit.Active, Links: []syncaudit.Link{{Source: syncaudit.HR, SourceID: "E-1"}}}
	manual := &syncaudit.Account{ID: "A1", Status: syncaudit.Active}
	deleted := &syncaudit.Account{ID: "A1", Status: syncaudit.SoftDeleted, DeletedAt: "2026-09-01", Links: managed.Links}
	tests := []struct {
		name      string
		decision  string
		acc       *syncaudit.Account
		entry     syncaudit.ExceptionEntry
		newReason string
		newExpiry string
		protected bool
		// An action of kind (with owner in its evidence, and reason in its
		// Reason), or a problem of problem kind under rule.
		kind          syncaudit.ActionKind
		owner, reason string
		problem       ProblemKind
		rule          string
	}{
		{name: "keep with the old reason", decision: "keep", acc: managed, entry: syncaudit.ExceptionEntry{Reason: "sick leave"},
			kind: syncaudit.SetExceptionReason, reason: "kept at the review of 2026-11-23 by K. Smit: sick leave"},
		{name: "keep with a new reason and expiry", decision: "keep", acc: managed, newReason: "intern", newExpiry: "2027-02-01",
			kind: syncaudit.SetExceptionReason, reason: "; the entry expires on 2027-02-01 (E10)"},
		{name: "keep an account not in the platform", decision: "keep", entry: syncaudit.ExceptionEntry{Reason: "x"}, problem: Refused, rule: "E3"},
		{name: "keep a soft-deleted account", decision: "keep", acc: deleted, entry: syncaudit.ExceptionEntry{Reason: "x"}, problem: Refused, rule: "E3"},
		{name: "keep a manual account", decision: "keep", acc: manual, entry: syncaudit.ExceptionEntry{Reason: "x"}, problem: Refused, rule: "E2"},
		{name: "keep without any reason", decision: "keep", acc: managed, problem: Invalid, rule: "E4"},
		{name: "keep with an unreadable expiry", decision: "keep", acc: managed, newReason: "x", newExpiry: "soon", problem: Invalid, rule: "E10"},
		{name: "keep with an expiry not after the run date", decision: "keep", acc: managed, newReason: "x", newExpiry: "2026-11-23", problem: Invalid, rule: "E10"},
		{name: "remove, whatever the account", decision: "remove", kind: syncaudit.RemoveException, reason: "removed from the exception list"},
		{name: "delete a manual account", decision: "delete", acc: manual, kind: syncaudit.DeleteAccount, owner: "platform (manual account)", reason: "(E2)"},
		{name: "delete a protected absent account", decision: "delete", acc: managed, protected: true, kind: syncaudit.DeleteAccount, owner: "platform (L5)", reason: "(L5)"},
		{name: "delete a source-managed account a source offers", decision: "delete", acc: managed, problem: Refused, rule: "L4"},
		{name: "delete an account not in the platform", decision: "delete", problem: Refused, rule: "E3"},
		{name: "delete a soft-deleted account", decision: "delete", acc: deleted, problem: Refused, rule: "D7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &decided{
				Decision: &Decision{Row: 5, AccountID: "A1", Decision: tt.decision, NewReason: tt.newReason, NewExpiry: tt.newExpiry, Reviewer: "K. Smit"},
				acc:      tt.acc, entry: &tt.entry, runDate: runDate,
				ev: map[string]string{"row": "5"}, by: " by K. Smit",
			}
			var (
				a   *syncaudit.Action
				why *Problem
			)
			switch tt.decision {
			case "keep":
				a, why = d.keep(report.English)
			case "remove":
				a = d.remove()
			case "delete":
				a, why = d.delete(tt.protected)
			}
			if tt.problem != "" {
				if why == nil || why.Kind != tt.problem || why.Rule != tt.rule || why.Row != 5 || why.Fix == "" {
					t.Fatalf("got action %+v, problem %+v; want a %s problem under %s on row 5 with a fix", a, why, tt.problem, tt.rule)
				}
				return
			}
			if why != nil || a == nil {
				t.Fatalf("got problem %+v; want a %s action", why, tt.kind)
			}
			if a.Kind != tt.kind || a.Rule != "E9" || a.Account != "A1" || a.State != syncaudit.Planned {
				t.Errorf("got %s %s on %s (%s); want %s E9 on A1 (planned)", a.Kind, a.Rule, a.Account, a.State, tt.kind)
			}
			if !strings.Contains(a.Reason, tt.reason) {
				t.Errorf("reason %q does not say %q", a.Reason, tt.reason)
			}
			if got := a.Evidence["owner"]; got != tt.owner {
				t.Errorf("evidence owner = %q, want %q", got, tt.owner)
			}
			if a.Evidence["row"] != "5" {
				t.Errorf("evidence %v lost the row", a.Evidence)
			}
		})
	}
}
