package apply

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
)

// An item is one action of the plan as apply carries it out: its position in
// the plan's actions list, and the action as the rule book decides it now.
type item struct {
	seq    int
	action *syncaudit.Action
}

// An actionKey is what identifies an action across two evaluations of the
// rule book: everything that says what the action changes, nothing that
// only explains it (reason, evidence) or says whether it happens (state).
type actionKey struct {
	kind                                                            syncaudit.ActionKind
	account, school, field, from, to, source, sourceID, group, rule string
	expires                                                         syncaudit.Date
}

func keyOf(a *syncaudit.Action) actionKey {
	return actionKey{
		kind: a.Kind, account: a.Account, school: a.School, field: a.Field, from: a.From, to: a.To,
		source: a.Source, sourceID: a.SourceID, group: a.Group, rule: a.Rule, expires: a.ExpiresAt,
	}
}

// Plan decides again and applies: it evaluates the rule book
// (opts.Engine) on the snapshot as it is now, with the plan's review
// decisions (E9) as input, and carries out the plan's actions only as far as
// the rule book decides them now. The plan is a selection of the rule book's
// actions, never their source (docs/apply.md, "The plan is a selection"):
//
//   - an action of the plan that the rule book does not decide now (added,
//     changed, or turned from skipped into planned) is refused, named by its
//     kind, account and rule;
//   - a deny finding of the rule book now (D9, D10, L6, ...) refuses the run
//     unless opts.AcceptDeny names its rule, whatever the plan's findings say;
//   - an action the rule book decides but the plan leaves out, or marks
//     skipped, is not applied.
//
// The selected actions are carried out in the rule book's order, so the
// order of the plan's lines does not matter. Plan also refuses a plan made
// from other inputs or other policies. It returns a *syncaudit.InputError
// (or InputErrors) for a refusal, a *syncaudit.UsageError for an
// opts.AcceptDeny that names no deny rule, and writes nothing.
func Plan(ctx context.Context, snap *syncaudit.Snapshot, plan *syncaudit.Report, opts Options) (*Result, error) {
	if opts.PlanFile == "" {
		opts.PlanFile = "plan"
	}
	if opts.Engine == nil {
		return nil, errors.New("apply: no rule book (Options.Engine): apply decides again what the plan may carry out")
	}
	if err := sameInputs(snap, plan, opts.PlanFile); err != nil {
		return nil, err
	}
	if err := samePolicies(plan, opts.Engine, opts.PlanFile); err != nil {
		return nil, err
	}
	accept, err := acceptList(opts.AcceptDeny, opts.Engine)
	if err != nil {
		return nil, err
	}
	runDate := opts.RunDate
	if runDate.IsZero() {
		runDate = plan.Run.RunDate
	}
	if runDate.IsZero() {
		runDate = snap.Tenant.RunDate
	}
	if runDate.IsZero() {
		return nil, &syncaudit.UsageError{Msg: "no run date: the plan and tenant.yaml carry none; pass --run-date YYYY-MM-DD"}
	}
	now, err := opts.Engine.Check(ctx, snap, policies.CheckOptions{
		RunDate: runDate, Reviews: reviewsOf(plan), Workers: opts.Workers, Language: plan.Run.Language,
	})
	if err != nil {
		return nil, err
	}
	items, unselected, err := selectActions(plan, now, opts.PlanFile)
	if err != nil {
		return nil, err
	}
	accepted, err := guard(now, items, accept, opts.PlanFile)
	if err != nil {
		return nil, err
	}
	res, err := carryOut(ctx, snap, items, runDate, accepted, opts)
	if err != nil {
		return nil, err
	}
	res.Unselected = unselected
	return res, nil
}

// samePolicies refuses a plan made with another rule book than the one apply
// evaluates: its actions would be refused one by one, so say why once.
func samePolicies(plan *syncaudit.Report, engine *policies.Engine, planFile string) error {
	if strings.EqualFold(plan.Run.PolicyDigest, engine.Digest()) {
		return nil
	}
	have := map[string]string{}
	for _, f := range engine.Files() {
		have[f.File] = f.SHA256
	}
	var differ []string
	for _, f := range plan.Run.Policies {
		switch sum, ok := have[f.File]; {
		case !ok:
			differ = append(differ, f.File+" (not given to apply)")
		case !strings.EqualFold(sum, f.SHA256):
			differ = append(differ, f.File+" (changed)")
		}
		delete(have, f.File)
	}
	for _, f := range slices.Sorted(maps.Keys(have)) {
		differ = append(differ, f+" (not used by the plan)")
	}
	what := ""
	if len(differ) > 0 {
		what = ": " + strings.Join(differ, ", ")
	}
	return &syncaudit.InputError{
		File: planFile, Column: "run.policy_digest", Value: short(plan.Run.PolicyDigest),
		Problem: fmt.Sprintf("the plan was made with other policies than apply evaluates (plan %s, apply %s)%s", or(short(plan.Run.PolicyDigest), "none"), short(engine.Digest()), what),
		Fix:     "pass apply the same --policies that check was given, or run check again and apply the plan it writes",
	}
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// acceptList reads --accept-deny: rule ids of the rule book; an id the rule
// book does not know is a command-line error, so a typo never passes for an
// accepted guard.
func acceptList(ids []string, engine *policies.Engine) (map[string]bool, error) {
	known := map[string]bool{}
	var deny []string
	for _, r := range engine.Rules() {
		known[strings.ToUpper(r.ID)] = true
		if r.Severity == syncaudit.Deny {
			deny = append(deny, r.ID)
		}
	}
	out := map[string]bool{}
	for _, id := range ids {
		for _, part := range strings.Split(id, ",") {
			part = strings.ToUpper(strings.TrimSpace(part))
			if part == "" {
				continue
			}
			if !known[part] {
				return nil, &syncaudit.UsageError{Msg: fmt.Sprintf("--accept-deny %s: the rule book has no rule %s; its deny rules are %s", part, part, strings.Join(deny, ", "))}
			}
			out[part] = true
		}
	}
	return out, nil
}

// reviewsOf reads the review decisions (E9) of a plan, by account, as the
// rule book takes them: keep with its reason and expiry date, remove,
// delete. The rule book then decides what each decision may do.
func reviewsOf(plan *syncaudit.Report) map[string]policies.Review {
	var out map[string]policies.Review
	for i := range plan.Actions {
		a := &plan.Actions[i]
		if a.Rule != "E9" || a.Account == "" {
			continue
		}
		var r policies.Review
		switch a.Kind {
		case syncaudit.SetExceptionReason:
			r = policies.Review{Decision: "keep", Reason: exceptionReason(a), ExpiresAt: a.ExpiresAt}
		case syncaudit.RemoveException:
			r = policies.Review{Decision: "remove"}
		case syncaudit.DeleteAccount:
			r = policies.Review{Decision: "delete"}
		default:
			continue
		}
		if out == nil {
			out = map[string]policies.Review{}
		}
		if _, dup := out[a.Account]; !dup {
			out[a.Account] = r
		}
	}
	return out
}

// selectActions matches every action of the plan with an action the rule
// book decides now (now.Actions), each at most once. It returns the items in
// the rule book's order and the number of the rule book's planned changes
// the plan does not list, or a refusal for every action of the plan that the
// rule book does not decide as the plan says.
func selectActions(plan, now *syncaudit.Report, planFile string) ([]item, int, error) {
	byKey := make(map[actionKey][]int, len(now.Actions))
	byAccount := map[string][]int{}
	for j := range now.Actions {
		a := &now.Actions[j]
		byKey[keyOf(a)] = append(byKey[keyOf(a)], j)
		byAccount[a.Account] = append(byAccount[a.Account], j)
	}
	used := make([]bool, len(now.Actions))
	type placed struct {
		pos int
		item
	}
	var chosen []placed
	var errs syncaudit.InputErrors
	refuse := func(i int, a *syncaudit.Action, problem, fix string) {
		errs = append(errs, &syncaudit.InputError{
			File: planFile, Column: fmt.Sprintf("actions[%d]", i), Problem: actionLabel(a) + ": " + problem, Fix: fix,
		})
	}
	const rerun = "run syncaudit check on this snapshot and apply the report it writes, as it is or with actions taken out; a plan selects among the rule book's actions and cannot add or change one"
	for i := range plan.Actions {
		p := &plan.Actions[i]
		state := p.State
		if state == "" {
			state = syncaudit.Planned
		}
		switch {
		case !known(p.Kind):
			refuse(i, p, fmt.Sprintf("unknown action kind %q", p.Kind), "use a plan written by syncaudit check or review import; action kinds are "+kindList())
			continue
		case state != syncaudit.Planned && state != syncaudit.Skipped:
			refuse(i, p, fmt.Sprintf("unknown action state %q", p.State), "an action's state is planned or skipped")
			continue
		}
		k := keyOf(p)
		j, twice := -1, false
		for _, c := range byKey[k] {
			if !used[c] {
				j = c
				break
			}
			twice = true
		}
		if j < 0 {
			if twice {
				refuse(i, p, "the plan lists this action more than once; the rule book decides it once", "remove the repeated line, or "+rerun)
			} else {
				refuse(i, p, "the rule book does not decide this action now, so apply does not carry it out; "+decidedFor(now, byAccount, p), rerun)
			}
			continue
		}
		used[j] = true
		a := now.Actions[j]
		if line := p.Evidence["entry_line"]; line != "" && a.Evidence["entry_line"] == "" {
			// The review names which of an account's entries it decided
			// on (E8): a narrower selection, never a wider one.
			a.Evidence = maps.Clone(a.Evidence)
			if a.Evidence == nil {
				a.Evidence = map[string]string{}
			}
			a.Evidence["entry_line"] = line
		}
		switch {
		case state == syncaudit.Planned && a.State == syncaudit.Skipped:
			refuse(i, p, fmt.Sprintf("the plan marks this action planned, but the rule book holds it back now (skipped by %s): %s", a.SkippedBy, a.Reason), rerun)
			continue
		case state == syncaudit.Skipped && a.State == syncaudit.Planned:
			a.State, a.SkippedBy = syncaudit.Skipped, "the plan (not selected)"
		}
		chosen = append(chosen, placed{pos: j, item: item{seq: i, action: &a}})
	}
	switch len(errs) {
	case 0:
	case 1:
		return nil, 0, errs[0]
	default:
		return nil, 0, errs
	}
	sort.SliceStable(chosen, func(x, y int) bool { return chosen[x].pos < chosen[y].pos })
	items := make([]item, len(chosen))
	for n, c := range chosen {
		items[n] = c.item
	}
	unselected := 0
	for j := range now.Actions {
		if !used[j] && now.Actions[j].State == syncaudit.Planned && isChange(now.Actions[j].Kind) {
			unselected++
		}
	}
	return items, unselected, nil
}

// isChange reports whether an action of this kind changes the target when
// it is planned (keep_by_exception and purge_candidate never do).
func isChange(k syncaudit.ActionKind) bool {
	return k != syncaudit.KeepByException && k != syncaudit.PurgeCandidate
}

// decidedFor says what the rule book decides now for the account (or the
// source person of a create) of plan action p, for a refusal's message.
func decidedFor(now *syncaudit.Report, byAccount map[string][]int, p *syncaudit.Action) string {
	var what []string
	for _, j := range byAccount[p.Account] {
		a := &now.Actions[j]
		if p.Kind == syncaudit.Create && (a.Source != p.Source || a.SourceID != p.SourceID) {
			continue
		}
		w := fmt.Sprintf("%s (%s", a.Kind, a.Rule)
		if a.School != "" {
			w += ", school " + a.School
		}
		if a.Field != "" {
			w += fmt.Sprintf(", %s %q to %q", a.Field, a.From, a.To)
		}
		if a.State == syncaudit.Skipped {
			w += ", skipped by " + a.SkippedBy
		}
		what = append(what, w+")")
	}
	who := "account " + p.Account
	if p.Kind == syncaudit.Create {
		who = "source person " + p.Source + ":" + p.SourceID
	} else if p.Account == "" {
		who = "an action without an account"
	}
	if len(what) == 0 {
		return fmt.Sprintf("for %s it decides nothing", who)
	}
	if len(what) > 6 {
		what = append(what[:6], fmt.Sprintf("and %d more", len(what)-6))
	}
	return fmt.Sprintf("for %s it decides: %s", who, strings.Join(what, "; "))
}

// guard refuses the run when the rule book's deny findings now (not the
// plan's) hold and accept does not name their rule. A plan that selects
// only review decisions (E9) is held back only by a deny about one of its
// accounts, other than the entry denies it settles (E2, E3, E4): the guards
// of a sync (D9, D10, L6) are about the sync's actions, which such a plan
// does not carry out. It returns the deny rules
// accepted, D9 first, for the journal.
func guard(now *syncaudit.Report, items []item, accept map[string]bool, planFile string) ([]string, error) {
	reviewOnly := true
	selected := map[string]bool{}
	for _, it := range items {
		if it.action.State != syncaudit.Planned || !isChange(it.action.Kind) {
			continue
		}
		selected[it.action.Account] = true
		if it.action.Rule != "E9" {
			reviewOnly = false
		}
	}
	var refused, accepted, all []string
	first := map[string]syncaudit.Finding{}
	for _, f := range now.Findings {
		if f.Severity != syncaudit.Deny {
			continue
		}
		if reviewOnly && (f.Account == "" || !selected[f.Account] || reviewResolves[f.Rule]) {
			continue
		}
		if _, dup := first[f.Rule]; dup {
			continue
		}
		first[f.Rule] = f
		all = append(all, f.Rule)
		if accept[strings.ToUpper(f.Rule)] {
			accepted = append(accepted, f.Rule)
		} else {
			refused = append(refused, f.Rule)
		}
	}
	slices.SortStableFunc(accepted, d9First)
	if len(refused) == 0 {
		return accepted, nil
	}
	slices.SortStableFunc(refused, d9First)
	slices.SortStableFunc(all, d9First)
	var what []string
	for _, r := range refused {
		what = append(what, fmt.Sprintf("%s (%s)", r, first[r].Message))
	}
	return nil, &syncaudit.InputError{
		File:    planFile,
		Problem: "the rule book refuses this run on the snapshot as it is now, whatever the plan's findings say: " + strings.Join(what, "; "),
		Fix: fmt.Sprintf("fix the cause and run check again (%s); only if you have verified that the changes are real, pass --accept-deny %s",
			first[refused[0]].Fix, strings.Join(all, ",")),
	}
}

// reviewResolves are the deny rules about an entry that a review decision
// exists to settle (E2 an entry of a manual account, E3 of a missing or
// soft-deleted one, E4 one without a reason): they do not hold back the
// review plan that settles them.
var reviewResolves = map[string]bool{"E2": true, "E3": true, "E4": true}

// d9First orders D9, the mass-deletion guard, before every other rule.
func d9First(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "D9":
		return -1
	case b == "D9":
		return 1
	}
	return 0
}
