package apply

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

func TestPlanActions(t *testing.T) {
	type check func(t *testing.T, res *Result)
	accountIs := func(id string, want func(*syncaudit.Account) string) check {
		return func(t *testing.T, res *Result) {
			t.Helper()
			a := accountByID(res.Accounts, id)
			if a == nil {
				t.Fatalf("account %s is gone", id)
			}
			if msg := want(a); msg != "" {
				t.Error(msg)
			}
		}
	}
	tests := []struct {
		name    string
		action  syncaudit.Action
		outcome Outcome
		changes int // number of changes in the journal entry
		check   check
	}{
		{
			name:    "create makes an account per U1 with the record's names, link and school",
			action:  syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "2001", School: "34CD", Rule: "M4"},
			outcome: Applied, changes: 10,
			check: func(t *testing.T, res *Result) {
				wantM := syncaudit.Membership{AccountID: "A8", School: "34CD", Group: "3B", Kind: syncaudit.GroupMembership, Origin: syncaudit.SyncOrigin}
				if !slices.Contains(res.Memberships, wantM) {
					t.Errorf("memberships %v lack %v: a new account joins its record's groups (V7)", res.Memberships, wantM)
				}
				a := accountByID(res.Accounts, "A8")
				if a == nil {
					t.Fatalf("no account A8 after create; accounts: %v", ids(res.Accounts))
				}
				got := []string{a.Username, a.FirstName, a.LastName, a.Email, string(a.Kind), string(a.Status), strings.Join(a.Schools, "|"), linksText(a.Links)}
				want := []string{"zoe.ostrom2@delinde.nl", "Zoë", "Öström", "zoe.ostrom2@delinde.nl", "student", "active", "34CD", "las:2001"}
				if !slices.Equal(got, want) {
					t.Errorf("created account = %q, want %q", got, want)
				}
			},
		},
		{
			name:    "update sets the field from the leading source",
			action:  syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "last_name", From: "Jansen", To: "Janssen", Source: "hr", Rule: "L2"},
			outcome: Applied, changes: 1,
			check: accountIs("A1", func(a *syncaudit.Account) string {
				if a.LastName != "Janssen" {
					return "last_name = " + a.LastName + ", want Janssen"
				}
				return ""
			}),
		},
		{
			name:    "update of email compares the from-value without case",
			action:  syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "email", From: "Jan.Jansen@delinde.nl", To: "jan.janssen@delinde.nl", Source: "hr", Rule: "L2"},
			outcome: Applied, changes: 1,
			check: accountIs("A1", func(a *syncaudit.Account) string {
				if a.Email != "jan.janssen@delinde.nl" {
					return "email = " + a.Email
				}
				return ""
			}),
		},
		{
			name:    "update to the value the account holds changes nothing",
			action:  syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "first_name", From: "X", To: "Jan", Source: "hr", Rule: "L2"},
			outcome: NotApplied,
		},
		{
			name:    "link_school adds the school",
			action:  syncaudit.Action{Kind: syncaudit.LinkSchool, Account: "A1", School: "34CD", Rule: "S2"},
			outcome: Applied, changes: 1,
			check: accountIs("A1", func(a *syncaudit.Account) string {
				if !slices.Equal(a.Schools, []string{"12AB", "34CD"}) {
					return "schools = " + strings.Join(a.Schools, "|")
				}
				return ""
			}),
		},
		{
			name:    "unlink_school removes the school",
			action:  syncaudit.Action{Kind: syncaudit.UnlinkSchool, Account: "A2", School: "34CD", Rule: "D3"},
			outcome: Applied, changes: 1,
			check: accountIs("A2", func(a *syncaudit.Account) string {
				if !slices.Equal(a.Schools, []string{"12AB"}) {
					return "schools = " + strings.Join(a.Schools, "|")
				}
				return ""
			}),
		},
		{
			name:    "unlink_school of a school the account lacks changes nothing",
			action:  syncaudit.Action{Kind: syncaudit.UnlinkSchool, Account: "A1", School: "34CD", Rule: "D3"},
			outcome: NotApplied,
		},
		{
			name:    "unlink_source removes the link",
			action:  syncaudit.Action{Kind: syncaudit.UnlinkSource, Account: "A1", Source: "las", SourceID: "1001", Rule: "D1"},
			outcome: Applied, changes: 1,
			check: accountIs("A1", func(a *syncaudit.Account) string {
				if linksText(a.Links) != "hr:E-42" {
					return "links = " + linksText(a.Links)
				}
				return ""
			}),
		},
		{
			name:    "soft_delete sets the status and deleted_at to the run date",
			action:  syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A4", Rule: "D3"},
			outcome: Applied, changes: 2,
			check: accountIs("A4", func(a *syncaudit.Account) string {
				if a.Status != syncaudit.SoftDeleted || a.DeletedAt != runDate {
					return "status " + string(a.Status) + " deleted_at " + a.DeletedAt.String()
				}
				return ""
			}),
		},
		{
			name:    "soft_delete of a soft-deleted account changes nothing",
			action:  syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A6", Rule: "D3"},
			outcome: NotApplied,
		},
		{
			name:    "suspend_m365 clears m365",
			action:  syncaudit.Action{Kind: syncaudit.SuspendM365, Account: "A4", Rule: "D6"},
			outcome: Applied, changes: 1,
			check: accountIs("A4", func(a *syncaudit.Account) string {
				if a.M365 || !a.M365License || !a.Google {
					return "flags wrong"
				}
				return ""
			}),
		},
		{
			name:    "release_license clears m365_license",
			action:  syncaudit.Action{Kind: syncaudit.ReleaseLicense, Account: "A4", Rule: "D6"},
			outcome: Applied, changes: 1,
			check: accountIs("A4", func(a *syncaudit.Account) string {
				if !a.M365 || a.M365License || !a.Google {
					return "flags wrong"
				}
				return ""
			}),
		},
		{
			name:    "suspend_google clears google",
			action:  syncaudit.Action{Kind: syncaudit.SuspendGoogle, Account: "A4", Rule: "D6"},
			outcome: Applied, changes: 1,
			check: accountIs("A4", func(a *syncaudit.Account) string {
				if !a.M365 || !a.M365License || a.Google {
					return "flags wrong"
				}
				return ""
			}),
		},
		{
			name:    "suspend_google without a Google account changes nothing",
			action:  syncaudit.Action{Kind: syncaudit.SuspendGoogle, Account: "A1", Rule: "D6"},
			outcome: NotApplied,
		},
		{
			name:    "add_membership infers a course from the source record",
			action:  syncaudit.Action{Kind: syncaudit.AddMembership, Account: "A1", School: "12AB", Group: "7A", Rule: "V7"},
			outcome: Applied, changes: 1,
			check: func(t *testing.T, res *Result) {
				want := syncaudit.Membership{AccountID: "A1", School: "12AB", Group: "7A", Kind: syncaudit.GroupMembership, Origin: syncaudit.SyncOrigin}
				if !slices.ContainsFunc(res.Memberships, func(m syncaudit.Membership) bool { m.Line = 0; return m == want }) {
					t.Errorf("memberships %v lack %v", res.Memberships, want)
				}
			},
		},
		{
			name:    "add_membership takes the kind the plan gives",
			action:  syncaudit.Action{Kind: syncaudit.AddMembership, Account: "A1", School: "12AB", Group: "wiskunde", Rule: "V6", Evidence: map[string]string{"kind": "course"}},
			outcome: Applied, changes: 1,
			check: func(t *testing.T, res *Result) {
				if !slices.ContainsFunc(res.Memberships, func(m syncaudit.Membership) bool {
					return m.Group == "wiskunde" && m.Kind == syncaudit.CourseMembership
				}) {
					t.Errorf("memberships %v lack wiskunde as a course", res.Memberships)
				}
			},
		},
		{
			name:    "remove_membership removes the member",
			action:  syncaudit.Action{Kind: syncaudit.RemoveMember, Account: "A5", School: "12AB", Group: "7A", Rule: "V9"},
			outcome: Applied, changes: 1,
			check: func(t *testing.T, res *Result) {
				if slices.ContainsFunc(res.Memberships, func(m syncaudit.Membership) bool { return m.AccountID == "A5" }) {
					t.Errorf("A5 is still a member: %v", res.Memberships)
				}
				if len(res.Memberships) != 3 {
					t.Errorf("%d memberships left, want 3", len(res.Memberships))
				}
			},
		},
		{
			name:    "set_exception_reason keeps the entry with a reason, review date and expiry",
			action:  syncaudit.Action{Kind: syncaudit.SetExceptionReason, Account: "A3", To: "zwangerschapsverlof", ExpiresAt: "2027-03-01", Rule: "E9"},
			outcome: Applied, changes: 3,
			check: func(t *testing.T, res *Result) {
				e := res.Exceptions[0]
				got := []string{e.AccountID, e.Reason, e.ReviewedAt.String(), e.ExpiresAt.String(), e.AddedAt.String()}
				want := []string{"A3", "zwangerschapsverlof", "2026-11-23", "2027-03-01", "2026-01-10"}
				if !slices.Equal(got, want) {
					t.Errorf("entry = %q, want %q", got, want)
				}
			},
		},
		{
			name:    "remove_exception takes the entry off the list",
			action:  syncaudit.Action{Kind: syncaudit.RemoveException, Account: "A3", Rule: "E9"},
			outcome: Applied, changes: 1,
			check: func(t *testing.T, res *Result) {
				if len(res.Exceptions) != 0 {
					t.Errorf("exceptions = %v, want none", res.Exceptions)
				}
			},
		},
		{
			name:    "delete_account of an absent account on the list removes it, its entry and memberships (L5)",
			action:  syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: "A3", Rule: "E9"},
			outcome: Applied, changes: 3,
			check: func(t *testing.T, res *Result) {
				if accountByID(res.Accounts, "A3") != nil || len(res.Exceptions) != 0 ||
					slices.ContainsFunc(res.Memberships, func(m syncaudit.Membership) bool { return m.AccountID == "A3" }) {
					t.Errorf("A3 left traces: accounts %v, exceptions %v, memberships %v", ids(res.Accounts), res.Exceptions, res.Memberships)
				}
			},
		},
		{
			name:    "delete_account of a manual account is the target's own business",
			action:  syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: "A5", Rule: "E9"},
			outcome: Applied, changes: 2,
			check: func(t *testing.T, res *Result) {
				if accountByID(res.Accounts, "A5") != nil {
					t.Error("A5 is still there")
				}
			},
		},
		{
			name:    "a skipped action changes nothing",
			action:  syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A4", Rule: "D3", State: syncaudit.Skipped, SkippedBy: "V1"},
			outcome: NotApplied,
			check: accountIs("A4", func(a *syncaudit.Account) string {
				if a.Status != syncaudit.Active {
					return "a skipped soft delete was applied"
				}
				return ""
			}),
		},
		{
			name:    "keep_by_exception changes nothing",
			action:  syncaudit.Action{Kind: syncaudit.KeepByException, Account: "A3", Rule: "D5"},
			outcome: NotApplied,
		},
		{
			name:    "purge_candidate is never purged",
			action:  syncaudit.Action{Kind: syncaudit.PurgeCandidate, Account: "A6", Rule: "D7"},
			outcome: NotApplied,
			check: accountIs("A6", func(a *syncaudit.Account) string {
				if a.Status != syncaudit.SoftDeleted {
					return "A6 changed"
				}
				return ""
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := readFixture(t, nil)
			before := len(snap.Accounts)
			res, err := carry(context.Background(), snap, planFor(snap, tt.action), Options{PlanDigest: "abc"})
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			if len(res.Journal) != 1 {
				t.Fatalf("journal has %d entries, want 1", len(res.Journal))
			}
			e := res.Journal[0]
			if e.Outcome != tt.outcome {
				t.Errorf("outcome = %s (why %q), want %s", e.Outcome, e.Why, tt.outcome)
			}
			if e.Outcome == NotApplied && e.Why == "" {
				t.Error("a not-applied entry says no why")
			}
			if len(e.Changes) != tt.changes {
				t.Errorf("%d changes %v, want %d", len(e.Changes), e.Changes, tt.changes)
			}
			if e.Plan != "abc" || e.Rule != tt.action.Rule || e.RunDate != runDate {
				t.Errorf("entry plan %q rule %q run date %q, want abc %q %s", e.Plan, e.Rule, e.RunDate, tt.action.Rule, runDate)
			}
			if len(snap.Accounts) != before || snap.Accounts[0].LastName != "Jansen" {
				t.Error("Plan changed the snapshot it was given")
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

func ids(accounts []syncaudit.Account) []string {
	var s []string
	for _, a := range accounts {
		s = append(s, a.ID)
	}
	return s
}

func TestPlanRefusesOtherInputs(t *testing.T) {
	tests := []struct {
		name string
		edit func(*syncaudit.Report)
		want string // in the message
	}{
		{"a plan made from another accounts file", func(p *syncaudit.Report) { p.Run.Inputs[3].SHA256 = "0000" },
			"made from other inputs: target/accounts.csv differs"},
		{"a plan that lacks a source file", func(p *syncaudit.Report) { p.Run.Inputs = slices.Delete(p.Run.Inputs, 2, 3) },
			"the snapshot holds sources/hr.csv, which the plan does not list"},
		{"a plan that lists a file the snapshot lacks", func(p *syncaudit.Report) {
			p.Run.Inputs = append(p.Run.Inputs, syncaudit.InputFile{File: "sources/sis.csv", SHA256: "1"})
		}, "the plan lists sources/sis.csv, which the snapshot does not hold"},
		{"a plan with no inputs", func(p *syncaudit.Report) { p.Run.Inputs = nil }, "lists no input files"},
		{"a plan made with other policies", func(p *syncaudit.Report) {
			p.Run.PolicyDigest = "00112233445566778899"
			p.Run.Policies = append(p.Run.Policies, syncaudit.PolicyFile{File: "house/rules.rego", SHA256: "ab"})
		}, "made with other policies than apply evaluates (plan 001122334455…, apply "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := readFixture(t, nil)
			plan := checkPlan(t, snap)
			tt.edit(plan)
			res, err := Plan(context.Background(), snap, plan, Options{Engine: builtinEngine(t), PlanFile: "plan.json"})
			if err == nil {
				t.Fatalf("Plan applied the plan (%d journal entries), want a refusal", len(res.Journal))
			}
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T %v, want a *syncaudit.InputError", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plan.json") {
				t.Errorf("error\n  %v\nwant it to start with plan.json and contain\n  %s", err, tt.want)
			}
		})
	}
}

// TestCarryOutRefuses: what the mechanics refuse even of an action the rule
// book would never decide (a rule of the tenant's own could).
func TestCarryOutRefuses(t *testing.T) {
	tests := []struct {
		name   string
		action syncaudit.Action
		want   string // in the message
	}{
		{"an unknown account", syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A99", Rule: "D3"}, "names account A99, which the snapshot does not hold"},
		{"an action without an account", syncaudit.Action{Kind: syncaudit.SoftDelete, Rule: "D3"}, "names no account"},
		{"an unknown action kind", syncaudit.Action{Kind: "purge", Account: "A6", Rule: "D7"}, `unknown action kind "purge"`},
		{"an update whose from-value the account does not hold",
			syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "last_name", From: "Pietersen", To: "Janssen", Rule: "L2"},
			`expects "Pietersen", but the account holds "Jansen"`},
		{"an update of a field apply cannot set",
			syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "status", From: "active", To: "soft_deleted", Rule: "L2"}, `update of field "status"`},
		{"link_school to a school the tenant does not list",
			syncaudit.Action{Kind: syncaudit.LinkSchool, Account: "A1", School: "99ZZ", Rule: "S2"}, "school 99ZZ, which tenant.yaml does not list"},
		{"create for a record the snapshot lacks",
			syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "4242", School: "12AB", Rule: "M4"}, "no source record las:4242 at school 12AB"},
		{"create for a link an account already carries",
			syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "1001", School: "12AB", Rule: "M4"}, "account A1 already links las:1001"},
		{"set_exception_reason without a reason (E4)",
			syncaudit.Action{Kind: syncaudit.SetExceptionReason, Account: "A3", Rule: "E9"}, "gives no reason (E4"},
		{"set_exception_reason for an account not on the list",
			syncaudit.Action{Kind: syncaudit.SetExceptionReason, Account: "A1", To: "x", Rule: "E9"}, "account A1 is not on the exception list"},
		{"an unknown state", syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A4", Rule: "D3", State: "maybe"}, `unknown action state "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := readFixture(t, nil)
			_, err := carry(context.Background(), snap, planFor(snap, tt.action), Options{PlanFile: "plan.json"})
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T %v, want a *syncaudit.InputError", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plan.json") {
				t.Errorf("error\n  %v\nwant it to start with plan.json and contain\n  %s", err, tt.want)
			}
		})
	}
}

func TestCarryOutCollectsEveryRefusal(t *testing.T) {
	snap := readFixture(t, nil)
	plan := planFor(snap,
		syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A98", Rule: "D3"},
		syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A4", Rule: "D3"},
		syncaudit.Action{Kind: syncaudit.LinkSchool, Account: "A1", Rule: "S2"},
	)
	_, err := carry(context.Background(), snap, plan, Options{})
	var errs syncaudit.InputErrors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T %v, want InputErrors", err, err)
	}
	var cols []string
	for _, e := range errs {
		cols = append(cols, e.Column)
	}
	if want := []string{"actions[0]", "actions[2]"}; !slices.Equal(cols, want) {
		t.Errorf("refused actions %v, want %v", cols, want)
	}
}

func TestPlanSequences(t *testing.T) {
	snap := readFixture(t, nil)
	plan := planFor(snap,
		// One person at two schools: one account with both schools.
		syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "2001", School: "34CD", Rule: "M4"},
		syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "2001", School: "12AB", Rule: "M4"},
		// A delete, then an action on the deleted account.
		syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: "A3", Rule: "E9"},
		syncaudit.Action{Kind: syncaudit.RemoveException, Account: "A3", Rule: "E9"},
		// Two updates of one field in a row.
		syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "last_name", From: "Jansen", To: "Janssen", Rule: "L2"},
		syncaudit.Action{Kind: syncaudit.Update, Account: "A1", Field: "last_name", From: "Janssen", To: "Jansen-Bos", Rule: "L2"},
	)
	res, err := carry(context.Background(), snap, plan, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var outcomes []string
	for _, e := range res.Journal {
		outcomes = append(outcomes, string(e.Outcome))
	}
	want := []string{"applied", "applied", "applied", "not_applied", "applied", "applied"}
	if !slices.Equal(outcomes, want) {
		t.Errorf("outcomes %v, want %v", outcomes, want)
	}
	if res.Journal[1].Account != "A8" || res.Journal[0].Account != "A8" {
		t.Errorf("create entries name %q and %q, want A8 twice", res.Journal[0].Account, res.Journal[1].Account)
	}
	if a := accountByID(res.Accounts, "A8"); a == nil || !slices.Equal(a.Schools, []string{"34CD", "12AB"}) {
		t.Errorf("created account %+v, want schools 34CD|12AB", a)
	}
	var groups []string
	for _, m := range res.Memberships {
		if m.AccountID == "A8" {
			groups = append(groups, m.Group+"@"+m.School)
		}
	}
	if want := []string{"3B@34CD", "8C@12AB"}; !slices.Equal(groups, want) {
		t.Errorf("A8 is in %v, want %v", groups, want)
	}
	if !strings.Contains(res.Journal[3].Why, "deleted by actions[2]") {
		t.Errorf("why = %q", res.Journal[3].Why)
	}
	if got := accountByID(res.Accounts, "A1").LastName; got != "Jansen-Bos" {
		t.Errorf("last_name = %q, want Jansen-Bos", got)
	}
	if got, want := res.Touched(), []string{"A1", "A8"}; !slices.Equal(got, want) {
		t.Errorf("Touched() = %v, want %v", got, want)
	}
}

func TestPlanCancelled(t *testing.T) {
	snap := readFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := carry(ctx, snap, planFor(snap, syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A4", Rule: "D3"}), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestPlanRunDate(t *testing.T) {
	tests := []struct {
		name            string
		opt, plan, want syncaudit.Date
	}{
		{"the option wins", "2026-12-01", runDate, "2026-12-01"},
		{"else the plan's", "", "2026-11-30", "2026-11-30"},
		{"else the tenant's", "", "", "2026-11-23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := readFixture(t, nil)
			plan := planFor(snap, syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A4", Rule: "D3"})
			plan.Run.RunDate = tt.plan
			res, err := carry(context.Background(), snap, plan, Options{RunDate: tt.opt})
			if err != nil {
				t.Fatal(err)
			}
			if got := accountByID(res.Accounts, "A4").DeletedAt; got != tt.want {
				t.Errorf("deleted_at = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPlanWarnsOfAnAccountWithoutSchool(t *testing.T) {
	snap := readFixture(t, nil)
	plan := planFor(snap, syncaudit.Action{Kind: syncaudit.UnlinkSchool, Account: "A3", School: "12AB", Rule: "D5"})
	res, err := carry(context.Background(), snap, plan, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Schoolless, []string{"A3"}) {
		t.Errorf("schoolless %q, want A3 alone", res.Schoolless)
	}
}

// TestReviewDecidesDuplicateEntriesApart: a review plan names the entry by
// its line (evidence entry_line), so two entries of one account (E8) can be
// kept and removed apart; deleting the account removes both.
func TestReviewDecidesDuplicateEntriesApart(t *testing.T) {
	edits := map[string]string{"target/exceptions.csv": fixtureFiles["target/exceptions.csv"] + "A3,dubbel,r.postma,2026-02-01,,\n"}
	keep := syncaudit.Action{Kind: syncaudit.SetExceptionReason, Account: "A3", Field: "reason", From: "langdurig ziek", To: "langdurig ziek",
		Rule: "E9", Evidence: map[string]string{"reason": "langdurig ziek", "entry_line": "2"}}
	remove := syncaudit.Action{Kind: syncaudit.RemoveException, Account: "A3", Rule: "E9", Evidence: map[string]string{"entry_line": "3"}}
	del := syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: "A3", Rule: "E9", Evidence: map[string]string{"entry_line": "3"}}
	tests := []struct {
		name    string
		actions []syncaudit.Action
		want    []string // reason/reviewed_at of the entries left
	}{
		{"keep one, remove the other", []syncaudit.Action{keep, remove}, []string{"langdurig ziek/2026-11-23"}},
		{"remove only the second", []syncaudit.Action{remove}, []string{"langdurig ziek/"}},
		{"delete the account: both go", []syncaudit.Action{del}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := readFixture(t, edits)
			res, err := carry(context.Background(), snap, planFor(snap, tt.actions...), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range res.Exceptions {
				got = append(got, e.Reason+"/"+e.ReviewedAt.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("entries left %q, want %q", got, tt.want)
			}
		})
	}
}
