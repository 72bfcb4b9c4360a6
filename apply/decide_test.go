package apply

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/samples/gen"
)

var (
	ruleBookOnce sync.Once
	ruleBook     *policies.Engine
	ruleBookErr  error
)

// builtinEngine is the built-in rule book, loaded once for the package's tests.
func builtinEngine(tb testing.TB) *policies.Engine {
	tb.Helper()
	ruleBookOnce.Do(func() {
		ruleBook, ruleBookErr = policies.Load(context.Background(), policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "test"}})
	})
	if ruleBookErr != nil {
		tb.Fatalf("load the rule book: %v", ruleBookErr)
	}
	return ruleBook
}

// checkPlan is the plan syncaudit check writes for snap: the rule book's report.
func checkPlan(tb testing.TB, snap *syncaudit.Snapshot) *syncaudit.Report {
	tb.Helper()
	rep, err := builtinEngine(tb).Check(context.Background(), snap, policies.CheckOptions{})
	if err != nil {
		tb.Fatalf("check: %v", err)
	}
	return rep
}

// withPolicy is the fixture's tenant.yaml with a policy block added.
func withPolicy(policy string) map[string]string {
	return map[string]string{"tenant.yaml": fixtureFiles["tenant.yaml"] + "policy:\n" + policy}
}

// v1Off is the fixture with automatic sync off at 34CD (V1): A2's unlink
// there, and A4's soft delete with its licences, are skipped.
var v1Off = map[string]string{"tenant.yaml": strings.Replace(fixtureFiles["tenant.yaml"],
	"    domain: zonnebloem.nl\n", "    domain: zonnebloem.nl\n    sync: {automatic: false}\n", 1)}

// TestPlanCarriesOutOnlyWhatTheRuleBookDecides: the attacks on a plan file
// (docs/apply.md, "The plan is a selection"), each refused with its message,
// and the edits a plan may carry (a selection), each applied.
func TestPlanCarriesOutOnlyWhatTheRuleBookDecides(t *testing.T) {
	add := func(a syncaudit.Action) func(*syncaudit.Report) {
		return func(p *syncaudit.Report) { p.Actions = append(p.Actions, a) }
	}
	tests := []struct {
		name   string
		edits  map[string]string
		edit   func(*syncaudit.Report)
		accept []string
		want   string // in the refusal; "" = applied
		check  func(t *testing.T, res *Result)
	}{
		{name: "a deny taken out of the plan still refuses (D9)", edits: withPolicy("  mass_delete: {max_count: 0}\n"),
			edit: func(p *syncaudit.Report) { p.Findings = nil; p.Summarise(7) },
			want: "plan.json: the rule book refuses this run on the snapshot as it is now, whatever the plan's findings say: D9 (this run would soft-delete or unlink 3 of 6 active accounts (soft deletes: 1;"},
		{name: "the deny accepted with --accept-deny", edits: withPolicy("  mass_delete: {max_count: 0}\n"),
			edit: func(p *syncaudit.Report) { p.Findings = nil }, accept: []string{"d9"},
			check: func(t *testing.T, res *Result) {
				if res.Applied[syncaudit.SoftDelete] != 1 || !slices.Equal(res.Journal[0].AcceptedDeny, []string{"D9"}) {
					t.Errorf("applied %v, accepted %v; want the soft delete, accepted D9", res.Applied, res.Journal[0].AcceptedDeny)
				}
			}},
		{name: "an added soft_delete", edit: add(syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A1", Rule: "D3", State: syncaudit.Planned}),
			want: "actions[13]: soft_delete A1 (D3): the rule book does not decide this action now, so apply does not carry it out; for account A1 it decides: update (L2, school 12AB, email \"jan.jansen@delinde.nl\" to \"jan.janssen@delinde.nl\"); update (L2, school 12AB, last_name \"Jansen\" to \"Janssen\"); add_membership (V7, school 12AB)"},
		{name: "a soft delete of an account the exception list keeps (D5)", edit: add(syncaudit.Action{Kind: syncaudit.SoftDelete, Account: "A3", Rule: "D3", State: syncaudit.Planned}),
			want: "soft_delete A3 (D3): the rule book does not decide this action now, so apply does not carry it out; for account A3 it decides: unlink_school (D5, school 12AB); keep_by_exception (D5)"},
		{name: "a V1-skipped action turned planned", edits: v1Off,
			edit: func(p *syncaudit.Report) {
				for i := range p.Actions {
					if p.Actions[i].Kind == syncaudit.SoftDelete {
						p.Actions[i].State, p.Actions[i].SkippedBy = syncaudit.Planned, ""
					}
				}
			},
			want: "soft_delete A4 (D3): the plan marks this action planned, but the rule book holds it back now (skipped by V1)"},
		{name: "a delete_account of an account a source offers (L4)", edit: add(syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: "A1", Rule: "E9", State: syncaudit.Planned}),
			want: "delete_account A1 (E9): the rule book does not decide this action now"},
		{name: "a delete_account of an absent account not on the list (L4)", edit: add(syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: "A4", Rule: "E9", State: syncaudit.Planned}),
			want: "delete_account A4 (E9): the rule book does not decide this action now"},
		{name: "an update to another value", edit: func(p *syncaudit.Report) {
			for i := range p.Actions {
				if p.Actions[i].Field == "last_name" {
					p.Actions[i].To = "Pietersen"
				}
			}
		}, want: "update A1 (L2): the rule book does not decide this action now"},
		{name: "a create for a person no source offers", edit: add(syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "1003", School: "12AB", Rule: "M4", State: syncaudit.Planned}),
			want: "create las:1003 (M4): the rule book does not decide this action now, so apply does not carry it out; for source person las:1003 it decides nothing"},
		{name: "a line given twice", edit: func(p *syncaudit.Report) { p.Actions = append(p.Actions, p.Actions[8]) },
			want: "actions[13]: soft_delete A4 (D3): the plan lists this action more than once"},
		{name: "an action of an unknown kind", edit: add(syncaudit.Action{Kind: "purge", Account: "A6", Rule: "D7"}), want: `unknown action kind "purge"`},
		{name: "actions taken out: a selection, applied", edit: func(p *syncaudit.Report) {
			p.Actions = slices.DeleteFunc(p.Actions, func(a syncaudit.Action) bool { return a.Account == "A4" })
		}, check: func(t *testing.T, res *Result) {
			if a := accountByID(res.Accounts, "A4"); a.Status != syncaudit.Active || !a.M365 {
				t.Errorf("A4 = %+v, want it untouched", a)
			}
			if res.Unselected != 4 {
				t.Errorf("unselected %d, want 4", res.Unselected)
			}
		}},
		{name: "an action marked skipped: not applied", edit: func(p *syncaudit.Report) { p.Actions[8].State = syncaudit.Skipped },
			check: func(t *testing.T, res *Result) {
				if a := accountByID(res.Accounts, "A4"); a.Status != syncaudit.Active {
					t.Errorf("A4 soft-deleted, want kept: the plan holds it back")
				}
			}},
		{name: "lines in another order: the same result", edit: func(p *syncaudit.Report) { slices.Reverse(p.Actions) },
			check: func(t *testing.T, res *Result) {
				if a := accountByID(res.Accounts, "A8"); a == nil || !slices.Equal(a.Schools, []string{"12AB", "34CD"}) {
					t.Errorf("A8 = %+v, want the create at 12AB first, as the rule book orders it", a)
				}
			}},
		{name: "reasons and evidence rewritten: the rule book's own are used", edit: func(p *syncaudit.Report) {
			for i := range p.Actions {
				p.Actions[i].Reason, p.Actions[i].Evidence = "edited", nil
			}
		}, check: func(t *testing.T, res *Result) {
			if res.Applied[syncaudit.Update] != 2 {
				t.Errorf("applied %v", res.Applied)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := readFixture(t, tt.edits)
			plan := checkPlan(t, snap)
			tt.edit(plan)
			res, err := Plan(context.Background(), snap, plan, Options{Engine: builtinEngine(t), PlanFile: "plan.json", AcceptDeny: tt.accept})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				if tt.check != nil {
					tt.check(t, res)
				}
				return
			}
			if err == nil {
				t.Fatalf("Plan applied the plan (%v), want a refusal", res.Applied)
			}
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T %v, want an input error (exit 2)", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tt.want)
			}
		})
	}
}

func TestPlanAcceptDenyNamesARule(t *testing.T) {
	for _, id := range []string{"D99", "d9x"} {
		snap := readFixture(t, nil)
		_, err := Plan(context.Background(), snap, checkPlan(t, snap), Options{Engine: builtinEngine(t), AcceptDeny: []string{"D9," + id}})
		var ue *syncaudit.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--accept-deny "+strings.ToUpper(id)+": the rule book has no rule "+strings.ToUpper(id)+"; its deny rules are M2, L4, L6, D9, D10") {
			t.Errorf("--accept-deny D9,%s: %v, want a usage error naming %s", id, err, id)
		}
	}
}

// TestEditedPlanNeverDoesMore is the property of docs/apply.md: for any edit
// of a plan (an action added, removed, repeated, changed, flipped from
// skipped, the findings dropped), Plan either refuses or gives exactly the
// tables that the unedited plan's same selection gives; an action the rule
// book does not decide is always refused. On generated snapshots of every
// structure, with automatic sync off at one school (V1).
func TestEditedPlanNeverDoesMore(t *testing.T) {
	if testing.Short() {
		t.Skip("generated snapshots take a few seconds")
	}
	for _, structure := range []syncaudit.Structure{syncaudit.SingleSchool, syncaudit.Board, syncaudit.MultiDomain} {
		for _, seed := range []uint64{1} {
			t.Run(fmt.Sprintf("%s/seed-%d", structure, seed), func(t *testing.T) {
				opts := gen.DefaultOptions()
				opts.Accounts, opts.Structure, opts.Seed, opts.SchoolSize = 150, structure, int64(seed), 50
				snap := gen.Generate(opts)
				snap.Inputs = []syncaudit.InputFile{{File: "tenant.yaml", SHA256: "generated"}}
				if len(snap.Tenant.Schools) > 1 {
					snap.Tenant.Schools[len(snap.Tenant.Schools)-1].Sync.Automatic = false
				}
				base := checkPlan(t, snap)
				var accept []string
				for _, f := range base.Findings {
					if f.Severity == syncaudit.Deny && !slices.Contains(accept, f.Rule) {
						accept = append(accept, f.Rule)
					}
				}
				decided, lines := map[actionKey]int{}, map[actionKey]int{}
				for i := range base.Actions {
					lines[keyOf(&base.Actions[i])]++
					if base.Actions[i].State == syncaudit.Planned {
						decided[keyOf(&base.Actions[i])]++
					}
				}
				rng := rand.New(rand.NewPCG(seed, uint64(len(structure))))
				refused := 0
				for round := range 8 {
					edited := *base
					edited.Actions = slices.Clone(base.Actions)
					edits := editPlan(rng, &edited)
					res, err := Plan(context.Background(), snap, &edited, Options{Engine: builtinEngine(t), AcceptDeny: accept})
					// The planned actions of the edited plan that the rule book decides.
					left, seen := maps.Clone(decided), map[actionKey]int{}
					extra := false // an action the rule book does not decide, or a line repeated
					for i := range edited.Actions {
						a := &edited.Actions[i]
						if seen[keyOf(a)]++; seen[keyOf(a)] > lines[keyOf(a)] {
							extra = true
						}
						if a.State != syncaudit.Planned {
							continue
						}
						if k := keyOf(a); left[k] > 0 {
							left[k]--
						} else {
							extra = true
						}
					}
					if err != nil {
						refused++
						if !extra {
							t.Errorf("round %d (%s): refused a plain selection: %v", round, edits, err)
						}
						continue
					}
					if extra {
						t.Fatalf("round %d (%s): applied a plan with an action the rule book does not decide", round, edits)
					}
					// The same selection of the unedited plan.
					take := maps.Clone(decided)
					for k, n := range left {
						take[k] -= n
					}
					sel := selectFrom(base, func(a *syncaudit.Action) bool {
						if a.State != syncaudit.Planned || take[keyOf(a)] == 0 {
							return false
						}
						take[keyOf(a)]--
						return true
					})
					want, err := Plan(context.Background(), snap, sel, Options{Engine: builtinEngine(t), AcceptDeny: accept})
					if err != nil {
						t.Fatalf("round %d: the unedited selection: %v", round, err)
					}
					if !reflect.DeepEqual(res.Accounts, want.Accounts) || !reflect.DeepEqual(res.Exceptions, want.Exceptions) || !reflect.DeepEqual(res.Memberships, want.Memberships) {
						t.Errorf("round %d (%s): the edited plan gives other tables than its selection of the unedited plan", round, edits)
					}
				}
				t.Logf("%d of 8 edited plans refused", refused)
			})
		}
	}
}

// editPlan makes one to three random edits of plan and says which.
func editPlan(rng *rand.Rand, plan *syncaudit.Report) string {
	var done []string
	for range 1 + rng.IntN(3) {
		n := len(plan.Actions)
		if n == 0 {
			break
		}
		i := rng.IntN(n)
		switch rng.IntN(7) {
		case 0, 1:
			plan.Actions = slices.Delete(plan.Actions, i, i+1)
			done = append(done, "removed one")
		case 2:
			plan.Findings = nil
			done = append(done, "dropped the findings")
		case 3:
			a := plan.Actions[i]
			a.Kind, a.School, a.State = syncaudit.SoftDelete, "", syncaudit.Planned
			plan.Actions = append(plan.Actions, a)
			done = append(done, "added a soft_delete")
		case 4:
			for j := range plan.Actions {
				if plan.Actions[j].State == syncaudit.Skipped {
					plan.Actions[j].State = syncaudit.Planned
					done = append(done, "flipped a skipped one")
					break
				}
			}
		case 5:
			plan.Actions = append(plan.Actions, plan.Actions[i])
			done = append(done, "repeated one")
		case 6:
			rng.Shuffle(n, func(x, y int) { plan.Actions[x], plan.Actions[y] = plan.Actions[y], plan.Actions[x] })
			done = append(done, "shuffled")
		}
	}
	return strings.Join(done, ", ")
}
